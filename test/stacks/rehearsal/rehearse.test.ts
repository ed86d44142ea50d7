/** The deployment rehearsal on the example spec: clean, and failing as soon as any dependency or exemption the deployment needs is removed. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/deployment/analyze.ts';
import type { PolicyStatement } from '../../../src/iam/policy.ts';
import { automationRolePatterns } from '../../../src/model/names.ts';
import { previewDeployment, type PlanResource } from '../../../stacks/preview.ts';
import { rehearse } from '../../../stacks/rehearsal/rehearse.ts';
import { analyze, exampleText } from '../../helpers.ts';

let analysis: Analysis;
let resources: PlanResource[];
const SEEDS = [0, 1, 2, 3];

beforeAll(async () => {
  analysis = await analyze(exampleText(), 'example.yaml');
  resources = await previewDeployment(analysis, { bundle: async (id) => id });
}, 60_000);

/** The plan with `from` no longer ordered after `to`: the edge is cut wherever a path from `from` reaches `to`. */
function without(from: string, to: string): PlanResource[] {
  const byName = new Map(resources.map((r) => [r.name, r]));
  const upstream = new Set<string>();
  const visit = (name: string) => {
    if (upstream.has(name)) return;
    upstream.add(name);
    for (const d of byName.get(name)?.dependsOn ?? []) if (d !== to) visit(d);
  };
  visit(from);
  return resources.map((r) => (upstream.has(r.name) ? { ...r, dependsOn: r.dependsOn.filter((d) => d !== to) } : r));
}

/** Every ordering the program adds for AWS's sake, with the rule that fails without it. */
const NEEDED: [from: string, to: string, rule: string][] = [
  ['scp:guardrails-Root-1@Root', 'policy-type:SERVICE_CONTROL_POLICY', 'organizations:policy-type-enabled'],
  ['scp:guardrails-prod-data-1@prod-data', 'policy-type:SERVICE_CONTROL_POLICY', 'organizations:policy-type-enabled'],
  ['config-rules-lambda-policy', 'config-rules-lambda-role', 'iam:role-exists'],
  ['full-aws-access-detached@Sandbox', 'scp:guardrails-Sandbox-1@Sandbox', 'organizations:keep-one-scp'],
  ['delegated:config.amazonaws.com', 'trusted-access:config.amazonaws.com', 'organizations:trusted-access-before-delegation'],
  [
    'delegated:config-multiaccountsetup.amazonaws.com',
    'trusted-access:config-multiaccountsetup.amazonaws.com',
    'organizations:trusted-access-before-delegation',
  ],
  ['account-baseline', 'trusted-access:stacksets', 'cloudformation:organizations-access'],
  ['account-baseline', 'config-bucket-policy', 'config:bucket-admits-delivery'],
  ['account-baseline', 'config-rules-lambda-role', 'iam:trusted-principal-exists'],
  ['organization-trail', 'trusted-access:cloudtrail.amazonaws.com', 'cloudtrail:trusted-access'],
  ['organization-trail', 'trail-bucket-policy', 'cloudtrail:bucket-policy'],
  ['organization-trail', 'trail-key', 'cloudtrail:key-policy'],
  ['organization-trail', 'trail-logs-delivery', 'cloudtrail:logs-role-policy'],
  ['guardrails-protect-cloudtrail@us-east-1', 'account-baseline@us-east-1', 'config:recorder-before-organization-rule'],
  ['guardrails-security-group-admin-ports@eu-west-1', 'account-baseline@eu-west-1', 'config:recorder-before-organization-rule'],
  ['guardrails-protect-cloudtrail@us-east-1', 'delegated:config-multiaccountsetup.amazonaws.com', 'config:organization-rule-administrator'],
  ['guardrails-security-group-admin-ports@eu-west-1', 'guardrails-security-group-admin-ports@eu-west-1-invoke@444444444444', 'config:function-admits-config'],
  ['aggregator', 'delegated:config.amazonaws.com', 'config:aggregator-administrator'],
  ['guardduty-organization@us-east-1', 'guardduty-admin@us-east-1', 'guardduty:delegated-administrator'],
  ['trail-bucket-policy', 'trail-bucket-object-lock', 's3:one-configuration-at-a-time'],
  ['config-bucket-versioning', 'config-bucket', 's3:bucket-exists'],
];

