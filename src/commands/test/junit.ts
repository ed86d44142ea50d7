/**
 * `test --format junit`: JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test-report
 * actions): one <testcase> per spec test, a <failure> for each that did not get its expected
 * decision. The element and attribute set is that of the junit-10.xsd Jenkins' xunit plugin
 * validates against. Test names come from the spec, so every value is escaped, and characters
 * XML 1.0 cannot carry at all (control characters, lone surrogates) are replaced.
 */
import type { Diagnostic } from '../../core/diagnostics.ts';
import { formatDiagnostic } from '../../core/diagnostics.ts';
import type { PolicyTestResult } from './test.ts';

/** XML 1.0 "Char": #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export const xmlText = (s: string) => s.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Attribute values also escape quotes, and whitespace that attribute normalisation would otherwise turn into spaces. */
export const xmlAttr = (s: string) =>
  xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');

export interface JunitTest {
  result: PolicyTestResult;
  /** Where the test is written in the spec. */
  at: Pick<Diagnostic, 'file' | 'line' | 'col'>;
}

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');

function testcase(file: string, { result: r, at }: JunitTest): string {
  const open = `    <testcase${attrs({ name: r.name, classname: file })}`;
  if (r.pass) return `${open}/>`;
  const where = `${at.file}:${at.line}:${at.col}`;
  const detail = `${where}: expected ${r.expect}, got ${r.decision}\n${r.reason}`;
  return `${open}>\n      <failure${attrs({ type: 'PolicyTestFailure', message: `expected ${r.expect}, got ${r.decision}` })}>${xmlText(detail)}</failure>\n    </testcase>`;
}

/** A run: every spec test, or, when the spec does not load, one errored case listing why. */
export function renderJunit(file: string, run: { tests: JunitTest[] } | { specErrors: Diagnostic[] }): string {
  let body: string;
  let counts: { tests: number; failures: number; errors: number };
  if ('specErrors' in run) {
    const text = run.specErrors.map(formatDiagnostic).join('\n');
    counts = { tests: 1, failures: 0, errors: 1 };
    body = `    <testcase${attrs({ name: 'spec is valid', classname: file })}>\n      <error${attrs({ type: 'SpecError', message: `${run.specErrors.filter((d) => d.severity === 'error').length} errors in the spec` })}>${xmlText(text)}</error>\n    </testcase>`;
  } else {
    counts = { tests: run.tests.length, failures: run.tests.filter((t) => !t.result.pass).length, errors: 0 };
    body = run.tests.map((t) => testcase(file, t)).join('\n');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'guardrails test', ...counts })}>`,
    `  <testsuite${attrs({ name: file, ...counts, skipped: 0, file })}>`,
    ...(body ? [body] : []),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
