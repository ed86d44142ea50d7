import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  IAM_PATH_NOT_RECORDED,
  impact,
  MANAGEMENT_ACCOUNT,
  OUTSIDE_ORGANIZATION,
  RESOURCE_NOT_RECORDED,
  RESOURCE_OWNER_NOT_RECORDED,
  type RecordBatches,
} from '../../../src/commands/impact/impact.ts';
import { cloudTrailFiles, readCloudTrail, type CloudTrailRecord } from '../../../src/commands/impact/cloudtrail-files.ts';
import { requestOfEvent, type EventRequest } from '../../../src/commands/impact/event-request.ts';
import { simulate } from '../../../src/commands/simulate/simulate.ts';
import { analyze, baseSpec, EXAMPLE_FILE, exampleText } from '../../helpers.ts';
import { assumedRoleIdentity, IDENTITIES, record, s3ObjectEvent } from './fixtures.ts';

const EXAMPLES = new URL('../../../examples', import.meta.url).pathname;
const tightenedText = () => readFileSync(`${EXAMPLES}/example-regions-tightened.yaml`, 'utf8');

async function* batches(records: CloudTrailRecord[]): RecordBatches {
  yield { file: 'test.json', records };
}

async function exampleImpact() {
  const [before, after] = await Promise.all([analyze(exampleText(), EXAMPLE_FILE), analyze(tightenedText(), 'tightened.yaml')]);
  const files = await cloudTrailFiles([`${EXAMPLES}/cloudtrail`]);
  return { before, after, files, report: await impact(before, after, readCloudTrail(files)) };
}

describe('impact on the bundled sample (the demo)', () => {
  it('lists the calls the region tightening would deny, grouped account → principal → action', async () => {
    const { report } = await exampleImpact();
    expect(report.summary).toMatchObject({ files: 7, events: 21, evaluated: 19, newDenies: 11, newlyAllowed: 0, uncertain: 1, alreadyDenied: 1 });
    // CloudTrail's own kms:GenerateDataKey (an AWSService record) is evaluated: no SCP applies to it, and
    // the RCPs of its account are the same in both specs.
    expect(report.summary.skipped).toEqual({
      'event type AwsConsoleSignIn': 1,
      'principal account not in the spec, call in its own trail (an account the spec does not list: its OU and SCPs unknown)': 1,
    });
    const run = report.changes.find((c) => c.action === 'ec2:RunInstances')!;
    expect(run).toMatchObject({
      account: 'dev-app',
      accountId: '666666666666',
      principal: 'arn:aws:iam::666666666666:role/Developer',
      region: 'us-west-2',
      count: 2,
      firstSeen: '2026-11-02T09:01:12Z',
      lastSeen: '2026-11-02T09:41:55Z',
      sampleEventId: 'e1a7c0de-0000-4000-8000-000000000001',
      before: 'allowed',
      after: 'explicit-deny',
      decidedBy: { target: 'Root', sid: 'DenyOutsideAllowedRegions', sources: ['region-restriction'] },
    });
    expect(report.changes.map((c) => `${c.account} ${c.action}`)).toEqual([
      'dev-app cloudwatch:PutMetricData',
      'dev-app ec2:DescribeInstances',
      'dev-app ec2:RunInstances',
      'network ec2:CreateVpc',
      'prod-app cloudformation:CreateStack',
      'prod-app s3:CreateBucket',
      'shared-services s3:GetObject',
      'shared-services s3:ListBucket',
    ]);
    // global services (IAM, STS), break-glass, the service-linked role and eu-west-1 are untouched
    expect(report.changes.some((c) => /BreakGlass|AWSServiceRole/.test(c.principal) || c.region !== 'us-west-2')).toBe(false);
  });

  it('a decision resting on a key CloudTrail does not record is uncertain, with the key named, never a change', async () => {
    const { report } = await exampleImpact();
    expect(report.uncertain).toEqual([
      expect.objectContaining({
        account: 'network',
        action: 'ec2:DeleteVpc',
        before: 'allowed',
        after: 'explicit-deny',
        missingKeys: ['aws:PrincipalTag/team'],
      }),
    ]);
    expect(report.changes.some((c) => c.action === 'ec2:DeleteVpc')).toBe(false);
  });

  it('calls that already failed for lack of permission are shown apart', async () => {
    const { report } = await exampleImpact();
    expect(report.alreadyDenied).toEqual([
      expect.objectContaining({
        principal: 'arn:aws:iam::555555555555:root',
        action: 'iam:CreateAccessKey',
        errorCode: 'AccessDenied',
        after: 'explicit-deny',
      }),
    ]);
  });

  it('each decision equals `guardrails simulate` for the same request, with the full context of its sample event', async () => {
    const { before, after, files, report } = await exampleImpact();
    const samples = new Map<string, EventRequest>();
    for await (const batch of readCloudTrail(files))
      for (const r of batch.records) {
        const request = requestOfEvent(r);
        if (!('skip' in request)) samples.set(request.eventId, request);
      }
    const groups = [...report.changes, ...report.uncertain, ...report.alreadyDenied];
    expect(groups.length).toBe(10);
    for (const g of groups) {
      const event = samples.get(g.sampleEventId)!;
      const options = {
        account: g.account,
        principal: event.principal,
        action: g.action,
        resource: event.resource,
        region: event.region,
        context: event.context,
      };
      expect(options.principal).toBe(g.principal);
      expect(simulate(after, options).decision, g.sampleEventId).toBe(g.after);
      // the request as impact gave it to the simulator (only the keys a policy reads) decides alike
      expect(simulate(after, { ...options, ...g.sampleRequest }).decision).toBe(g.after);
      if (g.before !== 'allowed') expect(simulate(before, options).decision).toBe(g.before);
    }
  });
});

