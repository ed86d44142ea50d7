import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
  ResourceNotDiscoveredException,
} from '@aws-sdk/client-config-service';
import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient, ListUsersCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { KMSClient, ListKeysCommand, DescribeKeyCommand, GetKeyRotationStatusCommand, GetKeyPolicyCommand, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConfigRuleHandler } from '../../config-rules/framework/handler.ts';
import { iamPolicyNoAdmin } from '../../config-rules/rules/iam-policy-no-admin.ts';
import { kmsKeyHygiene } from '../../config-rules/rules/kms-key-hygiene.ts';
import { iamUserMfa } from '../../config-rules/rules/iam-user-mfa.ts';
import { rootCredentials } from '../../config-rules/rules/root-credentials.ts';
import { s3BucketPublic } from '../../config-rules/rules/s3-bucket-public.ts';
import { securityGroupAdminPorts } from '../../config-rules/rules/security-group-admin-ports.ts';
import { eventItem, permission } from './fixtures.ts';

const config = mockClient(ConfigServiceClient);
const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const kms = mockClient(KMSClient);

beforeEach(() => {
  config.reset();
  iam.reset();
  sts.reset();
  kms.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  config.on(GetComplianceDetailsByConfigRuleCommand).resolves({ EvaluationResults: [] });
  iam.on(ListUsersCommand).resolves({ Users: [] });
  process.env.AWS_REGION = 'us-west-2';
});
afterEach(() => delete process.env.GUARDRAILS_MEMBER_ROLE);

const sgItem = (ipPermissions: unknown[], extra: Record<string, unknown> = {}) =>
  eventItem('AWS::EC2::SecurityGroup', 'sg-0123456789abcdef0', { groupId: 'sg-0123456789abcdef0', ipPermissions }, {}, extra);

/** The event AWS Config sends a custom rule Lambda (invokingEvent is a JSON string). */
const changeEvent = (configurationItem: unknown, extra: Record<string, unknown> = {}) => ({
  version: '1.0',
  invokingEvent: JSON.stringify({
    configurationItem,
    notificationCreationTime: '2026-11-20T09:13:00.000Z',
    messageType: 'ConfigurationItemChangeNotification',
    recordVersion: '1.3',
  }),
  ruleParameters: JSON.stringify({ ports: '22,3389', allowedPublicPorts: '80,443' }),
  resultToken: 'token-1',
  eventLeftScope: false,
  executionRoleArn: 'arn:aws:iam::666666666666:role/config-role',
  configRuleArn: 'arn:aws:config:us-west-2:666666666666:config-rule/config-rule-abc',
  configRuleName: 'guardrails-security-group-admin-ports',
  configRuleId: 'config-rule-abc',
  accountId: '666666666666',
  ...extra,
});

const putCalls = () => config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input);

