/**
 * Policies of the organization trail, as AWS documents them for organization trails, scoped
 * to this one trail with aws:SourceArn: the trail's KMS key policy and its bucket's policy.
 * All names are derived from the spec, so the policies are plain data and tested as such.
 */
import type { PolicyDocument, PolicyStatement } from '../iam/policy.ts';
import { roleArn, type DeploymentNames } from '../model/names.ts';
import { baseKeyStatements, KEY_ADMIN_ACTIONS } from './key-policy.ts';

/** An Allow for an AWS service principal, the shape every trail and Config statement has. */
const serviceAllows = (
  service: string,
  Sid: string,
  Action: string | string[],
  Resource: string | string[],
  Condition?: PolicyStatement['Condition'],
): PolicyStatement => ({
  Sid,
  Effect: 'Allow',
  Principal: { Service: service },
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

const DENY_INSECURE_TRANSPORT = (partition: string, bucket: string): PolicyStatement => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

export function trailKeyPolicy(n: DeploymentNames): PolicyDocument {
  const trailContext = `arn:${n.partition}:cloudtrail:*:${n.managementAccountId}:trail/*`;
  const readers = [n.logArchiveAccountId, ...(n.auditAccountId ? [n.auditAccountId] : [])];
  return {
    Version: '2012-10-17',
    Statement: [
      // The key lives in the log-archive account; its own access role administers it but cannot decrypt.
      ...baseKeyStatements({
        accountId: n.logArchiveAccountId,
        region: n.homeRegion,
        admins: [roleArn(n.partition, n.logArchiveAccountId, n.accessRole)],
        users: [],
        services: [],
        partition: n.partition,
      }),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailEncryptsThisTrailOnly', 'kms:GenerateDataKey*', '*', {
        StringEquals: { 'aws:SourceArn': n.trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext },
      }),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailDescribesKey', 'kms:DescribeKey', '*', { StringEquals: { 'aws:SourceArn': n.trailArn } }),
      {
        Sid: 'LogReadersInTheOrganization',
        Effect: 'Allow',
        Principal: { AWS: readers.map((a) => `arn:${n.partition}:iam::${a}:root`) },
        Action: ['kms:Decrypt', 'kms:ReEncryptFrom'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': readers, 'aws:PrincipalOrgID': n.organizationId },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext },
        },
      },
    ],
  };
}

export function trailBucketPolicy(n: DeploymentNames): PolicyDocument {
  const bucket = `arn:${n.partition}:s3:::${n.trailBucketName}`;
  const write = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': n.trailArn } };
  return {
    Version: '2012-10-17',
    Statement: [
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailAclCheck', 's3:GetBucketAcl', bucket, { StringEquals: { 'aws:SourceArn': n.trailArn } }),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailWriteManagementAccount', 's3:PutObject', `${bucket}/AWSLogs/${n.managementAccountId}/*`, write),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailWriteOrganization', 's3:PutObject', `${bucket}/AWSLogs/${n.organizationId}/*`, write),
      DENY_INSECURE_TRANSPORT(n.partition, n.trailBucketName),
    ],
  };
}

/** The central AWS Config delivery bucket: every account of the organization delivers, nothing else. */
export function configBucketPolicy(n: Pick<DeploymentNames, 'partition' | 'configBucketName' | 'organizationId'>): PolicyDocument {
  const bucket = `arn:${n.partition}:s3:::${n.configBucketName}`;
  const org = { StringEquals: { 'aws:SourceOrgID': n.organizationId } };
  return {
    Version: '2012-10-17',
    Statement: [
      serviceAllows('config.amazonaws.com', 'ConfigAclCheck', 's3:GetBucketAcl', bucket, org),
      serviceAllows('config.amazonaws.com', 'ConfigExistenceCheck', 's3:ListBucket', bucket, org),
      serviceAllows('config.amazonaws.com', 'ConfigDelivery', 's3:PutObject', `${bucket}/AWSLogs/*/Config/*`, {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': n.organizationId },
      }),
      DENY_INSECURE_TRANSPORT(n.partition, n.configBucketName),
    ],
  };
}

export { KEY_ADMIN_ACTIONS };
