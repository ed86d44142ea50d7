import { describe, expect, it } from 'vitest';
import { compileScps } from '../../scp/compile.ts';
import { createSimulator } from '../../scp/simulate.ts';
import { mergeStatements, packStatements, type SourcedStatement } from '../../scp/pack.ts';
import { documentSize, type PolicyStatement } from '../../src/iam/policy.ts';
import { parseSpec } from '../../src/spec/load.ts';
import { analysisProblems, analyze, baseSpec, exampleText, yamlOf } from '../helpers.ts';

const sourced = (statement: PolicyStatement, source = 'x'): SourcedStatement => ({ statement, origins: [{ source, statement, specPath: [] }] });

/** 40 custom deny statements on distinct IAM actions with realistic conditions. */
function fortyStatements(): PolicyStatement[] {
  const actions = [
    'ec2:RunInstances',
    'ec2:CreateVpc',
    'ec2:DeleteVpc',
    's3:CreateBucket',
    's3:DeleteBucket',
    'iam:CreateUser',
    'iam:DeleteUser',
    'lambda:CreateFunction',
    'rds:CreateDBInstance',
    'kms:ScheduleKeyDeletion',
  ];
  return Array.from({ length: 40 }, (_, i) => ({
    Sid: `Custom${i}`,
    Effect: 'Deny' as const,
    Action: [actions[i % 10], actions[(i + 3) % 10]],
    Resource: '*',
    Condition: {
      StringNotEquals: { 'aws:PrincipalTag/team': `team-${i}` },
      ArnNotLike: { 'aws:PrincipalArn': [`arn:aws:iam::*:role/pipeline-${i}`, 'arn:aws:iam::*:role/BreakGlass'] },
    },
  }));
}

