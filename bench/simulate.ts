/**
 * Simulates 100,000 requests over a 2,000-account spec and prints requests per second;
 * then compares the packed SCP layout with the naive one-statement-per-policy layout.
 */
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { createSimulator } from '../scp/simulate.ts';
import { documentSize } from '../src/iam/policy.ts';
import { syntheticSpec } from './synthetic.ts';

const { text, accountNames } = syntheticSpec(2000, 200);
const result = await analyzeSpec('bench.yaml', text);
if (!result.ok) throw new Error('synthetic spec is invalid');
const { scps, loaded } = result.analysis;
const simulator = createSimulator(scps, loaded.index, loaded.spec.organization.id);

const actions = [
  'cloudtrail:StopLogging',
  'ec2:RunInstances',
  's3:GetObject',
  'iam:CreateUser',
  'organizations:LeaveOrganization',
  'guardduty:DeleteDetector',
  'kms:Decrypt',
  'config:StopConfigurationRecorder',
];
const principals = ['root', 'role/Developer', 'role/BreakGlass', 'arn:aws:sts::100000000001:assumed-role/deployer/s1'];
const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
const total = Number(process.env.REQUESTS ?? 100_000);
const requests = Array.from({ length: total }, (_, i) => ({
  account: accountNames[(i * 7919) % accountNames.length],
  principal: principals[i % principals.length],
  action: actions[(i >> 2) % actions.length],
  region: regions[i % regions.length],
  resource: '*',
  context: { 'aws:PrincipalTag/team': `team-${i % 12}` },
}));

const counts: Record<string, number> = {};
const start = performance.now();
for (const r of requests) {
  const d = simulator.simulate(r);
  counts[d.decision] = (counts[d.decision] ?? 0) + 1;
}
const seconds = (performance.now() - start) / 1000;
console.log(`simulated ${total} requests over ${accountNames.length} accounts in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} requests/s`);
console.log(`decisions: ${JSON.stringify(counts)}`);

let packedDocs = 0;
let packedBytes = 0;
let naiveDocs = 0;
let naiveBytes = 0;
for (const t of scps.targets.values()) {
  for (const p of t.policies) {
    if (p.awsManaged) continue;
    packedDocs++;
    packedBytes += p.size;
    for (const origins of p.origins) {
      for (const o of origins) {
        naiveDocs++;
        naiveBytes += documentSize({ Version: '2012-10-17', Statement: [o.statement] });
      }
    }
  }
}
console.log(`packing: ${packedDocs} documents, ${packedBytes} bytes; naive one statement per policy: ${naiveDocs} documents, ${naiveBytes} bytes`);
console.log(`ratio naive/packed: ${(naiveDocs / packedDocs).toFixed(1)}x documents, ${(naiveBytes / packedBytes).toFixed(2)}x bytes`);
const worst = [...scps.targets.values()].reduce((m, t) => Math.max(m, t.policies.length), 0);
console.log(
  `most SCPs attached to one target: ${worst} (limit ${loaded.spec.organization.limits.scpsPerTarget}); naive would need ${[...scps.targets.values()].reduce((m, t) => Math.max(m, t.policies.flatMap((p) => p.origins.flat()).length + (t.fullAwsAccess ? 1 : 0)), 0)}`,
);