describe('Config rule Lambda handler', () => {
  const handler = createConfigRuleHandler(securityGroupAdminPorts);

  it('evaluates a ConfigurationItemChangeNotification and reports it with the result token', async () => {
    await handler(changeEvent(sgItem([permission('tcp', 22, 22, ['0.0.0.0/0'])])));
    expect(putCalls()).toEqual([
      {
        ResultToken: 'token-1',
        Evaluations: [
          {
            ComplianceResourceType: 'AWS::EC2::SecurityGroup',
            ComplianceResourceId: 'sg-0123456789abcdef0',
            ComplianceType: 'NON_COMPLIANT',
            Annotation: 'tcp 22 from 0.0.0.0/0 exposes port 22',
            OrderingTimestamp: new Date('2026-11-20T09:12:44.000Z'),
          },
        ],
      },
    ]);
  });

  it('fetches an oversized item with GetResourceConfigHistory (configuration as a JSON string)', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          accountId: '666666666666',
          awsRegion: 'us-west-2',
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-0123456789abcdef0',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: new Date('2026-11-20T09:12:44.000Z'),
          configuration: JSON.stringify({ ipPermissions: [permission('-1', undefined, undefined, [], ['::/0'])] }),
          supplementaryConfiguration: {},
          tags: {},
        },
      ],
    });
    const event = changeEvent(undefined);
    event.invokingEvent = JSON.stringify({
      configurationItemSummary: {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0123456789abcdef0',
        configurationItemCaptureTime: '2026-11-20T09:12:44.000Z',
        awsAccountId: '666666666666',
        awsRegion: 'us-west-2',
        configurationItemStatus: 'OK',
      },
      messageType: 'OversizedConfigurationItemChangeNotification',
      notificationCreationTime: '2026-11-20T09:13:00.000Z',
    });
    await handler(event);
    expect(config.commandCalls(GetResourceConfigHistoryCommand)[0].args[0].input).toEqual({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-0123456789abcdef0',
      laterTime: new Date('2026-11-20T09:12:44.000Z'),
      limit: 1,
    });
    expect(putCalls()[0].Evaluations![0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: 'all traffic from ::/0 exposes port 22, 3389' });
  });

  it('reports deleted resources and resources that left scope as NOT_APPLICABLE', async () => {
    await handler(changeEvent(sgItem([permission('tcp', 22, 22, ['0.0.0.0/0'])], { configurationItemStatus: 'ResourceDeleted', configuration: null })));
    await handler(changeEvent(sgItem([permission('tcp', 22, 22, ['0.0.0.0/0'])]), { eventLeftScope: true }));
    expect(putCalls().map((c) => c.Evaluations![0].ComplianceType)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE']);
  });

  it('keeps an exempted resource NON_COMPLIANT with the exemption in its annotation, cut to 256 characters', async () => {
    const tags = { 'guardrails:exempt-reason': 'R'.repeat(300), 'guardrails:exempt-until': '2026-12-31' };
    await handler(changeEvent(sgItem([permission('tcp', 22, 22, ['0.0.0.0/0'])], { tags })));
    const e = putCalls()[0].Evaluations![0];
    expect(e.ComplianceType).toBe('NON_COMPLIANT');
    expect(e.Annotation).toMatch(/^EXEMPTED until 2026-12-31 \(RRR/);
    expect(e.Annotation!.length).toBe(256);
    // The reason is shortened, the finding kept whole.
    expect(e.Annotation).toMatch(/R…\): tcp 22 from 0\.0\.0\.0\/0 exposes port 22$/);
  });

  it('an expired exemption is ignored and says so', async () => {
    const tags = { 'guardrails:exempt-reason': 'old ticket', 'guardrails:exempt-until': '2025-01-01' };
    await handler(changeEvent(sgItem([permission('tcp', 22, 22, ['0.0.0.0/0'])], { tags })));
    expect(putCalls()[0].Evaluations![0].Annotation).toBe('tcp 22 from 0.0.0.0/0 exposes port 22 (exemption expired on 2025-01-01)');
  });

  it('an item the rule cannot read fails closed, with the reason', async () => {
    const broken = eventItem('AWS::IAM::Policy', 'ANPABROKEN', { policyVersionList: [{ isDefaultVersion: true, versionId: 'v1', document: '%E0%A4%A' }] });
    await createConfigRuleHandler(iamPolicyNoAdmin)(changeEvent(broken));
    expect(putCalls()[0].Evaluations![0]).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: expect.stringMatching(/^could not evaluate: URI malformed/),
    });
  });

  it('fails loudly when AWS Config rejects evaluations, so Lambda retries', async () => {
    config.on(PutEvaluationsCommand).resolves({
      FailedEvaluations: [
        { ComplianceResourceType: 'AWS::EC2::SecurityGroup', ComplianceResourceId: 'sg-1', ComplianceType: 'COMPLIANT', OrderingTimestamp: new Date() },
      ],
    });
    await expect(handler(changeEvent(sgItem([])))).rejects.toThrow(/rejected 1 evaluations/);
  });
});

