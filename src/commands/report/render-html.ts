/**
 * One self-contained HTML page (no network fetches): score, charts drawn as inline SVG,
 * a guardrail × account matrix, and the findings table, sortable and filterable in the page.
 */
import type { ComplianceReport } from './model.ts';
import { byBenchmark } from './benchmarks.ts';
import { escapeHtml } from '../../io/render.ts';

const esc = escapeHtml;
const COLORS = { COMPLIANT: '#1a7f37', NON_COMPLIANT: '#cf222e', NOT_APPLICABLE: '#8c959f', exempted: '#bf8700' };

function donut(report: ComplianceReport): string {
  const parts = [
    { label: 'Compliant', value: report.summary.COMPLIANT, color: COLORS.COMPLIANT },
    { label: 'Open (noncompliant)', value: report.summary.NON_COMPLIANT - report.exempted, color: COLORS.NON_COMPLIANT },
    { label: 'Exempted', value: report.exempted, color: COLORS.exempted },
    { label: 'Not applicable', value: report.summary.NOT_APPLICABLE, color: COLORS.NOT_APPLICABLE },
  ];
  const total = parts.reduce((n, p) => n + p.value, 0);
  const r = 60;
  const c = 2 * Math.PI * r;
  let offset = 0;
  const arcs = parts
    .filter((p) => p.value > 0)
    .map((p) => {
      const length = (p.value / total) * c;
      const arc = `<circle class="arc" r="${r}" cx="80" cy="80" fill="none" stroke="${p.color}" stroke-width="28" stroke-dasharray="${length.toFixed(2)} ${(c - length).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 80 80)"><title>${p.label}: ${p.value}</title></circle>`;
      offset += length;
      return arc;
    });
  const legend = parts.map((p) => `<li><span class="swatch" style="background:${p.color}"></span>${p.label} <b>${p.value}</b></li>`).join('');
  return `<div class="chart"><svg id="donut" width="160" height="160" viewBox="0 0 160 160" role="img" aria-label="results by compliance">${total === 0 ? `<circle r="${r}" cx="80" cy="80" fill="none" stroke="#d0d7de" stroke-width="28"/>` : arcs.join('')}<text x="80" y="86" text-anchor="middle" class="score">${report.score === null ? '–' : `${report.score}%`}</text></svg><ul class="legend">${legend}</ul></div>`;
}

function areaBars(report: ComplianceReport): string {
  const areas = new Map<string, { noncompliant: number; compliant: number }>();
  for (const g of report.byGuardrail) {
    const a = areas.get(g.area) ?? { noncompliant: 0, compliant: 0 };
    a.noncompliant += g.counts.NON_COMPLIANT - g.exempted;
    a.compliant += g.counts.COMPLIANT;
    areas.set(g.area, a);
  }
  const rows = [...areas.entries()].sort((x, y) => y[1].noncompliant - x[1].noncompliant);
  const max = Math.max(1, ...rows.map(([, a]) => a.noncompliant + a.compliant));
  const height = rows.length * 28 + 10;
  const bars = rows
    .map(([area, a], i) => {
      const y = i * 28 + 5;
      const wn = (a.noncompliant / max) * 300;
      const wc = (a.compliant / max) * 300;
      return `<text x="0" y="${y + 15}" class="axis">${esc(area)}</text><rect class="bar" x="130" y="${y}" width="${wn.toFixed(1)}" height="20" fill="${COLORS.NON_COMPLIANT}"><title>${esc(area)}: ${a.noncompliant} noncompliant</title></rect><rect class="bar" x="${(130 + wn).toFixed(1)}" y="${y}" width="${wc.toFixed(1)}" height="20" fill="${COLORS.COMPLIANT}"><title>${esc(area)}: ${a.compliant} compliant</title></rect><text x="${(136 + wn + wc).toFixed(1)}" y="${y + 15}" class="axis">${a.noncompliant} / ${a.noncompliant + a.compliant}</text>`;
    })
    .join('');
  return `<svg id="areas" width="520" height="${height}" viewBox="0 0 520 ${height}" role="img" aria-label="noncompliant and compliant results by security area">${bars}</svg>`;
}

