import { describe, expect, it } from 'vitest';
import { normalizeConfigurationItem } from '../../../config-rules/framework/configuration-item.ts';
import { evaluateItem } from '../../../config-rules/framework/evaluate.ts';
import type { ItemContext } from '../../../config-rules/framework/types.ts';
import { s3BucketPublic } from '../../../config-rules/rules/s3-bucket-public.ts';
import { acl, bucket, eventItem, item } from '../fixtures.ts';

const none: ItemContext = { accountItem: () => undefined };
const policy = (statement: object) => ({
  AccessControlList: acl(),
  BucketPolicy: { policyText: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) },
});
const publicRead = { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::my-bucket/*' };
const verdict = (s: Record<string, unknown>, context = none) => s3BucketPublic.evaluate(bucket(s), {}, context);

describe('s3-bucket-public', () => {
  it('flags Principal "*" policies without a condition fixing the callers', () => {
    expect(verdict(policy(publicRead))).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'bucket policy statement PublicRead allows s3:GetObject to Principal "*" without a condition fixing the callers',
    });
    expect(verdict(policy({ ...publicRead, Principal: { AWS: ['*'] } })).complianceType).toBe('NON_COMPLIANT');
    expect(verdict(policy({ ...publicRead, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } })).complianceType).toBe('NON_COMPLIANT');
    expect(verdict(policy({ ...publicRead, Condition: { StringLike: { 'aws:SourceVpce': '*' } } })).complianceType).toBe('NON_COMPLIANT');
  });
  it('a wildcard that matches everyone is no restriction: StringLike o-* or arn:*, SourceIp ranges adding up to everything', () => {
    for (const condition of [
      { StringLike: { 'aws:PrincipalOrgID': 'o-*' } },
      { ArnLike: { 'aws:PrincipalArn': 'arn:*' } },
      { StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/*' } },
      { IpAddress: { 'aws:SourceIp': ['0.0.0.0/1', '128.0.0.0/1'] } },
      { IpAddress: { 'aws:SourceIp': ['::/0'] } },
      { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/'] } },
      { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    ]) {
      expect(verdict(policy({ ...publicRead, Condition: condition })).complianceType, JSON.stringify(condition)).toBe('NON_COMPLIANT');
    }
  });
  it("follows S3's meaning of public: fixed source ranges, access points, organization, VPC, endpoints and accounts are not public", () => {
    for (const condition of [
      { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
      { StringEquals: { 'aws:SourceVpc': 'vpc-0a1b2c3d' } },
      { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } },
      { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
      { StringEquals: { 's3:DataAccessPointAccount': '111122223333' } },
      { ArnEquals: { 's3:DataAccessPointArn': 'arn:aws:s3:us-west-2:111122223333:accesspoint/ap' } },
      { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'] } },
    ]) {
      expect(verdict(policy({ ...publicRead, Condition: condition })).complianceType, JSON.stringify(condition)).toBe('COMPLIANT');
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
  it('reads an ACL encoded twice (Config API dialect, and so the oversized-item path)', () => {
    const api = normalizeConfigurationItem({
      accountId: '666666666666',
      awsRegion: 'us-west-2',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'site',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: new Date('2026-11-20T09:12:44.000Z'),
      configuration: JSON.stringify({ name: 'site' }),
      supplementaryConfiguration: { AccessControlList: JSON.stringify(acl({ grantee: 'AllUsers', permission: 'Read' })) },
    });
    expect(s3BucketPublic.evaluate(api, {}, none)).toEqual({ complianceType: 'NON_COMPLIANT', annotation: 'ACL grants Read to AllUsers' });
  });
  it('honours the bucket and the account public access block, whichever is stricter', () => {
    const everything = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
    const publicBoth = { ...policy(publicRead), AccessControlList: acl({ grantee: 'AllUsers', permission: 'Read' }) };
    expect(verdict({ ...publicBoth, PublicAccessBlockConfiguration: everything }).complianceType).toBe('COMPLIANT');
    const policyOnly = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false };
    expect(verdict({ ...policy(publicRead), PublicAccessBlockConfiguration: policyOnly }).complianceType).toBe('NON_COMPLIANT');
    const account = item('AWS::S3::AccountPublicAccessBlock', '666666666666', everything);
    expect(verdict(publicBoth, { accountItem: (t: string) => (t === 'AWS::S3::AccountPublicAccessBlock' ? account : undefined) }).complianceType).toBe(
      'COMPLIANT',
    );
  });
  it('an item without supplementary configuration cannot be judged: NON_COMPLIANT with the reason', () => {
    const bare = normalizeConfigurationItem(eventItem('AWS::S3::Bucket', 'b', { name: 'b' }, {}));
    expect(evaluateItem(s3BucketPublic, bare, {}, new Date()).annotation).toBe(
      'could not evaluate: the item carries no AccessControlList (supplementaryConfiguration)',
    );
  });
});
