/** Drift as text for a terminal, Markdown for a pull request or an issue, JSON for machines (the contract in PRODUCT.md). */
import type { DriftReport } from './drift.ts';

export const DRIFT_FORMATS = ['text', 'json', 'md'] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

/** `drift --json`: { drift: [{ kind, target, expected, actual, fix }], unchecked: [{ what, why }] } (statement diffs ride along on policy-content). */
export const driftJson = (report: DriftReport): string => JSON.stringify(report, null, 2);

export function driftText(report: DriftReport, spec: string): string {
  const lines: string[] = [];
  if (!report.drift.length)
    lines.push(report.unchecked.length ? `No drift found in what could be checked against ${spec}.` : `No drift: the organization matches ${spec}.`);
  else lines.push(`${report.drift.length} difference${report.drift.length === 1 ? '' : 's'} between the organization and ${spec}:`);
  for (const d of report.drift) {
    lines.push(`  ${d.kind}  ${d.target}: expected ${d.expected}; actual ${d.actual}`);
    for (const s of d.statements?.missing ?? []) lines.push(`      - ${JSON.stringify(s)}`);
    for (const s of d.statements?.extra ?? []) lines.push(`      + ${JSON.stringify(s)}`);
    lines.push(`      fix: ${d.fix}`);
  }
  if (report.unchecked.length) {
    lines.push('Not checked (so not known to match):');
    for (const u of report.unchecked) lines.push(`  ${u.what}: ${u.why}`);
  }
  return lines.join('\n');
}

/** Cells are user data (names, policy text): pipes and HTML are escaped so nothing in them renders as markup. */
const cell = (text: string) =>
  text
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

export function driftMarkdown(report: DriftReport, spec: string): string {
  const lines = [`# Drift: organization vs \`${cell(spec)}\``, ''];
  if (!report.drift.length)
    lines.push(report.unchecked.length ? 'No drift found in what could be checked (see below).' : 'No drift: the organization matches the spec.');
  else {
    lines.push('| kind | target | expected | actual | fix |', '| --- | --- | --- | --- | --- |');
    for (const d of report.drift) lines.push(`| ${[d.kind, d.target, d.expected, d.actual, d.fix].map(cell).join(' | ')} |`);
    for (const d of report.drift.filter((x) => x.statements)) {
      lines.push('', `## ${cell(d.target)}: ${cell(d.expected)}`, '', '```diff');
      for (const s of d.statements!.missing) lines.push(`- ${JSON.stringify(s).replace(/```/g, '` ` `')}`);
      for (const s of d.statements!.extra) lines.push(`+ ${JSON.stringify(s).replace(/```/g, '` ` `')}`);
      lines.push('```');
    }
  }
  if (report.unchecked.length) {
    lines.push('', '## Not checked', '', '| what | why |', '| --- | --- |');
    for (const u of report.unchecked) lines.push(`| ${cell(u.what)} | ${cell(u.why)} |`);
  }
  return `${lines.join('\n')}\n`;
}
