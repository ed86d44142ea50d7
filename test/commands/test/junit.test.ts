import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { xmlAttr, xmlText } from '../../../src/commands/test/junit.ts';
import { exampleText, runCli } from '../../helpers.ts';
import { schemaErrors } from '../../fixtures/schemas.ts';

const junitXsd = readFileSync(new URL('../../fixtures/schemas/junit-10.xsd', import.meta.url), 'utf8');
const againstXsd = async (xml: string) => {
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: junitXsd }] });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
};

/** The example spec with one more test that fails, under a name that tries to break out of XML. */
const HOSTILE = '</testcase><x a="1"> & \'quoted\' \u0001 ]]>';
function specWithFailingTest(): { file: string; line: number } {
  const base = exampleText().trimEnd();
  const file = join(mkdtempSync(join(tmpdir(), 'junit-')), 'spec.yaml');
  const extra = `\n  - name: ${JSON.stringify(HOSTILE)}\n    account: prod-app\n    principal: role/Admin\n    action: cloudtrail:StopLogging\n    expect: allow\n`;
  writeFileSync(file, base + extra);
  return { file, line: base.split('\n').length + 1 };
}

describe('guardrails test --format junit', () => {
  it('writes one testcase per spec test, valid against the JUnit XSD, with the failure and where the test is', async () => {
    const { file, line } = specWithFailingTest();
    const r = await runCli('test', file, '--format', 'junit');
    expect(r.code).toBe(1);
    expect(await againstXsd(r.out)).toEqual([]);
    const tests = (exampleText().match(/^ {2}- name:/gm) ?? []).length + 1;
    expect(r.out.match(/<testcase /g)).toHaveLength(tests);
    expect(r.out).toContain(`<testsuites name="guardrails test" tests="${tests}" failures="1" errors="0">`);
    expect(r.out).toMatch(new RegExp(`<failure type="PolicyTestFailure" message="expected allow, got explicit-deny">[^<]*spec.yaml:${line}:5: expected allow`));
  });

  it('escapes names from the spec: no element can be injected, and characters XML cannot carry are replaced', async () => {
    const { file } = specWithFailingTest();
    const r = await runCli('test', file, '--format', 'junit');
    expect(r.out).not.toContain('<x a=');
    expect(r.out).toContain('name="&lt;/testcase&gt;&lt;x a=&quot;1&quot;&gt; &amp; &apos;quoted&apos; \uFFFD ]]&gt;"');
    expect(xmlText('a\u0000b\uD800c')).toBe('a\uFFFDb\uFFFDc');
    expect(xmlAttr('line1\nline2\t"')).toBe('line1&#10;line2&#9;&quot;');
  });

  it('reports a spec that does not load as one errored case, still valid JUnit', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'junit-')), 'bad.yaml');
    writeFileSync(file, 'version: 2\n');
    const r = await runCli('test', file, '--format', 'junit');
    expect(r.code).toBe(1);
    expect(await againstXsd(r.out)).toEqual([]);
    expect(r.out).toContain('errors="1"');
    expect(r.out).toMatch(/<error type="SpecError"[^>]*>[^<]*bad.yaml:1:\d+: version: must be 1/);
  });

  it('the XSD check can fail: a testcase without a name is rejected', async () => {
    expect(await againstXsd('<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>')).not.toEqual([]);
  });
});

describe('guardrails test --format sarif', () => {
  it('reports each failing test as a result at its line, valid SARIF 2.1.0', async () => {
    const { file, line } = specWithFailingTest();
    const r = await runCli('test', file, '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(schemaErrors('sarif-schema-2.1.0.json', log)).toEqual([]);
    const results = log.runs[0].results.filter((x: any) => x.ruleId === 'spec-test');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      level: 'error',
      message: { text: expect.stringContaining('expected allow, got explicit-deny') },
      locations: [{ physicalLocation: { region: { startLine: line, startColumn: 5 } } }],
    });
    expect(log.runs[0].tool.driver.rules.map((x: any) => x.id)).toContain('spec-test');
  });
});
