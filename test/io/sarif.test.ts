import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactUri, sarifLog } from '../../src/io/sarif.ts';
import { baseSpec, EXAMPLE_FILE, yamlOf, runCli } from '../helpers.ts';
import { schemaErrors } from '../fixtures/schemas.ts';

describe('guardrails validate --format sarif', () => {
  it('writes a valid SARIF 2.1.0 log with no results for a valid spec', async () => {
    const r = await runCli('validate', EXAMPLE_FILE, '--format', 'sarif');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.out);
    expect(schemaErrors('sarif-schema-2.1.0.json', log)).toEqual([]);
    expect(log.runs[0].results.filter((x: any) => x.level === 'error')).toEqual([]);
  });

  it('reports every problem as one result, with the rule of the check that found it and its line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sarif-'));
    const file = join(dir, 'spec.yaml');
    const spec = baseSpec({ guardrails: [{ use: 'deny-root-usr', on: ['Root'] }] });
    spec.organization.units[0].accounts.push({ name: 'management', email: 'x@example.com', id: '444444444444' });
    writeFileSync(file, yamlOf(spec));
    const r = await runCli('validate', file, '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(schemaErrors('sarif-schema-2.1.0.json', log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results.map((x: any) => x.ruleId).sort()).toEqual(['schema', 'semantics/unique-accounts']);
    const dup = results.find((x: any) => x.ruleId === 'semantics/unique-accounts');
    const text = yamlOf(spec).split('\n');
    const line = text.map((l) => l.includes('name: management')).lastIndexOf(true) + 1;
    expect(dup.locations[0].physicalLocation.region).toEqual({ startLine: line, startColumn: text[line - 1].indexOf('management') + 1 });
    expect(dup.message.text).toMatch(/duplicate account name "management"/);
    const rules = log.runs[0].tool.driver.rules;
    expect(results.every((x: any) => rules[x.ruleIndex].id === x.ruleId)).toBe(true);
  });

  it('the schema check can fail: a result without a message is rejected', () => {
    const log = sarifLog([{ file: 'a.yaml', line: 1, col: 1, message: 'x', severity: 'error', code: 'schema' }]) as any;
    delete log.runs[0].results[0].message;
    expect(schemaErrors('sarif-schema-2.1.0.json', log).join()).toMatch(/message/);
  });

  it('locates files relative to the checkout, as code scanning expects', () => {
    expect(artifactUri('guardrails/my spec.yaml')).toBe('guardrails/my%20spec.yaml');
    expect(artifactUri('/repo/guardrails/a.yaml', '/repo')).toBe('guardrails/a.yaml');
    expect(artifactUri('/elsewhere/a.yaml', '/repo')).toBe('file:///elsewhere/a.yaml');
  });
});
