/** The deployment rehearsal on the example spec: clean, and failing as soon as any dependency or exemption the deployment needs is removed. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/deployment/analyze.ts';
import type { PolicyStatement } from '../../../src/iam/policy.ts';
import { automationRolePatterns } from '../../../src/model/names.ts';
import { previewDeployment, type PlanResource } from '../../../stacks/preview.ts';
import { rehearse } from '../../../stacks/rehearsal/rehearse.ts';
import { analyze, exampleText, exampleWithProdDataEuOnly } from '../../helpers.ts';

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
  ['guardrails-protect-cloudtrail@us-east-1', 'account-baseline:Workloads@us-east-1', 'config:recorder-before-organization-rule'],
  ['guardrails-security-group-admin-ports@eu-west-1', 'account-baseline:Sandbox@eu-west-1', 'config:recorder-before-organization-rule'],
  ['guardrails-protect-cloudtrail@us-east-1', 'delegated:config-multiaccountsetup.amazonaws.com', 'config:organization-rule-administrator'],
  ['guardrails-security-group-admin-ports@eu-west-1', 'guardrails-security-group-admin-ports@eu-west-1-invoke@444444444444', 'config:function-admits-config'],
  ['aggregator', 'delegated:config.amazonaws.com', 'config:aggregator-administrator'],
  ['guardduty-organization@us-east-1', 'guardduty-admin@us-east-1', 'guardduty:delegated-administrator'],
  ['trail-bucket-policy', 'trail-bucket-object-lock', 's3:one-configuration-at-a-time'],
  ['config-bucket-versioning', 'config-bucket', 's3:bucket-exists'],
];

describe('deployment rehearsal', () => {
  it('the example spec rehearses clean in every seeded order', () => {
    expect(rehearse(analysis, resources, SEEDS)).toEqual({ seeds: SEEDS, problems: [], notes: [] });
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
    const text = exampleWithProdDataEuOnly();
    const a = await analyze(text, 'blocked.yaml');
    const r = await previewDeployment(a, { bundle: async (id) => id });
    const problems = rehearse(a, r, [0]).problems.filter((p) => p.rule === 'scp:self-lockout');
    const recorder = problems.find((p) => p.message.includes('config:PutConfigurationRecorder'));
    expect(recorder?.message).toMatch(
      /role\/stacksets-exec-\w+ \(baseline ConfigurationRecorder\) may not call config:PutConfigurationRecorder in prod-data \(us-(east-1|west-2)\): explicit-deny by scp:prod-data-eu-only/,
    );
    expect(recorder?.at).toMatch(/^blocked\.yaml:\d+:\d+$/);
  }, 60_000);

  it("an SCP on the audit account that denies the rule functions' own role its log writes is named: the functions run there", async () => {
    const deny = [
      '  - scp: audit-no-logs',
      '    on: [audit]',
      '    statements:',
      '      - { Sid: NoLogs, Effect: Deny, Action: logs:PutLogEvents, Resource: "*" }',
      '',
      'logging:',
    ].join('\n');
    const a = await analyze(exampleText().replace('\nlogging:', `\n${deny}`), 'audit.yaml');
    const r = await previewDeployment(a, { bundle: async (id) => id });
    const problems = rehearse(a, r, [0]).problems.filter((p) => p.rule === 'scp:self-lockout');
    expect(problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /^role\/guardrails-config-rules-lambda \(custom Config rule Lambdas\) may not call logs:PutLogEvents in audit \([\w-]+\): explicit-deny by scp:audit-no-logs/,
      ),
    );
  }, 60_000);
});

describe('next to Control Tower', () => {
  it('an OU whose accounts already record uses their recorder: its StackSet instances pass ConfigRecorder=existing, and the rehearsal accepts it', async () => {
    const text = exampleText().replace('  failureTolerancePercentage: 10', '  failureTolerancePercentage: 10\n  configRecorderByUnit: { Workloads: existing }');
    const a = await analyze(text, 'ct.yaml');
    const r = await previewDeployment(a, { bundle: async (id) => id });
    const existing = r.filter((x) => x.name.startsWith('account-baseline:Workloads@'));
    expect(existing.map((x) => x.inputs.parameterOverrides)).toEqual([
      { ConfigRecorder: 'existing' },
      { ConfigRecorder: 'existing' },
      { ConfigRecorder: 'existing' },
    ]);
    expect((existing[0].inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds).toEqual(['Workloads']);
    expect(rehearse(a, r, [0, 1]).problems).toEqual([]);
    // Told to create a recorder where one exists, the rehearsal refuses: AWS allows one per account and region.
    const created = r.map((x) =>
      x.name.startsWith('account-baseline:Workloads@') ? { ...x, inputs: { ...x.inputs, parameterOverrides: { ConfigRecorder: 'create' } } } : x,
    );
    expect(rehearse(a, created, [0]).problems.map((p) => p.rule)).toContain('config:one-recorder');
  }, 60_000);

  it("each recorder mode has its own StackSet whose own ConfigRecorder is that mode: automatic deployment gives a joining account the StackSet's value", async () => {
    const text = exampleText().replace('  failureTolerancePercentage: 10', '  failureTolerancePercentage: 10\n  configRecorderByUnit: { Workloads: existing }');
    const a = await analyze(text, 'ct.yaml');
    const r = await previewDeployment(a, { bundle: async (id) => id });
    const stackSets = r.filter((x) => x.type === 'aws:cloudformation/stackSet:StackSet');
    expect(stackSets.map((x) => [x.name, x.inputs.name, x.inputs.parameters])).toEqual([
      ['account-baseline', 'guardrails-account-baseline', { ConfigRecorder: 'create' }],
      ['account-baseline-existing-recorder', 'guardrails-account-baseline-existing-recorder', { ConfigRecorder: 'existing' }],
    ]);
    const instances = r.filter((x) => x.type === 'aws:cloudformation/stackSetInstance:StackSetInstance');
    for (const i of instances)
      expect(i.inputs.stackSetName, i.name).toBe(
        i.name.startsWith('account-baseline:Workloads@') ? 'guardrails-account-baseline-existing-recorder' : 'guardrails-account-baseline',
      );
    // One StackSet whose instances override the mode (what the program did before) would give a vended Workloads account a second recorder.
    const overridden = r
      .filter((x) => x.name !== 'account-baseline-existing-recorder')
      .map((x) =>
        x.type.endsWith('StackSetInstance')
          ? {
              ...x,
              inputs: { ...x.inputs, stackSetName: 'guardrails-account-baseline' },
              dependsOn: x.dependsOn.map((d) => (d === 'account-baseline-existing-recorder' ? 'account-baseline' : d)),
            }
          : x,
      );
    const problems = rehearse(a, overridden, [0]).problems.filter((p) => p.rule === 'cloudformation:auto-deployment-uses-stackset-values');
    expect(problems.map((p) => p.resource).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2'].map((g) => `account-baseline:Workloads@${g}`));
    expect(problems[0].message).toBe(
      "overrides ConfigRecorder=existing, but an account that joins its targets later is deployed automatically with the StackSet's ConfigRecorder=create",
    );
  }, 60_000);

  it('an unknown OU in configRecorderByUnit is a positioned error', async () => {
    const { analysisProblems } = await import('../../helpers.ts');
    const text = exampleText().replace('  failureTolerancePercentage: 10', '  failureTolerancePercentage: 10\n  configRecorderByUnit: { Workload: existing }');
    expect(await analysisProblems(text, 'ct.yaml')).toContainEqual(
      expect.stringMatching(/^ct\.yaml:\d+:\d+: "Workload" is not a top-level OU \(did you mean "Workloads"\?\)$/),
    );
  });
});

/** The example with lines added under a key it has (the key line is kept). */
const exampleWith = (after: string, lines: string) => {
  const text = exampleText();
  expect(text).toContain(after);
  return text.replace(after, `${after}\n${lines}`);
};
const planOf = async (text: string, file = 'adopt.yaml') => {
  const a = await analyze(text, file);
  return { a, r: await previewDeployment(a, { bundle: async (id) => id }) };
};

