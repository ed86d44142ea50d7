/**
 * Least-privilege KMS key policies. Administrators manage the key but cannot use it; users use
 * it but cannot manage it; services use it only through themselves (kms:ViaService) on behalf
 * of callers in the key's account; only the key account's root holds kms:* (as AWS's default
 * policy does, so IAM in that account stays in control and the key can never be orphaned).
 */
import type { PolicyDocument, PolicyStatement } from '../iam/policy.ts';

export const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
];
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

export interface KeyPolicyInput {
  accountId: string;
  region: string;
  organizationId?: string;
  admins: string[];
  users: string[];
  /** Service principals such as s3.amazonaws.com. */
  services: string[];
  partition?: string;
}

export function baseKeyStatements(input: KeyPolicyInput): PolicyStatement[] {
  const partition = input.partition ?? 'aws';
  const org = input.organizationId ? { StringEquals: { 'aws:PrincipalOrgID': input.organizationId } } : undefined;
  const statements: (PolicyStatement & { Principal: unknown })[] = [
    { Sid: 'KeyAccountRoot', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${input.accountId}:root` }, Action: 'kms:*', Resource: '*' },
  ];
  if (input.admins.length)
    statements.push({ Sid: 'KeyAdministrators', Effect: 'Allow', Principal: { AWS: input.admins }, Action: KEY_ADMIN_ACTIONS, Resource: '*' });
  if (input.users.length)
    statements.push({
      Sid: 'KeyUsers',
      Effect: 'Allow',
      Principal: { AWS: input.users },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      ...(org ? { Condition: org } : {}),
    });
  if (input.services.length) {
    statements.push({
      Sid: 'KeyUseThroughServices',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:CallerAccount': input.accountId,
          'kms:ViaService': input.services.map((s) => s.replace(/\.amazonaws\.com$/, `.${input.region}.amazonaws.com`)),
        },
      },
    });
  }
  return statements;
}

export const keyPolicy = (input: KeyPolicyInput): PolicyDocument => ({ Version: '2012-10-17', Statement: baseKeyStatements(input) });

/** The policy of a key from the spec's `keys:` (one derivation for plan and deployment). */
export const specKeyPolicy = (
  key: { admins: string[]; users: string[]; services: string[] },
  where: { accountId: string; region: string; organizationId?: string },
): PolicyDocument => keyPolicy({ ...where, admins: key.admins, users: key.users, services: key.services });
