/**
 * Every name the deployment gives something in AWS, derived from the spec in this one module:
 * SCP names, the trail, its buckets, key alias and log group, roles, Config rules, the
 * StackSet. It sits in the model layer because the SCP compiler (exemptions, policy names)
 * needs these names as much as the deployment does. AWS's length and character rules for
 * each kind of name are written here, beside the names they constrain.
 */
import type { GuardrailSpec } from './spec.ts';
import { POLICY_NAME } from './organizations-names.ts';

/** The partition of a region (ARNs are `arn:<partition>:...`); AWS: "Identify AWS resources with ARNs". */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

export const roleArn = (partition: string, account: string, role: string) => `arn:${partition}:iam::${account}:role/${role}`;

/**
 * Role that service-managed StackSets run as in member accounts. AWS names it
 * `stacksets-exec-<hash>` ("Activate trusted access for stack sets with AWS Organizations").
 */
export const STACKSET_EXECUTION_ROLE_NAME = 'stacksets-exec-*';
/** Roles the baseline template creates in every account (one per region: IAM names are global to an account). */
export const BASELINE_ROLE_PREFIX = 'guardrails-baseline-';
export const baselineSettingsRoleName = (region: string) => `${BASELINE_ROLE_PREFIX}settings-${region}`;
/** Role each member account gives the custom Config rule Lambdas (in the audit account) to read what they evaluate. */
export const CONFIG_RULES_MEMBER_ROLE = 'guardrails-config-rules';
export const CONFIG_RULES_LAMBDA_ROLE = 'guardrails-config-rules-lambda';
export const CONFIG_AGGREGATOR_ROLE = 'guardrails-config-aggregator';
export const TRAIL_LOGS_ROLE = 'guardrails-cloudtrail-logs';

export const STACK_SET_NAME = 'guardrails-account-baseline';
/**
 * The baseline StackSet of each Config recorder mode (`baseline.configRecorder`, `configRecorderByUnit`):
 * an account that joins a target OU later gets the StackSet's own parameter values, not an instance's
 * overrides (AWS CloudFormation User Guide, "Enable or disable automatic deployments for StackSets in
 * AWS Organizations": "Accounts added to the target OUs ... will use the StackSet default values and not
 * the overridden values"), so each mode has its own StackSet whose default is that mode.
 */
export const baselineStackSetName = (mode: 'create' | 'existing') => (mode === 'create' ? STACK_SET_NAME : `${STACK_SET_NAME}-existing-recorder`);
/** The baseline's recorder and delivery channel (Config allows one of each per account and region). */
export const CONFIG_RECORDER_NAME = 'guardrails';
export const AGGREGATOR_NAME = 'guardrails-organization';
export const TRAIL_KEY_ALIAS = 'alias/guardrails-cloudtrail';
/** Physical id of the baseline's custom resource. */
export const ACCOUNT_SETTINGS_RESOURCE_ID = 'guardrails-account-settings';

/**
 * Roles the deployment itself acts as in member accounts, as `aws:PrincipalArn` patterns: the
 * StackSet execution role, the baseline's own roles and the Config rules' member role (read-only
 * but for PutEvaluations). Guardrails exempt them so they do not lock out their own rollout; each
 * is needed (the rehearsal's lockout proof fails without it). organization.accessRole, which the
 * program assumes in log-archive, audit and key accounts, needs no exemption and gets none.
 */
export function automationRolePatterns(partition = 'aws'): string[] {
  return [STACKSET_EXECUTION_ROLE_NAME, `${BASELINE_ROLE_PREFIX}*`, CONFIG_RULES_MEMBER_ROLE].map((r) => roleArn(partition, '*', r));
}

/** Config rule names: 1-128 characters (AWS Config API Reference, ConfigRule.ConfigRuleName); Lambda function names 1-64. */
export const CONFIG_RULE_PREFIX = 'guardrails-';
export const configRuleName = (guardrailId: string, n: number) => `${CONFIG_RULE_PREFIX}${guardrailId}${n > 1 ? `-${n}` : ''}`.slice(0, 128);
export const configRuleFunctionName = (ruleName: string) => ruleName.slice(0, 64);

/**
 * SCP names: 1-128 characters of `[\s\S]` (Organizations API Reference, CreatePolicy.Name) and
 * unique in the organization. The slug keeps it readable from the target; a target whose slug is
 * cut or collides with another's gets a short hash of its path.
 */
export const POLICY_NAME_MAX = POLICY_NAME.maxLength;
export function policyName(
  target: string,
  n: number,
  taken?: (name: string) => boolean,
  type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY' = 'SERVICE_CONTROL_POLICY',
): string {
  const stem = `guardrails-${type === 'RESOURCE_CONTROL_POLICY' ? 'rcp-' : ''}${target.replace(/[^A-Za-z0-9_.-]+/g, '_')}`;
  const plain = `${stem}-${n}`;
  if (plain.length <= POLICY_NAME_MAX && !taken?.(plain)) return plain;
  const suffix = `-${shortHash(target)}-${n}`;
  return stem.slice(0, POLICY_NAME_MAX - suffix.length) + suffix;
}

export function shortHash(text: string): string {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

/** What the core deployment places, named; undefined until the spec names the accounts it needs. */
export interface DeploymentNames {
  partition: string;
  organizationId: string;
  managementAccountId: string;
  logArchiveAccountId: string;
  auditAccountId: string;
  homeRegion: string;
  accessRole: string;
  trailName: string;
  trailArn: string;
  /** S3 bucket names: 3-63 characters, lowercase, globally unique (S3 User Guide, "Bucket naming rules"): account and region make them so. */
  trailBucketName: string;
  configBucketName: string;
  /** CloudWatch Logs group names: up to 512 characters (CreateLogGroup). */
  trailLogGroupName: string;
}

export function deploymentNames(
  spec: Pick<GuardrailSpec, 'organization' | 'logging'>,
  accountId: (name?: string) => string | undefined,
): DeploymentNames | undefined {
  const org = spec.organization;
  const logArchiveAccountId = accountId(org.logArchiveAccount);
  const auditAccountId = accountId(org.auditAccount);
  if (!org.id || !logArchiveAccountId || !auditAccountId) return undefined;
  const partition = partitionOf(org.homeRegion);
  const trailName = spec.logging.trail.name;
  return {
    partition,
    organizationId: org.id,
    managementAccountId: org.managementAccountId,
    logArchiveAccountId,
    auditAccountId,
    homeRegion: org.homeRegion,
    accessRole: org.accessRole,
    trailName,
    trailArn: `arn:${partition}:cloudtrail:${org.homeRegion}:${org.managementAccountId}:trail/${trailName}`,
    trailBucketName: `guardrails-cloudtrail-${logArchiveAccountId}-${org.homeRegion}`,
    configBucketName: `guardrails-config-${logArchiveAccountId}-${org.homeRegion}`,
    trailLogGroupName: `/guardrails/cloudtrail/${trailName}`,
  };
}