describe('merging statements', () => {
  it('drops duplicates and merges Action lists of otherwise identical statements', () => {
    const a: PolicyStatement = { Sid: 'A', Effect: 'Deny', Action: 'cloudtrail:StopLogging', Resource: '*' };
    const b: PolicyStatement = { Sid: 'B', Effect: 'Deny', Action: ['cloudtrail:DeleteTrail', 'cloudtrail:StopLogging'], Resource: '*' };
    const c: PolicyStatement = { Sid: 'C', Effect: 'Deny', Action: 'cloudtrail:DeleteTrail', Resource: 'arn:aws:cloudtrail:*:*:trail/x' };
    const out = mergeStatements([sourced(a, 'one'), sourced(b, 'two'), sourced({ ...a, Sid: 'Again' }, 'three'), sourced(c)]);
    expect(out.map((s) => s.statement)).toEqual([
      { Sid: 'AB', Effect: 'Deny', Action: ['cloudtrail:StopLogging', 'cloudtrail:DeleteTrail'], Resource: '*' },
      c,
    ]);
    expect(out[0].origins.map((o) => o.source)).toEqual(['one', 'three', 'two']);
  });

  it('never merges NotAction statements (the union would deny less)', () => {
    const a: PolicyStatement = { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' };
    const b: PolicyStatement = { Effect: 'Deny', NotAction: 's3:*', Resource: '*' };
    expect(mergeStatements([sourced(a), sourced(b)])).toHaveLength(2);
  });

  it('keeps meaning: merged and unmerged policies decide every request alike', async () => {
    const analysis = await analyze(exampleText(), 'example.yaml');
    const unmergedPlan = structuredClone(analysis.scps);
    // Rebuild each policy with one statement per original source statement.
    for (const t of unmergedPlan.targets.values()) {
      t.policies = t.policies.map((p) => ({
        ...p,
        document: { ...p.document, Statement: p.origins.length && p.origins[0].length ? p.origins.flat().map((o) => o.statement) : p.document.Statement },
        origins: p.origins.flat().map((o) => [o]),
      }));
    }
    const merged = createSimulator(analysis.scps, analysis.loaded.index, 'o-a1b2c3d4e5');
    const unmerged = createSimulator(unmergedPlan, analysis.loaded.index, 'o-a1b2c3d4e5');
    const actions = [
      'cloudtrail:StopLogging',
      'guardduty:DeleteDetector',
      'kms:DisableKeyRotation',
      'ec2:RunInstances',
      's3:GetObject',
      'iam:PutRolePolicy',
      'organizations:LeaveOrganization',
      'config:StopConfigurationRecorder',
      'iam:UpdateAccountPasswordPolicy',
    ];
    const principals = ['root', 'role/Developer', 'role/BreakGlassAdmin', 'role/stacksets-exec-1234', 'role/platform-pipeline'];
    let compared = 0;
    for (const account of analysis.loaded.index.accounts.keys())
      for (const action of actions)
        for (const principal of principals)
          for (const region of ['us-east-1', 'ap-south-1']) {
            const req = { account, action, principal, region, resource: action.startsWith('iam:') ? 'arn:aws:iam::555555555555:role/platform-x' : '*' };
            expect(merged.simulate(req).decision, JSON.stringify(req)).toBe(unmerged.simulate(req).decision);
            compared++;
          }
    expect(compared).toBeGreaterThan(500);
  });
});

describe('packing', () => {
  it('packs 40 custom statements into the fewest documents under the limit, deterministically', async () => {
    const spec = baseSpec({ guardrails: [{ scp: 'forty', on: ['Workloads/Prod'], statements: fortyStatements() }] });
    const a = await analyze(spec);
    const policies = a.scps.targets.get('Workloads/Prod')!.policies.filter((p) => !p.awsManaged);
    const total = fortyStatements().reduce((n, s) => n + JSON.stringify(s).length, 0);
    expect(policies.length).toBe(Math.ceil(total / 10240));
    for (const p of policies) {
      expect(p.size).toBeLessThanOrEqual(10240);
      expect(p.size).toBe(documentSize(p.document));
      expect(new Set(p.document.Statement.map((s) => s.Sid)).size).toBe(p.document.Statement.length);
    }
    expect(policies.flatMap((p) => p.document.Statement)).toHaveLength(40);
    // A re-plan of the same spec is byte-identical.
    const again = (await analyze(spec)).scps.targets.get('Workloads/Prod')!.policies.filter((p) => !p.awsManaged);
    expect(again.map((p) => [p.name, JSON.stringify(p.document)])).toEqual(policies.map((p) => [p.name, JSON.stringify(p.document)]));
  });

  it('a spec that cannot fit names the target, the figures and what to drop', async () => {
    const spec = baseSpec({
      organization: { ...baseSpec().organization, limits: { scpsPerTarget: 3 } },
      guardrails: [
        {
          scp: 'too-many',
          on: ['Workloads'],
          statements: [
            ...fortyStatements(),
            ...fortyStatements().map((s) => ({ ...s, Sid: `${s.Sid}b`, Condition: { ...s.Condition, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })),
          ],
        },
      ],
    });
    const out = await analysisProblems(spec);
    expect(out.join('\n')).toMatch(
      /Workloads: needs \d+ SCPs \(\d+ of \d+ characters \+ FullAWSAccess\) but only 3 can be attached \(3 per target\) \(largest: custom SCP too-many \(\d+ characters\); move one to a parent OU or drop it\)/,
    );
  });

  it("counts reserved slots (e.g. Control Tower's own SCPs) and allows raised limits", async () => {
    const statements = fortyStatements();
    const guardrails = [{ scp: 'forty', on: ['Workloads'], statements }];
    const reserved = baseSpec({ guardrails });
    reserved.organization.reservedScpSlots = 8;
    expect((await analysisProblems(reserved)).join('\n')).toMatch(/Workloads: needs 3 SCPs .* but only 2 can be attached \(10 per target, 8 reserved\)/);
    const raised = baseSpec({ guardrails });
    raised.organization.limits = { scpSize: 30000 };
    const policies = (await analyze(raised)).scps.targets.get('Workloads')!.policies;
    expect(policies.filter((p) => !p.awsManaged)).toHaveLength(1);
  });

  it('a single statement over the size limit is reported at its line', async () => {
    const huge = { Effect: 'Deny', Action: 's3:GetObject', Resource: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-with-a-long-name-${i}/*`) };
    const out = await analysisProblems(baseSpec({ guardrails: [{ scp: 'huge', on: ['Root'], statements: [huge] }] }));
    expect(out.join('\n')).toMatch(/spec\.yaml:\d+:\d+: Root: a statement of scp:huge is \d+ characters; one SCP holds at most 10240/);
  });

  it('RCPs pack within their own quotas: 5,120 characters and 5 per target, RCPFullAWSAccess counted', async () => {
    const statements = [
      ...fortyStatements(),
      ...fortyStatements().map((st) => ({ ...st, Sid: `${st.Sid}b`, Condition: { ...st.Condition, StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })),
    ].map((st) => ({ ...st, Principal: '*', Action: ['s3:GetObject', 'kms:Decrypt'] }));
    const spec = baseSpec({ guardrails: [{ rcp: 'many', on: ['Workloads'], statements }] });
    const out = (await analysisProblems(spec)).join('\n');
    expect(out).toMatch(/Workloads: needs \d+ RCPs \(\d+ of \d+ characters \+ RCPFullAWSAccess\) but only 5 can be attached \(5 per target\)/);
    const raised = baseSpec({ ...spec, organization: { ...spec.organization, limits: { rcpSize: 10240, rcpsPerTarget: 10 } } });
    const rcps = (await analyze(raised)).rcps.targets.get('Workloads')!.policies;
    expect(rcps[0]).toMatchObject({ name: 'RCPFullAWSAccess', awsManaged: true });
    for (const p of rcps.slice(1)) {
      expect(p.name).toMatch(/^guardrails-rcp-Workloads-\d$/);
      expect(p.size).toBeLessThanOrEqual(10240);
    }
  });

  it('an allow-list target without any Allow is refused', async () => {
    const spec = baseSpec({ guardrails: [{ use: 'deny-leave-organization', on: ['Workloads'] }] });
    spec.organization.units[1].fullAwsAccess = false;
    expect((await analysisProblems(spec)).join('\n')).toMatch(/Workloads: fullAwsAccess is false but no SCP on it allows anything/);
  });

  it('measures size in characters of the minified JSON as sent, as AWS counts it (not UTF-8 bytes)', () => {
    const { documents } = packStatements([sourced({ Sid: 'X', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bücket/😀*' })], 10240);
    const sent = JSON.stringify(documents[0].document);
    // "ü" is 2 UTF-8 bytes and "😀" 4 bytes (2 UTF-16 units); each is one character.
    expect(documents[0].size).toBe([...sent].length);
    expect(documents[0].size).toBe(Buffer.byteLength(sent, 'utf8') - 1 - 3);
  });

  it('fills a document to exactly 10,240 characters of multi-byte text, which a byte count would have split', () => {
    // Statements of non-ASCII text: in bytes they would need two documents, in characters they fit one.
    const base = { Effect: 'Deny' as const, Action: 's3:GetObject' };
    const one = (sid: string, n: number): PolicyStatement => ({ Sid: sid, ...base, Resource: `arn:aws:s3:::b/${'é'.repeat(n)}` });
    const a = one('A', 5000);
    const fixed = documentSize({ Version: '2012-10-17', Statement: [a, one('B', 0)] });
    const b = one('B', 10240 - fixed);
    const { documents } = packStatements([sourced(a), sourced(b)], 10240);
    expect(documents).toHaveLength(1);
    expect(documents[0].size).toBe(10240);
    expect(Buffer.byteLength(JSON.stringify(documents[0].document), 'utf8')).toBeGreaterThan(10240);
  });

  it('counts the characters of Sids renamed apart while packing: two custom SCPs on one target reusing a Sid stay within the limit', async () => {
    // Two statements whose sizes sum to exactly the limit when both keep Sid "Deny": the second must become
    // "Deny2" in a shared document, one character more, so they cannot share one and must be split.
    const statement = (n: number): PolicyStatement => ({ Sid: 'Deny', Effect: 'Deny', Action: 's3:GetObject', Resource: `arn:aws:s3:::${'a'.repeat(n)}/*` });
    const first = statement(4000);
    const withBoth = (n: number) => documentSize({ Version: '2012-10-17', Statement: [first, statement(n)] });
    const second = statement(4000 + (10240 - withBoth(4000)));
    expect(documentSize({ Version: '2012-10-17', Statement: [first, second] })).toBe(10240);
    const spec = baseSpec({
      guardrails: [
        { scp: 'first', on: ['Workloads'], statements: [first] },
        { scp: 'second', on: ['Workloads'], statements: [second] },
      ],
    });
    const policies = (await analyze(spec)).scps.targets.get('Workloads')!.policies.filter((p) => !p.awsManaged);
    for (const p of policies) {
      expect(p.size).toBeLessThanOrEqual(10240);
      expect(p.size).toBe(documentSize(p.document));
      expect(new Set(p.document.Statement.map((s) => s.Sid)).size).toBe(p.document.Statement.length);
    }
    expect(policies).toHaveLength(2);
    // One character of headroom more and they share a document, the second renamed.
    const roomy = baseSpec({ ...spec, organization: { ...spec.organization, limits: { scpSize: 10241 } } });
    const shared = (await analyze(roomy)).scps.targets.get('Workloads')!.policies.filter((p) => !p.awsManaged);
    expect(shared).toHaveLength(1);
    expect(shared[0].size).toBe(10241);
    expect(shared[0].document.Statement.map((s) => s.Sid).sort()).toEqual(['Deny', 'Deny2']);
  });

  it('is deterministic across runs of the same spec', () => {
    const run = () => {
      const r = parseSpec('example.yaml', exampleText());
      if (!r.ok) throw new Error('invalid');
      return [...compileScps(r.loaded).plan.targets.values()].flatMap((t) => t.policies.map((p) => `${p.name}:${JSON.stringify(p.document)}`));
    };
    expect(run()).toEqual(run());
  });
});

describe('yaml helper', () => {
  it('round-trips specs', () => expect(yamlOf({ a: 1 })).toBe('a: 1\n'));
});