describe('impact semantics', () => {
  const denyUnlessTagged = {
    scp: 'tagged-only',
    on: ['Root'],
    statements: [{ Effect: 'Deny', Action: 'ec2:RunInstances', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } }],
  };
  const denyUsWest2 = {
    scp: 'no-us-west-2',
    on: ['Root'],
    statements: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-west-2' } } }],
  };
  const prodRole = assumedRoleIdentity('555555555555', 'app');
  const run = (r: Record<string, unknown>) => record(prodRole, { recipientAccountId: '555555555555', ...r });

  it('the same dependence in both specs is no change; a new one is uncertain', async () => {
    const both = await analyze(baseSpec({ guardrails: [denyUnlessTagged] }));
    const none = await analyze(baseSpec());
    const same = await impact(both, both, batches([run({})]));
    expect(same.uncertain).toEqual([]);
    expect(same.changes).toEqual([]);
    const added = await impact(none, both, batches([run({})]));
    expect(added.changes).toEqual([]);
    expect(added.uncertain).toEqual([expect.objectContaining({ before: 'allowed', after: 'explicit-deny', missingKeys: ['aws:PrincipalTag/team'] })]);
  });

  it('a certain new deny of a call that succeeded is a new deny even when the base decision was uncertain', async () => {
    const before = await analyze(baseSpec({ guardrails: [denyUnlessTagged] }));
    const after = await analyze(baseSpec({ guardrails: [denyUsWest2, denyUnlessTagged] }));
    const report = await impact(before, after, batches([run({})]));
    expect(report.changes).toEqual([
      expect.objectContaining({ before: 'allowed', after: 'explicit-deny', decidedBy: expect.objectContaining({ sources: ['scp:no-us-west-2'] }) }),
    ]);
    expect(report.summary.newDenies).toBe(1);
  });

  it('a change that allows a denied request is reported with the statement that denied it', async () => {
    const before = await analyze(baseSpec({ guardrails: [denyUsWest2] }));
    const after = await analyze(baseSpec());
    const report = await impact(before, after, batches([run({ errorCode: undefined })]));
    expect(report.changes).toEqual([
      expect.objectContaining({ before: 'explicit-deny', after: 'allowed', decidedBy: expect.objectContaining({ sources: ['scp:no-us-west-2'] }) }),
    ]);
    expect(report.summary).toMatchObject({ newDenies: 0, newlyAllowed: 1 });
  });

  it("counts the resource owner's copy of a cross-account call once, unknown accounts and actions as skipped", async () => {
    const spec = await analyze(baseSpec({ guardrails: [denyUsWest2] }));
    const report = await impact(
      spec,
      spec,
      batches([
        run({ sharedEventID: 'shared-1', recipientAccountId: '333333333333' }),
        record({ ...IDENTITIES.iamUser }),
        run({ eventName: 'RunInstancez' }),
        run({ eventSource: 'example.com' }),
      ]),
    );
    expect(report.summary.skipped).toEqual({
      "copy of a cross-account call in the resource owner's trail": 1,
      'principal account not in the spec, call in its own trail (an account the spec does not list: its OU and SCPs unknown)': 1,
      'no IAM action for the event: ec2:RunInstancez': 1,
      'event source with no IAM service prefix: example.com': 1,
    });
    expect(report.summary.evaluated).toBe(0);
  });

  it('hostile input cannot grow the summary: long reasons are cut, distinct reasons capped', async () => {
    const spec = await analyze(baseSpec());
    const records = Array.from({ length: 300 }, (_, i) => run({ eventName: `${'X'.repeat(10_000)}${i}` }));
    const report = await impact(spec, spec, batches(records));
    const reasons = Object.keys(report.summary.skipped);
    expect(reasons.length).toBeLessThanOrEqual(201);
    expect(Math.max(...reasons.map((r) => r.length))).toBeLessThanOrEqual(160);
    expect(Object.values(report.summary.skipped).reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('memory grows with distinct groups, not events: 30,000 calls make one group', async () => {
    const before = await analyze(baseSpec());
    const after = await analyze(baseSpec({ guardrails: [denyUsWest2] }));
    async function* many(): RecordBatches {
      for (let b = 0; b < 30; b++)
        yield {
          file: `f${b}`,
          records: Array.from({ length: 1000 }, (_, i) => run({ eventID: `e-${b}-${i}`, eventTime: `2026-11-0${1 + (b % 9)}T00:00:00Z` })),
        };
    }
    const report = await impact(before, after, many());
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({ count: 30_000, firstSeen: '2026-11-01T00:00:00Z', lastSeen: '2026-11-09T00:00:00Z', sampleEventId: 'e-0-0' });
    expect(report.summary).toMatchObject({ files: 30, events: 30_000, newDenies: 30_000 });
  });
});

describe('principals whose account the spec does not list', () => {
  const KEY = 'arn:aws:kms:us-east-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  /**
   * The sharedEventID example of the AWS CloudTrail User Guide ("sharedEventID Example"): Bob, in another
   * account, calls Encrypt with a KMS key of Alice's account, and Alice's trail gets a copy naming Bob.
   * Alice's account here is the spec's prod account; Bob's, 222222222222, is in no spec. The record's
   * fields are those of AWS KMS's documented Encrypt event (AWS KMS Developer Guide, "Encrypt").
   */
  const bob = { type: 'IAMUser', principalId: 'AIDAEXAMPLEBOB', arn: 'arn:aws:iam::222222222222:user/Bob', accountId: '222222222222', userName: 'Bob' };
  const encrypt = (overrides: Record<string, unknown> = {}) =>
    record(bob, {
      eventSource: 'kms.amazonaws.com',
      eventName: 'Encrypt',
      awsRegion: 'us-east-1',
      requestParameters: { keyId: KEY, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      resources: [{ accountId: '555555555555', type: 'AWS::KMS::Key', ARN: KEY }],
      sharedEventID: 'a1b2c3d4-0000-4000-8000-00000000shared',
      recipientAccountId: '555555555555',
      ...overrides,
    });
  const denyAllKms = { scp: 'no-kms', on: ['Root'], statements: [{ Effect: 'Deny', Action: 'kms:*', Resource: '*' }] };
  const ownAccountsOnly = {
    rcp: 'own-accounts-only',
    on: ['Root'],
    statements: [
      {
        Sid: 'OwnAccountsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'kms:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': ['111111111111', '333333333333', '555555555555'] } },
      },
    ],
  };
  const orgOnly = {
    rcp: 'org-only',
    on: ['Root'],
    statements: [
      { Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
    ],
  };
  /** An RCP denying kms:* to any principal under a condition. */
  const kmsRcp = (rcp: string, Condition: object) => ({
    rcp,
    on: ['Root'],
    statements: [{ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition }],
  });
  const withOrgId = (guardrails: unknown[] = []) => {
    const spec = baseSpec({ guardrails });
    spec.organization.id = 'o-a1b2c3d4e5';
    return analyze(spec);
  };

  it("a caller from outside the organization, in the trail of the member it called: no SCP applies, the owner's RCPs do", async () => {
    const none = await withOrgId();
    const scp = await impact(none, await withOrgId([denyAllKms]), batches([encrypt()]));
    expect(scp.summary).toMatchObject({ evaluated: 1, newDenies: 0, skipped: {} });

    const after = await withOrgId([ownAccountsOnly]);
    const rcp = await impact(none, after, batches([encrypt()]));
    expect(rcp.changes).toEqual([
      expect.objectContaining({
        account: OUTSIDE_ORGANIZATION,
        accountId: '222222222222',
        principal: 'arn:aws:iam::222222222222:user/Bob',
        action: 'kms:Encrypt',
        before: 'allowed',
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY', sid: 'OwnAccountsOnly' }),
      }),
    ]);
    // `guardrails simulate` with the bare principal ARN decides alike
    const g = rcp.changes[0];
    expect(g.sampleRequest).toMatchObject({ resource: KEY, resourceAccount: '555555555555' });
    expect(g.sampleRequest.account).toBeUndefined();
    expect(simulate(after, { principal: g.principal, action: g.action, region: g.region, ...g.sampleRequest }).decision).toBe('explicit-deny');
  });

  it('whether it is really outside the organization is not in the record: a decision resting on aws:PrincipalOrgID is uncertain', async () => {
    const report = await impact(await withOrgId(), await withOrgId([orgOnly]), batches([encrypt()]));
    expect(report.changes).toEqual([]);
    expect(report.uncertain).toEqual([expect.objectContaining({ account: OUTSIDE_ORGANIZATION, after: 'explicit-deny', missingKeys: ['aws:PrincipalOrgID'] })]);
  });

  it("the management account's principals are evaluated even when the spec does not list the account: no SCPs, the owner's RCPs", async () => {
    const prodOnly = {
      ...ownAccountsOnly,
      statements: [{ ...ownAccountsOnly.statements[0], Condition: { StringNotEquals: { 'aws:PrincipalAccount': '555555555555' } } }],
    };
    const spec = baseSpec({ guardrails: [denyAllKms, prodOnly] });
    spec.organization.units[0].accounts = spec.organization.units[0].accounts.filter((a: { name: string }) => a.name !== 'management');
    const after = await analyze(spec);
    const before = await analyze({ ...spec, guardrails: [] });
    // The management account's admin uses prod's key; the copy in the caller's own trail is the one counted.
    const admin = { ...bob, arn: 'arn:aws:iam::111111111111:user/admin', accountId: '111111111111' };
    const report = await impact(before, after, batches([encrypt({ userIdentity: admin, recipientAccountId: '111111111111' })]));
    expect(report.summary).toMatchObject({ evaluated: 1, newDenies: 1, skipped: {} });
    expect(report.changes).toEqual([
      expect.objectContaining({
        account: MANAGEMENT_ACCOUNT,
        accountId: '111111111111',
        decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY' }),
      }),
    ]);
  });

  it('says why it skips: an unlisted account in its own trail, or a call between two unlisted accounts', async () => {
    const spec = await withOrgId([ownAccountsOnly]);
    const report = await impact(
      spec,
      spec,
      batches([
        encrypt({ recipientAccountId: '222222222222', sharedEventID: undefined, resources: undefined }),
        encrypt({
          recipientAccountId: '999999999999',
          resources: [{ accountId: '999999999999', type: 'AWS::KMS::Key', ARN: KEY.replace('555555555555', '999999999999') }],
        }),
      ]),
    );
    expect(report.summary.skipped).toEqual({
      'principal account not in the spec, call in its own trail (an account the spec does not list: its OU and SCPs unknown)': 1,
      'cross-account call between accounts the spec does not list': 1,
    });
  });

  // CloudTrail encrypting log files with prod's key: an AWSService record (see event-request.test.ts).
  const byService = (overrides: Record<string, unknown> = {}) =>
    encrypt({
      userIdentity: IDENTITIES.awsService,
      eventName: 'GenerateDataKey',
      sourceIPAddress: 'cloudtrail.amazonaws.com',
      userAgent: 'cloudtrail.amazonaws.com',
      sharedEventID: undefined,
      ...overrides,
    });

  it('an AWS service principal: no SCP applies, the RCPs of the account it acted in do', async () => {
    const none = await withOrgId();
    expect((await impact(none, await withOrgId([denyAllKms]), batches([byService()]))).summary).toMatchObject({ evaluated: 1, newDenies: 0, skipped: {} });
    const noServices = kmsRcp('no-services-on-keys', { Bool: { 'aws:PrincipalIsAWSService': 'true' } });
    const report = await impact(none, await withOrgId([noServices]), batches([byService()]));
    expect(report.changes).toEqual([
      expect.objectContaining({
        account: 'prod',
        principal: 'cloudtrail.amazonaws.com',
        action: 'kms:GenerateDataKey',
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY' }),
      }),
    ]);
    const g = report.changes[0];
    expect(simulate(await withOrgId([noServices]), { principal: g.principal, action: g.action, region: g.region, ...g.sampleRequest }).decision).toBe(
      'explicit-deny',
    );
    // a service principal is in no organization for certain: a perimeter on aws:PrincipalOrgID alone denies it, which is
    // why AWS's identity perimeter leaves service principals out (BoolIfExists aws:PrincipalIsAWSService false)
    expect((await impact(none, await withOrgId([orgOnly]), batches([byService()]))).summary).toMatchObject({ newDenies: 1, uncertain: 0 });
    const perimeter = {
      ...orgOnly,
      statements: [{ ...orgOnly.statements[0], Condition: { ...orgOnly.statements[0].Condition, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }],
    };
    expect((await impact(none, await withOrgId([perimeter]), batches([byService()]))).summary).toMatchObject({ newDenies: 0, uncertain: 0 });
    // nor has a service principal tags: a statement resting on their absence decides it for certain
    const platformOnly = { ...orgOnly, statements: [{ ...orgOnly.statements[0], Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'platform' } } }] };
    expect((await impact(none, await withOrgId([platformOnly]), batches([byService()]))).summary).toMatchObject({ newDenies: 1, uncertain: 0 });
  });

  it('a service principal may carry aws:SourceAccount, which CloudTrail does not record: the confused-deputy RCP is uncertain for it', async () => {
    const confusedDeputy = kmsRcp('confused-deputy', {
      StringNotEqualsIfExists: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' },
      Null: { 'aws:SourceAccount': 'false' },
      Bool: { 'aws:PrincipalIsAWSService': 'true' },
    });
    const report = await impact(await withOrgId(), await withOrgId([confusedDeputy]), batches([byService()]));
    expect(report.summary).toMatchObject({ newDenies: 0, uncertain: 1 });
    expect(report.uncertain[0].missingKeys).toEqual(['aws:SourceAccount', 'aws:SourceOrgID']);
  });

  it('read from lookup-events output (the record a JSON string): service principals, AWSAccount callers and federation calls are evaluated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'impact-lookup-'));
    // AssumeRoleWithSAML as IAM's CloudTrail example shows it: a SAMLUser, before any session
    const saml = record(IDENTITIES.samlUser, {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoleWithSAML',
      awsRegion: 'us-east-1',
      requestParameters: {
        roleArn: 'arn:aws:iam::555555555555:role/SAMLTestRoleShibboleth',
        principalArn: 'arn:aws:iam::555555555555:saml-provider/Shibboleth',
      },
      resources: [{ ARN: 'arn:aws:iam::555555555555:role/SAMLTestRoleShibboleth', accountId: '555555555555', type: 'AWS::IAM::Role' }],
      recipientAccountId: '555555555555',
    });
    const events = [byService(), encrypt({ userIdentity: hidden }), saml].map((r) => ({
      EventId: r.eventID,
      EventName: r.eventName,
      CloudTrailEvent: JSON.stringify(r),
    }));
    writeFileSync(join(dir, 'events.json'), JSON.stringify({ Events: events }));
    const none = await withOrgId();
    const report = await impact(none, await withOrgId([orgOnly]), readCloudTrail(await cloudTrailFiles([dir])));
    expect(report.summary).toMatchObject({ events: 3, evaluated: 3, newDenies: 1, uncertain: 1 });
    expect(report.summary.skipped).toEqual({});
    // the service principal is certainly outside every organization; whether the hidden caller's account is, the record cannot say
    expect(report.changes).toEqual([expect.objectContaining({ principal: 'cloudtrail.amazonaws.com', after: 'explicit-deny' })]);
    expect(report.uncertain).toEqual([expect.objectContaining({ principal: 'arn:aws:iam::222222222222:root', missingKeys: ['aws:PrincipalOrgID'] })]);
  });

  /**
   * A GitHub Actions OIDC job assuming prod's deploy role: the AssumeRoleWithWebIdentity record as IAM's CloudTrail
   * example lays it out (IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail"), a WebIdentityUser.
   */
  const oidcDeploy = record(
    {
      type: 'WebIdentityUser',
      principalId: 'token.actions.githubusercontent.com:sts.amazonaws.com:repo:example-org/app:ref:refs/heads/main',
      userName: 'repo:example-org/app:ref:refs/heads/main',
      identityProvider: 'token.actions.githubusercontent.com',
    },
    {
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRoleWithWebIdentity',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.44',
      userAgent: 'aws-sdk-js/3.699.0',
      requestParameters: { roleArn: 'arn:aws:iam::555555555555:role/github-deploy', roleSessionName: 'GitHubActions', durationSeconds: 3600 },
      resources: [{ accountId: '555555555555', type: 'AWS::IAM::Role', ARN: 'arn:aws:iam::555555555555:role/github-deploy' }],
      recipientAccountId: '555555555555',
    },
  );
  const stsRcp = (rcp: string, Action: string, Condition: object) => ({
    rcp,
    on: ['Root'],
    statements: [{ Sid: rcp, Effect: 'Deny', Principal: '*', Action, Resource: '*', Condition }],
  });

  it("a web identity federation call: no SCP, the role owner's RCPs, with no aws:Principal* key (an org-only sts:* RCP breaks it)", async () => {
    const none = await withOrgId();
    // no SCP applies to the unsigned call
    const denyAllSts = { scp: 'no-sts', on: ['Root'], statements: [{ Effect: 'Deny', Action: 'sts:*', Resource: '*' }] };
    expect((await impact(none, await withOrgId([denyAllSts]), batches([oidcDeploy]))).summary).toMatchObject({ evaluated: 1, newDenies: 0, uncertain: 0 });
    // the org-only statement AWS's data perimeter example leaves federation calls out of: it would deny them, for certain
    const orgOnlySts = stsRcp('OrgOnlySts', 'sts:*', { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } });
    const report = await impact(none, await withOrgId([orgOnlySts]), batches([oidcDeploy]));
    expect(report.summary).toMatchObject({ evaluated: 1, newDenies: 1, uncertain: 0 });
    expect(report.changes).toEqual([
      expect.objectContaining({
        account: 'prod',
        principal: 'web identity federation via token.actions.githubusercontent.com',
        action: 'sts:AssumeRoleWithWebIdentity',
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY', sid: 'OrgOnlySts' }),
        sampleRequest: expect.objectContaining({ resource: 'arn:aws:iam::555555555555:role/github-deploy', resourceAccount: '555555555555' }),
      }),
    ]);
    // the example's own statement reads the provider's `sub`, which the record does not carry: uncertain, the key named
    const subOnly = stsRcp('GitHubOrgOnly', 'sts:AssumeRoleWithWebIdentity', {
      StringNotLikeIfExists: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/*' },
    });
    const bySub = await impact(none, await withOrgId([subOnly]), batches([oidcDeploy]));
    expect(bySub.summary).toMatchObject({ newDenies: 0, uncertain: 1 });
    expect(bySub.uncertain[0].missingKeys).toEqual(['token.actions.githubusercontent.com:sub']);
  });

  it("an anonymous S3 request: no SCP, no aws:Principal* key, the bucket owner's RCPs (an org-only RCP denies it for certain)", async () => {
    // Amazon S3 User Guide, "Logging Amazon S3 API calls using AWS CloudTrail": an anonymous request's userIdentity
    const anonymous = { type: 'AWSAccount', principalId: '', accountId: 'ANONYMOUS_PRINCIPAL' };
    const get = s3ObjectEvent(anonymous, 'GetObject', { bucket: 'prod-public', key: 'index.html', owner: '555555555555' }, { awsRegion: 'us-east-1' });
    const orgOnlyS3 = { ...orgOnly, rcp: 'org-only-s3', statements: [{ ...orgOnly.statements[0], Action: 's3:*' }] };
    const report = await impact(await withOrgId(), await withOrgId([orgOnlyS3]), batches([get]));
    expect(report.summary).toMatchObject({ evaluated: 1, newDenies: 1, uncertain: 0, skipped: {} });
    expect(report.changes).toEqual([
      expect.objectContaining({
        account: 'prod',
        principal: 'anonymous',
        action: 's3:GetObject',
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY' }),
        sampleRequest: expect.objectContaining({ resource: 'arn:aws:s3:::prod-public/index.html', resourceAccount: '555555555555' }),
      }),
    ]);
  });

  it('a service principal in an account the spec does not list is skipped with why', async () => {
    const report = await impact(await withOrgId(), await withOrgId(), batches([byService({ recipientAccountId: '999999999999', resources: undefined })]));
    expect(report.summary.skipped).toEqual({ 'AWS service principal acting in an account the spec does not list (its RCPs unknown)': 1 });
  });

  /** The resource owner's copy of Bob's call as CloudTrail writes it (AWS CloudTrail User Guide, "sharedEventID Example"). */
  const hidden = { type: 'AWSAccount', principalId: 'AIDAEXAMPLEBOB', accountId: '222222222222' };

  it("an AWSAccount caller from outside the organization: the owner's RCPs decide by its account; resting on who in it called is uncertain", async () => {
    const none = await withOrgId();
    const byAccount = await impact(none, await withOrgId([ownAccountsOnly]), batches([encrypt({ userIdentity: hidden })]));
    expect(byAccount.changes).toEqual([
      expect.objectContaining({ account: OUTSIDE_ORGANIZATION, principal: 'arn:aws:iam::222222222222:root', action: 'kms:Encrypt', after: 'explicit-deny' }),
    ]);
    const bobOnly = kmsRcp('bob-only', {
      ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:user/Bob' },
      StringNotEquals: { 'aws:PrincipalAccount': '555555555555' },
    });
    const byArn = await impact(none, await withOrgId([bobOnly]), batches([encrypt({ userIdentity: hidden })]));
    expect(byArn.changes).toEqual([]);
    expect(byArn.uncertain).toEqual([expect.objectContaining({ principal: 'arn:aws:iam::222222222222:root', missingKeys: ['aws:PrincipalArn'] })]);
    // the account root itself calling is a different request: its ARN is proven, no doubt
    const root = { type: 'Root', principalId: '222222222222', arn: 'arn:aws:iam::222222222222:root', accountId: '222222222222' };
    const both = await impact(none, await withOrgId([bobOnly]), batches([encrypt({ userIdentity: hidden }), encrypt({ userIdentity: root })]));
    expect(both.summary).toMatchObject({ newDenies: 1, uncertain: 1 });
  });

  it("an AWSAccount record carries no sessionContext: a decision resting on the caller's MFA is uncertain, not a deny", async () => {
    const mfaOnly = kmsRcp('mfa-only', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } });
    const report = await impact(await withOrgId(), await withOrgId([mfaOnly]), batches([encrypt({ userIdentity: hidden })]));
    expect(report.summary).toMatchObject({ newDenies: 0, uncertain: 1 });
    expect(report.uncertain).toEqual([expect.objectContaining({ principal: 'arn:aws:iam::222222222222:root', missingKeys: ['aws:MultiFactorAuthPresent'] })]);
    // Bob's own IAM-user record (long-term keys, no session) proves the key absent: a certain deny
    expect((await impact(await withOrgId(), await withOrgId([mfaOnly]), batches([encrypt()]))).summary).toMatchObject({ newDenies: 1, uncertain: 0 });
  });

  it("an AWSAccount copy of a call by an account the spec lists is the owner's copy: the caller's own copy is the one evaluated", async () => {
    const spec = await withOrgId([ownAccountsOnly]);
    const report = await impact(spec, spec, batches([encrypt({ userIdentity: { ...hidden, accountId: '333333333333' } })]));
    expect(report.summary.skipped).toEqual({ "copy of a cross-account call in the resource owner's trail": 1 });
  });
});

describe('policy variables the record cannot resolve', () => {
  // Each role works only in its home region, named by its principal tag, which CloudTrail does not record.
  const homeRegionOnly = {
    scp: 'home-region-only',
    on: ['Root'],
    statements: [
      {
        Sid: 'HomeRegionOnly',
        Effect: 'Deny',
        Action: 'ec2:*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': '${aws:PrincipalTag/home-region}' } },
      },
    ],
  };
  const developer = assumedRoleIdentity('555555555555', 'Developer');

  it('a decision resting on an unresolved ${aws:PrincipalTag/...} is uncertain with the key named, never a new deny', async () => {
    const report = await impact(
      await analyze(baseSpec()),
      await analyze(baseSpec({ guardrails: [homeRegionOnly] })),
      batches([record(developer, { recipientAccountId: '555555555555' })]),
    );
    expect(report.summary).toMatchObject({ newDenies: 0, uncertain: 1 });
    expect(report.uncertain).toEqual([
      expect.objectContaining({ action: 'ec2:RunInstances', after: 'explicit-deny', missingKeys: ['aws:PrincipalTag/home-region'] }),
    ]);
  });

  it('aws:username, which AWS sets for IAM users only, is certainly absent for a role: no doubt from it', async () => {
    // The home-folder pattern of the IAM User Guide's policy variable examples, as an SCP.
    const homeOnly = {
      scp: 'home-only',
      on: ['Root'],
      statements: [{ Effect: 'Deny', Action: 's3:PutObject', NotResource: 'arn:aws:s3:::home/${aws:username}/*' }],
    };
    const put = s3ObjectEvent(developer, 'PutObject', { bucket: 'home', key: 'Developer/notes.txt', owner: '555555555555' });
    const report = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [homeOnly] })), batches([put]));
    expect(report.uncertain).toEqual([]);
    expect(report.summary.newDenies).toBe(1);
  });
});

