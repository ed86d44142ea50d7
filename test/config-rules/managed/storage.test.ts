import { describe, expect, it } from 'vitest';
import {
  efsEncryptedCheck,
  rdsInstancePublicAccessCheck,
  rdsStorageEncrypted,
  s3AccountLevelPublicAccessBlocksPeriodic,
  s3BucketSslRequestsOnly,
} from '../../../config-rules/managed/storage.ts';
import type { ItemEvaluator } from '../../../config-rules/managed/types.ts';
import { acl, bucket, item } from '../fixtures.ts';

const none = { accountItem: () => undefined };
const judge = (e: ItemEvaluator, i: ReturnType<typeof item>, params = {}) => e.rule.evaluate(i, params, none);
const withPolicy = (...Statement: object[]) =>
  bucket({ AccessControlList: acl(), BucketPolicy: { policyText: JSON.stringify({ Version: '2012-10-17', Statement }) } });
const denyHttp = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

describe('S3_BUCKET_SSL_REQUESTS_ONLY', () => {
  it('a policy denying aws:SecureTransport false on the bucket and its objects is compliant', () => {
    expect(judge(s3BucketSslRequestsOnly, withPolicy(denyHttp)).complianceType).toBe('COMPLIANT');
  });
  it('no policy, or a deny that misses the objects, is not', () => {
    expect(judge(s3BucketSslRequestsOnly, bucket({ AccessControlList: acl() })).complianceType).toBe('NON_COMPLIANT');
    expect(judge(s3BucketSslRequestsOnly, withPolicy({ ...denyHttp, Resource: 'arn:aws:s3:::my-bucket' }))).toEqual({
      complianceType: 'NON_COMPLIANT',
      annotation: 'the bucket policy does not deny s3:GetObject, s3:PutObject without TLS (aws:SecureTransport false)',
    });
  });
});

describe('S3_BUCKET_SSL_REQUESTS_ONLY in AWS GovCloud', () => {
  it("a bucket's policy names its own partition's ARNs", () => {
    const gov = (Resource: string[]) => ({ ...withPolicy({ ...denyHttp, Resource }), region: 'us-gov-west-1' });
    expect(judge(s3BucketSslRequestsOnly, gov(['arn:aws-us-gov:s3:::my-bucket', 'arn:aws-us-gov:s3:::my-bucket/*'])).complianceType).toBe('COMPLIANT');
    expect(judge(s3BucketSslRequestsOnly, gov(['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/*'])).complianceType).toBe('NON_COMPLIANT');
  });
});

describe('RDS and EFS', () => {
  it('RDS_STORAGE_ENCRYPTED and RDS_INSTANCE_PUBLIC_ACCESS_CHECK read the DB instance item', () => {
    const db = (storageEncrypted: boolean, publiclyAccessible: boolean) =>
      item('AWS::RDS::DBInstance', 'db-ABC', { dBInstanceIdentifier: 'ledger', storageEncrypted, publiclyAccessible });
    expect(judge(rdsStorageEncrypted, db(true, false)).complianceType).toBe('COMPLIANT');
    expect(judge(rdsStorageEncrypted, db(false, false)).complianceType).toBe('NON_COMPLIANT');
    expect(judge(rdsInstancePublicAccessCheck, db(true, false)).complianceType).toBe('COMPLIANT');
    expect(judge(rdsInstancePublicAccessCheck, db(true, true)).complianceType).toBe('NON_COMPLIANT');
  });
  it('EFS_ENCRYPTED_CHECK reads the CloudFormation-style Encrypted key', () => {
    expect(judge(efsEncryptedCheck, item('AWS::EFS::FileSystem', 'fs-1', { FileSystemId: 'fs-1', Encrypted: true })).complianceType).toBe('COMPLIANT');
    expect(judge(efsEncryptedCheck, item('AWS::EFS::FileSystem', 'fs-1', { FileSystemId: 'fs-1', Encrypted: false })).complianceType).toBe('NON_COMPLIANT');
  });
});

describe('S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC', () => {
  const params = { BlockPublicAcls: 'True', IgnorePublicAcls: 'True', BlockPublicPolicy: 'True', RestrictPublicBuckets: 'True' };
  const block = (restrictPublicBuckets: boolean) =>
    item('AWS::S3::AccountPublicAccessBlock', '666666666666', {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets,
    });
  const run = (...everyAccount: ReturnType<typeof item>[]) =>
    s3AccountLevelPublicAccessBlocksPeriodic.evaluate([], params, { accountId: '666666666666', region: 'us-west-2', everyAccount })[0];
  it('every setting on is compliant, from the account item of any region', () => {
    expect(run({ ...block(true), region: 'us-east-1' }).complianceType).toBe('COMPLIANT');
  });
  it('a setting off, or no block at all, is not', () => {
    expect(run(block(false)).annotation).toBe('account public access block has RestrictPublicBuckets off');
    expect(run().annotation).toBe('no account-level public access block is set');
  });
});
