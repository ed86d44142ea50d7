/**
 * Policies of the organization trail, as AWS documents them for organization trails, scoped
 * to this one trail with aws:SourceArn: the trail's KMS key policy and its bucket's policy.
 * All names are derived from the spec, so the policies are plain data and tested as such.
 */
import type { PolicyDocument, PolicyStatement } from '../../scp/policy.ts';
import { baseKeyStatements, KEY_ADMIN_ACTIONS } from './key-policy.ts';

export interface TrailNames {
  trailName: string;
  trailArn: string;
  bucketName: string;
  managementAccountId: string;
  logArchiveAccountId: string;
  auditAccountId?: string;
  organizationId: string;
  homeRegion: string;
  accessRole: string;
}

export function trailNames(o: {
  trailName: string;
  managementAccountId: string;
  logArchiveAccountId: string;
  auditAccountId?: string;
  organizationId: string;
  homeRegion: string;
  accessRole: string;
}): TrailNames {
  return {
    ...o,
    trailArn: `arn:aws:cloudtrail:${o.homeRegion}:${o.managementAccountId}:trail/${o.trailName}`,
    bucketName: `guardrails-cloudtrail-${o.logArchiveAccountId}-${o.homeRegion}`,
  };
}

const DENY_INSECURE_TRANSPORT = (bucket: string): PolicyStatement & { Principal: string } => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

export function trailKeyPolicy(n: TrailNames): PolicyDocument {
  const trailContext = `arn:aws:cloudtrail:*:${n.managementAccountId}:trail/*`;
  const readers = [n.logArchiveAccountId, ...(n.auditAccountId ? [n.auditAccountId] : [])];
  return {
    Version: '2012-10-17',
    Statement: [
      // The key lives in the log-archive account; its own access role administers it but cannot decrypt.
      ...baseKeyStatements({
        accountId: n.logArchiveAccountId,
        region: n.homeRegion,
        admins: [`arn:aws:iam::${n.logArchiveAccountId}:role/${n.accessRole}`],
        users: [],
        services: [],
      }),
      {
        Sid: 'CloudTrailEncryptsThisTrailOnly',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': n.trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext } },
      } as PolicyStatement,
      {
        Sid: 'CloudTrailDescribesKey',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': n.trailArn } },
      } as PolicyStatement,
      {
        Sid: 'LogReadersInTheOrganization',
        Effect: 'Allow',
        Principal: { AWS: readers.map((a) => `arn:aws:iam::${a}:root`) },
        Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': readers, 'aws:PrincipalOrgID': n.organizationId },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext },
        },
      } as PolicyStatement,
    ],
  };
}

export function trailBucketPolicy(n: TrailNames): PolicyDocument {
  const bucket = `arn:aws:s3:::${n.bucketName}`;
  const write = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': n.trailArn } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucket,
        Condition: { StringEquals: { 'aws:SourceArn': n.trailArn } },
      } as PolicyStatement,
      {
        Sid: 'CloudTrailWriteManagementAccount',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucket}/AWSLogs/${n.managementAccountId}/*`,
        Condition: write,
      } as PolicyStatement,
      {
        Sid: 'CloudTrailWriteOrganization',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucket}/AWSLogs/${n.organizationId}/*`,
        Condition: write,
      } as PolicyStatement,
      DENY_INSECURE_TRANSPORT(n.bucketName),
    ],
  };
}

/** The central AWS Config delivery bucket: every account of the organization delivers, nothing else. */
export function configBucketPolicy(bucketName: string, organizationId: string): PolicyDocument {
  const bucket = `arn:aws:s3:::${bucketName}`;
  const org = { StringEquals: { 'aws:SourceOrgID': organizationId } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ConfigAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucket,
        Condition: org,
      } as PolicyStatement,
      {
        Sid: 'ConfigExistenceCheck',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:ListBucket',
        Resource: bucket,
        Condition: org,
      } as PolicyStatement,
      {
        Sid: 'ConfigDelivery',
        Effect: 'Allow',
        Principal: { Service: 'config.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucket}/AWSLogs/*/Config/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': organizationId } },
      } as PolicyStatement,
      DENY_INSECURE_TRANSPORT(bucketName),
    ],
  };
}

export { KEY_ADMIN_ACTIONS };
