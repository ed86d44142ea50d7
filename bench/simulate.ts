/**
 * Simulates 100,000 requests over a 2,000-account spec (every catalog guardrail at the Root, RCPs
 * included) and prints requests per second for SCP-only and SCP+RCP evaluation, measured side by side
 * (alternating rounds, median); combined evaluation should stay at or above half the SCP-only rate.
 * Then compares the packed SCP layout with the naive one-statement-per-policy layout, at AWS's quotas
 * since 2026-05-15 (10,240 characters, 10 per target) and at the former 5,120.
 */
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { compileScps } from '../scp/compile.ts';
import { createSimulator, type SimulationInput, type Simulator } from '../scp/simulate.ts';
import { documentSize } from '../src/iam/policy.ts';
import { median, syntheticSpec } from '../test/fixtures/synthetic-spec.ts';

const { text, accountNames } = syntheticSpec(2000, 200);
const result = await analyzeSpec('bench.yaml', text);
if (!result.ok) throw new Error('synthetic spec is invalid');
const { scps, rcps, loaded } = result.analysis;
const options = { managementAccountId: loaded.spec.organization.managementAccountId };
const scpOnly = createSimulator(scps, loaded.index, loaded.spec.organization.id, options);
const combined = createSimulator(scps, loaded.index, loaded.spec.organization.id, { ...options, rcps });

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
const principals = [
  'root',
  'role/Developer',
  'role/BreakGlass',
  'arn:aws:sts::100000000001:assumed-role/deployer/s1',
  'arn:aws:iam::444455556666:role/Partner',
];
const regions = ['us-east-1', 'eu-west-1', 'ap-south-1'];
const total = Number(process.env.REQUESTS ?? 100_000);
const idOf = (name: string) => loaded.index.accounts.get(name)!.id!;
const requests: SimulationInput[] = Array.from({ length: total }, (_, i) => {
  const account = accountNames[(i * 7919) % accountNames.length];
  const owner = accountNames[(i * 104729) % accountNames.length];
  const action = actions[(i >> 2) % actions.length];
  // Resources of services RCPs cover belong to a member account (its RCP chain applies); the others are "*".
  const resource = action.startsWith('s3:')
    ? `arn:aws:s3:::bucket-${owner}/key`
    : action.startsWith('kms:')
      ? `arn:aws:kms:us-east-1:${idOf(owner)}:key/k`
      : '*';
  return {
    account,
    principal: principals[i % principals.length],
    action,
    region: regions[i % regions.length],
    resource,
    ...(action.startsWith('s3:') ? { resourceAccount: owner } : {}),
    context: { 'aws:PrincipalTag/team': `team-${i % 12}` },
  };
});

function run(simulator: Simulator): { seconds: number; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const start = performance.now();
  for (const r of requests) {
    const d = simulator.simulate(r);
    counts[d.decision] = (counts[d.decision] ?? 0) + 1;
  }
  return { seconds: (performance.now() - start) / 1000, counts };
}

// Alternating rounds, so both see the same machine load; the median of each.
const rounds = Number(process.env.ROUNDS ?? 5);
const times = { scp: [] as number[], both: [] as number[] };
let last = { scp: run(scpOnly), both: run(combined) }; // warm-up
for (let i = 0; i < rounds; i++) {
  last = { scp: run(scpOnly), both: run(combined) };
  times.scp.push(last.scp.seconds);
  times.both.push(last.both.seconds);
}
const rate = (s: number[]) => Math.round(total / median(s));
console.log(`simulated ${total} requests over ${accountNames.length} accounts, ${rounds} alternating rounds (median):`);
console.log(`  SCP only:  ${rate(times.scp)} requests/s  decisions ${JSON.stringify(last.scp.counts)}`);
console.log(`  SCP + RCP: ${rate(times.both)} requests/s  decisions ${JSON.stringify(last.both.counts)}`);
console.log(`ratio SCP+RCP / SCP-only: ${(rate(times.both) / rate(times.scp)).toFixed(2)} (goal: at least 0.5)`);

function packingFigures(label: string, plan: typeof scps, limits: { scpSize: number; scpsPerTarget: number }) {
  let packedDocs = 0;
  let packedChars = 0;
  let naiveDocs = 0;
  let naiveChars = 0;
  for (const t of plan.targets.values()) {
    for (const p of t.policies) {
      if (p.awsManaged) continue;
      packedDocs++;
      packedChars += p.size;
      for (const origins of p.origins) {
        for (const o of origins) {
          naiveDocs++;
          naiveChars += documentSize({ Version: '2012-10-17', Statement: [o.statement] });
        }
      }
    }
  }
  const worst = [...plan.targets.values()].reduce((m, t) => Math.max(m, t.policies.length), 0);
  const naiveWorst = [...plan.targets.values()].reduce(
    (m, t) => Math.max(m, t.policies.flatMap((p) => p.origins.flat()).length + (t.fullAwsAccess ? 1 : 0)),
    0,
  );
  console.log(`packing at ${label} (${limits.scpSize} characters, ${limits.scpsPerTarget} per target):`);
  console.log(`  packed: ${packedDocs} documents, ${packedChars} characters; naive one statement per policy: ${naiveDocs} documents, ${naiveChars} characters`);
  console.log(`  ratio naive/packed: ${(naiveDocs / packedDocs).toFixed(1)}x documents, ${(naiveChars / packedChars).toFixed(2)}x characters`);
  console.log(`  most SCPs attached to one target: ${worst} of ${limits.scpsPerTarget}; naive would need ${naiveWorst}`);
}

const limits = loaded.spec.organization.limits;
packingFigures("AWS's quotas since 2026-05-15", scps, limits);
const former = { ...limits, scpSize: 5120, scpsPerTarget: 5 };
packingFigures(
  'the former quotas',
  compileScps({ ...loaded, spec: { ...loaded.spec, organization: { ...loaded.spec.organization, limits: former } } }).plan,
  former,
);
const rcpDocs = [...rcps.targets.values()].flatMap((t) => t.policies.filter((p) => !p.awsManaged));
console.log(`RCPs: ${rcpDocs.length} documents, largest ${Math.max(...rcpDocs.map((p) => p.size))} of ${rcps.sizeLimit} characters`);
