/** Reading resource-policy documents as configuration items carry them. */
import { asList } from '../../src/iam/policy.ts';
export interface ResourcePolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

export function statementsOf(document: unknown): ResourcePolicyStatement[] {
  const parsed = typeof document === 'string' ? JSON.parse(document) : document;
  return asList((parsed as { Statement?: ResourcePolicyStatement | ResourcePolicyStatement[] })?.Statement);
}

/** AWS account principals of a statement ("*" for anyone), excluding service and federated principals. */
export function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (principal && typeof principal === 'object') return asList((principal as { AWS?: string | string[] }).AWS);
  return [];
}

/** Condition keys that pin a statement to known callers (organization, account, VPC endpoint, source). */
const RESTRICTING_KEYS = [
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'kms:calleraccount',
];
const POSITIVE = /^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)(IfExists)?$/i;

export function restrictingCondition(condition: ResourcePolicyStatement['Condition']): string | undefined {
  for (const [operator, keys] of Object.entries(condition ?? {})) {
    // IfExists would let a request without the key through, so it does not restrict.
    if (!POSITIVE.test(operator.replace(/^For(Any|All)Values:/i, '')) || /IfExists$/i.test(operator)) continue;
    for (const [key, value] of Object.entries(keys)) {
      if (RESTRICTING_KEYS.includes(key.toLowerCase()) && !asList(value as string | string[]).some((v) => String(v) === '*')) return key;
    }
  }
  return undefined;
}
