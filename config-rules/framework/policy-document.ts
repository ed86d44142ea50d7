/** Reading resource-policy documents as configuration items carry them, and what their statements admit. */
import { coversEveryAddress } from '../../src/iam/cidr.ts';
import { parseOperator } from '../../src/iam/conditions.ts';
import { asList } from '../../src/iam/policy.ts';
import { wildcardMatch } from '../../src/iam/wildcard.ts';

export interface ResourcePolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a policy document given as an object, a JSON string, or a JSON string inside one. */
export function statementsOf(document: unknown): ResourcePolicyStatement[] {
  let parsed = document;
  for (let depth = 0; typeof parsed === 'string' && depth < 3; depth++) parsed = JSON.parse(parsed);
  if (!parsed || typeof parsed !== 'object') throw new Error('the policy document is not a JSON object');
  return asList((parsed as { Statement?: ResourcePolicyStatement | ResourcePolicyStatement[] }).Statement);
}

/** AWS account principals of a statement ("*" for anyone), excluding service and federated principals. */
export function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (principal && typeof principal === 'object') return asList((principal as { AWS?: string | string[] }).AWS).map(String);
  return [];
}

/** Probes that stand for "every action" and "every resource": a pattern matching all of them admits everything. */
const EVERY_ACTION = ['iam:CreateUser', 's3:GetObject', 'ec2:RunInstances', 'organizations:LeaveOrganization', 'sts:AssumeRole'];
const EVERY_RESOURCE = [
  'arn:aws:s3:::bucket/key',
  'arn:aws:iam::123456789012:role/admin',
  'arn:aws:ec2:us-east-1:123456789012:instance/i-0abc',
  'arn:aws-cn:kms:cn-north-1:123456789012:key/k',
];

/** Whether an Action/Resource pattern admits everything (`*`, `*:*`, `arn:*`, `*:?*` ...), judged by IAM's own wildcard matching. */
export const admitsEveryAction = (pattern: string): boolean => EVERY_ACTION.every((a) => wildcardMatch(pattern, a, true));
export const admitsEveryResource = (pattern: string): boolean => EVERY_RESOURCE.every((r) => wildcardMatch(pattern, r));

/**
 * Condition keys whose fixed value keeps a Principal "*" statement from being public, after
 * S3's definition that Block Public Access and IAM Access Analyzer use (Amazon S3 User Guide,
 * "The meaning of public"): aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
 * aws:SourceAccount, s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid,
 * s3:DataAccessPointArn, s3:DataAccessPointAccount; plus the organization and principal keys
 * (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn...) and kms:CallerAccount.
 * aws:SourceIp restricts when its ranges do not admit every address.
 */
const FIXING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'kms:calleraccount',
]);
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn', 's3:dataaccesspointarn']);
const ORG_PATH_KEYS = new Set(['aws:principalorgpaths', 'aws:sourceorgpaths']);
const POSITIVE_BASES = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

/**
 * A fixed value has no wildcard and no policy variable (S3's definition). An ARN pattern whose
 * account field is a literal account, or an organization path that starts with a literal
 * organization id, still pins callers to known parties.
 */
function isFixed(key: string, value: string): boolean {
  if (value.includes('${')) return false;
  if (!/[*?]/.test(value)) return value !== '';
  if (ARN_KEYS.has(key)) return /^\d{12}$/.test(value.split(':')[4] ?? '');
  if (ORG_PATH_KEYS.has(key)) return /^o-[a-z0-9]{10,32}\//.test(value);
  return false;
}

/** The first condition key that restricts a statement to known callers, or undefined (the statement is public). */
export function restrictingCondition(condition: ResourcePolicyStatement['Condition']): string | undefined {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    const op = parseOperator(operator);
    // IfExists lets a request without the key through, and so does ForAllValues; negated operators admit everyone else.
    if (!op || op.ifExists || op.set === 'ForAllValues' || !keys || typeof keys !== 'object') continue;
    for (const [key, raw] of Object.entries(keys)) {
      const k = key.toLowerCase();
      const values = asList(raw as string | string[]).map(String);
      if (values.length === 0) continue;
      if (k === 'aws:sourceip' && op.base === 'ipaddress') {
        if (!coversEveryAddress(values, 4) && !coversEveryAddress(values, 6)) return key;
      } else if (FIXING_KEYS.has(k) && POSITIVE_BASES.has(op.base) && values.every((v) => isFixed(k, v))) return key;
    }
  }
  return undefined;
}