describe('periodic rules through the handler', () => {
  const scheduled = (accountId = '666666666666') => ({
    invokingEvent: JSON.stringify({
      awsAccountId: accountId,
      notificationCreationTime: '2026-11-29T00:00:00.000Z',
      messageType: 'ScheduledNotification',
      recordVersion: '1.0',
    }),
    ruleParameters: '{}',
    resultToken: 'token-2',
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${accountId}:role/config-role`,
    configRuleName: 'guardrails-root-credentials',
    accountId,
  });
  const csv = (mfa: string) =>
    `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated\n<root_account>,arn:aws:iam::666666666666:root,2024-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,${mfa},false,N/A,false,N/A\n`;

  it('waits for the credential report to be generated, then evaluates it', async () => {
    iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv('false')), ReportFormat: 'text/csv' });
    const handler = createConfigRuleHandler({
      ...rootCredentials,
      gather: (clients) => import('../../config-rules/framework/credential-report.ts').then((m) => m.fetchCredentialReport(clients, async () => {})),
    });
    await handler(scheduled());
    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
    expect(putCalls()[0]).toMatchObject({
      ResultToken: 'token-2',
      Evaluations: [
        {
          ComplianceResourceType: 'AWS::::Account',
          ComplianceResourceId: '666666666666',
          ComplianceType: 'NON_COMPLIANT',
          Annotation: 'root has no MFA',
          OrderingTimestamp: new Date('2026-11-29T00:00:00.000Z'),
        },
      ],
    });
  });

  it('reads IAM user tags live so an exempted user stays NON_COMPLIANT but marked', async () => {
    const report = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated\nbob,arn:aws:iam::666666666666:user/bob,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,false,N/A\nann,arn:aws:iam::666666666666:user/ann,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,false,N/A\n`;
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(report) });
    iam.on(ListUserTagsCommand, { UserName: 'bob' }).resolves({
      Tags: [
        { Key: 'guardrails:exempt-reason', Value: 'SEC-9 hardware token on order' },
        { Key: 'guardrails:exempt-until', Value: '2026-12-15' },
      ],
    });
    iam.on(ListUserTagsCommand, { UserName: 'ann' }).resolves({ Tags: [] });
    await createConfigRuleHandler(iamUserMfa)({ ...scheduled(), configRuleName: 'guardrails-console-mfa' });
    const byUser = Object.fromEntries(putCalls()[0].Evaluations!.map((e) => [e.ComplianceResourceId, e]));
    expect(byUser.bob).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: 'EXEMPTED until 2026-12-15 (SEC-9 hardware token on order): console password without MFA',
    });
    expect(byUser.ann).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: 'console password without MFA' });
  });

  it('assumes a role in the evaluated member account when invoked from the rules account', async () => {
    process.env.GUARDRAILS_MEMBER_ROLE = 'guardrails-config-rules';
    sts
      .on(AssumeRoleCommand)
      .resolves({ Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(Date.now() + 3600_000) } });
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv('true')) });
    await createConfigRuleHandler(rootCredentials)(scheduled(), {
      invokedFunctionArn: 'arn:aws:lambda:us-west-2:333333333333:function:guardrails-root-credentials',
    });
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe('arn:aws:iam::666666666666:role/guardrails-config-rules');
    expect(putCalls()[0].Evaluations![0].ComplianceType).toBe('COMPLIANT');
  });

  it('pages through KMS keys and sends evaluations in batches of at most 100', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => `key-${i}`);
    kms
      .on(ListKeysCommand)
      .resolvesOnce({ Keys: ids.slice(0, 100).map((KeyId) => ({ KeyId })), Truncated: true, NextMarker: 'm1' })
      .resolves({ Keys: ids.slice(100).map((KeyId) => ({ KeyId })), Truncated: false });
    kms.on(DescribeKeyCommand).callsFake((input) => ({
      KeyMetadata: {
        KeyId: input.KeyId,
        Arn: `arn:aws:kms:us-west-2:666666666666:key/${input.KeyId}`,
        AWSAccountId: '666666666666',
        KeyManager: 'CUSTOMER',
        KeyState: 'Enabled',
        KeySpec: 'SYMMETRIC_DEFAULT',
        Origin: 'AWS_KMS',
        MultiRegion: false,
      },
    }));
    kms.on(GetKeyRotationStatusCommand).callsFake((input) => ({ KeyRotationEnabled: input.KeyId !== 'key-7' }));
    kms.on(ListResourceTagsCommand).resolves({ Tags: [] });
    kms.on(GetKeyPolicyCommand).resolves({
      Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::666666666666:root' }, Action: 'kms:*', Resource: '*' }] }),
    });
    await createConfigRuleHandler(kmsKeyHygiene)(scheduled());
    const calls = putCalls();
    expect(calls.map((c) => c.Evaluations!.length)).toEqual([100, 50]);
    expect(
      calls
        .flatMap((c) => c.Evaluations!)
        .filter((e) => e.ComplianceType === 'NON_COMPLIANT')
        .map((e) => e.ComplianceResourceId),
    ).toEqual(['key-7']);
    expect(kms.commandCalls(ListKeysCommand)[1].args[0].input.Marker).toBe('m1');
  });
});