describe('adopting what exists', () => {
  it('an existing organization trail is used: no second trail, bucket, key or log group, and the rehearsal refuses a second one', async () => {
    const { a, r } = await planOf(exampleWith('    name: organization-trail', '    organizationTrail: existing'));
    expect(r.filter((x) => /^(organization-trail|trail-)/.test(x.name)).map((x) => x.name)).toEqual([]);
    expect(r.filter((x) => x.type === 'aws:cloudtrail/trail:Trail')).toEqual([]);
    expect(resources.filter((x) => /^(organization-trail|trail-)/.test(x.name)).length).toBeGreaterThan(10);
    expect(r.map((x) => x.name)).toContain('config-bucket-policy');
    const clean = rehearse(a, r, [0, 1]);
    expect(clean.problems).toEqual([]);
    // The trail's settings in the spec are not applied to a trail the deployment does not own: the plan says so.
    expect(clean.notes.map((n) => n.rule)).toEqual(['cloudtrail:existing-trail-as-is']);
    // The program of a spec that creates the trail, where one exists: AWS would allow it (5 per Region), the spec said not to.
    const problems = rehearse(a, resources, [0]).problems.filter((p) => p.rule === 'cloudtrail:one-organization-trail');
    expect(problems.map((p) => p.message)).toEqual(['a trail named organization-trail already exists (TrailAlreadyExistsException)']);
  }, 60_000);

  it('delegated administrators already registered to the audit account are adopted (imported), never registered again', async () => {
    const { a, r } = await planOf(
      exampleWith(
        '  auditAccount: audit',
        '  delegatedAdministrators:\n' +
          '    config.amazonaws.com: [audit]\n    config-multiaccountsetup.amazonaws.com: [audit]\n    guardduty.amazonaws.com: [audit]',
      ),
    );
    const importOf = (name: string) => r.find((x) => x.name === name)?.importId;
    expect(importOf('delegated:config.amazonaws.com')).toBe('333333333333/config.amazonaws.com');
    expect(importOf('delegated:config-multiaccountsetup.amazonaws.com')).toBe('333333333333/config-multiaccountsetup.amazonaws.com');
    expect(['us-east-1', 'us-west-2', 'eu-west-1'].map((g) => importOf(`guardduty-admin@${g}`))).toEqual(['333333333333', '333333333333', '333333333333']);
    // Clean; the plan says GuardDuty's administrator is taken as designated in every allowed region.
    expect(rehearse(a, r, SEEDS)).toEqual({
      seeds: SEEDS,
      problems: [],
      notes: [expect.objectContaining({ rule: 'guardduty:administrator-per-region', at: expect.stringMatching(/:\d+:\d+$/) })],
    });
    // Today's program (no imports) against that organization: Organizations and GuardDuty refuse, or would be asked twice.
    const rules = rehearse(a, resources, [0]).problems.map((p) => p.rule);
    expect(rules).toContain('organizations:already-registered');
    expect(rules).toContain('guardduty:adopt-administrator');
  }, 60_000);

  it('GuardDuty administered by another account: the plan says to remove it or make that account the audit account', async () => {
    const { a, r } = await planOf(exampleWith('  auditAccount: audit', '  delegatedAdministrators:\n    guardduty.amazonaws.com: [network]'), 'gd.yaml');
    const problems = rehearse(a, r, [0]).problems.filter((p) => p.rule === 'guardduty:one-administrator');
    expect(problems.map((p) => p.resource).sort()).toEqual(['guardduty-admin@eu-west-1', 'guardduty-admin@us-east-1', 'guardduty-admin@us-west-2']);
    expect(problems[0].message).toMatch(
      /^GuardDuty's delegated administrator in [\w-]+ is network \(444444444444\) and an organization has one: remove it first \(aws guardduty disable-organization-admin-account --admin-account-id 444444444444, in every Region\) or make network organization\.auditAccount$/,
    );
    expect(problems[0].at).toMatch(/^gd\.yaml:1[0-9]:\d+$/);
  }, 60_000);

  it('Config rules administered by three other accounts: a fourth is refused; beside one other, the plan notes it', async () => {
    const three = await planOf(
      exampleWith('  auditAccount: audit', '  delegatedAdministrators:\n    config-multiaccountsetup.amazonaws.com: [network, shared-services, log-archive]'),
    );
    const limit = rehearse(three.a, three.r, [0]).problems.filter((p) => p.rule === 'organizations:delegated-administrator-limit');
    expect(limit.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^config-multiaccountsetup\.amazonaws\.com already has network \(444444444444\), shared-services \(455555555555\), log-archive \(222222222222\) as delegated administrator and allows 3: deregister /,
      ),
    ]);
    const one = await planOf(exampleWith('  auditAccount: audit', '  delegatedAdministrators:\n    config-multiaccountsetup.amazonaws.com: [network]'));
    const rehearsal = rehearse(one.a, one.r, [0]);
    expect(rehearsal.problems).toEqual([]);
    expect(rehearsal.notes.map((n) => n.message)).toEqual([
      'audit is registered for config-multiaccountsetup.amazonaws.com beside the existing network (444444444444)',
    ]);
  }, 60_000);
});

