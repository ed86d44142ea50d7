/**
 * Plans synthetic organizations of 100, 500 and 2,000 accounts (each in its own process, so
 * memory readings do not mix) and prints time, peak memory and resources per account. Resources
 * should grow with OUs, SCPs and regions; accounts add one resource each (their adoption).
 * Beside it, the deployment rehearsal (stacks/rehearsal) on the same plan: its time must stay
 * within half the plain plan's (plan with rehearsal ≤ 1.5× plan) and grow linearly in accounts.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { previewDeployment } from '../stacks/preview.ts';
import { rehearse } from '../stacks/rehearsal/rehearse.ts';
import { syntheticSpec } from '../test/fixtures/synthetic-spec.ts';

const size = process.argv[2];
if (size) {
  const accounts = Number(size);
  const { text } = syntheticSpec(accounts, Math.max(10, Math.round(accounts / 10)));
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const analyzed = await analyzeSpec('bench.yaml', text);
  if (!analyzed.ok) throw new Error('synthetic spec is invalid');
  const resources = await previewDeployment(analyzed.analysis, { bundle: async (id) => `/* ${id} */` });
  const ms = performance.now() - start;
  const planPeak = Math.max(peak, process.memoryUsage().rss);
  const rehearsalStart = performance.now();
  const rehearsal = rehearse(analyzed.analysis, resources);
  const rehearsalMs = performance.now() - rehearsalStart;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const adopted = resources.filter((r) => r.type === 'aws:organizations/account:Account').length;
  console.log(
    JSON.stringify({
      accounts,
      units: analyzed.analysis.loaded.index.units.size,
      ms: Math.round(ms),
      rehearsalMs: Math.round(rehearsalMs),
      problems: rehearsal.problems.length,
      planPeakMiB: Math.round(planPeak / 1024 / 1024),
      peakMiB: Math.round(peak / 1024 / 1024),
      resources: resources.length,
      adopted,
    }),
  );
} else {
  console.log(
    'accounts   OUs   plan (s)   rehearsal (s)   with/without   rehearsal ms/account   problems   peak RSS plan / +rehearsal (MiB)   resources   per account   excluding adoption',
  );
  for (const n of [100, 500, 2000]) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(n)], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    console.log(
      `${String(r.accounts).padStart(8)}${String(r.units).padStart(6)}${(r.ms / 1000).toFixed(2).padStart(11)}${(r.rehearsalMs / 1000).toFixed(2).padStart(16)}${((r.ms + r.rehearsalMs) / r.ms).toFixed(2).padStart(14)}${(r.rehearsalMs / r.accounts).toFixed(2).padStart(23)}${String(r.problems).padStart(11)}${`${r.planPeakMiB} / ${r.peakMiB}`.padStart(35)}${String(r.resources).padStart(12)}${(r.resources / r.accounts).toFixed(2).padStart(14)}${String(r.resources - r.adopted).padStart(21)}`,
    );
  }
}
