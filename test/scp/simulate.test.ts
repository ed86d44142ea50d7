/**
 * SCP chain evaluation, with AWS's documented example SCPs (AWS Organizations user guide,
 * "Example service control policies") checked on both sides of each condition.
 */
import { describe, expect, it } from 'vitest';
import { createSimulator, type SimulationInput } from '../../scp/simulate.ts';
import { analyze, baseSpec } from '../helpers.ts';

async function simulatorFor(guardrails: unknown[], patch: (org: any) => void = () => {}) {
  const spec = baseSpec({ guardrails });
  patch(spec.organization);
  const analysis = await analyze(spec);
  const sim = createSimulator(analysis.scps, analysis.loaded.index, 'o-exampleorgid');
  return (request: { account?: string; principal?: string; action: string; resource?: string; region?: string; context?: Record<string, string | string[]> }) =>
    sim.simulate({ account: 'prod', principal: 'role/Developer', region: 'us-east-1', ...request });
}

const regionExample = {
  scp: 'aws-deny-regions',
  on: ['Root'],
  statements: [
    {
      Sid: 'DenyAllOutsideEU',
      Effect: 'Deny',
      NotAction: [
        'a4b:*',
        'acm:*',
        'aws-marketplace-management:*',
        'aws-marketplace:*',
        'aws-portal:*',
        'budgets:*',
        'ce:*',
        'chime:*',
        'cloudfront:*',
        'config:*',
        'cur:*',
        'directconnect:*',
        'ec2:DescribeRegions',
        'ec2:DescribeTransitGateways',
        'ec2:DescribeVpnGateways',
        'fms:*',
        'globalaccelerator:*',
        'health:*',
        'iam:*',
        'importexport:*',
        'kms:*',
        'mobileanalytics:*',
        'networkmanager:*',
        'organizations:*',
        'pricing:*',
        'route53:*',
        'route53domains:*',
        'route53-recovery-cluster:*',
        'route53-recovery-control-config:*',
        'route53-recovery-readiness:*',
        's3:GetAccountPublic*',
        's3:ListAllMyBuckets',
        's3:ListMultiRegionAccessPoints',
        's3:PutAccountPublic*',
        'shield:*',
        'sts:*',
        'support:*',
        'trustedadvisor:*',
        'waf-regional:*',
        'waf:*',
        'wafv2:*',
        'wellarchitected:*',
      ],
      Resource: '*',
      Condition: {
        StringNotEquals: { 'aws:RequestedRegion': ['eu-central-1', 'eu-west-1'] },
        ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/Role1AllowedToBypassThisSCP', 'arn:aws:iam::*:role/Role2AllowedToBypassThisSCP'] },
      },
    },
  ],
};

