import type { Guardrail } from '../guardrail.ts';
import type { PolicyStatement } from '../../src/iam/policy.ts';
import { exemptResourcesParameter, scopeOf, trustedAccountsParameter } from '../data-perimeter.ts';

/**
 * S3 objects of the organization are encrypted with KMS keys of the organization, enforced on every
 * upload by RCP whatever the bucket policy says. S3 condition keys (Service Authorization Reference,
 * Amazon S3): s3:x-amz-server-side-encryption ("aws:kms", "aws:kms:dsse") and
 * s3:x-amz-server-side-encryption-aws-kms-key-id (the key's ARN, as AWS recommends giving it). A key is the
 * organization's when it belongs to the bucket's own account (${aws:ResourceAccount}: RCPs only ever
 * apply to the organization's resources) or to one of keyAccounts (a central key account): one pattern
 * per account, so the policy does not grow with the organization. An upload without the header uses the
 * bucket's default encryption (checked by the s3-encryption Config rule) unless requireHeader.
 */
export const resourceS3KmsEncryption: Guardrail<{ requireHeader: boolean; keyAccounts: string[]; exemptResources: string[] }> = {
  id: 'resource-s3-kms-encryption',
  title: "S3 objects are encrypted with the organization's KMS keys",
  reason: "Data at rest is encrypted with keys whose policies the organization controls, never with an outsider's key or S3-managed keys.",
  area: 'encryption',
  severity: 'medium',
  remediation:
    "Upload with SSE-KMS and a key of the bucket's account: `aws s3 cp FILE s3://BUCKET/KEY --sse aws:kms --sse-kms-key-id KEY_ARN`, or set the bucket's default encryption to that key (S3 > bucket > Properties > Default encryption).",
  parameters: {
    type: 'object',
    properties: {
      requireHeader: {
        type: 'boolean',
        default: false,
        description: 'Refuse uploads that do not name SSE-KMS themselves (instead of relying on the bucket default).',
      },
      keyAccounts: {
        ...trustedAccountsParameter,
        description: "Accounts of the organization besides the bucket's own whose KMS keys may encrypt objects (a central key account).",
      },
      exemptResources: exemptResourcesParameter,
    },
    additionalProperties: false,
  },
  rcp: ({ requireHeader, keyAccounts, exemptResources }, ctx): PolicyStatement[] => [
    {
      Sid: 'DenyObjectsNotEncryptedWithKms',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      ...scopeOf(exemptResources),
      // A negated operator holds when the key is absent (so does ...IfExists): without requireHeader,
      // Null = false limits the statement to uploads that name an encryption themselves.
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse'] },
        ...(requireHeader ? {} : { Null: { 's3:x-amz-server-side-encryption': 'false' } }),
      },
    },
    {
      Sid: 'DenyKmsKeysOutsideOrganization',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      ...scopeOf(exemptResources),
      // Only uploads that name a key: without one S3 uses the bucket owner's key.
      Condition: {
        ArnNotLike: {
          's3:x-amz-server-side-encryption-aws-kms-key-id': ['${aws:ResourceAccount}', ...keyAccounts].map(
            (a) => `arn:${ctx.partition ?? 'aws'}:kms:*:${a}:key/*`,
          ),
        },
        Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
      },
    },
  ],
  cases: [
    {
      name: 'an upload encrypted with a key of the organization',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:555555555555:key/k1' },
      expect: 'allow',
    },
    {
      name: "an upload encrypted with another account's key is refused",
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:999999999999:key/k1' },
      expect: 'deny',
    },
    {
      name: 'a key of the central key account is accepted',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:333333333333:key/k1' },
      with: { keyAccounts: ['333333333333'] },
      expect: 'allow',
    },
    {
      name: "another member account's key is refused unless it is a key account",
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:333333333333:key/k1' },
      expect: 'deny',
    },
    {
      name: 'a key named by alias or id (no ARN) cannot be checked and is refused: name keys by ARN',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': '1234abcd-12ab-34cd-56ef-1234567890ab' },
      expect: 'deny',
    },
    {
      name: 'the bucket account is the resource owner, not the uploader',
      principal: 'arn:aws:iam::333333333333:role/Uploader',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'aws:kms', 's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:555555555555:key/k1' },
      expect: 'allow',
    },
    {
      name: 'SSE-S3 (AES256) is refused',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'AES256' },
      expect: 'deny',
    },
    { name: 'an upload relying on the bucket default passes', action: 's3:PutObject', resource: 'arn:aws:s3:::data/x', expect: 'allow' },
    { name: 'with requireHeader it is refused', action: 's3:PutObject', resource: 'arn:aws:s3:::data/x', with: { requireHeader: true }, expect: 'deny' },
    {
      name: 'reads are not concerned',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/x',
      context: { 's3:x-amz-server-side-encryption': 'AES256' },
      expect: 'allow',
    },
  ],
};
