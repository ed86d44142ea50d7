/** Every generated key and bucket policy, checked by evaluating requests against it (allowed / denied). */
import { describe, expect, it } from 'vitest';
import { evaluateResourcePolicy, type ResourcePolicyRequest } from '../../src/iam/resource-policy.ts';
import { asList, type PolicyDocument } from '../../src/iam/policy.ts';
import { keyPolicy } from '../../src/deployment/key-policy.ts';
import { configBucketPolicy, trailBucketPolicy, trailKeyPolicy } from '../../src/deployment/trail.ts';
import { deploymentNames } from '../../src/model/names.ts';
import type { GuardrailSpec } from '../../src/model/spec.ts';

const ORG = 'o-a1b2c3d4e5';
const ids: Record<string, string> = { 'log-archive': '222222222222', audit: '333333333333' };
const names = deploymentNames(
  {
    organization: {
      managementAccountId: '111111111111',
      id: ORG,
      homeRegion: 'us-east-1',
      accessRole: 'OrganizationAccountAccessRole',
      logArchiveAccount: 'log-archive',
      auditAccount: 'audit',
    } as GuardrailSpec['organization'],
    logging: { trail: { name: 'organization-trail' } } as GuardrailSpec['logging'],
  },
  (name) => (name ? ids[name] : undefined),
)!;
const KEY = 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const cloudtrail = { type: 'Service' as const, service: 'cloudtrail.amazonaws.com' };
const role = (arn: string) => ({ type: 'AWS' as const, arn });
const decide = (policy: PolicyDocument, r: ResourcePolicyRequest) => evaluateResourcePolicy(policy, r).decision;
const withoutRoot = (p: PolicyDocument): PolicyDocument => ({ ...p, Statement: p.Statement.filter((s) => s.Sid !== 'KeyAccountRoot') });

