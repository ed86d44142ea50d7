/** The Pulumi program under pulumi.runtime.setMocks: resources, their inputs and the accounts their providers point at. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/deployment/analyze.ts';
import type { PlanResource } from '../../stacks/preview.ts';
import { configRulesById } from '../../config-rules/rules/index.ts';
import { previewDeployment } from '../../stacks/preview.ts';
import { syntheticSpec } from '../fixtures/synthetic-spec.ts';
import { analyze, exampleText } from '../helpers.ts';
import { createSimulator } from '../../scp/simulate.ts';
import { TRUSTED_SERVICES } from '../../stacks/components/organization.ts';
import { deploymentProblems } from '../../stacks/program.ts';

let analysis: Analysis;
let resources: PlanResource[];
const ofType = (suffix: string) => resources.filter((r) => r.type.endsWith(suffix));

beforeAll(async () => {
  analysis = await analyze(exampleText(), 'example.yaml');
  resources = await previewDeployment(analysis, { bundle: async (id) => `/* bundle of ${id} */` });
}, 60_000);

describe('Pulumi program (under mocks)', () => {
  it('adopts every account that has an id, never creates one, and never touches the management account', () => {
    const accounts = ofType('organizations/account:Account');
    const expected = [...analysis.loaded.index.accounts.values()].filter((a) => a.id && !a.isManagement);
    expect(accounts.map((a) => [a.inputs.name, a.importId]).sort()).toEqual(expected.map((a) => [a.name, a.id]).sort());
    expect(accounts.every((a) => a.importId)).toBe(true);
  });

  it('creates the OUs of the spec under their parents', () => {
    const ous = ofType('organizationalUnit:OrganizationalUnit');
    expect(ous.map((o) => o.name).sort()).toEqual([...analysis.loaded.index.units.keys()].map((p) => `ou:${p}`).sort());
    expect(ous.find((o) => o.name === 'ou:Workloads/Prod')!.inputs.parentId).toBe('Workloads');
  });

  it("attaches exactly the SCP engine's documents to their targets", () => {
    const scps = (r: { name: string }) => r.name.startsWith('scp:');
    const policies = new Map(
      ofType('policy:Policy')
        .filter(scps)
        .map((p) => [p.name.replace(/^scp:/, ''), p.inputs.content]),
    );
    const attached = ofType('policyAttachment:PolicyAttachment')
      .filter(scps)
      .map((a) => a.name.replace(/^scp:/, ''))
      .sort();
    const engine = [...analysis.scps.targets.values()].flatMap((t) =>
      t.policies.filter((p) => !p.awsManaged).map((p) => ({ name: p.name, target: t.target, content: JSON.stringify(p.document) })),
    );
    expect(attached).toEqual(engine.map((e) => `${e.name}@${e.target}`).sort());
    for (const e of engine) expect(policies.get(e.name)).toBe(e.content);
    expect(ofType('guardrails:FullAwsAccessDetachment').map((d) => d.name)).toEqual(['full-aws-access-detached@Sandbox']);
  });

  it('places RCPs and EC2 declarative policies with their policy types, each type enabled additively first', () => {
    const byPrefix = (prefix: string) => ofType('policy:Policy').filter((p) => p.name.startsWith(prefix));
    const rcps = [...analysis.rcps.targets.values()].flatMap((t) => t.policies.filter((p) => !p.awsManaged));
    expect(byPrefix('rcp:').map((p) => [p.inputs.name, p.inputs.type, p.inputs.content])).toEqual(
      rcps.map((p) => [p.name, 'RESOURCE_CONTROL_POLICY', JSON.stringify(p.document)]),
    );
    const declarative = [...analysis.declarative.targets.values()];
    expect(byPrefix('declarative:').map((p) => [p.inputs.name, p.inputs.type, JSON.parse(String(p.inputs.content))])).toEqual(
      declarative.map((p) => [p.name, 'DECLARATIVE_POLICY_EC2', p.document]),
    );
    // RCPFullAWSAccess cannot be detached: nothing touches it.
    expect(
      ofType('policyAttachment:PolicyAttachment')
        .filter((a) => a.name.startsWith('rcp:'))
        .map((a) => a.name),
    ).toEqual([...analysis.rcps.targets.values()].flatMap((t) => t.policies.filter((p) => !p.awsManaged).map((p) => `rcp:${p.name}@${t.target}`)));
    // Each type the spec's policies need is enabled on the root, additively (never by listing them on the organization).
    expect(
      ofType('guardrails:OrganizationSetting')
        .map((e) => e.inputs.setting as { kind: string; policyType?: string })
        .filter((s) => s.kind === 'policy-type')
        .map((s) => s.policyType)
        .sort(),
    ).toEqual(['DECLARATIVE_POLICY_EC2', 'RESOURCE_CONTROL_POLICY', 'SERVICE_CONTROL_POLICY']);
  });

  it('the organization trail is organization-wide, multi-region, validated and KMS-encrypted, in the management account', () => {
    const [trail] = ofType('cloudtrail/trail:Trail');
    expect(trail).toMatchObject({ account: 'management', region: 'us-east-1' });
    expect(trail.inputs).toMatchObject({
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      enableLogFileValidation: true,
      includeGlobalServiceEvents: true,
      s3BucketName: 'guardrails-cloudtrail-222222222222-us-east-1',
    });
    expect(trail.inputs.kmsKeyId).toMatch(/trail-key/);
    expect(trail.inputs.advancedEventSelectors).toContainEqual({
      name: 's3 data events (write)',
      fieldSelectors: [
        { field: 'eventCategory', equals: ['Data'] },
        { field: 'resources.type', equals: ['AWS::S3::Object'] },
        { field: 'readOnly', equals: ['false'] },
      ],
    });
    const bucket = ofType('s3/bucket:Bucket').find((b) => b.inputs.bucket === 'guardrails-cloudtrail-222222222222-us-east-1')!;
    expect(bucket).toMatchObject({ account: 'log-archive', inputs: { objectLockEnabled: true } });
    expect(ofType('kms/key:Key').find((k) => k.name === 'trail-key')).toMatchObject({ account: 'log-archive', inputs: { enableKeyRotation: true } });
    expect(ofType('BucketPublicAccessBlock').every((b) => b.inputs.blockPublicAcls && b.inputs.restrictPublicBuckets)).toBe(true);
  });

  it('every OU holding accounts is covered by the baseline StackSet in every allowed region, with auto-deployment', () => {
    const [stackSet] = ofType('stackSet:StackSet');
    expect(stackSet.inputs).toMatchObject({
      permissionModel: 'SERVICE_MANAGED',
      autoDeployment: { enabled: true },
    });
    const instances = ofType('stackSetInstance:StackSetInstance');
    // Counts of the accounts under the targets (CloudFormation would round 10 % of these OUs down to 0), never the deprecated region input.
    const members = [...analysis.loaded.index.accounts.values()].filter((a) => a.id && !a.isManagement).length;
    expect(stackSet.inputs.operationPreferences).toEqual({
      failureToleranceCount: 1,
      maxConcurrentCount: Math.max(1, Math.floor(members / 4)),
      regionConcurrencyType: 'PARALLEL',
    });
    for (const i of instances) expect(i.inputs).not.toHaveProperty('region');
    expect(instances.every((i) => (i.inputs.operationPreferences as { failureToleranceCount: number }).failureToleranceCount === 1)).toBe(true);
    // One instance per top-level OU and Region, each targeting that OU alone: a new OU is a new instance.
    const targets = (i: (typeof instances)[number]) => (i.inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds;
    for (const i of instances) expect(i.name).toBe(`account-baseline:${targets(i)[0]}@${i.inputs.stackSetInstanceRegion}`);
    for (const account of analysis.loaded.index.accounts.values()) {
      if (account.isManagement) continue;
      const top = account.parent.split('/')[0];
      for (const region of analysis.loaded.spec.organization.allowedRegions)
        expect(
          instances.filter((i) => i.inputs.stackSetInstanceRegion === region && targets(i).includes(top)),
          `${account.name} in ${region}`,
        ).toHaveLength(1);
    }
  });

  it('the StackSet sets its own ConfigRecorder (what automatic deployment uses); it and its instances wait up to 4h for queued operations', () => {
    const [stackSet] = ofType('stackSet:StackSet');
    expect(stackSet.inputs).toMatchObject({ name: 'guardrails-account-baseline', parameters: { ConfigRecorder: 'create' } });
    for (const r of [stackSet, ...ofType('stackSetInstance:StackSetInstance')])
      expect(r.options?.customTimeouts, r.name).toEqual({ create: '4h', update: '4h', delete: '4h' });
  });

  it('each StackSet instance waits for the moves of the accounts the spec places under its target', () => {
    for (const i of ofType('stackSetInstance:StackSetInstance')) {
      const unit = i.name.slice('account-baseline:'.length, i.name.indexOf('@'));
      const under = [...analysis.loaded.index.accounts.values()].filter((a) => a.id && !a.isManagement && a.parent.split('/')[0] === unit);
      expect(i.dependsOn.filter((d) => d.startsWith('account:')).sort(), i.name).toEqual(under.map((a) => `account:${a.name}`).sort());
    }
  });

  it('the management account, which StackSets skip, gets the same baseline as a stack in every region', () => {
    const stacks = ofType('cloudformation/stack:Stack');
    expect(stacks.map((x) => [x.account, x.region]).sort()).toEqual([
      ['management', 'eu-west-1'],
      ['management', 'us-east-1'],
      ['management', 'us-west-2'],
    ]);
    expect(stacks[0].inputs.templateBody).toBe(ofType('stackSet:StackSet')[0].inputs.templateBody);
  });

  it('the baseline template holds what the spec asks (checked as data)', () => {
    const template = JSON.parse(ofType('stackSet:StackSet')[0].inputs.templateBody as string);
    expect(template.Resources.ConfigurationRecorder.Properties.RecordingGroup).toEqual({
      AllSupported: true,
      IncludeGlobalResourceTypes: { 'Fn::If': ['IsHomeRegion', true, false] },
    });
    expect(template.Resources.DeliveryChannel.Properties.S3BucketName).toBe('guardrails-config-222222222222-us-east-1');
    // The recorder uses Config's service-linked role (delivery through the service principal), created first by the custom resource.
    expect(template.Resources.ConfigurationRecorder.Properties.RoleARN['Fn::Sub']).toMatch(
      /role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/,
    );
    expect(template.Resources.ConfigurationRecorder.DependsOn).toBe('AccountSettings');
    expect(template.Resources.AccountSettings.Properties.ConfigServiceLinkedRole).toBe('true');
    expect(template.Resources.AccountSettingsRole.Properties.Policies[0].PolicyDocument.Statement).toContainEqual({
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } },
    });
    // Account-wide settings in the home region only; EBS default encryption is regional.
    const [condition, inHome, elsewhere] = template.Resources.AccountSettings.Properties.Settings['Fn::If'];
    expect(condition).toBe('IsHomeRegion');
    expect(JSON.parse(inHome).passwordPolicy).toMatchObject({
      MinimumPasswordLength: 16,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      RequireSymbols: true,
    });
    expect(JSON.parse(inHome)).toMatchObject({ s3AccountPublicAccessBlock: true, ebsEncryptionByDefault: true });
    expect(JSON.parse(elsewhere)).toEqual({ ebsEncryptionByDefault: true });
    expect(template.Resources.AccountSettingsFunction.Properties.Runtime).toBe('nodejs22.x');
    expect(template.Conditions.IsHomeRegion).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
  });

  it('organization Config rules deploy from the audit account: global ones once, the rest in every region', () => {
    const managed = ofType('organizationManagedRule:OrganizationManagedRule');
    const custom = ofType('organizationCustomRule:OrganizationCustomRule');
    expect([...managed, ...custom].every((r) => r.account === 'audit')).toBe(true);
    expect(managed.filter((r) => r.inputs.name === 'guardrails-iam-password-policy').map((r) => r.region)).toEqual(['us-east-1']);
    expect(
      managed
        .filter((r) => r.inputs.name === 'guardrails-protect-cloudtrail')
        .map((r) => r.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    const sg = custom.find((r) => r.inputs.name === 'guardrails-security-group-admin-ports' && r.region === 'eu-west-1')!;
    expect(sg.inputs).toMatchObject({
      triggerTypes: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'],
      resourceTypesScopes: ['AWS::EC2::SecurityGroup'],
    });
    expect(JSON.parse(sg.inputs.inputParameters as string)).toEqual({ ports: '22,3389,5432,3306,6379', allowedPublicPorts: '80,443' });
    // no-admin-policies targets Workloads and Sandbox: every other account with an id is excluded.
    const noAdmin = custom.find((r) => r.inputs.name === 'guardrails-no-admin-policies')!;
    expect((noAdmin.inputs.excludedAccounts as string[]).sort()).toEqual(['111111111111', '222222222222', '333333333333', '444444444444', '455555555555']);
    const fn = ofType('lambda/function:Function').find((f) => f.inputs.name === 'guardrails-security-group-admin-ports')!;
    expect(fn.inputs).toMatchObject({
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      environment: { variables: { GUARDRAILS_MEMBER_ROLE: 'guardrails-config-rules' } },
    });
    expect(ofType('lambda/permission:Permission').every((p) => p.inputs.principal === 'config.amazonaws.com' && p.inputs.principalOrgId === undefined)).toBe(
      true,
    );
  });

  it('GuardDuty: the audit account administers it with auto-enable in every allowed region', () => {
    expect(
      ofType('organizationAdminAccount:OrganizationAdminAccount')
        .map((r) => [r.account, r.region, r.inputs.adminAccountId])
        .sort(),
    ).toEqual([
      ['management', 'eu-west-1', '333333333333'],
      ['management', 'us-east-1', '333333333333'],
      ['management', 'us-west-2', '333333333333'],
    ]);
    expect(
      ofType('guardduty/organizationConfiguration:OrganizationConfiguration').every(
        (r) => r.account === 'audit' && r.inputs.autoEnableOrganizationMembers === 'ALL',
      ),
    ).toBe(true);
    expect(ofType('configurationAggregator:ConfigurationAggregator')).toMatchObject([
      { account: 'audit', region: 'us-east-1', inputs: { name: 'guardrails-organization', organizationAggregationSource: { allRegions: true } } },
    ]);
  });

  it('explicit providers only for the named accounts: log-archive, audit and key owners', () => {
    const accounts = new Set(resources.map((r) => r.account));
    expect([...accounts].sort()).toEqual(['audit', 'log-archive', 'management', 'prod-data']);
    expect(ofType('kms/key:Key').find((k) => k.name === 'key:prod-data')).toMatchObject({
      account: 'prod-data',
      region: 'eu-west-1',
      inputs: { enableKeyRotation: true, deletionWindowInDays: 30 },
    });
  });

  it('previews in a stable order, so an unchanged spec gives an identical plan.json', async () => {
    // Bundles that resolve in opposite orders must not reorder the plan.
    const ids = [...configRulesById.keys()].sort();
    const delayed = (rank: (id: string) => number) => (id: string) => new Promise<string>((r) => setTimeout(() => r(id), rank(id) * 40));
    const slowFirst = await previewDeployment(analysis, { bundle: delayed((id) => ids.indexOf(id)) });
    const slowLast = await previewDeployment(analysis, { bundle: delayed((id) => ids.length - ids.indexOf(id)) });
    expect(slowFirst.map((r) => r.name)).toEqual(slowLast.map((r) => r.name));
  }, 60_000);

  it('resources grow with accounts by one each (the adopted account), not accounts times regions', async () => {
    const count = async (accounts: number) => {
      const a = await analyze(syntheticSpec(accounts, 20).text, 'synthetic.yaml');
      const r = await previewDeployment(a, { bundle: async (id) => id });
      return { total: r.length, accounts: r.filter((x) => x.type === 'aws:organizations/account:Account').length };
    };
    const small = await count(100);
    const large = await count(200);
    expect(large.accounts - small.accounts).toBe(100);
    expect(large.total - small.total).toBe(100);
  }, 60_000);
});

/** What the first `pulumi up` in a real organization needs (issue 11's findings), on the example spec. */
describe('first pulumi up in a real organization', () => {
  const named = (name: string) => resources.find((r) => r.name === name)!;

  it('adopts the organization without owning its trusted services or policy types, and enables its own additively', () => {
    const organization = named('organization');
    expect(organization.importId).toBe('o-a1b2c3d4e5');
    expect(organization.inputs).not.toHaveProperty('awsServiceAccessPrincipals');
    expect(organization.inputs).not.toHaveProperty('enabledPolicyTypes');
    const settings = ofType('guardrails:OrganizationSetting').map((r) => r.inputs.setting);
    for (const service of TRUSTED_SERVICES) expect(settings).toContainEqual({ kind: 'trusted-service', servicePrincipal: service });
    expect(settings).toContainEqual({ kind: 'policy-type', policyType: 'SERVICE_CONTROL_POLICY' });
  });

  it('activates StackSets trusted access through CloudFormation before the StackSet', () => {
    expect(named('trusted-access:stacksets').inputs.setting).toEqual({ kind: 'stacksets-organizations-access', region: 'us-east-1' });
    expect(named('account-baseline').dependsOn).toContain('trusted-access:stacksets');
  });

  it("the baseline's settings role is named so the automation exemption covers it", () => {
    const template = JSON.parse(named('account-baseline').inputs.templateBody as string);
    expect(template.Resources.AccountSettingsRole.Properties.RoleName).toEqual({ 'Fn::Sub': 'guardrails-baseline-settings-${AWS::Region}' });
    const simulator = createSimulator(analysis.scps, analysis.loaded.index, 'o-a1b2c3d4e5');
    const allowed = (account: string, principal: string, action: string, region: string) => simulator.simulate({ account, principal, action, region }).decision;
    expect(allowed('prod-app', 'role/guardrails-baseline-settings-us-east-1', 'iam:UpdateAccountPasswordPolicy', 'us-east-1')).toBe('allowed');
    expect(allowed('prod-app', 'role/guardrails-baseline-settings-us-east-1', 's3:PutAccountPublicAccessBlock', 'us-east-1')).toBe('allowed');
    // The allow-list OU and the account's own region restriction admit the StackSet execution role.
    expect(allowed('sandbox-alice', 'role/stacksets-exec-0123', 'config:PutConfigurationRecorder', 'us-east-1')).toBe('allowed');
    expect(allowed('prod-data', 'role/stacksets-exec-0123', 'config:PutDeliveryChannel', 'us-west-2')).toBe('allowed');
    // Developers stay bound by both.
    expect(allowed('sandbox-alice', 'role/Developer', 'config:PutConfigurationRecorder', 'us-east-1')).not.toBe('allowed');
    expect(allowed('prod-data', 'role/Developer', 'ec2:RunInstances', 'us-west-2')).toBe('explicit-deny');
  });

  it('CloudTrail may assume the CloudWatch Logs role without aws:SourceArn, which it does not send', () => {
    const trust = JSON.parse(named('trail-logs-role').inputs.assumeRolePolicy as string);
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  it('the trail bucket has no S3 Bucket Key (creating the trail would need kms:Decrypt) and always has Object Lock', () => {
    expect((named('trail-bucket-encryption').inputs.rules as { bucketKeyEnabled: boolean }[])[0].bucketKeyEnabled).toBe(false);
    expect(named('trail-bucket').inputs.objectLockEnabled).toBe(true);
  });

  it('the rule Lambdas may assume the member role only inside the organization', () => {
    const policy = JSON.parse(named('config-rules-lambda-policy').inputs.policy as string);
    expect(policy.Statement[0]).toMatchObject({ Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } } });
  });

  it('split stacks: the core stack names every baseline OU, and only the core stack manages the organization', async () => {
    const coreOnly = await previewDeployment(analysis, { bundle: async (id) => id, units: ['Workloads'] });
    const instances = coreOnly.filter((r) => r.type.endsWith('StackSetInstance') && r.inputs.stackSetInstanceRegion === 'us-east-1');
    expect(instances.flatMap((i) => (i.inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds).sort()).toEqual([
      'Infrastructure',
      'Sandbox',
      'Security',
      'Workloads',
    ]);
    const units = await previewDeployment(analysis, { bundle: async (id) => id, units: ['Sandbox'], core: false });
    expect(units.filter((r) => r.type.includes('organization:Organization') || r.type.endsWith('OrganizationSetting'))).toEqual([]);
    expect(units.map((r) => r.name)).toContain('scp:guardrails-Sandbox-1@Sandbox');
  }, 60_000);

  it('protects the trail and its log group against a rename; uses the current StackSetInstance region input', () => {
    expect(named('account-baseline:Workloads@us-east-1').inputs).not.toHaveProperty('region');
    expect(named('account-baseline:Workloads@us-east-1').inputs.stackSetInstanceRegion).toBe('us-east-1');
    expect((named('trail-bucket-retention').inputs.rules as { filter: unknown }[])[0].filter).toEqual({ prefix: '' });
  });
});

describe('deployment problems', () => {
  it("a stack whose aws:region is not the spec's home region is refused", () => {
    expect(deploymentProblems(analysis, 'us-east-1')).toEqual([]);
    expect(deploymentProblems(analysis, 'eu-west-1')).toEqual([expect.stringMatching(/aws:region is eu-west-1 but organization\.homeRegion is us-east-1/)]);
  });
});
