/**
 * Policies of the organization trail, as AWS documents them for organization trails, scoped
 * to this one trail with aws:SourceArn: the trail's KMS key policy and its bucket's policy.
 * All names are derived from the spec, so the policies are plain data and tested as such.
 */
import type { PolicyDocument, PolicyStatement } from '../iam/policy.ts';
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

export function trailNames(o: Omit<TrailNames, 'trailArn' | 'bucketName'>): TrailNames {
  return {
    ...o,
    trailArn: `arn:aws:cloudtrail:${o.homeRegion}:${o.managementAccountId}:trail/${o.trailName}`,
    bucketName: `guardrails-cloudtrail-${o.logArchiveAccountId}-${o.homeRegion}`,
  };
}

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

const DENY_INSECURE_TRANSPORT = (bucket: string): PolicyStatement => ({
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
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailEncryptsThisTrailOnly', 'kms:GenerateDataKey*', '*', {
        StringEquals: { 'aws:SourceArn': n.trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailContext },
      }),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailDescribesKey', 'kms:DescribeKey', '*', { StringEquals: { 'aws:SourceArn': n.trailArn } }),
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
      },
    ],
  };
}

export function trailBucketPolicy(n: TrailNames): PolicyDocument {
  const bucket = `arn:aws:s3:::${n.bucketName}`;
  const write = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': n.trailArn } };
  return {
    Version: '2012-10-17',
    Statement: [
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailAclCheck', 's3:GetBucketAcl', bucket, { StringEquals: { 'aws:SourceArn': n.trailArn } }),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailWriteManagementAccount', 's3:PutObject', `${bucket}/AWSLogs/${n.managementAccountId}/*`, write),
      serviceAllows('cloudtrail.amazonaws.com', 'CloudTrailWriteOrganization', 's3:PutObject', `${bucket}/AWSLogs/${n.organizationId}/*`, write),
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
      serviceAllows('config.amazonaws.com', 'ConfigAclCheck', 's3:GetBucketAcl', bucket, org),
      serviceAllows('config.amazonaws.com', 'ConfigExistenceCheck', 's3:ListBucket', bucket, org),
      serviceAllows('config.amazonaws.com', 'ConfigDelivery', 's3:PutObject', `${bucket}/AWSLogs/*/Config/*`, {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceOrgID': organizationId },
      }),
      DENY_INSECURE_TRANSPORT(bucketName),
    ],
  };
}

export { KEY_ADMIN_ACTIONS };

/** Names of what the core deployment places, from the spec; undefined until the spec names what it needs. */
export interface DeploymentNames {
  trail: TrailNames;
  configBucketName: string;
  logArchiveAccountId: string;
  auditAccountId: string;
}

export function deploymentNames(
  spec: {
    organization: { id?: string; managementAccountId: string; homeRegion: string; accessRole: string; logArchiveAccount?: string; auditAccount?: string };
    logging?: { trail: { name: string } };
  },
  accountId: (name?: string) => string | undefined,
): DeploymentNames | undefined {
  const org = spec.organization;
  const logArchiveAccountId = accountId(org.logArchiveAccount);
  const auditAccountId = accountId(org.auditAccount);
  if (!org.id || !logArchiveAccountId || !auditAccountId) return undefined;
  return {
    trail: trailNames({
      trailName: spec.logging?.trail.name ?? 'organization-trail',
      managementAccountId: org.managementAccountId,
      logArchiveAccountId,
      auditAccountId,
      organizationId: org.id,
      homeRegion: org.homeRegion,
      accessRole: org.accessRole,
    }),
    configBucketName: `guardrails-config-${logArchiveAccountId}-${org.homeRegion}`,
    logArchiveAccountId,
    auditAccountId,
  };
}
