import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSchema, SCHEMA_FILE } from '../../scripts/write-schema.ts';

describe('shipped JSON Schema', () => {
  it('is in sync with the code that validates specs (run `npm run schema`)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderSchema());
  });

  it('is referenced by the example for editors', () => {
    expect(readFileSync(new URL('../../guardrails/example.yaml', import.meta.url), 'utf8')).toMatch(/^# yaml-language-server: \$schema=\.\/spec\.schema\.json/);
  });
});
