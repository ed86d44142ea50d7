/** JSON, CSV and Markdown renderings of a ComplianceReport. */
import type { ComplianceReport, Finding } from './model.ts';
import { byBenchmark } from './benchmarks.ts';

export const renderJson = (report: ComplianceReport): string => `${JSON.stringify(report, null, 2)}\n`;

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
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

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
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
        `| ${md(g.guardrail ?? `${g.configRules[0]} (not in spec)`)} | ${g.area} | ${g.severity} | ${g.counts.NON_COMPLIANT - g.exempted} | ${g.exempted} | ${g.counts.COMPLIANT} |`,
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
      const account = f.account ? `${f.account} (${f.accountId})` : f.accountId;
      lines.push(
        `| ${f.severity} | ${md(f.guardrail ?? f.configRule)} | ${md(account)} | ${f.region} | ${md(`${f.resourceType} ${f.resourceId}`)} | ${f.exemption ? `_exempted until ${f.exemption.until}_ ` : ''}${md(f.annotation)} | ${md(f.remediation ?? '')} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
