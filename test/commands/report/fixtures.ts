import { readFileSync } from 'node:fs';
import type { Analysis } from '../../../src/deployment/analyze.ts';
import { scan } from '../../../src/commands/scan/scan.ts';
import { configurationItemsOf } from '../../../config-rules/framework/configuration-item.ts';
import { parseCredentialReport } from '../../../config-rules/framework/credential-report.ts';
import { analyze, exampleText } from '../../helpers.ts';

const examples = (f: string) => readFileSync(new URL(`../../../examples/${f}`, import.meta.url), 'utf8');

/** The README demo's evaluations: the example spec scanned over the bundled snapshot and reports. */
export async function exampleEvaluations(): Promise<{ analysis: Analysis; document: { version: 1; evaluations: unknown[] } }> {
  const analysis = await analyze(exampleText(), 'example.yaml');
  const items = configurationItemsOf(JSON.parse(examples('config-snapshot.json')))!;
  const rows = ['credential-report-dev-app.csv', 'credential-report-prod-app.csv'].flatMap((f) => parseCredentialReport(examples(f)).rows);
  const result = scan(analysis, { items, credentialReport: { rows }, now: new Date('2026-11-29T00:00:00Z') });
  return { analysis, document: JSON.parse(JSON.stringify(result)) };
}
