/** Every custom Config rule, by id; the catalog names them, the bundler and `scan` find them here. */
import type { ConfigRule } from '../framework/types.ts';
import { accessKeyAge } from './access-key-age.ts';
import { configRecording } from './config-recording.ts';
import { iamPolicyNoAdmin } from './iam-policy-no-admin.ts';
import { iamUserMfa } from './iam-user-mfa.ts';
import { kmsKeyHygiene } from './kms-key-hygiene.ts';
import { rootCredentials } from './root-credentials.ts';
import { s3BucketEncryption } from './s3-bucket-encryption.ts';
import { s3BucketPublic } from './s3-bucket-public.ts';
import { securityGroupAdminPorts } from './security-group-admin-ports.ts';
import { singleActiveAccessKey } from './single-active-access-key.ts';

export const configRules: readonly ConfigRule[] = [
  securityGroupAdminPorts,
  s3BucketPublic,
  s3BucketEncryption,
  iamPolicyNoAdmin,
  kmsKeyHygiene,
  rootCredentials,
  iamUserMfa,
  accessKeyAge,
  singleActiveAccessKey,
  configRecording,
];

export const configRulesById: ReadonlyMap<string, ConfigRule> = new Map(configRules.map((r) => [r.id, r]));