describe('events the handler refuses or ignores', () => {
  const handler = createConfigRuleHandler(securityGroupAdminPorts);
  const open22 = () => sgItem([permission('tcp', 22, 22, ['0.0.0.0/0'])]);
  let errors: string[] = [];
  beforeEach(() => {
    errors = [];
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    vi.spyOn(console, 'log').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('ignores ConfigurationSnapshotDeliveryCompleted instead of throwing', async () => {
    const event = changeEvent(undefined);
    event.invokingEvent = JSON.stringify({
      configSnapshotId: '00000000-0000-0000-0000-000000000000',
      s3ObjectKey: 'AWSLogs/666666666666/Config/us-west-2/2026/11/20/ConfigSnapshot/x.json.gz',
      s3Bucket: 'config-bucket',
      notificationCreationTime: '2026-11-20T09:13:00.000Z',
      messageType: 'ConfigurationSnapshotDeliveryCompleted',
      recordVersion: '1.1',
    });
    expect(await handler(event)).toEqual({ evaluations: 0 });
    expect(putCalls()).toEqual([]);
  });

  it('refuses an event without a resultToken, parameters that are not a JSON object, or a notification time that is not a date', async () => {
    await expect(handler(changeEvent(open22(), { resultToken: undefined }))).rejects.toThrow('the event has no resultToken');
    await expect(handler(changeEvent(open22(), { ruleParameters: '["22"]' }))).rejects.toThrow('ruleParameters is not a JSON object');
    await expect(handler(changeEvent(open22(), { ruleParameters: '{"ports":' }))).rejects.toThrow(/ruleParameters is not JSON/);
    await expect(handler(changeEvent(open22(), { ruleParameters: '{"ports":22,"allowedPublicPorts":""}' }))).rejects.toThrow(
      'rule parameter ports is not a string',
    );
    await expect(handler(changeEvent(open22(), { ruleParameters: '{}' }))).rejects.toThrow('bad rule parameters: rule parameter ports is missing');
    const badTime = changeEvent(open22());
    badTime.invokingEvent = JSON.stringify({ ...JSON.parse(badTime.invokingEvent), notificationCreationTime: 'yesterday' });
    await expect(handler(badTime)).rejects.toThrow('notificationCreationTime "yesterday" is not a date');
    expect(putCalls()).toEqual([]);
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatch(/^guardrails: refusing the event: /);
  });

  it('refuses an event from an account outside the organization: the member role cannot be assumed there, nothing is evaluated or reported', async () => {
    process.env.GUARDRAILS_MEMBER_ROLE = 'guardrails-config-rules';
    process.env.GUARDRAILS_ORGANIZATION_ID = 'o-abc123def4';
    // What STS answers when the role's policy (aws:ResourceOrgID = the organization) does not allow the assume.
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User ... is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const lambdaContext = { invokedFunctionArn: 'arn:aws-us-gov:lambda:us-gov-west-1:333333333333:function:guardrails-security-group-admin-ports' };
    try {
      await expect(handler(changeEvent(open22(), { accountId: '999999999999' }), lambdaContext)).rejects.toThrow(
        'account 999999999999 is not a member of o-abc123def4 (or has no guardrails-config-rules yet)',
      );
    } finally {
      delete process.env.GUARDRAILS_ORGANIZATION_ID;
    }
    // The member role is named in the function's own partition.
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe('arn:aws-us-gov:iam::999999999999:role/guardrails-config-rules');
    expect(putCalls()).toEqual([]);
    expect(config.calls()).toEqual([]);
    expect(errors[0]).toMatch(/^guardrails: refusing the event: account 999999999999 is not a member of o-abc123def4/);
  });

  it('refuses an accountId that is not an account id, and an execution role in another account', async () => {
    await expect(handler(changeEvent(open22(), { accountId: '123:role/x' }))).rejects.toThrow('accountId "123:role/x" is not an AWS account id');
    const lambdaContext = { invokedFunctionArn: 'arn:aws:lambda:us-west-2:333333333333:function:guardrails-security-group-admin-ports' };
    await expect(handler(changeEvent(open22(), { executionRoleArn: 'arn:aws:iam::999999999999:role/x' }), lambdaContext)).rejects.toThrow(
      'is not in the evaluated account 666666666666',
    );
    expect(sts.calls()).toEqual([]);
    expect(putCalls()).toEqual([]);
  });

  it('judges garbage NON_COMPLIANT with the reason, and not-recorded items NOT_APPLICABLE', async () => {
    await handler(changeEvent(sgItem([], { configuration: null })));
    // Truncated JSON, as an oversized or corrupted item may arrive: port 22 is open in it, so it must not pass.
    await handler(
      changeEvent(sgItem([], { configuration: '{"groupId":"sg-1","ipPermissions":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":["0.0.0.0/0"' })),
    );
    await handler(changeEvent(sgItem([], { configurationItemStatus: 'ResourceNotRecorded', configuration: null })));
    await handler(
      changeEvent(open22(), {
        invokingEvent: JSON.stringify({
          configurationItem: { ...open22(), configurationItemCaptureTime: 'not a time' },
          messageType: 'ConfigurationItemChangeNotification',
          notificationCreationTime: '2026-11-20T09:13:00.000Z',
        }),
      }),
    );
    const sent = putCalls().map((c) => c.Evaluations![0]);
    expect(sent.map((e) => [e.ComplianceType, e.Annotation])).toEqual([
      ['NON_COMPLIANT', 'could not evaluate: the configuration item carries no configuration'],
      ['NON_COMPLIANT', expect.stringMatching(/^could not evaluate: configuration is not valid JSON/)],
      ['NOT_APPLICABLE', 'AWS Config does not record this resource (ResourceNotRecorded)'],
      ['NON_COMPLIANT', 'could not evaluate: configurationItemCaptureTime "not a time" is not a date'],
    ]);
    // PutEvaluations refuses an Invalid Date: the notification time stands in.
    expect(sent[3].OrderingTimestamp).toEqual(new Date('2026-11-20T09:13:00.000Z'));
  });

  it('an oversized bucket read back from the API (ACL encoded twice) is judged on its real ACL and the account public access block', async () => {
    const acl = JSON.stringify({ grantList: [{ grantee: 'AllUsers', permission: 'Read' }], owner: { id: 'o' } });
    config.on(GetResourceConfigHistoryCommand, { resourceType: 'AWS::S3::Bucket' }).resolves({
      configurationItems: [
        {
          accountId: '666666666666',
          awsRegion: 'us-west-2',
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'site',
          resourceName: 'site',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: new Date('2026-11-20T09:12:44.000Z'),
          configuration: JSON.stringify({ name: 'site' }),
          supplementaryConfiguration: { AccessControlList: JSON.stringify(acl), BucketPolicy: JSON.stringify({ policyText: null }) },
          tags: {},
        },
      ],
    });
    config
      .on(GetResourceConfigHistoryCommand, { resourceType: 'AWS::S3::AccountPublicAccessBlock' })
      .rejects(new ResourceNotDiscoveredException({ message: 'not discovered', $metadata: {} }));
    const event = changeEvent(undefined, { ruleParameters: '{}' });
    event.invokingEvent = JSON.stringify({
      configurationItemSummary: {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'site',
        configurationItemCaptureTime: '2026-11-20T09:12:44.000Z',
        awsAccountId: '666666666666',
      },
      messageType: 'OversizedConfigurationItemChangeNotification',
      notificationCreationTime: '2026-11-20T09:13:00.000Z',
    });
    await createConfigRuleHandler(s3BucketPublic)(event);
    expect(putCalls()[0].Evaluations![0]).toMatchObject({ ComplianceType: 'NON_COMPLIANT', Annotation: 'ACL grants Read to AllUsers' });
    // With the account's IgnorePublicAcls on, the same ACL is neutralised.
    config.on(GetResourceConfigHistoryCommand, { resourceType: 'AWS::S3::AccountPublicAccessBlock' }).resolves({
      configurationItems: [
        {
          accountId: '666666666666',
          resourceType: 'AWS::S3::AccountPublicAccessBlock',
          resourceId: '666666666666',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: new Date('2026-11-01T00:00:00.000Z'),
          configuration: JSON.stringify({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
        },
      ],
    });
    await createConfigRuleHandler(s3BucketPublic)(event);
    expect(putCalls()[1].Evaluations![0]).toMatchObject({ ComplianceType: 'COMPLIANT' });
  });
});

describe('periodic rules over time', () => {
  const report = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated\nbob,arn:aws:iam::666666666666:user/bob,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,false,N/A,false,N/A\n`;
  const event = {
    invokingEvent: JSON.stringify({ awsAccountId: '666666666666', notificationCreationTime: '2026-11-29T00:00:00.000Z', messageType: 'ScheduledNotification' }),
    ruleParameters: '{}',
    resultToken: 'token-3',
    configRuleName: 'guardrails-console-mfa',
    accountId: '666666666666',
  };

  it('reports users under the id AWS Config records, and resources no longer found as NOT_APPLICABLE', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(report) });
    iam
      .on(ListUsersCommand)
      .resolves({ Users: [{ UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000001', Arn: 'arn:aws:iam::666666666666:user/bob', Path: '/', CreateDate: new Date() }] });
    iam.on(ListUserTagsCommand).resolves({ Tags: [] });
    // carl was NON_COMPLIANT last time and has been deleted since.
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: [
        {
          EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::IAM::User', ResourceId: 'AIDAEXAMPLECARL00001' } },
          ComplianceType: 'NON_COMPLIANT',
        },
        {
          EvaluationResultIdentifier: { EvaluationResultQualifier: { ResourceType: 'AWS::IAM::User', ResourceId: 'AIDAEXAMPLEBOB000001' } },
          ComplianceType: 'NON_COMPLIANT',
        },
      ],
    });
    await createConfigRuleHandler(iamUserMfa)(event);
    expect(config.commandCalls(GetComplianceDetailsByConfigRuleCommand)[0].args[0].input).toMatchObject({ ConfigRuleName: 'guardrails-console-mfa' });
    expect(iam.commandCalls(ListUserTagsCommand)[0].args[0].input).toEqual({ UserName: 'bob' });
    expect(putCalls()[0].Evaluations!.map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation])).toEqual([
      ['AIDAEXAMPLEBOB000001', 'NON_COMPLIANT', 'console password without MFA'],
      ['AIDAEXAMPLECARL00001', 'NOT_APPLICABLE', 'resource no longer found'],
    ]);
  });
});