describe('the lockout proof honours what the spec excludes', () => {
  it('a deny where the baseline is excluded is a note saying where and why; the same deny elsewhere stays an error', async () => {
    const unexcluded = await planOf(exampleWithProdDataEuOnly(), 'unexcluded.yaml');
    const text = exampleWithProdDataEuOnly().replace(
      '  failureTolerancePercentage: 10',
      '  failureTolerancePercentage: 10\n  exclude:\n    - { account: prod-data, regions: [us-east-1, us-west-2], reason: data stays in the EU }',
    );
    const { a, r } = await planOf(text, 'excluded.yaml');
    const rehearsal = rehearse(a, r, [0]);
    expect(rehearsal.problems).toEqual([]);
    expect(rehearsal.notes.filter((n) => n.rule !== 'cloudformation:auto-deployment-ignores-account-filter').map((n) => n.message)).toEqual([
      expect.stringMatching(
        /^prod-data \(us-east-1\) is skipped: baseline\.exclude \(data stays in the EU\); there role\/\S+ could not call \w+:\w+ \(explicit-deny by scp:prod-data-eu-only\)$/,
      ),
      expect.stringMatching(/^prod-data \(us-west-2\) is skipped: baseline\.exclude \(data stays in the EU\); /),
    ]);
    expect(rehearsal.notes[0].at).toMatch(/^excluded\.yaml:\d+:\d+$/);
    // Automatic deployment ignores account filters: the exclusion holds at creation only, and the plan says so.
    expect(
      rehearsal.notes
        .filter((n) => n.rule === 'cloudformation:auto-deployment-ignores-account-filter')
        .map((n) => n.message)
        .sort(),
    ).toEqual([
      'prod-data (us-east-1) is kept out of the baseline at creation only: automatic deployment ignores account filters, so moved out of its OU and back (or into another target OU) it gets the baseline there',
      'prod-data (us-west-2) is kept out of the baseline at creation only: automatic deployment ignores account filters, so moved out of its OU and back (or into another target OU) it gets the baseline there',
    ]);
    // The program leaves prod-data out there: the StackSet instance filters it, the organization Config rules exclude it.
    const instance = (g: string) => r.find((x) => x.name === `account-baseline:Workloads@${g}`)!.inputs.deploymentTargets as Record<string, unknown>;
    expect(instance('us-east-1')).toMatchObject({ accounts: ['566666666666'], accountFilterType: 'DIFFERENCE' });
    expect(instance('eu-west-1').accounts).toBeUndefined();
    const rule = r.find((x) => x.name === 'guardrails-security-group-admin-ports@us-west-2')!;
    expect(rule.inputs.excludedAccounts).toContain('566666666666');

    // Not excluded, the same deny fails, naming principal, action, account, region and guardrail.
    const notExcluded = rehearse(unexcluded.a, unexcluded.r, [0]).problems.filter((p) => p.rule === 'scp:self-lockout' && p.message.includes('(us-west-2)'));
    expect(notExcluded[0]?.message).toMatch(/^role\/\S+ \(.+\) may not call \w+:\w+ in prod-data \(us-west-2\): explicit-deny by scp:prod-data-eu-only/);
  }, 90_000);

  it('where no custom Config rule evaluates an account, the member role is not held against its guardrails; the plan says so', async () => {
    const { a, r } = await planOf(exampleWithProdDataEuOnly(), 'untargeted.yaml');
    const memberRoleDenied = (rs: typeof r) =>
      rehearse(a, rs, [0]).problems.filter((p) => p.rule === 'scp:self-lockout' && p.message.startsWith('role/guardrails-config-rules '));
    expect(memberRoleDenied(r).map((p) => p.message)).toContainEqual(
      expect.stringMatching(/ in prod-data \(us-(east-1|west-2)\): explicit-deny by scp:prod-data-eu-only/),
    );
    // The same program with every custom rule excluding prod-data outside the EU (as a rule targeting other accounts does).
    const untargeted = r.map((x) =>
      x.type === 'aws:cfg/organizationCustomRule:OrganizationCustomRule' && x.region !== 'eu-west-1'
        ? { ...x, inputs: { ...x.inputs, excludedAccounts: ['566666666666'] } }
        : x,
    );
    expect(memberRoleDenied(untargeted).map((p) => p.message)).not.toContainEqual(expect.stringMatching(/ in prod-data /));
    expect(rehearse(a, untargeted, [0]).notes.map((n) => n.message)).toContainEqual(
      expect.stringMatching(
        /^prod-data \(us-west-2\) is skipped: no custom Config rule of the spec evaluates it there \(the rules' targets\); there role\/guardrails-config-rules could not call /,
      ),
    );
  }, 90_000);
});

describe("an allow-list OU without the deployment's own Allow", () => {
  it('is rejected with the blocked call, the account, the region and the spec line of the allow-list', () => {
    const scps = {
      ...analysis.scps,
      targets: new Map(
        [...analysis.scps.targets].map(([k, t]) => [
          k,
          k !== 'Sandbox'
            ? t
            : {
                ...t,
                policies: t.policies.map((p) =>
                  p.awsManaged
                    ? p
                    : { ...p, document: { ...p.document, Statement: p.document.Statement.filter((s) => s.Sid !== 'AllowDeploymentAutomation') } },
                ),
              },
        ]),
      ),
    };
    const problems = rehearse({ ...analysis, scps }, resources, [0]).problems.filter((p) => p.rule === 'scp:self-lockout');
    const recorder = problems.find((p) => p.message.includes('config:PutConfigurationRecorder'));
    expect(recorder?.message).toMatch(
      /^role\/stacksets-exec-\w+ \(baseline ConfigurationRecorder\) may not call config:PutConfigurationRecorder in sandbox-alice \([\w-]+\): implicit-deny by /,
    );
    expect(recorder?.at).toMatch(/^example\.yaml:\d+:\d+$/);
  });
});
