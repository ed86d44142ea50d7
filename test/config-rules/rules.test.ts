import { describe, expect, it } from 'vitest';
import { parseCredentialReport } from '../../config-rules/framework/credential-report.ts';
import { accessKeyAge } from '../../config-rules/rules/access-key-age.ts';
import { iamPolicyNoAdmin } from '../../config-rules/rules/iam-policy-no-admin.ts';
import { iamUserMfa } from '../../config-rules/rules/iam-user-mfa.ts';
import { kmsKeyHygiene, type KmsKeyFacts } from '../../config-rules/rules/kms-key-hygiene.ts';
import { rootCredentials } from '../../config-rules/rules/root-credentials.ts';
import { s3BucketEncryption } from '../../config-rules/rules/s3-bucket-encryption.ts';
import { s3BucketPublic } from '../../config-rules/rules/s3-bucket-public.ts';
import { securityGroupAdminPorts } from '../../config-rules/rules/security-group-admin-ports.ts';
import { acl, bucket, item, permission, securityGroup } from './fixtures.ts';

describe('security-group-admin-ports', () => {
  const params = securityGroupAdminPorts.parameters({});
  const verdict = (...p: unknown[]) => securityGroupAdminPorts.evaluate(securityGroup(...p), params);

  it('flags admin ports open to the internet, over IPv4 and IPv6', () => {
    expect(verdict(permission('tcp', 22, 22, ['0.0.0.0/0']))).toEqual({ complianceType: 'NON_COMPLIANT', annotation: 'tcp 22 from 0.0.0.0/0 exposes port 22' });
    expect(verdict(permission('tcp', 3389, 3389, [], ['::/0'])).complianceType).toBe('NON_COMPLIANT');
  });
  it('flags port ranges and all-traffic rules that cover admin ports', () => {
    expect(verdict(permission('tcp', 0, 65535, ['0.0.0.0/0'])).annotation).toBe('tcp 0-65535 from 0.0.0.0/0 exposes port 22, 3389');
    expect(verdict(permission('-1', undefined, undefined, ['0.0.0.0/0'])).annotation).toBe('all traffic from 0.0.0.0/0 exposes port 22, 3389');
    expect(verdict(permission('6', 20, 23, ['0.0.0.0/0'])).complianceType).toBe('NON_COMPLIANT');
  });
  it('allows 80/443 to the internet, admin ports to private ranges, and non-TCP/UDP protocols', () => {
    expect(verdict(permission('tcp', 443, 443, ['0.0.0.0/0'], ['::/0']), permission('tcp', 80, 80, ['0.0.0.0/0']))).toEqual({ complianceType: 'COMPLIANT' });
    expect(verdict(permission('tcp', 22, 22, ['10.0.0.0/8'])).complianceType).toBe('COMPLIANT');
    expect(verdict(permission('icmp', -1, -1, ['0.0.0.0/0'])).complianceType).toBe('COMPLIANT');
  });
  it('reads ports and allowed public ports from parameters', () => {
    const custom = securityGroupAdminPorts.parameters({ ports: '22,5432', allowedPublicPorts: '443' });
    expect(securityGroupAdminPorts.evaluate(securityGroup(permission('tcp', 5432, 5432, ['0.0.0.0/0'])), custom).complianceType).toBe('NON_COMPLIANT');
    expect(securityGroupAdminPorts.evaluate(securityGroup(permission('tcp', 3389, 3389, ['0.0.0.0/0'])), custom).complianceType).toBe('COMPLIANT');
    expect(() => securityGroupAdminPorts.parameters({ ports: '22,ssh' })).toThrow(/"ssh" is not a port number/);
  });
});

