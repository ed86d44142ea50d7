/**
 * SARIF 2.1.0 (OASIS) output of `validate` and `test`: one result per diagnostic, one rule per
 * check that produced it, located at the spec file's line and column, so GitHub code scanning
 * (`github/codeql-action/upload-sarif`) annotates the pull request. GitHub reads
 * `physicalLocation.artifactLocation.uri` relative to the repository root, hence relative paths.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic } from '../core/diagnostics.ts';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** What each check is, for the rule list code scanning shows beside an alert. */
const CHECKS: Record<string, string> = {
  'yaml-syntax': 'The spec is one well-formed YAML document',
  schema: 'The spec matches the guardrails JSON Schema (guardrails/spec.schema.json)',
  'scp-limits': 'The generated SCPs and RCPs fit AWS Organizations quotas (size, policies per target)',
  'iam-lint': 'Policy statements and test actions name real IAM actions, condition keys and ARNs',
  'spec-test': "A test of the spec's `tests` gets the decision it expects",
};

const describe = (code: string) => CHECKS[code] ?? `Spec check: ${code.replace(/^semantics\//, '').replace(/-/g, ' ')}`;

/** A spec path as code scanning expects it: relative to the working directory (the checkout), with forward slashes. */
export function artifactUri(file: string, cwd = process.cwd()): string {
  const rel = isAbsolute(file) ? relative(cwd, file) : file;
  if (rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(file).href;
  return rel.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

const toolVersion = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** GitHub tracks an alert across runs by this; lines move when the spec is edited, so it is the check and the message. */
const fingerprintOf = (d: Diagnostic) =>
  createHash('sha256')
    .update(`${d.file}\u0000${d.code ?? ''}\u0000${d.message}`)
    .digest('hex')
    .slice(0, 32);

export function sarifLog(diagnostics: Diagnostic[]): Log {
  const codes = [...new Set(diagnostics.map((d) => d.code ?? 'spec'))].sort();
  const rules: ReportingDescriptor[] = codes.map((id) => ({
    id,
    name: id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: describe(id) },
  }));
  const results: Result[] = diagnostics.map((d) => {
    const ruleId = d.code ?? 'spec';
    return {
      ruleId,
      ruleIndex: codes.indexOf(ruleId),
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(d.file) }, region: { startLine: d.line, startColumn: d.col } } }],
      partialFingerprints: { 'orgGuardrails/v1': fingerprintOf(d) },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'org-guardrails', version: toolVersion(), rules } },
        // Columns come from the YAML parser's offsets into a JavaScript string.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export const renderSarif = (log: Log): string => `${JSON.stringify(log, null, 2)}\n`;
