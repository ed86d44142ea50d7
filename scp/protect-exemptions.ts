/**
 * Exemptions name roles (break-glass, the StackSet execution role, a pipeline role), and in a
 * member account anyone allowed to create IAM roles could create one with such a name and walk
 * past every guardrail. So whenever statements exempt role patterns, the Root also gets a
 * Deny on creating or changing roles with those names, for everyone but those roles
 * themselves and the organization's access role (assumable only from the management account).
 * StackSets create their execution roles through a service-linked role, which SCPs never affect.
 */
import { asList, type PolicyStatement } from '../src/iam/policy.ts';
import { roleArn } from '../src/model/names.ts';

export const EXEMPTION_SOURCE = 'exempt-role-protection';

const ROLE_CHANGES = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
];

/** Role ARN patterns exempted by `ArnNotLike aws:PrincipalArn` in any of the statements. */
export function exemptRolePatterns(statements: PolicyStatement[]): string[] {
  const out = new Set<string>();
  for (const s of statements) {
    if (s.Effect !== 'Deny') continue;
    for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
      if (!/^ArnNotLike$|^ArnNotEquals$/i.test(operator)) continue;
      for (const [key, values] of Object.entries(keys)) {
        if (key.toLowerCase() !== 'aws:principalarn') continue;
        for (const v of asList(values).map(String)) if (/^arn:[^:]+:iam::[^:]*:role\//.test(v)) out.add(v);
      }
    }
  }
  return [...out].sort();
}

/** `partition`: the organization's (src/model/names.ts partitionOf): aws:PrincipalArn carries it, so an `arn:aws:` pattern never matches in aws-us-gov or aws-cn. */
export function protectExemptRoles(patterns: string[], accessRole: string, partition = 'aws'): PolicyStatement | undefined {
  if (patterns.length === 0) return undefined;
  return {
    Sid: 'ProtectExemptRoles',
    Effect: 'Deny',
    Action: ROLE_CHANGES,
    Resource: patterns,
    Condition: { ArnNotLike: { 'aws:PrincipalArn': [...new Set([...patterns, roleArn(partition, '*', accessRole)])].sort() } },
  };
}

export const AUTOMATION_SOURCE = 'deployment-automation';

/**
 * On an allow-list target (FullAWSAccess detached), the deployment's own roles would otherwise be
 * allowed nothing: the baseline could not create its recorder there. SCP Allow statements take
 * conditions (Organizations User Guide, "SCP syntax": Condition is supported for Allow and Deny), so
 * the allow-list gains one Allow that matches only those roles, which the Root protects from being
 * minted by anyone else (protectExemptRoles).
 */
export function automationAllow(automation: string[]): PolicyStatement {
  return { Sid: 'AllowDeploymentAutomation', Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:PrincipalArn': automation } } };
}