describe('s3-bucket-public', () => {
  const policy = (statement: object) => ({ BucketPolicy: { policyText: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) } });
  const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' };
  const verdict = (s: Record<string, unknown>) => s3BucketPublic.evaluate(bucket(s), {});

  it('flags Principal "*" policies without a restricting condition', () => {
    expect(verdict(policy(publicRead))).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'bucket policy statement PublicRead allows s3:GetObject to Principal "*" without a restricting condition',
    });
    expect(verdict(policy({ ...publicRead, Principal: { AWS: ['*'] } })).complianceType).toBe('NON_COMPLIANT');
    expect(verdict(policy({ ...publicRead, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } })).complianceType).toBe('NON_COMPLIANT');
    expect(verdict(policy({ ...publicRead, Condition: { StringLike: { 'aws:SourceVpce': '*' } } })).complianceType).toBe('NON_COMPLIANT');
  });
  it('accepts policies pinned to the organization, an account, a VPC endpoint or a source', () => {
    for (const condition of [
      { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } },
    ]) {
      expect(verdict(policy({ ...publicRead, Condition: condition })).complianceType).toBe('COMPLIANT');
    }
    expect(verdict(policy({ ...publicRead, Effect: 'Deny' })).complianceType).toBe('COMPLIANT');
    expect(verdict(policy({ ...publicRead, Principal: { Service: 'cloudtrail.amazonaws.com' } })).complianceType).toBe('COMPLIANT');
  });
  it('flags ACL grants to AllUsers and AuthenticatedUsers, in both grantee forms', () => {
    expect(verdict({ AccessControlList: acl({ grantee: 'AllUsers', permission: 'Read' }) }).annotation).toBe('ACL grants Read to AllUsers');
    expect(
      verdict({
        AccessControlList: acl({
          grantee: { identifier: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', typeIdentifier: 'uri' },
          permission: 'Write',
        }),
      }).annotation,
    ).toBe('ACL grants Write to AuthenticatedUsers');
    expect(verdict({ AccessControlList: acl({ grantee: 'LogDelivery', permission: 'Write' }) }).complianceType).toBe('COMPLIANT');
  });
  it('honours the bucket public access block', () => {
    const blocked = { PublicAccessBlockConfiguration: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } };
    expect(verdict({ ...policy(publicRead), AccessControlList: acl({ grantee: 'AllUsers', permission: 'Read' }), ...blocked }).complianceType).toBe(
      'COMPLIANT',
    );
    const policyOnly = {
      PublicAccessBlockConfiguration: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false },
    };
    expect(verdict({ ...policy(publicRead), ...policyOnly }).complianceType).toBe('NON_COMPLIANT');
  });
});

describe('s3-bucket-encryption', () => {
  const sse = (sseAlgorithm: string) => ({
    ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID: null }, bucketKeyEnabled: false }] },
  });
  it('requires default encryption, and SSE-KMS when asked', () => {
    expect(s3BucketEncryption.evaluate(bucket({}), { requireKms: false })).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'no default encryption configured',
    });
    expect(s3BucketEncryption.evaluate(bucket(sse('AES256')), { requireKms: false }).complianceType).toBe('COMPLIANT');
    expect(s3BucketEncryption.evaluate(bucket(sse('AES256')), s3BucketEncryption.parameters({ requireKms: 'true' })).complianceType).toBe('NON_COMPLIANT');
    expect(s3BucketEncryption.evaluate(bucket(sse('aws:kms')), { requireKms: true }).complianceType).toBe('COMPLIANT');
  });
});