function matrix(report: ComplianceReport): string {
  const columns = report.byGuardrail.filter((g) => g.counts.NON_COMPLIANT + g.counts.COMPLIANT > 0).map((g) => g.guardrail ?? g.configRules[0]);
  if (columns.length === 0 || report.byAccount.length === 0) return '<p class="muted">No rated results.</p>';
  const head = `<tr><th>Account</th>${columns.map((c) => `<th class="rot"><span>${esc(c)}</span></th>`).join('')}</tr>`;
  const rows = report.byAccount.map((a) => {
    const cells = columns.map((c) => {
      const n = a.noncompliantByGuardrail.get(c) ?? 0;
      return `<td class="${n ? 'bad' : 'ok'}" title="${esc(c)}: ${n} noncompliant">${n || '·'}</td>`;
    });
    return `<tr><th>${esc(a.account ?? a.accountId)}<br><span class="muted">${esc(a.accountId)}</span></th>${cells.join('')}</tr>`;
  });
  return `<div class="scroll"><table class="matrix">${head}${rows.join('')}</table></div>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d1d9}
main{padding:20px 28px;max-width:1400px}section{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px 20px;margin-bottom:18px}
h2{font-size:17px;margin:0 0 12px}.cards{display:flex;gap:28px;flex-wrap:wrap;align-items:center}.chart{display:flex;gap:18px;align-items:center}
.score{font-size:26px;font-weight:700;fill:#1f2328}.legend{list-style:none;padding:0;margin:0}.legend li{margin:3px 0}.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px}
.axis{font-size:12px;fill:#57606a}table{border-collapse:collapse;width:100%}th,td{padding:5px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
thead th{cursor:pointer;user-select:none;background:#f6f8fa;position:sticky;top:0}thead th[aria-sort=ascending]::after{content:" ▲"}thead th[aria-sort=descending]::after{content:" ▼"}
.num{text-align:right}.muted{color:#57606a;font-size:12px}.sev-critical{color:#a40e26;font-weight:700}.sev-high{color:#cf222e;font-weight:600}.sev-medium{color:#9a6700}.sev-low{color:#57606a}
.tag{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;background:#fff8c5;color:#7d4e00;border:1px solid #d4a72c}.unknown{background:#eaeef2;color:#57606a;border-color:#d0d7de}
.matrix td{text-align:center;min-width:28px}.matrix td.bad{background:#ffebe9;color:#a40e26;font-weight:700}.matrix td.ok{color:#8c959f}.rot span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500}
.scroll{overflow:auto;max-height:520px}.filters{display:flex;gap:10px;margin-bottom:10px;flex-wrap:wrap}.filters input,.filters select{padding:5px 8px;border:1px solid #d0d7de;border-radius:6px;font:inherit}
#findings-count{align-self:center}code{font-size:12px}
`;

const SCRIPT = `
(function(){
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var findings = data.findings, tbody = document.querySelector('#findings tbody');
  var q = document.getElementById('filter'), sev = document.getElementById('severity'), acct = document.getElementById('account'), status = document.getElementById('status');
  var sortKey = 'severity', sortDir = 1, LIMIT = 1000;
  var rank = {critical:0, high:1, medium:2, low:3, unknown:4};
  function esc(s){return String(s == null ? '' : s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}
  function key(f,k){ if(k==='severity') return rank[f.severity]; if(k==='account') return (f.account||'')+f.accountId; if(k==='resource') return f.resourceType+' '+f.resourceId; if(k==='status') return f.exemption ? 1 : 0; return String(f[k] == null ? '' : f[k]).toLowerCase(); }
  function render(){
    var text = q.value.toLowerCase();
    var rows = findings.filter(function(f){
      if (sev.value && f.severity !== sev.value) return false;
      if (acct.value && f.accountId !== acct.value) return false;
      if (status.value === 'open' && f.exemption) return false;
      if (status.value === 'exempted' && !f.exemption) return false;
      if (!text) return true;
      return [f.guardrail, f.configRule, f.account, f.accountId, f.region, f.resourceType, f.resourceId, f.annotation].join(' ').toLowerCase().indexOf(text) >= 0;
    });
    rows.sort(function(a,b){ var x = key(a,sortKey), y = key(b,sortKey); return (x < y ? -1 : x > y ? 1 : 0) * sortDir; });
    tbody.innerHTML = rows.slice(0, LIMIT).map(function(f){
      return '<tr><td class="sev-'+esc(f.severity)+'">'+esc(f.severity)+'</td><td>'+esc(f.guardrail || f.configRule)+(f.guardrail ? '' : ' <span class="tag unknown">not in spec</span>')+'</td><td>'+esc(f.account || '')+'<br><span class="muted">'+esc(f.accountId)+'</span></td><td>'+esc(f.region)+'</td><td><code>'+esc(f.resourceType)+'</code><br>'+esc(f.resourceId)+'</td><td>'+esc(f.annotation)+(f.remediation ? '<br><span class="muted">Fix: '+esc(f.remediation)+'</span>' : '')+'</td><td>'+(f.exemption ? '<span class="tag" title="'+esc(f.exemption.reason)+'">exempted until '+esc(f.exemption.until)+'</span>' : f.expiredExemption ? 'open (exemption expired '+esc(f.expiredExemption.until)+')' : 'open')+'</td></tr>';
    }).join('');
    document.getElementById('findings-count').textContent = rows.length + ' of ' + findings.length + ' findings' + (rows.length > LIMIT ? ' (first ' + LIMIT + ' shown; filter to narrow)' : '');
  }
  document.querySelectorAll('#findings thead th').forEach(function(th){
    th.addEventListener('click', function(){
      var k = th.getAttribute('data-key'); sortDir = (sortKey === k) ? -sortDir : 1; sortKey = k;
      document.querySelectorAll('#findings thead th').forEach(function(o){ o.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', sortDir === 1 ? 'ascending' : 'descending'); render();
    });
  });
  [q, sev, acct, status].forEach(function(el){ el.addEventListener('input', render); });
  render();
})();
`;

/** Only when some guardrail in the report declares benchmark controls. */
function benchmarkSection(report: ComplianceReport): string {
  const rows = byBenchmark(report)
    .map(
      (c) =>
        `<tr><td>${esc(c.framework)}</td><td>${esc(c.id)}</td><td>${esc(c.guardrails.join(', '))}</td><td class="num">${c.open}</td><td class="num">${c.exempted}</td><td class="num">${c.compliant}</td></tr>`,
    )
    .join('');
  return rows
    ? `<section id="benchmarks"><h2>By benchmark control</h2><table><thead><tr><th>Framework</th><th>Control</th><th>Guardrails</th><th class="num">Open</th><th class="num">Exempted</th><th class="num">Compliant</th></tr></thead><tbody>${rows}</tbody></table></section>`
    : '';
}

export function renderHtml(report: ComplianceReport): string {
  const s = report.summary;
  const open = s.NON_COMPLIANT - report.exempted;
  const guardrailRows = report.byGuardrail
    .map(
      (g) =>
        `<tr><td>${esc(g.guardrail ?? g.configRules[0])}${g.known ? '' : ' <span class="tag unknown">not in spec</span>'}<br><span class="muted">${esc(g.title)}</span></td><td>${esc(g.area)}</td><td class="sev-${esc(g.severity)}">${esc(g.severity)}</td><td class="num">${g.counts.NON_COMPLIANT - g.exempted}</td><td class="num">${g.exempted}</td><td class="num">${g.counts.COMPLIANT}</td><td class="num">${g.counts.NOT_APPLICABLE}</td></tr>`,
    )
    .join('');
  const accounts = report.byAccount.map((a) => `<option value="${esc(a.accountId)}">${esc(a.account ?? a.accountId)} (${esc(a.accountId)})</option>`).join('');
  // Embedded data must not close its own <script> element.
  const data = JSON.stringify({ findings: report.findings }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Guardrail compliance ${report.score === null ? '' : `${report.score}%`}</title>
<style>${STYLE}</style></head>
<body>
<header><h1>Guardrail compliance</h1><p>Source: ${esc(report.source)} · generated ${esc(report.generatedAt)} · ${report.byAccount.length} accounts</p></header>
<main>
<section id="overview"><h2>Overview</h2><div class="cards">${donut(report)}
<div><p><b style="font-size:20px;color:${open ? COLORS.NON_COMPLIANT : COLORS.COMPLIANT}">${open}</b> open findings${report.exempted ? `, <b>${report.exempted}</b> exempted` : ''}</p><p class="muted">${s.COMPLIANT} compliant · ${s.NON_COMPLIANT} noncompliant · ${s.NOT_APPLICABLE} not applicable results, one per Config rule, account, region and resource</p></div>
<div><h2>By security area</h2>${areaBars(report)}</div></div></section>
<section id="guardrails"><h2>By guardrail</h2><table><thead><tr><th>Guardrail</th><th>Area</th><th>Severity</th><th class="num">Open</th><th class="num">Exempted</th><th class="num">Compliant</th><th class="num">N/A</th></tr></thead><tbody>${guardrailRows}</tbody></table></section>
${benchmarkSection(report)}
<section id="matrix"><h2>Open findings by account and guardrail</h2>${matrix(report)}</section>
<section id="findings-section"><h2>Findings</h2>
<div class="filters"><input id="filter" type="search" placeholder="Filter: resource, account, text…" aria-label="filter findings">
<select id="severity" aria-label="severity"><option value="">All severities</option><option>critical</option><option>high</option><option>medium</option><option>low</option><option>unknown</option></select>
<select id="account" aria-label="account"><option value="">All accounts</option>${accounts}</select>
<select id="status" aria-label="status"><option value="">Open and exempted</option><option value="open">Open only</option><option value="exempted">Exempted only</option></select>
<span id="findings-count" class="muted"></span></div>
<div class="scroll"><table id="findings"><thead><tr><th data-key="severity">Severity</th><th data-key="guardrail">Guardrail</th><th data-key="account">Account</th><th data-key="region">Region</th><th data-key="resource">Resource</th><th data-key="annotation">Finding</th><th data-key="status">Status</th></tr></thead><tbody></tbody></table></div>
</section>
</main>
<script type="application/json" id="report-data">${data}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