describe('resources named by requestParameters', () => {
  const deployer = assumedRoleIdentity('555555555555', 'deployer');
  const call = (eventSource: string, eventName: string, requestParameters: unknown) =>
    record(deployer, { eventSource, eventName, awsRegion: 'us-east-1', requestParameters, recipientAccountId: '555555555555' });

  it('a Resource-scoped statement decides a management event that names its resource only in requestParameters', async () => {
    const protectRole = {
      scp: 'protect-access-role',
      on: ['Root'],
      statements: [{ Sid: 'ProtectAccessRole', Effect: 'Deny', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::*:role/OrganizationAccountAccessRole' }],
    };
    // IAM's CloudTrail example shape: requestParameters names the role and the policy (IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail").
    const attach = (roleName: string) => call('iam.amazonaws.com', 'AttachRolePolicy', { roleName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    const report = await impact(
      await analyze(baseSpec()),
      await analyze(baseSpec({ guardrails: [protectRole] })),
      batches([attach('OrganizationAccountAccessRole'), attach('app')]),
    );
    // The record names the role without its path: taken at "/", where the pattern matches it; at another
    // path it would not, so the deny is uncertain, the path named. The other role is allowed at any path.
    expect(report.uncertain).toEqual([
      expect.objectContaining({
        action: 'iam:AttachRolePolicy',
        after: 'explicit-deny',
        missingKeys: [IAM_PATH_NOT_RECORDED],
        sampleRequest: expect.objectContaining({ resource: 'arn:aws:iam::555555555555:role/OrganizationAccountAccessRole' }),
      }),
    ]);
    expect(report.summary).toMatchObject({ evaluated: 2, newDenies: 0, uncertain: 1 });

    // `*` matches across "/": `*admin*` does not match role/app, but matches role/admin-team/app, so even the allow is uncertain
    const adminPaths = { ...protectRole, statements: [{ ...protectRole.statements[0], Resource: 'arn:aws:iam::*:*admin*' }] };
    const anyPath = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [adminPaths] })), batches([attach('app')]));
    expect(anyPath.summary).toMatchObject({ evaluated: 1, newDenies: 0, uncertain: 1 });
    expect(anyPath.uncertain[0]).toMatchObject({ after: 'allowed', missingKeys: [IAM_PATH_NOT_RECORDED] });

    // With the path in the record (CreateRole's path parameter, its response's role ARN), the decision is certain.
    const createRole = (path: string) =>
      call('iam.amazonaws.com', 'CreateRole', { roleName: 'OrganizationAccountAccessRole', path, assumeRolePolicyDocument: '{}' });
    const protectCreate = { ...protectRole, statements: [{ ...protectRole.statements[0], Action: 'iam:CreateRole' }] };
    const created = await impact(
      await analyze(baseSpec()),
      await analyze(baseSpec({ guardrails: [protectCreate] })),
      batches([createRole('/'), createRole('/x/')]),
    );
    expect(created.summary).toMatchObject({ evaluated: 2, newDenies: 1, uncertain: 0 });
    expect(created.changes[0].sampleRequest.resource).toBe('arn:aws:iam::555555555555:role/OrganizationAccountAccessRole');
    // UpdateRole's record (IAM CloudTrail example) carries no path; a role the caller itself is (its session issuer) does
    const self = record(
      {
        ...deployer,
        sessionContext: {
          ...deployer.sessionContext,
          sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::555555555555:role/ops/OrganizationAccountAccessRole', accountId: '555555555555' },
        },
      },
      {
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachRolePolicy',
        awsRegion: 'us-east-1',
        recipientAccountId: '555555555555',
        requestParameters: { roleName: 'OrganizationAccountAccessRole', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
    );
    const onOwnRole = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [protectRole] })), batches([self]));
    expect(onOwnRole.summary).toMatchObject({ evaluated: 1, newDenies: 0, uncertain: 0 });
  });

  it("CreateRole's response names the role with its path: a later pattern on that path decides for certain", async () => {
    const protectPipelines = {
      scp: 'protect-pipelines',
      on: ['Root'],
      statements: [{ Effect: 'Deny', Action: 'iam:CreateRole', Resource: 'arn:aws:iam::*:role/pipelines/*' }],
    };
    // CreateRole as IAM's CloudTrail example shows it: the response echoes the role, its ARN with the path
    const create = call('iam.amazonaws.com', 'CreateRole', { roleName: 'deployer', assumeRolePolicyDocument: '{}' });
    create.responseElements = {
      role: {
        path: '/pipelines/',
        roleName: 'deployer',
        roleId: 'AROAEXAMPLEID',
        arn: 'arn:aws:iam::555555555555:role/pipelines/deployer',
        createDate: 'Nov 2, 2026, 9:01:12 AM',
      },
    };
    const report = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [protectPipelines] })), batches([create]));
    expect(report.summary).toMatchObject({ newDenies: 1, uncertain: 0 });
    expect(report.changes[0].sampleRequest.resource).toBe('arn:aws:iam::555555555555:role/pipelines/deployer');
  });

  it('a call whose record names no resource, decided by a statement scoped to resources, is uncertain (evaluated with *, it would never match)', async () => {
    const protectStacks = {
      scp: 'protect-stacks',
      on: ['Root'],
      statements: [{ Sid: 'ProtectStacks', Effect: 'Deny', Action: 'cloudformation:DeleteStack', Resource: 'arn:aws:cloudformation:*:*:stack/guardrails-*' }],
    };
    const noUsEast1 = {
      scp: 'no-us-east-1',
      on: ['Root'],
      statements: [{ Effect: 'Deny', Action: 'cloudformation:*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }],
    };
    // A stack's ARN ends in an id the DeleteStack record does not carry (it names the stack only).
    const del = call('cloudformation.amazonaws.com', 'DeleteStack', { stackName: 'guardrails-baseline' });
    const none = await analyze(baseSpec());
    const scoped = await analyze(baseSpec({ guardrails: [protectStacks] }));
    const report = await impact(none, scoped, batches([del]));
    expect(report.changes).toEqual([]);
    expect(report.uncertain).toEqual([
      expect.objectContaining({ action: 'cloudformation:DeleteStack', before: 'allowed', after: 'allowed', missingKeys: [RESOURCE_NOT_RECORDED] }),
    ]);
    // the same dependence in both specs is no change
    expect((await impact(scoped, scoped, batches([del]))).uncertain).toEqual([]);
    // a Deny over every resource is certain whatever the resource
    const both = await impact(scoped, await analyze(baseSpec({ guardrails: [protectStacks, noUsEast1] })), batches([del]));
    expect(both.changes).toEqual([expect.objectContaining({ after: 'explicit-deny', decidedBy: expect.objectContaining({ sources: ['scp:no-us-east-1'] }) })]);
  });

  it('an action that takes several resources, the record naming one (RunInstances with its subnet), is uncertain where the others could decide', async () => {
    // EC2's RunInstances record names the subnet, never the instance the SCP scopes to (instance/*).
    const run = call('ec2.amazonaws.com', 'RunInstances', {
      subnetId: 'subnet-0abc',
      instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 1, maxCount: 1 }] },
    });
    const report = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [{ use: 'require-imdsv2', on: ['Root'] }] })), batches([run]));
    expect(report.changes).toEqual([]);
    expect(report.uncertain).toEqual([expect.objectContaining({ action: 'ec2:RunInstances', missingKeys: expect.arrayContaining([RESOURCE_NOT_RECORDED]) })]);
  });

  /** An RCP on audit: only audit's own principals may use its resources of the service. */
  const auditOwnAccountOnly = (rcp: string, service: string) => ({
    rcp,
    on: ['audit'],
    statements: [
      {
        Sid: 'AuditOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: `${service}:*`,
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': '333333333333' } },
      },
    ],
  });

  it('the resource owner whose RCPs apply is the account in the built ARN (a queue URL of another member account)', async () => {
    const auditQueuesOwnAccountOnly = auditOwnAccountOnly('audit-queues', 'sqs');
    const send = call('sqs.amazonaws.com', 'SendMessage', {
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/333333333333/findings',
      messageBody: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    const report = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [auditQueuesOwnAccountOnly] })), batches([send]));
    expect(report.changes).toEqual([
      expect.objectContaining({
        account: 'prod',
        action: 'sqs:SendMessage',
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ policyType: 'RESOURCE_CONTROL_POLICY', target: 'audit', sid: 'AuditOnly' }),
        sampleRequest: expect.objectContaining({ resource: 'arn:aws:sqs:us-east-1:333333333333:findings' }),
      }),
    ]);
  });

  describe('a call on several resources is authorized on each: denied when any is', () => {
    // StopInstances as EC2's CloudTrail example shows it (Amazon EC2 API Reference, "Logging API calls with AWS CloudTrail")
    const stop = (...ids: string[]) =>
      call('ec2.amazonaws.com', 'StopInstances', { instancesSet: { items: ids.map((instanceId) => ({ instanceId })) }, force: false });
    const PROD_DB = 'i-0db0000000000000a';
    const protectDb = (condition?: object) => ({
      scp: 'protect-db',
      on: ['Root'],
      statements: [
        {
          Sid: 'KeepDbUp',
          Effect: 'Deny',
          Action: 'ec2:StopInstances',
          Resource: `arn:aws:ec2:*:*:instance/${PROD_DB}`,
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    });
    const before = () => analyze(baseSpec());

    it('every instance of instancesSet: the protected one, second in the list, denies the call', async () => {
      const report = await impact(
        await before(),
        await analyze(baseSpec({ guardrails: [protectDb()] })),
        batches([stop('i-0aaa00000000000001', PROD_DB), stop('i-0aaa00000000000001')]),
      );
      expect(report.summary).toMatchObject({ evaluated: 2, newDenies: 1, uncertain: 0 });
      expect(report.changes[0]).toMatchObject({
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ sid: 'KeepDbUp' }),
        sampleRequest: expect.objectContaining({ resource: `arn:aws:ec2:us-east-1:555555555555:instance/${PROD_DB}` }),
      });
    });

    it('a certain deny of one stands over the doubt about another; a doubt with no certain deny is uncertain', async () => {
      const tagged = protectDb({ StringEquals: { 'aws:ResourceTag/tier': 'db' } });
      const doubt = await impact(await before(), await analyze(baseSpec({ guardrails: [tagged] })), batches([stop('i-0aaa00000000000001', PROD_DB)]));
      expect(doubt.summary).toMatchObject({ newDenies: 0, uncertain: 1 });
      expect(doubt.uncertain[0].missingKeys).toEqual(['aws:ResourceTag/tier']);
      const other = {
        ...protectDb(),
        scp: 'protect-other',
        statements: [{ ...protectDb().statements[0], Sid: 'KeepOtherUp', Resource: 'arn:aws:ec2:*:*:instance/i-0aaa00000000000001' }],
      };
      const certain = await impact(await before(), await analyze(baseSpec({ guardrails: [tagged, other] })), batches([stop('i-0aaa00000000000001', PROD_DB)]));
      expect(certain.summary).toMatchObject({ newDenies: 1, uncertain: 0 });
      expect(certain.changes[0].decidedBy).toMatchObject({ sid: 'KeepOtherUp' });
    });

    it("of the resources a record lists, only those of a type the action takes are authorized (an S3 object's bucket is not, for GetObject)", async () => {
      const denyBucketArn = { scp: 'bucket-arn', on: ['Root'], statements: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports' }] };
      const get = s3ObjectEvent(deployer, 'GetObject', { bucket: 'reports', key: 'q3.csv', owner: '555555555555' }, { awsRegion: 'us-east-1' });
      const report = await impact(await before(), await analyze(baseSpec({ guardrails: [denyBucketArn] })), batches([get]));
      expect(report.summary).toMatchObject({ evaluated: 1, newDenies: 0, uncertain: 0 });
      // two objects listed: each is authorized
      const denyOne = {
        scp: 'one-object',
        on: ['Root'],
        statements: [{ Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/secret.csv' }],
      };
      const two = { ...get, resources: [...(get.resources as object[]), { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::reports/secret.csv' }] };
      expect((await impact(await before(), await analyze(baseSpec({ guardrails: [denyOne] })), batches([two]))).summary).toMatchObject({ newDenies: 1 });
    });
  });

  /** CopyObject into prod's bucket from a bucket the record lists without an owner (S3's CloudTrail data event: `x-amz-copy-source` in requestParameters). */
  const copyFromVendor = s3ObjectEvent(
    deployer,
    'CopyObject',
    { bucket: 'prod-reports', key: 'q3.csv', owner: '555555555555' },
    {
      awsRegion: 'us-east-1',
      requestParameters: {
        bucketName: 'prod-reports',
        Host: 'prod-reports.s3.us-east-1.amazonaws.com',
        key: 'q3.csv',
        'x-amz-copy-source': 'vendor-drop/q3.csv',
      },
      resources: [
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::prod-reports/q3.csv' },
        { accountId: '555555555555', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::prod-reports' },
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::vendor-drop/q3.csv' },
        { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::vendor-drop' },
      ],
    },
  );

  it("a resource listed without an owner is not taken as another entry's: where an RCP could decide, its owner is unknown", async () => {
    const noVendorDrop = {
      rcp: 'no-vendor-drop',
      on: ['Root'],
      statements: [{ Sid: 'NoVendorDrop', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::vendor-drop/*' }],
    };
    const report = await impact(await analyze(baseSpec()), await analyze(baseSpec({ guardrails: [noVendorDrop] })), batches([copyFromVendor]));
    // vendor-drop may be outside the organization (no RCP applies) or prod's (denied): not a certain new deny
    expect(report.summary).toMatchObject({ evaluated: 1, newDenies: 0, uncertain: 1 });
    expect(report.uncertain[0]).toMatchObject({ after: 'explicit-deny', missingKeys: [RESOURCE_OWNER_NOT_RECORDED] });
  });

  it('a copy reads its source (s3:GetObject) and writes its destination (s3:PutObject): each is authorized for its own action', async () => {
    const denyOn = (Action: string) => ({
      scp: 'vendor-drop',
      on: ['Root'],
      statements: [{ Sid: 'VendorDrop', Effect: 'Deny', Action, Resource: 'arn:aws:s3:::vendor-drop/*' }],
    });
    const none = await analyze(baseSpec());
    // writing into vendor-drop is not what the copy does
    const put = await impact(none, await analyze(baseSpec({ guardrails: [denyOn('s3:PutObject')] })), batches([copyFromVendor]));
    expect(put.summary).toMatchObject({ evaluated: 1, newDenies: 0, uncertain: 0 });
    // reading from it is, also when the record lists only the destination (the source from x-amz-copy-source)
    const onlyDestination = { ...copyFromVendor, resources: (copyFromVendor.resources as object[]).slice(0, 2) };
    const get = await impact(none, await analyze(baseSpec({ guardrails: [denyOn('s3:GetObject')] })), batches([copyFromVendor, onlyDestination]));
    expect(get.summary).toMatchObject({ evaluated: 2, newDenies: 2, uncertain: 0 });
    expect(get.changes).toEqual([
      expect.objectContaining({
        action: 's3:GetObject',
        count: 2,
        decidedBy: expect.objectContaining({ sid: 'VendorDrop' }),
        sampleRequest: expect.objectContaining({ resource: 'arn:aws:s3:::vendor-drop/q3.csv' }),
      }),
    ]);
  });

  it("an ECR call on another member's registry (registryId) is decided by that member's RCPs", async () => {
    const auditRegistryOwnAccountOnly = auditOwnAccountOnly('audit-registry', 'ecr');
    const pull = (registryId?: string) =>
      call('ecr.amazonaws.com', 'BatchGetImage', {
        repositoryName: 'base-images',
        imageIds: [{ imageTag: 'latest' }],
        acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'],
        ...(registryId ? { registryId } : {}),
      });
    const before = await analyze(baseSpec());
    const after = await analyze(baseSpec({ guardrails: [auditRegistryOwnAccountOnly] }));
    const report = await impact(before, after, batches([pull('333333333333'), pull()]));
    expect(report.changes).toEqual([
      expect.objectContaining({
        account: 'prod',
        action: 'ecr:BatchGetImage',
        after: 'explicit-deny',
        decidedBy: expect.objectContaining({ target: 'audit', sid: 'AuditOnly' }),
        sampleRequest: expect.objectContaining({ resource: 'arn:aws:ecr:us-east-1:333333333333:repository/base-images' }),
      }),
    ]);
    // the same pull from prod's own registry is not audit's to decide
    expect(report.summary.newDenies).toBe(1);
  });
});
