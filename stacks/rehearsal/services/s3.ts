/** Amazon S3: bucket names, bucket configuration (one change at a time per bucket), bucket policies. */
import type { PlanResource } from '../../preview.ts';
import type { Handler, Problem } from '../world.ts';
import { policyOf } from '../world.ts';

const DOC = {
  name: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (3-63 characters, lowercase, globally unique)',
  conflict:
    'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (OperationAborted: "A conflicting conditional operation is currently in progress against this resource")',
  exists: 'https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (NoSuchBucket)',
};

const BUCKET_NAME = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The S3 resources that PUT a configuration onto a bucket. */
export const BUCKET_CONFIGURATION_TYPES = [
  'aws:s3/bucketVersioning:BucketVersioning',
  'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  'aws:s3/bucketOwnershipControls:BucketOwnershipControls',
  'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
  'aws:s3/bucketPolicy:BucketPolicy',
];

const configure: Handler = (c, { world }) => {
  // The bucket input is the bucket resource's output: the bucket is among the resources it waits for.
  const name = c.dependsOn.map((d) => world.bucketResources.get(d)).find((b) => b !== undefined);
  const exists = name !== undefined && world.has(`bucket/${name}`);
  if (!world.require(exists, { resource: c.name, rule: 's3:bucket-exists', message: 'configures a bucket that does not exist yet', doc: DOC.exists })) return;
  if (c.type.endsWith(':BucketPolicy')) world.put(`bucket-policy/${name}`, policyOf(c.inputs.policy));
  if (c.type.endsWith(':BucketServerSideEncryptionConfiguration'))
    world.put(`bucket-key/${name}`, (c.inputs.rules as { bucketKeyEnabled?: boolean }[] | undefined)?.some((r) => r.bucketKeyEnabled) ?? false);
};

export const s3: Record<string, Handler> = {
  'aws:s3/bucket:Bucket': (c, { world }) => {
    const name = String(c.inputs.bucket);
    world.require(BUCKET_NAME.test(name) && !world.exists(`bucket/${name}`), {
      resource: c.name,
      rule: 's3:bucket-name',
      message: world.exists(`bucket/${name}`) ? `bucket ${name} already exists` : `bucket name "${name}" breaks S3's rules`,
      doc: DOC.name,
    });
    world.put(`bucket/${name}`, c.place.accountId);
    world.bucketResources.set(c.name, name);
  },
  ...Object.fromEntries(BUCKET_CONFIGURATION_TYPES.map((t) => [t, configure])),
};

/** Two configuration PUTs on one bucket that nothing orders may run at once: S3 aborts one. */
export function concurrentBucketConfiguration(resources: PlanResource[], ordered: (a: string, b: string) => boolean): Problem[] {
  const byBucket = new Map<string, PlanResource[]>();
  for (const r of resources) {
    if (!BUCKET_CONFIGURATION_TYPES.includes(r.type)) continue;
    const bucket = r.dependsOn.find((d) => resources.some((x) => x.name === d && x.type === 'aws:s3/bucket:Bucket'));
    if (bucket) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), r]);
  }
  const problems: Problem[] = [];
  for (const [bucket, list] of byBucket)
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        if (!ordered(list[i].name, list[j].name))
          problems.push({
            resource: list[j].name,
            rule: 's3:one-configuration-at-a-time',
            message: `may PUT to bucket ${bucket} at the same time as ${list[i].name}`,
            doc: DOC.conflict,
          });
  return problems;
}