describe('iam-policy-no-admin', () => {
  const policyItem = (statement: unknown, isDefault = true) =>
    item('AWS::IAM::Policy', 'ANPAEXAMPLE', {
      policyName: 'p',
      defaultVersionId: 'v2',
      policyVersionList: [
        {
          document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })),
          versionId: 'v1',
          isDefaultVersion: !isDefault,
        },
        { document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement })), versionId: 'v2', isDefaultVersion: isDefault },
      ],
    });
  const verdict = (statement: unknown, isDefault = true) => iamPolicyNoAdmin.evaluate(policyItem(statement, isDefault), {});

  it('flags "*" on "*", including inside lists and as "*:*"', () => {
    expect(verdict([{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }])).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'v2: statement All allows Action "*" on Resource "*"',
    });
    expect(verdict({ Effect: 'Allow', Action: ['s3:GetObject', '*:*'], Resource: ['arn:aws:s3:::b/*', '*'] }).complianceType).toBe('NON_COMPLIANT');
    expect(verdict([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }]).annotation).toBe('v2: statement #1 allows every action but iam:* on Resource "*"');
  });
  it('accepts scoped policies, Deny statements, and judges only the default version', () => {
    expect(verdict([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Deny', Action: '*', Resource: '*' }]).complianceType).toBe('COMPLIANT');
    expect(verdict([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], false).complianceType).toBe('NON_COMPLIANT');
  });
});

const csv = `user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated
<root_account>,arn:aws:iam::111122223333:root,2024-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,ROOTMFA,ROOTKEY,2024-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,true,true,2026-11-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
bob,arn:aws:iam::111122223333:user/bob,2024-01-01T00:00:00+00:00,true,N/A,N/A,N/A,false,true,2026-06-01T00:00:00+00:00,N/A,N/A,N/A,true,2026-11-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A
ci,arn:aws:iam::111122223333:user/ci,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
`;
const report = (rootMfa: boolean, rootKey: boolean) => parseCredentialReport(csv.replace('ROOTMFA', String(rootMfa)).replace('ROOTKEY', String(rootKey)));
const context = { accountId: '111122223333', now: new Date('2026-11-29T00:00:00Z') };

describe('credential report rules', () => {
  it('root-credentials: MFA on and no active keys', () => {
    expect(rootCredentials.evaluate(report(true, false), {}, context)).toEqual([
      { resourceType: 'AWS::::Account', resourceId: '111122223333', complianceType: 'COMPLIANT', annotation: undefined },
    ]);
    expect(rootCredentials.evaluate(report(false, true), {}, context)[0]).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'root access key 1 is active; root has no MFA',
    });
    expect(rootCredentials.evaluate(report(true, false), {}, { ...context, accountId: '999999999999' })).toEqual([]);
  });
  it('iam-user-mfa: console users need MFA; users without a password are not applicable', () => {
    const out = Object.fromEntries(iamUserMfa.evaluate(report(true, false), {}, context).map((v) => [v.resourceId, v.complianceType]));
    expect(out).toEqual({ alice: 'COMPLIANT', bob: 'NON_COMPLIANT', ci: 'NOT_APPLICABLE' });
  });
  it('access-key-age: active keys older than the maximum', () => {
    const out = Object.fromEntries(
      accessKeyAge.evaluate(report(true, false), { maxAgeDays: 90 }, context).map((v) => [v.resourceId, `${v.complianceType} ${v.annotation ?? ''}`.trim()]),
    );
    expect(out).toEqual({
      '111122223333': 'NOT_APPLICABLE no active access keys',
      alice: 'COMPLIANT',
      bob: 'NON_COMPLIANT key 1 is 181 days old (maximum 90)',
      ci: 'NOT_APPLICABLE no active access keys',
    });
    expect(
      accessKeyAge.evaluate(report(true, false), accessKeyAge.parameters({ maxAgeDays: '365' }), context).find((v) => v.resourceId === 'bob')?.complianceType,
    ).toBe('COMPLIANT');
  });
  it('rejects a file that is not a credential report', () => {
    expect(() => parseCredentialReport('name,value\na,b\n')).toThrow(/not an IAM credential report: no "user" column/);
  });
});

describe('kms-key-hygiene', () => {
  const key = (policy: object, patch: Partial<KmsKeyFacts> = {}): KmsKeyFacts => ({
    keyId: 'k1',
    arn: 'arn:aws:kms:us-east-1:111122223333:key/k1',
    accountId: '111122223333',
    manager: 'CUSTOMER',
    state: 'Enabled',
    rotationSupported: true,
    rotationEnabled: true,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }, policy],
    }),
    ...patch,
  });
  const params = kmsKeyHygiene.parameters({ organizationId: 'o-abc', trustedAccounts: '444455556666' });
  const verdict = (policy: object, patch?: Partial<KmsKeyFacts>) => kmsKeyHygiene.evaluate([key(policy, patch)], params, context)[0];
  const use = { Sid: 'Use', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*' };

  it('rotation must be on where supported', () => {
    expect(verdict(use, { rotationEnabled: false }).annotation).toBe('automatic rotation is off');
    expect(verdict(use, { rotationEnabled: false, rotationSupported: false }).complianceType).toBe('COMPLIANT');
  });
  it('key policies stay inside the organization', () => {
    expect(verdict({ ...use, Principal: { AWS: 'arn:aws:iam::999988887777:role/x' } }).annotation).toBe(
      "statement Use grants account 999988887777, outside the organization's trusted accounts",
    );
    expect(verdict({ ...use, Principal: { AWS: '999988887777' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }).complianceType).toBe(
      'COMPLIANT',
    );
    expect(verdict({ ...use, Principal: { AWS: 'arn:aws:iam::444455556666:root' } }).complianceType).toBe('COMPLIANT');
    expect(verdict({ ...use, Principal: '*' }).annotation).toBe('statement Use allows Principal "*" without a condition pinning callers');
    expect(verdict({ ...use, Principal: '*', Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } } }).complianceType).toBe('COMPLIANT');
    expect(verdict({ ...use, Principal: { Service: 'logs.amazonaws.com' } }).complianceType).toBe('COMPLIANT');
  });
  it('skips AWS managed keys', () => {
    expect(kmsKeyHygiene.evaluate([key(use, { manager: 'AWS', rotationEnabled: false })], params, context)).toEqual([]);
  });
});
