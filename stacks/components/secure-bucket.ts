/** A log bucket hardened the same way everywhere: versioned, KMS- or S3-encrypted, owner-enforced, public access blocked, TLS-only policy, retention. */
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { PolicyDocument } from '../../src/iam/policy.ts';

export interface SecureBucketArgs {
  bucketName: string;
  policy: PolicyDocument;
  retentionDays: number;
  kmsKeyArn?: pulumi.Input<string>;
  objectLockDays?: number;
  provider?: aws.Provider;
}

export function secureBucket(name: string, args: SecureBucketArgs, parent: pulumi.Resource): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
  const opts = { parent, provider: args.provider };
  const bucket = new aws.s3.Bucket(
    name,
    { bucket: args.bucketName, objectLockEnabled: args.objectLockDays !== undefined, forceDestroy: false },
    { ...opts, protect: true },
  );
  new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } }, opts);
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault: args.kmsKeyArn ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: args.kmsKeyArn } : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: Boolean(args.kmsKeyArn),
        },
      ],
    },
    opts,
  );
  new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }, opts);
  new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    { bucket: bucket.id, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
    opts,
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-retention`,
    {
      bucket: bucket.id,
      rules: [
        { id: 'retention', status: 'Enabled', filter: {}, expiration: { days: args.retentionDays }, noncurrentVersionExpiration: { noncurrentDays: 30 } },
      ],
    },
    opts,
  );
  if (args.objectLockDays !== undefined) {
    new aws.s3.BucketObjectLockConfiguration(
      `${name}-object-lock`,
      { bucket: bucket.id, objectLockEnabled: 'Enabled', rule: { defaultRetention: { mode: 'COMPLIANCE', days: args.objectLockDays } } },
      opts,
    );
  }
  const policy = new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy: JSON.stringify(args.policy) }, opts);
  return { bucket, policy };
}