describe("AWS's documented example SCPs", () => {
  it('region restriction with NotAction exemptions and bypass roles', async () => {
    const sim = await simulatorFor([regionExample], (org) => (org.allowedRegions = ['us-east-1', 'eu-west-1', 'eu-central-1']));
    expect(sim({ action: 'ec2:RunInstances', region: 'us-east-1' }).decision).toBe('explicit-deny');
    expect(sim({ action: 'ec2:RunInstances', region: 'eu-west-1' }).decision).toBe('allowed');
    expect(sim({ action: 'iam:CreateRole', region: 'us-east-1' }).decision).toBe('allowed');
    expect(sim({ action: 'ec2:DescribeRegions', region: 'us-east-1' }).decision).toBe('allowed');
    expect(sim({ action: 'ec2:DescribeInstances', region: 'us-east-1' }).decision).toBe('explicit-deny');
    expect(sim({ action: 's3:PutAccountPublicAccessBlock', region: 'us-east-1' }).decision).toBe('allowed');
    expect(sim({ action: 'ec2:RunInstances', region: 'us-east-1', principal: 'role/Role1AllowedToBypassThisSCP' }).decision).toBe('allowed');
    expect(sim({ action: 'ec2:RunInstances', region: 'us-east-1', principal: 'role/Role3' }).decision).toBe('explicit-deny');
  });

  it('prevent actions by the root user', async () => {
    const sim = await simulatorFor([
      {
        scp: 'deny-root',
        on: ['Root'],
        statements: [
          { Sid: 'RestrictEC2ForRoot', Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } } },
        ],
      },
    ]);
    expect(sim({ principal: 'root', action: 'ec2:RunInstances' }).decision).toBe('explicit-deny');
    expect(sim({ principal: 'root', action: 's3:GetObject' }).decision).toBe('allowed');
    expect(sim({ principal: 'role/Admin', action: 'ec2:RunInstances' }).decision).toBe('allowed');
    expect(sim({ principal: 'arn:aws:iam::555555555555:root', action: 'ec2:RunInstances' }).decision).toBe('explicit-deny');
  });

  it('prevent users from disabling AWS Config or changing its rules', async () => {
    const sim = await simulatorFor([{ use: 'protect-config', on: ['Root'] }]);
    for (const action of [
      'config:DeleteConfigRule',
      'config:DeleteConfigurationRecorder',
      'config:DeleteDeliveryChannel',
      'config:StopConfigurationRecorder',
    ]) {
      expect(sim({ action }).decision).toBe('explicit-deny');
    }
    expect(sim({ action: 'config:PutConfigRule' }).decision).toBe('allowed');
  });

  it('prevent users from disabling GuardDuty and CloudTrail', async () => {
    const sim = await simulatorFor([
      { use: 'protect-guardduty', on: ['Root'] },
      { use: 'protect-cloudtrail', on: ['Workloads'] },
    ]);
    expect(sim({ action: 'guardduty:DeleteDetector' }).decision).toBe('explicit-deny');
    expect(sim({ action: 'guardduty:DisassociateFromMasterAccount' }).decision).toBe('explicit-deny');
    expect(sim({ action: 'guardduty:ListFindings' }).decision).toBe('allowed');
    const trail = sim({ action: 'cloudtrail:StopLogging' });
    expect(trail).toMatchObject({ decision: 'explicit-deny', decidedBy: { target: 'Workloads', sid: 'ProtectCloudTrail', sources: ['protect-cloudtrail'] } });
    expect(sim({ action: 'cloudtrail:StopLogging', account: 'audit' }).decision).toBe('allowed');
  });

  it('require IMDSv2 (AWS example keys on both sides)', async () => {
    const sim = await simulatorFor([{ use: 'require-imdsv2', on: ['Root'], with: { maxHopLimit: 3 } }]);
    const instance = 'arn:aws:ec2:us-east-1:555555555555:instance/*';
    expect(sim({ action: 'ec2:RunInstances', resource: instance, context: { 'ec2:MetadataHttpTokens': 'optional' } }).decision).toBe('explicit-deny');
    expect(
      sim({ action: 'ec2:RunInstances', resource: instance, context: { 'ec2:MetadataHttpTokens': 'required', 'ec2:MetadataHttpPutResponseHopLimit': '3' } })
        .decision,
    ).toBe('allowed');
    expect(
      sim({ action: 'ec2:RunInstances', resource: instance, context: { 'ec2:MetadataHttpTokens': 'required', 'ec2:MetadataHttpPutResponseHopLimit': '4' } })
        .decision,
    ).toBe('explicit-deny');
    // The RunInstances statements are scoped to instance resources; a volume in the same call is not an instance.
    expect(sim({ action: 'ec2:RunInstances', resource: 'arn:aws:ec2:us-east-1:555555555555:volume/*' }).decision).toBe('allowed');
  });

  it('prevent member accounts from leaving the organization', async () => {
    const sim = await simulatorFor([{ use: 'deny-leave-organization', on: ['Root'] }]);
    expect(sim({ action: 'organizations:LeaveOrganization' }).decision).toBe('explicit-deny');
    expect(sim({ action: 'organizations:LeaveOrganization', principal: 'role/BreakGlass' }).decision).toBe('explicit-deny');
    expect(sim({ action: 'organizations:DescribeOrganization' }).decision).toBe('allowed');
  });
});

describe('protection of exempted roles', () => {
  it('nobody in a member account can create or change a role whose name an exemption trusts', async () => {
    const sim = await simulatorFor([
      { use: 'protect-config', on: ['Root'] },
      {
        scp: 'pipeline',
        on: ['Workloads'],
        statements: [
          {
            Effect: 'Deny',
            Action: 'iam:DeleteRole',
            Resource: '*',
            Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/platform-pipeline' } },
          },
        ],
      },
    ]);
    const role = (name: string) => `arn:aws:iam::555555555555:role/${name}`;
    for (const name of ['BreakGlass', 'stacksets-exec-0123abcd', 'platform-pipeline']) {
      expect(sim({ principal: 'role/Admin', action: 'iam:CreateRole', resource: role(name) }), name).toMatchObject({
        decision: 'explicit-deny',
        decidedBy: { sid: 'ProtectExemptRoles', sources: ['exempt-role-protection'] },
      });
      expect(sim({ principal: 'role/Admin', action: 'iam:UpdateAssumeRolePolicy', resource: role(name) }).decision).toBe('explicit-deny');
    }
    expect(sim({ principal: 'role/Admin', action: 'iam:CreateRole', resource: role('app-api') }).decision).toBe('allowed');
    // The organization's access role (assumable only from the management account) still manages them.
    expect(sim({ principal: 'role/OrganizationAccountAccessRole', action: 'iam:CreateRole', resource: role('BreakGlass') }).decision).toBe('allowed');
  });

  it('is not added when no statement exempts a role', async () => {
    const analysis = await analyze(baseSpec({ guardrails: [{ use: 'deny-leave-organization', on: ['Root'] }] }));
    const statements = analysis.scps.targets.get('Root')!.policies.flatMap((p) => p.document.Statement);
    expect(statements.map((s) => s.Sid)).toEqual([undefined, 'DenyLeaveOrganization']);
  });
});

