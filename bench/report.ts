/** Builds reports from 500,000 evaluation results and prints time and peak memory per format. */
import { configRuleDeployments } from '../src/deployment/config-rules.ts';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { renderReport, reportBuilder, REPORT_FORMATS } from '../src/commands/report/report.ts';
import { syntheticSpec } from '../test/fixtures/synthetic-spec.ts';

const { text } = syntheticSpec(2000, 200);
const analyzed = await analyzeSpec('bench.yaml', text);
if (!analyzed.ok) throw new Error('synthetic spec is invalid');
const rules = configRuleDeployments(analyzed.analysis.loaded).map((d) => d.name);
const total = Number(process.env.RESULTS ?? 500_000);
const types = ['COMPLIANT', 'COMPLIANT', 'COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] as const;

let peak = process.memoryUsage().rss;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const baseline = process.memoryUsage().rss;
const start = performance.now();
const builder = reportBuilder(analyzed.analysis);
for (let i = 0; i < total; i++) {
  // Results arrive one at a time, as from the aggregator's pages; nothing else holds them.
  builder.add({
    configRule: rules[i % rules.length],
    accountId: String(100000000000 + (i % 2000)),
    region: ['us-east-1', 'eu-west-1', 'us-west-2'][i % 3],
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: `sg-${i.toString(16).padStart(17, '0')}`,
    complianceType: types[i % types.length],
    annotation: i % 5 === 3 ? `tcp 22 from 0.0.0.0/0 exposes port 22 (${i})` : undefined,
  });
  if (i % 50_000 === 0) sample();
}
const report = builder.build('synthetic');
sample();
console.log(
  `built the model from ${total} results in ${((performance.now() - start) / 1000).toFixed(2)} s (${report.findings.length} findings, ${report.byAccount.length} accounts)`,
);
for (const format of REPORT_FORMATS) {
  const t = performance.now();
  const out = renderReport(report, format);
  sample();
  console.log(`${format.padEnd(5)} ${((performance.now() - t) / 1000).toFixed(2)} s, ${(out.length / 1024 / 1024).toFixed(1)} MiB`);
}
console.log(`peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB (${((peak - baseline) / 1024 / 1024).toFixed(0)} MiB above start)`);