describe('deployment rehearsal', () => {
  it('the example spec rehearses clean in every seeded order', () => {
    expect(rehearse(analysis, resources, SEEDS)).toEqual({ seeds: SEEDS, problems: [] });
  });

  it.each(NEEDED)('removing %s → %s fails with %s', (from, to, rule) => {
    expect(resources.find((r) => r.name === from)?.dependsOn, `${from} depends on ${to}`).toContain(to);
    const { problems } = rehearse(analysis, without(from, to), SEEDS);
    expect(problems.map((p) => p.rule)).toContain(rule);
  });

  it('the baseline template is checked in every account and region: a delivery channel before its recorder fails', () => {
    const stackSet = resources.find((r) => r.type === 'aws:cloudformation/stackSet:StackSet')!;
    const template = JSON.parse(stackSet.inputs.templateBody as string);
    delete template.Resources.DeliveryChannel.DependsOn;
    const mutated = resources.map((r) =>
      r.type.startsWith('aws:cloudformation/') && r.inputs.templateBody ? { ...r, inputs: { ...r.inputs, templateBody: JSON.stringify(template) } } : r,
    );
    const problems = rehearse(analysis, mutated, SEEDS).problems.filter((p) => p.rule === 'config:recorder-before-channel');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].resource).toMatch(/→ DeliveryChannel in [\w-]+\/[\w-]+$/);
  });

  // Removing one automation role from every exemption (and from the allow-list's Allow) must lock the deployment out somewhere.
  it.each(automationRolePatterns())('without the exemption for %s the lockout proof fails', (pattern) => {
    const strip = (s: PolicyStatement): PolicyStatement => {
      const condition = structuredClone(s.Condition ?? {});
      for (const op of ['ArnNotLike', 'ArnLike']) {
        const values = condition[op]?.['aws:PrincipalArn'];
        if (values === undefined) continue;
        condition[op]['aws:PrincipalArn'] = [values].flat().filter((v) => v !== pattern) as string[];
      }
      return { ...s, Condition: condition };
    };
    const scps = {
      ...analysis.scps,
      targets: new Map(
        [...analysis.scps.targets].map(([k, t]) => [
          k,
          { ...t, policies: t.policies.map((p) => (p.awsManaged ? p : { ...p, document: { ...p.document, Statement: p.document.Statement.map(strip) } })) },
        ]),
      ),
    };
    const problems = rehearse({ ...analysis, scps }, resources, [0]).problems.filter((p) => p.rule === 'scp:self-lockout');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].message).toMatch(/^role\/\S+ \(.+\) may not call \w+:\w+ in [\w-]+ \([\w-]+\): (explicit|implicit)-deny by /);
    expect(problems[0].at).toMatch(/^example\.yaml:\d+:\d+$/);
  });
});

describe('specs whose guardrails would block the baseline are rejected', () => {
  it('an account-level region restriction without the exemption names the blocked call, the account, the region and the spec line', async () => {
    const text = exampleText().replace(
      '\nlogging:',
      `
  - scp: prod-data-eu-only
    on: [prod-data]
    statements:
      - Sid: DenyOutsideEu
        Effect: Deny
        NotAction: [iam:*, sts:*, organizations:*]
        Resource: "*"
        Condition: { StringNotEquals: { aws:RequestedRegion: [eu-west-1] } }

logging:`,
    );
    const a = await analyze(text, 'blocked.yaml');
    const r = await previewDeployment(a, { bundle: async (id) => id });
    const problems = rehearse(a, r, [0]).problems.filter((p) => p.rule === 'scp:self-lockout');
    const recorder = problems.find((p) => p.message.includes('config:PutConfigurationRecorder'));
    expect(recorder?.message).toMatch(
      /role\/stacksets-exec-\w+ \(baseline ConfigurationRecorder\) may not call config:PutConfigurationRecorder in prod-data \(us-(east-1|west-2)\): explicit-deny by scp:prod-data-eu-only/,
    );
    expect(recorder?.at).toMatch(/^blocked\.yaml:\d+:\d+$/);
  }, 60_000);
});

describe('next to Control Tower', () => {
  it('an OU whose accounts already record uses their recorder: its StackSet instances pass ConfigRecorder=existing, and the rehearsal accepts it', async () => {
    const text = exampleText().replace('  failureTolerancePercentage: 10', '  failureTolerancePercentage: 10\n  configRecorderByUnit: { Workloads: existing }');
    const a = await analyze(text, 'ct.yaml');
    const r = await previewDeployment(a, { bundle: async (id) => id });
    const existing = r.filter((x) => x.name.startsWith('account-baseline-existing-recorder@'));
    expect(existing.map((x) => x.inputs.parameterOverrides)).toEqual([
      { ConfigRecorder: 'existing' },
      { ConfigRecorder: 'existing' },
      { ConfigRecorder: 'existing' },
    ]);
    expect((existing[0].inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds).toEqual(['Workloads']);
    expect(rehearse(a, r, [0, 1]).problems).toEqual([]);
    // Told to create a recorder where one exists, the rehearsal refuses: AWS allows one per account and region.
    const created = r.map((x) =>
      x.name.startsWith('account-baseline-existing-recorder@') ? { ...x, inputs: { ...x.inputs, parameterOverrides: { ConfigRecorder: 'create' } } } : x,
    );
    expect(rehearse(a, created, [0]).problems.map((p) => p.rule)).toContain('config:one-recorder');
  }, 60_000);

  it('an unknown OU in configRecorderByUnit is a positioned error', async () => {
    const { analysisProblems } = await import('../../helpers.ts');
    const text = exampleText().replace('  failureTolerancePercentage: 10', '  failureTolerancePercentage: 10\n  configRecorderByUnit: { Workload: existing }');
    expect(await analysisProblems(text, 'ct.yaml')).toContainEqual(
      expect.stringMatching(/^ct\.yaml:\d+:\d+: "Workload" is not a top-level OU \(did you mean "Workloads"\?\)$/),
    );
  });
});