describe('organization trail key policy', () => {
  const policy = trailKeyPolicy(names);
  const trailContext = { 'aws:SourceArn': names.trailArn, 'kms:EncryptionContext:aws:cloudtrail:arn': names.trailArn };

  it('CloudTrail may encrypt for this trail only', () => {
    expect(decide(policy, { principal: cloudtrail, action: 'kms:GenerateDataKey', resource: KEY, context: trailContext })).toBe('allowed');
    expect(
      decide(policy, {
        principal: cloudtrail,
        action: 'kms:GenerateDataKey',
        resource: KEY,
        context: { ...trailContext, 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:999999999999:trail/attacker' },
      }),
    ).toBe('implicit-deny');
    expect(decide(policy, { principal: cloudtrail, action: 'kms:GenerateDataKey', resource: KEY, context: { 'aws:SourceArn': names.trailArn } })).toBe(
      'implicit-deny',
    );
    expect(decide(policy, { principal: cloudtrail, action: 'kms:Decrypt', resource: KEY, context: trailContext })).toBe('implicit-deny');
  });

  it('log readers inside the organization may decrypt trail logs; outsiders may not', () => {
    const read = (arn: string, extra: Record<string, string> = {}) =>
      decide(policy, {
        principal: role(arn),
        action: 'kms:Decrypt',
        resource: KEY,
        context: { 'kms:CallerAccount': arn.split(':')[4], 'aws:PrincipalOrgID': ORG, 'kms:EncryptionContext:aws:cloudtrail:arn': names.trailArn, ...extra },
      });
    expect(read('arn:aws:iam::333333333333:role/security-analyst')).toBe('allowed');
    expect(read('arn:aws:iam::999999999999:role/attacker')).toBe('implicit-deny');
    expect(read('arn:aws:iam::333333333333:role/security-analyst', { 'aws:PrincipalOrgID': 'o-otherorg00' })).toBe('implicit-deny');
    expect(
      read('arn:aws:iam::333333333333:role/security-analyst', {
        'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:999999999999:trail/x',
      }),
    ).toBe('implicit-deny');
  });

  it('administrators are separate from users; only the key account root has kms:*', () => {
    const admin = role('arn:aws:iam::222222222222:role/OrganizationAccountAccessRole');
    expect(evaluateResourcePolicy(policy, { principal: admin, action: 'kms:ScheduleKeyDeletion', resource: KEY })).toMatchObject({ decision: 'allowed' });
    // Without the account-root statement (IAM delegation), the admin statement alone grants no use of the key.
    expect(decide(withoutRoot(policy), { principal: admin, action: 'kms:Decrypt', resource: KEY })).toBe('implicit-deny');
    expect(decide(withoutRoot(policy), { principal: admin, action: 'kms:PutKeyPolicy', resource: KEY })).toBe('allowed');
    const wildcard = policy.Statement.filter((s) => asList(s.Action).some((a) => a === 'kms:*'));
    expect(wildcard.map((s) => (s as { Principal?: unknown }).Principal)).toEqual([{ AWS: 'arn:aws:iam::222222222222:root' }]);
  });
});

describe('organization trail bucket policy', () => {
  const policy = trailBucketPolicy(names);
  const bucket = `arn:aws:s3:::${names.trailBucketName}`;
  const write = { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': names.trailArn, 'aws:SecureTransport': 'true' };

  it("CloudTrail writes the organization's and the management account's logs for this trail only", () => {
    expect(
      decide(policy, {
        principal: cloudtrail,
        action: 's3:PutObject',
        resource: `${bucket}/AWSLogs/${ORG}/555555555555/CloudTrail/us-east-1/2026/11/29/x.json.gz`,
        context: write,
      }),
    ).toBe('allowed');
    expect(
      decide(policy, { principal: cloudtrail, action: 's3:PutObject', resource: `${bucket}/AWSLogs/111111111111/CloudTrail/x.json.gz`, context: write }),
    ).toBe('allowed');
    expect(
      decide(policy, {
        principal: cloudtrail,
        action: 's3:PutObject',
        resource: `${bucket}/AWSLogs/${ORG}/x`,
        context: { ...write, 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:999999999999:trail/other' },
      }),
    ).toBe('implicit-deny');
    expect(
      decide(policy, {
        principal: cloudtrail,
        action: 's3:PutObject',
        resource: `${bucket}/AWSLogs/${ORG}/x`,
        context: { ...write, 's3:x-amz-acl': 'private' },
      }),
    ).toBe('implicit-deny');
    expect(decide(policy, { principal: cloudtrail, action: 's3:PutObject', resource: `${bucket}/somewhere-else/x`, context: write })).toBe('implicit-deny');
    expect(decide(policy, { principal: cloudtrail, action: 's3:GetBucketAcl', resource: bucket, context: { 'aws:SourceArn': names.trailArn } })).toBe(
      'allowed',
    );
  });

  it('denies everything over plain HTTP and grants outsiders nothing', () => {
    expect(
      decide(policy, {
        principal: cloudtrail,
        action: 's3:PutObject',
        resource: `${bucket}/AWSLogs/${ORG}/x`,
        context: { ...write, 'aws:SecureTransport': 'false' },
      }),
    ).toBe('explicit-deny');
    expect(
      decide(policy, {
        principal: role('arn:aws:iam::999999999999:role/attacker'),
        action: 's3:GetObject',
        resource: `${bucket}/AWSLogs/${ORG}/x`,
        context: { 'aws:SecureTransport': 'true' },
      }),
    ).toBe('implicit-deny');
    expect(
      decide(policy, {
        principal: role('arn:aws:iam::999999999999:role/attacker'),
        action: 's3:DeleteObject',
        resource: `${bucket}/AWSLogs/${ORG}/x`,
        context: { 'aws:SecureTransport': 'false' },
      }),
    ).toBe('explicit-deny');
  });
});

describe('central AWS Config bucket policy', () => {
  const policy = configBucketPolicy(names);
  const config = { type: 'Service' as const, service: 'config.amazonaws.com' };
  it('accounts of the organization deliver; other organizations do not', () => {
    const put = (org: string) =>
      decide(policy, {
        principal: config,
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::guardrails-config-222222222222-us-east-1/AWSLogs/555555555555/Config/us-east-1/x.json.gz',
        context: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': org, 'aws:SecureTransport': 'true' },
      });
    expect(put(ORG)).toBe('allowed');
    expect(put('o-otherorg00')).toBe('implicit-deny');
    expect(
      decide(policy, {
        principal: config,
        action: 's3:GetBucketAcl',
        resource: 'arn:aws:s3:::guardrails-config-222222222222-us-east-1',
        context: { 'aws:SourceOrgID': ORG },
      }),
    ).toBe('allowed');
  });
});

describe('customer managed key policies (keys:)', () => {
  const policy = keyPolicy({
    accountId: '566666666666',
    region: 'eu-west-1',
    organizationId: ORG,
    admins: ['arn:aws:iam::566666666666:role/platform-key-admin'],
    users: ['arn:aws:iam::566666666666:role/data-pipeline'],
    services: ['s3.amazonaws.com', 'rds.amazonaws.com'],
  });
  const key = 'arn:aws:kms:eu-west-1:566666666666:key/abcd';
  const strict = withoutRoot(policy);

  it('users use the key within the organization; admins manage but do not use it', () => {
    expect(
      decide(strict, {
        principal: role('arn:aws:iam::566666666666:role/data-pipeline'),
        action: 'kms:Decrypt',
        resource: key,
        context: { 'aws:PrincipalOrgID': ORG },
      }),
    ).toBe('allowed');
    expect(
      decide(strict, {
        principal: role('arn:aws:iam::566666666666:role/data-pipeline'),
        action: 'kms:ScheduleKeyDeletion',
        resource: key,
        context: { 'aws:PrincipalOrgID': ORG },
      }),
    ).toBe('implicit-deny');
    expect(decide(strict, { principal: role('arn:aws:iam::566666666666:role/platform-key-admin'), action: 'kms:Decrypt', resource: key })).toBe(
      'implicit-deny',
    );
    expect(decide(strict, { principal: role('arn:aws:iam::566666666666:role/platform-key-admin'), action: 'kms:EnableKeyRotation', resource: key })).toBe(
      'allowed',
    );
  });

  it("services use it only on behalf of callers in the key's account, through themselves", () => {
    const via = (account: string, service: string) =>
      decide(strict, {
        principal: role(`arn:aws:iam::${account}:role/app`),
        action: 'kms:GenerateDataKey',
        resource: key,
        context: { 'kms:CallerAccount': account, 'kms:ViaService': service },
      });
    expect(via('566666666666', 's3.eu-west-1.amazonaws.com')).toBe('allowed');
    expect(via('566666666666', 'rds.eu-west-1.amazonaws.com')).toBe('allowed');
    expect(via('566666666666', 'dynamodb.eu-west-1.amazonaws.com')).toBe('implicit-deny');
    expect(via('999999999999', 's3.eu-west-1.amazonaws.com')).toBe('implicit-deny');
    expect(decide(strict, { principal: role('arn:aws:iam::999999999999:role/attacker'), action: 'kms:Decrypt', resource: key })).toBe('implicit-deny');
  });
});
