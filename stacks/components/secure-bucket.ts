/** A log bucket hardened the same way everywhere: versioned, KMS- or S3-encrypted, owner-enforced, public access blocked, TLS-only policy, retention. */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { PolicyDocument } from '../../src/iam/policy.ts';

export interface SecureBucketArgs {
  bucketName: string;
  policy: PolicyDocument;
  retentionDays: number;
  kmsKeyArn?: pulumi.Input<string>;
  /** Object Lock is a property of the bucket at creation (the provider replaces a bucket to change it): enable it where it may be wanted later. */
  objectLock: boolean;
  objectLockDays?: number;
  provider?: aws.Provider;
}

export function secureBucket(name: string, args: SecureBucketArgs, parent: pulumi.Resource): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
  const bucket = new aws.s3.Bucket(
    name,
    { bucket: args.bucketName, objectLockEnabled: args.objectLock, forceDestroy: false },
    { parent, provider: args.provider, protect: true },
  );
  // S3 answers OperationAborted ("A conflicting conditional operation is currently in progress") to concurrent
  // configuration PUTs on one bucket: each sub-resource waits for the one before it.
  let previous: pulumi.Resource = bucket;
  const next = () => ({ parent, provider: args.provider, dependsOn: [previous] });
  previous = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, next());
  previous = new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault: args.kmsKeyArn ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: args.kmsKeyArn } : { sseAlgorithm: 'AES256' },
          // No S3 Bucket Key: with one, creating a trail that writes here needs kms:Decrypt for its creator
          // (CloudTrail User Guide, "Configure AWS KMS key policies for CloudTrail"); CloudTrail encrypts each file with the trail key anyway.
          bucketKeyEnabled: false,
        },
      ],
    },
    next(),
  );
  previous = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }, next());
  previous = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    { bucket: bucket.id, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    next(),
  );
  previous = new aws.s3.BucketLifecycleConfiguration(
    `${name}-retention`,
    {
      bucket: bucket.id,
      // An empty filter is rejected by newer provider versions; a prefix of "" selects every object explicitly.
      rules: [
        {
          id: 'retention',
          status: 'Enabled',
          filter: { prefix: '' },
          expiration: { days: args.retentionDays },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
        },
      ],
    },
    next(),
  );
  if (args.objectLockDays !== undefined) {
    previous = new aws.s3.BucketObjectLockConfiguration(
      `${name}-object-lock`,
      { bucket: bucket.id, objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'COMPLIANCE', days: args.objectLockDays } } },
      next(),
    );
  }
  const policy = new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: JSON.stringify(args.policy) }, next());
  return { bucket, policy };
}
