/** Renderers over one ImpactReport: text (terminal), md (pull-request comment), html (one self-contained page), json. */
import { escapeHtml, plural } from '../../io/render.ts';
import type { DecidedBy } from '../../../scp/simulate.ts';
import type { ImpactGroup, ImpactReport } from './impact.ts';

export const IMPACT_FORMATS = ['text', 'json', 'md', 'html'] as const;
export type ImpactFormat = (typeof IMPACT_FORMATS)[number];

export function renderImpact(report: ImpactReport, format: ImpactFormat, title: string): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'md') return renderMarkdown(report, title);
  if (format === 'html') return renderHtml(report, title);
  return renderText(report, title);
}

export function decidedByText(d: DecidedBy | undefined): string {
  if (!d) return '';
  const statement = d.policy
    ? `${d.policy}${d.sid ? ` ${d.sid}` : d.statementIndex !== undefined ? ` statement ${d.statementIndex}` : ''} at ${d.target}`
    : `no Allow at ${d.target}`;
  return d.sources?.length ? `${d.sources.join(', ')} (${statement})` : statement;
}

export function summaryLines(report: ImpactReport): string[] {
  const s = report.summary;
  const skipped = Object.values(s.skipped).reduce((n, v) => n + v, 0);
  return [
    `read ${plural(s.events, 'event')} from ${plural(s.files, 'file')}: ${s.evaluated} evaluated, ${skipped} skipped`,
    `${s.newDenies} would be newly denied, ${s.newlyAllowed} newly allowed, ${s.uncertain} uncertain, ${s.alreadyDenied} already denied`,
  ];
}

const skippedEntries = (report: ImpactReport) => Object.entries(report.summary.skipped).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
const seen = (g: ImpactGroup) => (g.firstSeen === g.lastSeen ? g.firstSeen : `${g.firstSeen} … ${g.lastSeen}`);

function renderText(report: ImpactReport, title: string): string {
  const out = [title, ...summaryLines(report).map((l) => `  ${l}`)];
  const section = <G extends ImpactGroup>(heading: string, groups: G[], extra: (g: G) => string) => {
    if (groups.length === 0) return;
    out.push('', `${heading}:`);
    let account = '';
    let principal = '';
    for (const g of groups) {
      const accountChanged = `${g.account} (${g.accountId})` !== account;
      if (accountChanged) out.push(`${g.account} (${g.accountId})`);
      if (accountChanged || g.principal !== principal) out.push(`  ${g.principal}`);
      account = `${g.account} (${g.accountId})`;
      principal = g.principal;
      out.push(`    ${g.action} in ${g.region}: ${plural(g.count, 'event')}, ${g.before} → ${g.after}${extra(g)}`);
      out.push(`      seen ${seen(g)}, sample event ${g.sampleEventId}`);
    }
  };
  const by = (g: ImpactGroup) => (g.decidedBy ? `, by ${decidedByText(g.decidedBy)}` : '');
  section('Would change', report.changes, by);
  section('Uncertain (what decides is not in the CloudTrail record)', report.uncertain, (g) => `${by(g)}; depends on ${g.missingKeys.join(', ')}`);
  section('Already denied (shown apart)', report.alreadyDenied, (g) => ` (${g.errorCode})`);
  const skipped = skippedEntries(report);
  if (skipped.length) out.push('', 'Skipped:', ...skipped.map(([reason, n]) => `  ${n}  ${reason}`));
  return `${out.join('\n')}\n`;
}

/** Markdown table cell: no line breaks, pipes escaped, HTML neutralized (GitHub renders inline HTML). */
const cell = (v: unknown) =>
  escapeHtml(String(v ?? ''))
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');

function markdownTable<G extends ImpactGroup>(groups: G[], extra?: { head: string; value: (g: G) => string }): string[] {
  const head = ['Account', 'Principal', 'Action', 'Region', 'Events', 'Seen', 'Before → after', 'Decided by', ...(extra ? [extra.head] : []), 'Sample event'];
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...groups.map(
      (g) =>
        `| ${[g.account, g.principal, g.action, g.region, g.count, seen(g), `${g.before} → ${g.after}`, decidedByText(g.decidedBy), ...(extra ? [extra.value(g)] : []), g.sampleEventId].map(cell).join(' | ')} |`,
    ),
  ];
}

function renderMarkdown(report: ImpactReport, title: string): string {
  const s = report.summary;
  const out = [`### ${cell(title)}`, '', ...summaryLines(report).map((l) => `- ${l}`), ''];
  out.push(
    s.newDenies ? `**${plural(s.newDenies, 'call')} seen in CloudTrail would be denied by this change.**` : 'No call seen in CloudTrail would be newly denied.',
    '',
  );
  if (report.changes.length) out.push('#### Would change', '', ...markdownTable(report.changes), '');
  if (report.uncertain.length)
    out.push(
      '#### Uncertain',
      '',
      'The decision depends on what CloudTrail does not record (a condition key, a policy variable, the resource); check these by hand.',
      '',
      ...markdownTable(report.uncertain, { head: 'Depends on', value: (g) => g.missingKeys.join(', ') }),
      '',
    );
  if (report.alreadyDenied.length)
    out.push(
      '<details><summary>Already denied</summary>',
      '',
      ...markdownTable(report.alreadyDenied, { head: 'Error', value: (g) => g.errorCode }),
      '',
      '</details>',
      '',
    );
  const skipped = skippedEntries(report);
  if (skipped.length) out.push('<details><summary>Skipped events</summary>', '', ...skipped.map(([r, n]) => `- ${n} ${cell(r)}`), '', '</details>', '');
  return out.join('\n');
}

function htmlTable<G extends ImpactGroup>(groups: G[], extra?: { head: string; value: (g: G) => string }): string {
  if (groups.length === 0) return '<p class="muted">None.</p>';
  const head = [
    'Account',
    'Principal',
    'Action',
    'Region',
    'Events',
    'First seen',
    'Last seen',
    'Before',
    'After',
    'Decided by',
    ...(extra ? [extra.head] : []),
    'Sample event',
  ];
  const rows = groups.map((g) => {
    const cells = [
      `${g.account} (${g.accountId})`,
      g.principal,
      g.action,
      g.region,
      g.count,
      g.firstSeen,
      g.lastSeen,
      g.before,
      g.after,
      decidedByText(g.decidedBy),
      ...(extra ? [extra.value(g)] : []),
      g.sampleEventId,
    ];
    return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** No script at all, and a policy forbidding any: the page shows data and nothing in it runs. */
function renderHtml(report: ImpactReport, title: string): string {
  const skipped = skippedEntries(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328}table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}.muted{color:#656d76}.deny{color:#cf222e}h2{margin-top:1.5em}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<ul>${summaryLines(report)
    .map((l) => `<li>${escapeHtml(l)}</li>`)
    .join('')}</ul>
<h2 class="deny">Would change</h2>
${htmlTable(report.changes)}
<h2>Uncertain</h2>
<p class="muted">The decision depends on what CloudTrail does not record (a condition key, a policy variable, the resource).</p>
${htmlTable(report.uncertain, { head: 'Depends on', value: (g) => g.missingKeys.join(', ') })}
<h2>Already denied</h2>
${htmlTable(report.alreadyDenied, { head: 'Error', value: (g) => g.errorCode })}
<h2>Skipped</h2>
${skipped.length ? `<ul>${skipped.map(([r, n]) => `<li>${n} ${escapeHtml(r)}</li>`).join('')}</ul>` : '<p class="muted">None.</p>'}
</body></html>
`;
}
