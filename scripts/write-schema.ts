/** Writes guardrails/spec.schema.json (for editors) from the code that validates specs. */
import { writeFileSync } from 'node:fs';
import { catalog } from '../guardrails/catalog/index.ts';
import { buildSpecSchema } from '../src/spec/schema.ts';

export const SCHEMA_FILE = new URL('../guardrails/spec.schema.json', import.meta.url);
export const renderSchema = (): string => `${JSON.stringify(buildSpecSchema(catalog), null, 2)}\n`;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/scripts\//, 'scripts/'))) {
  writeFileSync(SCHEMA_FILE, renderSchema());
  console.log('wrote guardrails/spec.schema.json');
}
