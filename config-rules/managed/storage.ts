/** Managed rules over S3, RDS and EFS items. */
import type { PolicyStatement } from '../../src/iam/policy.ts';
import { requestContext } from '../../src/iam/request.ts';
import { statementApplies } from '../../src/iam/statement.ts';
import { partitionOf } from '../../src/model/names.ts';
import { awsPrincipals, statementsOf } from '../framework/policy-document.ts';
import { accountEvaluator, accountResource, itemEvaluator, verdict } from './types.ts';

/**
 * s3-bucket-ssl-requests-only: COMPLIANT when the bucket policy explicitly denies HTTP
 * (aws:SecureTransport false) requests. Proven by evaluating object and bucket requests made
 * without TLS against the policy's Deny statements for Principal "*".
 */
export const s3BucketSslRequestsOnly = itemEvaluator('S3_BUCKET_SSL_REQUESTS_ONLY', ['AWS::S3::Bucket'], (item) => {
  const bucket = String(item.configuration.name ?? item.resourceName ?? item.resourceId);
  const policyText = item.supplementaryConfiguration.BucketPolicy?.policyText;
  if (!policyText) return { complianceType: 'NON_COMPLIANT', annotation: 'no bucket policy denying requests without TLS (aws:SecureTransport false)' };
  const statements = statementsOf(policyText).filter((s) => s.Effect === 'Deny' && awsPrincipals(s.Principal).includes('*'));
  const overHttp = requestContext({ 'aws:SecureTransport': 'false' });
  // The bucket's ARN in its region's partition: a policy in aws-us-gov names arn:aws-us-gov:s3:::...
  const arn = `arn:${partitionOf(item.region)}:s3:::${bucket}`;
  const requests = [
    { action: 's3:GetObject', resource: `${arn}/any-object` },
    { action: 's3:PutObject', resource: `${arn}/any-object` },
    { action: 's3:ListBucket', resource: arn },
  ];
  const allowed = requests.filter((r) => !statements.some((s) => statementApplies(s as PolicyStatement, { ...r, context: overHttp })));
  return verdict(allowed.length === 0, `the bucket policy does not deny ${allowed.map((r) => r.action).join(', ')} without TLS (aws:SecureTransport false)`);
});

/** rds-storage-encrypted: storageEncrypted on the DB instance. */
export const rdsStorageEncrypted = itemEvaluator('RDS_STORAGE_ENCRYPTED', ['AWS::RDS::DBInstance'], (item) =>
  verdict(item.configuration.storageEncrypted === true, 'storage is not encrypted (storageEncrypted false)'),
);

/** rds-instance-public-access-check: publiclyAccessible false. */
export const rdsInstancePublicAccessCheck = itemEvaluator('RDS_INSTANCE_PUBLIC_ACCESS_CHECK', ['AWS::RDS::DBInstance'], (item) =>
  verdict(item.configuration.publiclyAccessible === false, 'the DB instance is publicly accessible (publiclyAccessible true)'),
);

/** efs-encrypted-check: the file system is encrypted (the item's configuration uses CloudFormation-style keys). */
export const efsEncryptedCheck = itemEvaluator('EFS_ENCRYPTED_CHECK', ['AWS::EFS::FileSystem'], (item) =>
  verdict((item.configuration.Encrypted ?? item.configuration.encrypted) === true, 'the file system is not encrypted at rest'),
);

/**
 * s3-account-level-public-access-blocks-periodic: the account's public access block has every
 * setting the rule's parameters ask for ("True"); no AWS::S3::AccountPublicAccessBlock item means none is set.
 * The setting is account-wide, so the account's item from any region counts.
 */
const SETTINGS = [
  ['BlockPublicAcls', 'blockPublicAcls'],
  ['IgnorePublicAcls', 'ignorePublicAcls'],
  ['BlockPublicPolicy', 'blockPublicPolicy'],
  ['RestrictPublicBuckets', 'restrictPublicBuckets'],
] as const;
export const s3AccountLevelPublicAccessBlocksPeriodic = accountEvaluator(
  'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
  ['AWS::S3::AccountPublicAccessBlock'],
  (_items, params, { accountId, everyAccount }) => {
    const block = everyAccount.find((i) => i.resourceType === 'AWS::S3::AccountPublicAccessBlock' && i.accountId === accountId)?.configuration;
    if (!block) return [{ ...accountResource(accountId), complianceType: 'NON_COMPLIANT', annotation: 'no account-level public access block is set' }];
    const off = SETTINGS.filter(([param, key]) => String(params[param] ?? 'True').toLowerCase() === 'true' && block[key] !== true).map(([param]) => param);
    return [{ ...accountResource(accountId), ...verdict(off.length === 0, `account public access block has ${off.join(', ')} off`) }];
  },
);

export const storageEvaluators = [
  s3BucketSslRequestsOnly,
  rdsStorageEncrypted,
  rdsInstancePublicAccessCheck,
  efsEncryptedCheck,
  s3AccountLevelPublicAccessBlocksPeriodic,
];