describe('SCP chain evaluation', () => {
  it('never restricts the management account, nor service-linked roles', async () => {
    const sim = await simulatorFor([{ use: 'deny-leave-organization', on: ['Root'] }]);
    expect(sim({ account: 'management', action: 'organizations:LeaveOrganization' })).toMatchObject({
      decision: 'allowed',
      reason: expect.stringContaining('management account'),
    });
    expect(sim({ principal: 'role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig', action: 'organizations:LeaveOrganization' }).decision).toBe(
      'allowed',
    );
  });

  it('an allow-list OU: only its own Allow statements grant anything there and below', async () => {
    const sim = await simulatorFor(
      [{ scp: 'allow-s3', on: ['Workloads'], statements: [{ Effect: 'Allow', Action: ['s3:*', 'sts:*'], Resource: '*' }] }],
      (org) => (org.units[1].fullAwsAccess = false),
    );
    expect(sim({ action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('allowed');
    expect(sim({ action: 'ec2:RunInstances' })).toMatchObject({ decision: 'implicit-deny', decidedBy: { target: 'Workloads' } });
    expect(sim({ account: 'audit', action: 'ec2:RunInstances' }).decision).toBe('allowed');
  });

  it('a target without any Allow (no FullAWSAccess) denies implicitly at that level', async () => {
    const spec = [{ scp: 'allow-ec2', on: ['prod'], statements: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }];
    const sim = await simulatorFor(spec, (org) => (org.units[1].units[0].accounts[0].fullAwsAccess = false));
    expect(sim({ action: 'ec2:RunInstances' }).decision).toBe('allowed');
    expect(sim({ action: 's3:GetObject' })).toMatchObject({ decision: 'implicit-deny', decidedBy: { target: 'prod' } });
  });

  it('an OU path five deep with SCPs at every level', async () => {
    const deep = {
      name: 'L1',
      units: [
        {
          name: 'L2',
          units: [{ name: 'L3', units: [{ name: 'L4', units: [{ name: 'L5', accounts: [{ name: 'deep', email: 'd@example.com', id: '888888888888' }] }] }] }],
        },
      ],
    };
    const deny = (level: string, action: string) => ({
      scp: `deny-${level.replace(/\//g, '-')}`,
      on: [level],
      statements: [{ Sid: `Deny${level.split('/').pop()}`, Effect: 'Deny', Action: action, Resource: '*' }],
    });
    const levels = ['L1', 'L1/L2', 'L1/L2/L3', 'L1/L2/L3/L4', 'L1/L2/L3/L4/L5'];
    const actions = ['ec2:RunInstances', 'ec2:StopInstances', 'ec2:TerminateInstances', 'ec2:CreateVpc', 'ec2:DeleteVpc'];
    const sim = await simulatorFor(
      [
        ...levels.map((l, i) => deny(l, actions[i])),
        { scp: 'allow-l3', on: ['L1/L2/L3'], statements: [{ Effect: 'Allow', Action: ['ec2:*', 's3:*'], Resource: '*' }] },
      ],
      (org) => {
        org.units.push(deep);
        deep.units[0].units[0] = { ...deep.units[0].units[0], fullAwsAccess: false } as any;
      },
    );
    levels.forEach((level, i) =>
      expect(sim({ account: 'deep', action: actions[i] })).toMatchObject({ decision: 'explicit-deny', decidedBy: { target: level } }),
    );
    expect(sim({ account: 'deep', action: 'ec2:DescribeInstances' }).decision).toBe('allowed');
    expect(sim({ account: 'deep', action: 'lambda:InvokeFunction' })).toMatchObject({ decision: 'implicit-deny', decidedBy: { target: 'L1/L2/L3' } });
  });

  it('matches action names case-insensitively and resources case-sensitively', async () => {
    const sim = await simulatorFor([
      { scp: 'deny-bucket', on: ['Root'], statements: [{ Effect: 'Deny', Action: 'S3:Delete*', Resource: 'arn:aws:s3:::Audit-*' }] },
    ]);
    expect(sim({ action: 's3:deleteobject', resource: 'arn:aws:s3:::Audit-logs/key' }).decision).toBe('explicit-deny');
    expect(sim({ action: 's3:DeleteObject', resource: 'arn:aws:s3:::audit-logs/key' }).decision).toBe('allowed');
  });

  it('NotResource denies everything but the listed resources', async () => {
    const sim = await simulatorFor([
      { scp: 'only-one-bucket', on: ['Root'], statements: [{ Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::allowed-bucket/*' }] },
    ]);
    expect(sim({ action: 's3:PutObject', resource: 'arn:aws:s3:::allowed-bucket/x' }).decision).toBe('allowed');
    expect(sim({ action: 's3:PutObject', resource: 'arn:aws:s3:::other/x' }).decision).toBe('explicit-deny');
  });

  it('fills global context keys from the request: account, org id, principal ARN of a role session', async () => {
    const sim = await simulatorFor([
      {
        scp: 'org-only',
        on: ['Root'],
        statements: [{ Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid' } } }],
      },
      {
        scp: 'no-ci',
        on: ['prod'],
        statements: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::555555555555:role/ci' } } }],
      },
    ]);
    expect(sim({ action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }).decision).toBe('allowed');
    expect(sim({ action: 'iam:CreateRole', principal: 'arn:aws:sts::555555555555:assumed-role/ci/session-1' }).decision).toBe('explicit-deny');
    expect(sim({ action: 'iam:CreateRole', principal: 'arn:aws:sts::555555555555:assumed-role/deployer/session-1' }).decision).toBe('allowed');
  });

  it("a service-linked role's STS session is still a service-linked role: SCPs do not apply", async () => {
    const sim = await simulatorFor([{ scp: 'deny-all-s3', on: ['Root'], statements: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }]);
    const session = 'arn:aws:sts::555555555555:assumed-role/AWSServiceRoleForConfig/AWSConfig-Describe';
    expect(sim({ principal: session, action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::b' })).toMatchObject({
      decision: 'allowed',
      reason: expect.stringContaining('service-linked'),
    });
    // An ordinary role session of the same account is denied.
    expect(sim({ principal: 'arn:aws:sts::555555555555:assumed-role/Config/s', action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::b' }).decision).toBe(
      'explicit-deny',
    );
  });

  it('sts:GetCallerIdentity works even when explicitly denied (AWS STS API Reference)', async () => {
    const sim = await simulatorFor([{ scp: 'deny-sts', on: ['Root'], statements: [{ Effect: 'Deny', Action: 'sts:*', Resource: '*' }] }]);
    expect(sim({ action: 'sts:GetCallerIdentity' }).decision).toBe('allowed');
    expect(sim({ action: 'sts:GetSessionToken' }).decision).toBe('explicit-deny');
  });

  it('${*}, ${?} and ${$} in a policy are the literal characters, not wildcards', async () => {
    const sim = await simulatorFor([
      {
        scp: 'literal-star',
        on: ['Root'],
        statements: [
          { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${*}' },
          { Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { StringLike: { 's3:prefix': 'a${?}b' } } },
          { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::bucket/${$}x' },
        ],
      },
    ]);
    expect(sim({ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/*' }).decision).toBe('explicit-deny');
    expect(sim({ action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/anything' }).decision).toBe('allowed');
    expect(sim({ action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', context: { 's3:prefix': 'a?b' } }).decision).toBe('explicit-deny');
    expect(sim({ action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', context: { 's3:prefix': 'axb' } }).decision).toBe('allowed');
    expect(sim({ action: 's3:DeleteObject', resource: 'arn:aws:s3:::bucket/$x' }).decision).toBe('explicit-deny');
  });

  it('user-supplied context overrides the defaults', async () => {
    const sim = await simulatorFor([{ use: 'region-restriction', on: ['Root'] }]);
    expect(sim({ action: 'ec2:RunInstances', context: { 'aws:RequestedRegion': 'sa-east-1' } }).decision).toBe('explicit-deny');
  });
});

describe('absent keys a decision rested on', () => {
  const tagged = { Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } };
  const region = { Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-west-2' } } };

  it('names the absent key whose absence decided, and none once the request carries it', async () => {
    const sim = await simulatorFor([{ scp: 'tagged', on: ['Root'], statements: [tagged] }]);
    expect(sim({ action: 'ec2:RunInstances' })).toMatchObject({ decision: 'explicit-deny', absentKeys: ['aws:PrincipalTag/team'] });
    expect(sim({ action: 'ec2:RunInstances', context: { 'aws:PrincipalTag/team': 'platform' } })).toMatchObject({ decision: 'allowed' });
    expect(sim({ action: 'ec2:RunInstances', context: { 'aws:PrincipalTag/team': 'platform' } }).absentKeys).toBeUndefined();
  });

  it('a Deny that does not rest on absent keys is final: an earlier statement resting on one does not make it uncertain', async () => {
    const intern = { ...tagged, Action: 'ec2:*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'intern' } } };
    const sim = await simulatorFor([{ scp: 'intern-then-region', on: ['Root'], statements: [intern, region] }]);
    const d = sim({ action: 'ec2:DescribeInstances', region: 'us-west-2' });
    expect(d).toMatchObject({ decision: 'explicit-deny', decidedBy: { statementIndex: 1 } });
    expect(d.absentKeys).toBeUndefined();
  });

  it('an allowed request rests on the absent keys of every Deny that could have applied', async () => {
    const sim = await simulatorFor([
      { scp: 'intern', on: ['Root'], statements: [{ ...tagged, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'intern' } } }] },
    ]);
    expect(sim({ action: 'ec2:RunInstances' })).toMatchObject({ decision: 'allowed', absentKeys: ['aws:PrincipalTag/team'] });
    // a present key that already fails the block decides it alone
    const sim2 = await simulatorFor([
      {
        scp: 'intern-eu',
        on: ['Root'],
        statements: [{ ...tagged, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'intern', 'aws:RequestedRegion': 'eu-west-1' } } }],
      },
    ]);
    expect(sim2({ action: 'ec2:RunInstances', region: 'us-east-1' }).absentKeys).toBeUndefined();
  });

  it('takes the resource owner from the request when given', async () => {
    const analysis = await analyze(baseSpec());
    const sim = createSimulator(analysis.scps, analysis.loaded.index);
    const d = sim.simulate({
      account: 'prod',
      principal: 'role/Developer',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
      region: 'us-east-1',
      resourceAccount: '444455556666',
    });
    expect(d.context['aws:resourceaccount']).toEqual(['444455556666']);
  });
});

/**
 * AWS's data-perimeter example identity_perimeter_rcp.json (aws-samples/data-perimeter-policy-examples,
 * March 2026; MIT-0), placeholders filled in, attached as a custom RCP at the Root; every condition on both sides.
 */
const identityPerimeterRcp = {
  rcp: 'identity-perimeter',
  on: ['Root'],
  statements: [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        's3:*',
        'sts:AssumeRole',
        'sts:DecodeAuthorizationMessage',
        'sts:GetAccessKeyInfo',
        'sts:GetFederationToken',
        'sts:GetServiceBearerToken',
        'sts:GetSessionToken',
        'sts:SetContext',
        'kms:*',
        'sqs:*',
        'secretsmanager:*',
        'cognito-identity:*',
        'cognito-idp:*',
        'logs:*',
        'dynamodb:*',
        'ecr:*',
        'aoss:*',
      ],
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: {
          'aws:PrincipalOrgID': 'o-exampleorgid',
          'aws:PrincipalAccount': ['127311923021', '888888888888'],
          'aws:ResourceTag/dp:exclude:identity': 'true',
        },
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
    {
      Sid: 'EnforceTrustedOIDCTenants',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: {
          'token.actions.githubusercontent.com:sub': 'repo:example-org/app:ref:refs/heads/main',
          'aws:ResourceTag/dp:exclude:identity': 'true',
        },
        Null: { 'token.actions.githubusercontent.com:sub': 'false' },
      },
    },
    {
      Sid: 'EnforceConfusedDeputyProtection',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*', 'sts:*', 'kms:*', 'sqs:*', 'secretsmanager:*', 'cognito-identity:*', 'cognito-idp:*', 'logs:*', 'dynamodb:*', 'ecr:*', 'aoss:*'],
      Resource: '*',
      Condition: {
        StringNotEqualsIfExists: {
          'aws:SourceOrgID': 'o-exampleorgid',
          'aws:SourceAccount': ['888888888888'],
          'aws:ResourceTag/dp:exclude:identity': 'true',
        },
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    },
  ],
};

async function organizationSimulator(guardrails: unknown[]) {
  const spec = baseSpec({ guardrails });
  spec.organization.id = 'o-exampleorgid';
  const analysis = await analyze(spec);
  const sim = createSimulator(analysis.scps, analysis.loaded.index, 'o-exampleorgid', {
    rcps: analysis.rcps,
    managementAccountId: '111111111111',
  });
  return (request: Partial<SimulationInput> & { action: string }) => sim.simulate({ principal: 'role/Developer', region: 'us-east-1', ...request });
}

const BUCKET_OBJECT = 'arn:aws:s3:::prod-data/report.csv';
const EXTERNAL_ROLE = 'arn:aws:iam::999999999999:role/Partner';

describe("RCPs: AWS's data-perimeter identity perimeter, on both sides of every condition", () => {
  it("EnforceOrgIdentities: the organization's principals pass, others are denied by the resource owner's RCP", async () => {
    const sim = await organizationSimulator([identityPerimeterRcp]);
    expect(sim({ account: 'prod', action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'prod' }).decision).toBe('allowed');
    const denied = sim({ principal: EXTERNAL_ROLE, action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'prod' });
    expect(denied).toMatchObject({
      decision: 'explicit-deny',
      decidedBy: { target: 'Root', policyType: 'RESOURCE_CONTROL_POLICY', sid: 'EnforceOrgIdentities', sources: ['rcp:identity-perimeter'] },
    });
    // aws:PrincipalAccount: a listed account passes, another does not.
    expect(sim({ principal: 'arn:aws:iam::888888888888:role/x', action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:555555555555:key/k' }).decision).toBe(
      'allowed',
    );
    expect(sim({ principal: EXTERNAL_ROLE, action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:555555555555:key/k' }).decision).toBe('explicit-deny');
    // aws:ResourceTag/dp:exclude:identity = true exempts the resource; any other value does not.
    const tagged = (v: string) =>
      sim({
        principal: EXTERNAL_ROLE,
        action: 'sqs:SendMessage',
        resource: 'arn:aws:sqs:us-east-1:555555555555:q',
        context: { 'aws:ResourceTag/dp:exclude:identity': v },
      }).decision;
    expect(tagged('true')).toBe('allowed');
    expect(tagged('false')).toBe('explicit-deny');
    // aws:PrincipalIsAWSService = true (a service principal) is left to EnforceConfusedDeputyProtection.
    expect(sim({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: BUCKET_OBJECT, resourceAccount: 'prod' }).decision).toBe('allowed');
    // Actions the statement does not list (sts:AssumeRoleWithSAML) and services RCPs do not cover (ec2) pass.
    expect(sim({ principal: EXTERNAL_ROLE, action: 'sts:AssumeRoleWithSAML', resource: 'arn:aws:iam::555555555555:role/r' }).decision).toBe('allowed');
    expect(sim({ principal: EXTERNAL_ROLE, action: 'ec2:DescribeInstances', resourceAccount: 'prod' })).toMatchObject({
      decision: 'allowed',
      reason: expect.stringContaining('RCPs do not apply to ec2'),
    });
  });

  it('EnforceTrustedOIDCTenants: web identities of the trusted tenant pass, others are denied; non-OIDC calls are untouched', async () => {
    const sim = await organizationSimulator([identityPerimeterRcp]);
    const assume = (sub?: string) =>
      sim({
        principal: 'arn:aws:sts::555555555555:assumed-role/ci/session',
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: 'arn:aws:iam::555555555555:role/ci',
        context: sub === undefined ? {} : { 'token.actions.githubusercontent.com:sub': sub },
      }).decision;
    expect(assume('repo:example-org/app:ref:refs/heads/main')).toBe('allowed');
    expect(assume('repo:attacker/app:ref:refs/heads/main')).toBe('explicit-deny');
    expect(assume()).toBe('allowed');
  });

  it("an unsigned request (the AssumeRoleWithWebIdentity call itself): no SCP, no aws:Principal* key, the role owner's RCPs", async () => {
    const denyAllSts = { scp: 'no-sts', on: ['Root'], statements: [{ Effect: 'Deny', Action: 'sts:*', Resource: '*' }] };
    const sim = await organizationSimulator([identityPerimeterRcp, denyAllSts]);
    const assume = (sub: string) =>
      sim({
        account: undefined,
        principal: 'web identity federation',
        unsigned: true,
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: 'arn:aws:iam::555555555555:role/ci',
        context: { 'token.actions.githubusercontent.com:sub': sub },
      });
    const trusted = assume('repo:example-org/app:ref:refs/heads/main');
    expect(trusted).toMatchObject({ decision: 'allowed', reason: expect.stringContaining('SCPs do not apply to an unsigned request') });
    expect(Object.keys(trusted.context).filter((k) => k.toLowerCase().startsWith('aws:principal'))).toEqual([]);
    expect(assume('repo:attacker/app:ref:refs/heads/main')).toMatchObject({
      decision: 'explicit-deny',
      decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY', sid: 'EnforceTrustedOIDCTenants' }),
    });
  });

  it('EnforceConfusedDeputyProtection: a service acting for the organization passes, for another organization it is denied', async () => {
    const sim = await organizationSimulator([identityPerimeterRcp]);
    const deliver = (context: Record<string, string>) =>
      sim({ principal: 'cloudtrail.amazonaws.com', action: 's3:PutObject', resource: BUCKET_OBJECT, resourceAccount: 'prod', context }).decision;
    expect(deliver({ 'aws:SourceAccount': '555555555555', 'aws:SourceOrgID': 'o-exampleorgid' })).toBe('allowed');
    expect(deliver({ 'aws:SourceAccount': '999999999999', 'aws:SourceOrgID': 'o-someoneelse' })).toBe('explicit-deny');
    expect(deliver({ 'aws:SourceAccount': '999999999999' })).toBe('explicit-deny');
    expect(deliver({ 'aws:SourceAccount': '888888888888' })).toBe('allowed');
    // Null aws:SourceAccount = false: a service call without it is not judged.
    expect(deliver({})).toBe('allowed');
    // Bool aws:PrincipalIsAWSService = true: an IAM principal carrying aws:SourceAccount is not judged by this statement.
    expect(sim({ account: 'prod', action: 's3:PutObject', resource: BUCKET_OBJECT, context: { 'aws:SourceAccount': '999999999999' } }).decision).toBe(
      'allowed',
    );
  });
});

describe('SCPs and RCPs combined (AWS Organizations: SCP evaluation, RCP evaluation)', () => {
  const denyDelete = { scp: 'no-delete', on: ['Workloads'], statements: [{ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' }] };
  const denyPlainHttp = {
    rcp: 'tls',
    on: ['Workloads/Prod'],
    statements: [
      { Sid: 'Tls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } },
    ],
  };

  it("the principal's SCP chain and the resource owner's RCP chain must both allow; decidedBy names the policy type", async () => {
    const sim = await organizationSimulator([denyDelete, denyPlainHttp]);
    expect(sim({ account: 'prod', action: 's3:DeleteObject', resource: BUCKET_OBJECT, resourceAccount: 'prod' }).decidedBy).toMatchObject({
      policyType: 'SERVICE_CONTROL_POLICY',
      target: 'Workloads',
      sid: 'NoDelete',
    });
    // The audit account's principal is outside Workloads (no SCP denies it) but the bucket's owner, prod, has the RCP.
    expect(
      sim({ account: 'audit', action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'prod', context: { 'aws:SecureTransport': 'false' } })
        .decidedBy,
    ).toMatchObject({ policyType: 'RESOURCE_CONTROL_POLICY', target: 'Workloads/Prod', sid: 'Tls' });
    // The same request to a bucket of the audit account passes: RCPs follow the resource, not the principal.
    expect(
      sim({ account: 'prod', action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'audit', context: { 'aws:SecureTransport': 'false' } }).decision,
    ).toBe('allowed');
    expect(sim({ account: 'prod', action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'prod' }).decision).toBe('allowed');
  });

  it('the resource account defaults to the account in the resource ARN, else the principal account; names and ids both work', async () => {
    const sim = await organizationSimulator([denyPlainHttp]);
    const http = { 'aws:SecureTransport': 'false' };
    expect(sim({ account: 'audit', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:555555555555:q', context: http }).decision).toBe('allowed');
    expect(
      sim({ account: 'audit', action: 's3:GetObject', resource: 'arn:aws:s3:us-east-1:555555555555:accesspoint/ap/object/k', context: http }).decision,
    ).toBe('explicit-deny');
    expect(sim({ account: 'prod', action: 's3:GetObject', resource: BUCKET_OBJECT, context: http }).decision).toBe('explicit-deny');
    expect(sim({ account: 'audit', action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: '555555555555', context: http }).decision).toBe(
      'explicit-deny',
    );
    expect(sim({ account: '555555555555', action: 's3:GetObject', resource: BUCKET_OBJECT, context: http }).decision).toBe('explicit-deny');
  });

  it("RCPs never apply to the management account's resources, nor to service-linked roles", async () => {
    const sim = await organizationSimulator([identityPerimeterRcp]);
    expect(sim({ principal: EXTERNAL_ROLE, action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'management' })).toMatchObject({
      decision: 'allowed',
      reason: expect.stringContaining("management account's resources"),
    });
    // Also when the spec does not list the management account: its id is known from organization.managementAccountId.
    const spec = baseSpec({ guardrails: [identityPerimeterRcp] });
    spec.organization.id = 'o-exampleorgid';
    spec.organization.units[0].accounts = spec.organization.units[0].accounts.filter((a: { id: string }) => a.id !== '111111111111');
    const a = await analyze(spec);
    const bare = createSimulator(a.scps, a.loaded.index, 'o-exampleorgid', { rcps: a.rcps, managementAccountId: '111111111111' });
    expect(
      bare.simulate({ principal: EXTERNAL_ROLE, action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: '111111111111', region: 'us-east-1' })
        .decision,
    ).toBe('allowed');
    const slr = 'arn:aws:sts::555555555555:assumed-role/AWSServiceRoleForAccessAnalyzer/session';
    expect(sim({ principal: slr, action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::prod-data', resourceAccount: 'prod' }).decision).toBe('allowed');
  });

  it('a principal outside the organization has no SCPs; --account may be omitted with a full ARN', async () => {
    const sim = await organizationSimulator([{ scp: 'deny-all', on: ['Root'], statements: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }]);
    expect(sim({ principal: EXTERNAL_ROLE, action: 's3:GetObject', resource: BUCKET_OBJECT, resourceAccount: 'prod' })).toMatchObject({
      decision: 'allowed',
      reason: expect.stringContaining('outside the organization'),
    });
    expect(sim({ principal: 'arn:aws:iam::555555555555:role/x', action: 's3:GetObject', resource: BUCKET_OBJECT }).decision).toBe('explicit-deny');
    // aws:PrincipalOrgID is in the context only for principals of the organization.
    expect(sim({ principal: EXTERNAL_ROLE, action: 'sts:GetCallerIdentity' }).context['aws:principalorgid']).toBeUndefined();
    expect(sim({ account: 'prod', action: 'sts:GetCallerIdentity' }).context['aws:principalorgid']).toEqual(['o-exampleorgid']);
  });
});

describe("RCPs: AWS's data-perimeter governance example (data_perimeter_governance_rcp.json)", () => {
  const governance = {
    rcp: 'governance',
    on: ['Root'],
    statements: [
      {
        Sid: 'ProtectDataPerimeterSessionTags',
        Effect: 'Deny',
        Principal: '*',
        Action: ['sts:TagSession'],
        Resource: '*',
        Condition: {
          Null: { 'SAML:aud': 'true' },
          StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'admin', 'aws:PrincipalOrgID': 'o-exampleorgid' },
          'ForAnyValue:StringLike': { 'aws:TagKeys': ['dp:*', 'team'] },
        },
      },
    ],
  };
  const role = 'arn:aws:iam::555555555555:role/data-reader';

  it('session tags of the data perimeter: refused to outsiders, kept for the organization, admins and SAML federation', async () => {
    const sim = await organizationSimulator([governance]);
    const tag = (principal: string, context: Record<string, string | string[]>) =>
      sim({ principal, action: 'sts:TagSession', resource: role, context }).decision;
    expect(tag(EXTERNAL_ROLE, { 'aws:TagKeys': ['dp:include:network'] })).toBe('explicit-deny');
    expect(tag(EXTERNAL_ROLE, { 'aws:TagKeys': ['team', 'project'] })).toBe('explicit-deny');
    // ForAnyValue:StringLike: no perimeter key among the tags.
    expect(tag(EXTERNAL_ROLE, { 'aws:TagKeys': ['project'] })).toBe('allowed');
    // StringNotEqualsIfExists: an admin-tagged principal, or one of the organization, is exempt.
    expect(tag(EXTERNAL_ROLE, { 'aws:TagKeys': ['dp:x'], 'aws:PrincipalTag/team': 'admin' })).toBe('allowed');
    expect(tag('arn:aws:iam::555555555555:role/app', { 'aws:TagKeys': ['dp:x'] })).toBe('allowed');
    // Null SAML:aud = true: SAML federation (which carries SAML:aud) is left alone.
    expect(tag(EXTERNAL_ROLE, { 'aws:TagKeys': ['dp:x'], 'saml:aud': 'https://signin.aws.amazon.com/saml' })).toBe('allowed');
  });
});

describe('the organization partition', () => {
  it('in AWS GovCloud a principal named role/NAME has a GovCloud ARN, so the exemptions written for the partition hold', async () => {
    const simulate = await simulatorFor([{ use: 'protect-config', on: ['Root'] }], (org) => {
      org.homeRegion = 'us-gov-west-1';
      org.allowedRegions = ['us-gov-west-1'];
      org.breakGlass = ['arn:aws-us-gov:iam::*:role/BreakGlass'];
    });
    const put = { action: 'config:PutConfigurationRecorder', region: 'us-gov-west-1' };
    expect(simulate({ ...put, principal: 'role/stacksets-exec-0123456789abcdef' }).decision).toBe('allowed');
    expect(simulate({ ...put, principal: 'role/BreakGlass' }).decision).toBe('allowed');
    expect(simulate({ ...put, principal: 'role/Developer' }).decision).toBe('explicit-deny');
  });

  it("catalog statements name resources in the organization's partition: IMDSv1 launches are denied in AWS GovCloud too", async () => {
    const simulate = await simulatorFor([{ use: 'require-imdsv2', on: ['Root'] }], (org) => {
      org.homeRegion = 'us-gov-west-1';
      org.allowedRegions = ['us-gov-west-1'];
      org.breakGlass = ['arn:aws-us-gov:iam::*:role/BreakGlass'];
    });
    const launch = (tokens: string) =>
      simulate({
        action: 'ec2:RunInstances',
        region: 'us-gov-west-1',
        resource: 'arn:aws-us-gov:ec2:us-gov-west-1:555555555555:instance/*',
        context: { 'ec2:MetadataHttpTokens': tokens, 'ec2:MetadataHttpPutResponseHopLimit': '1' },
      }).decision;
    expect(launch('optional')).toBe('explicit-deny');
    expect(launch('required')).toBe('allowed');
  });
});
