import { describe, expect, it } from 'vitest';
import { s3BucketEncryption } from '../../../config-rules/rules/s3-bucket-encryption.ts';
import { acl, bucket } from '../fixtures.ts';

const none = { accountItem: () => undefined };
const sse = (sseAlgorithm: string) => ({
  AccessControlList: acl(),
  ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID: null }, bucketKeyEnabled: false }] },
});
const withPolicy = (statement: object) => ({
  AccessControlList: acl(),
  BucketPolicy: { policyText: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) },
});
const deny = (condition: object) => ({
  Sid: 'DenyUnencrypted',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::my-bucket/*',
  Condition: condition,
});
const defaults = s3BucketEncryption.parameters({ requireKms: 'false' });
const kms = s3BucketEncryption.parameters({ requireKms: 'true' });

describe('s3-bucket-encryption (S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED semantics)', () => {
  it('default encryption, or a bucket policy denying unencrypted PutObject, is compliant', () => {
    expect(s3BucketEncryption.evaluate(bucket(sse('AES256')), defaults, none)).toEqual({
      complianceType: 'COMPLIANT',
      annotation: 'default encryption AES256',
    });
    expect(s3BucketEncryption.evaluate(bucket(withPolicy(deny({ Null: { 's3:x-amz-server-side-encryption': 'true' } }))), defaults, none)).toEqual({
      complianceType: 'COMPLIANT',
      annotation: 'bucket policy denies PutObject without server-side encryption',
    });
  });
  it("in AWS GovCloud the policy is read against the bucket's GovCloud ARN", () => {
    const gov = (Resource: string) => ({
      ...bucket(withPolicy({ ...deny({ Null: { 's3:x-amz-server-side-encryption': 'true' } }), Resource })),
      region: 'us-gov-west-1',
    });
    expect(s3BucketEncryption.evaluate(gov('arn:aws-us-gov:s3:::my-bucket/*'), defaults, none).complianceType).toBe('COMPLIANT');
    expect(s3BucketEncryption.evaluate(gov('arn:aws:s3:::my-bucket/*'), defaults, none).complianceType).toBe('NON_COMPLIANT');
  });
  it('neither is noncompliant; a policy that lets unencrypted uploads through does not count', () => {
    expect(s3BucketEncryption.evaluate(bucket({ AccessControlList: acl() }), defaults, none).complianceType).toBe('NON_COMPLIANT');
    expect(
      s3BucketEncryption.evaluate(bucket(withPolicy(deny({ StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } }))), defaults, none).complianceType,
    ).toBe('NON_COMPLIANT');
  });
  it('requireKms asks for SSE-KMS, by default encryption or by a policy refusing other uploads', () => {
    expect(s3BucketEncryption.evaluate(bucket(sse('AES256')), kms, none)).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'default encryption is AES256, not SSE-KMS',
    });
    expect(s3BucketEncryption.evaluate(bucket(sse('aws:kms')), kms, none).complianceType).toBe('COMPLIANT');
    expect(s3BucketEncryption.evaluate(bucket(sse('aws:kms:dsse')), kms, none).complianceType).toBe('COMPLIANT');
    expect(
      s3BucketEncryption.evaluate(bucket(withPolicy(deny({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } }))), kms, none).complianceType,
    ).toBe('COMPLIANT');
    expect(s3BucketEncryption.evaluate(bucket(withPolicy(deny({ Null: { 's3:x-amz-server-side-encryption': 'true' } }))), kms, none).complianceType).toBe(
      'NON_COMPLIANT',
    );
  });
  it('an item without supplementary configuration, or without the parameter, is refused', () => {
    expect(s3BucketEncryption.evaluate(bucket({}), defaults, none).annotation).toBe('could not evaluate: the item carries no supplementaryConfiguration');
    expect(() => s3BucketEncryption.parameters({})).toThrow('rule parameter requireKms is missing');
    expect(() => s3BucketEncryption.parameters({ requireKms: 'yes' })).toThrow(/is not true or false/);
  });
});
