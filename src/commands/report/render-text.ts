/** JSON, CSV and Markdown renderings of a ComplianceReport. */
import type { ComplianceReport, Finding } from './model.ts';
import { byBenchmark } from './benchmarks.ts';

/** Maps (counts keyed by names) become objects with own properties only. */
export const renderJson = (report: ComplianceReport): string =>
  `${JSON.stringify(report, (_key, value) => (value instanceof Map ? Object.fromEntries(value) : value), 2)}\n`;

/**
 * A CSV cell a spreadsheet shows as text, never runs: OWASP "CSV Injection" — a cell starting
 * with = + - @ tab or carriage return gets a leading ' (a resource owner controls names, tags and
 * so exemption reasons); a cell with a quote, separator (, or ; by locale) or line break is quoted.
 */
const csvCell = (v: unknown) => {
  const text = v === undefined || v === null ? '' : String(v);
  const s = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",;\n\r\t]/.test(s) || s !== text ? `"${s.replace(/"/g, '""')}"` : s;
};

export const CSV_COLUMNS = [
  'severity',
  'guardrail',
  'area',
  'configRule',
  'accountId',
  'account',
  'region',
  'resourceType',
  'resourceId',
  'exemptedUntil',
  'exemptionReason',
  'annotation',
  'benchmarks',
  'remediation',
] as const;

/** One row per NON_COMPLIANT finding (exempted ones marked), for spreadsheets. */
export function renderCsv(report: ComplianceReport): string {
  const row = (f: Finding) =>
    [
      f.severity,
      f.guardrail ?? '',
      f.area,
      f.configRule,
      f.accountId,
      f.account ?? '',
      f.region,
      f.resourceType,
      f.resourceId,
      f.exemption?.until ?? '',
      f.exemption?.reason ?? '',
      f.annotation,
      (f.benchmarks ?? []).map((b) => `${b.framework} ${b.id}`).join('; '),
      f.remediation ?? '',
    ]
      .map(csvCell)
      .join(',');
  return `${[CSV_COLUMNS.join(','), ...report.findings.map(row)].join('\r\n')}\r\n`;
}

/**
 * A Markdown table cell that shows its text and nothing else: no HTML, image, link, autolink,
 * emphasis, @mention or #reference, and no | that would split the row (GitHub Flavored Markdown).
 */
const md = (v: unknown) =>
  String(v ?? '')
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>&@#|!~]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/:\/\//g, '&#58;//')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#46;`);
const MAX_MD_FINDINGS = 50;

/** For pull request comments: the figures, the guardrails, the first findings. */
export function renderMarkdown(report: ComplianceReport): string {
  const { summary: s } = report;
  const failing = report.findings.filter((f) => !f.exemption);
  const lines = [
    `## Guardrail compliance: ${report.score === null ? 'no rated results' : `${report.score}%`}`,
    '',
    `${failing.length === 0 ? ':white_check_mark:' : ':x:'} **${s.NON_COMPLIANT}** noncompliant${report.exempted ? ` (${report.exempted} exempted)` : ''} · **${s.COMPLIANT}** compliant · ${s.NOT_APPLICABLE} not applicable — ${report.byAccount.length} accounts, source: ${md(report.source)}`,
    '',
    '| Guardrail | Area | Severity | Open | Exempted | Compliant |',
    '|---|---|---|--:|--:|--:|',
    ...report.byGuardrail.map(
      (g) =>
        `| ${md(g.guardrail ?? `${g.configRules[0]} (not in spec)`)} | ${md(g.area)} | ${md(g.severity)} | ${g.counts.NON_COMPLIANT - g.exempted} | ${g.exempted} | ${g.counts.COMPLIANT} |`,
    ),
  ];
  const controls = byBenchmark(report);
  if (controls.length) {
    lines.push('', '### By benchmark control', '', '| Framework | Control | Guardrails | Open | Exempted | Compliant |', '|---|---|---|--:|--:|--:|');
    for (const c of controls) lines.push(`| ${md(c.framework)} | ${md(c.id)} | ${md(c.guardrails.join(', '))} | ${c.open} | ${c.exempted} | ${c.compliant} |`);
  }
  if (report.findings.length) {
    lines.push(
      '',
      `### Findings${report.findings.length > MAX_MD_FINDINGS ? ` (first ${MAX_MD_FINDINGS} of ${report.findings.length})` : ''}`,
      '',
      '| Severity | Guardrail | Account | Region | Resource | Finding | Remediation |',
      '|---|---|---|---|---|---|---|',
    );
    for (const f of report.findings.slice(0, MAX_MD_FINDINGS)) {
      const account = f.account ? `${md(f.account)} (${md(f.accountId)})` : md(f.accountId);
      const note = f.exemption
        ? `_exempted until ${md(f.exemption.until)}_ `
        : f.expiredExemption
          ? `_exemption expired ${md(f.expiredExemption.until)}_ `
          : '';
      lines.push(
        `| ${md(f.severity)} | ${md(f.guardrail ?? f.configRule)} | ${account} | ${md(f.region)} | ${md(`${f.resourceType} ${f.resourceId}`)} | ${note}${md(f.annotation)} | ${md(f.remediation ?? '')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
