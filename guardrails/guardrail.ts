/**
 * One guardrail = one module declaring, together: what it is, why (the seed brief),
 * its parameters, its preventive part (SCP statements) and its detective part
 * (an AWS Config rule), plus its own example cases. Nothing else knows guardrails by name.
 */
import type { PolicyStatement } from '../src/iam/policy.ts';
import type { GuardrailSpec } from '../src/model/spec.ts';
import type { DeclarativeNode, Replaces } from './declarative.ts';

/** The seed brief's areas; reports group findings by them. */
export type SecurityArea = 'identity' | 'least-privilege' | 'logging' | 'detection' | 'network' | 'encryption' | 'organization';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** JSON Schema for `with:` — an object schema with defaults for every optional parameter. */
export interface ParameterSchema {
  type: 'object';
  properties: Record<string, object>;
  required?: string[];
  additionalProperties: false;
}

/**
 * What a guardrail contributes to the per-account baseline (the StackSet's custom resource applies
 * it in every account, in the home region). Each setting is in the shape of the AWS API request
 * that applies it, so the template and the function pass it through unchanged.
 */
export interface AccountBaselineSettings {
  /** IAM UpdateAccountPasswordPolicy request; its field names are also the IAM_PASSWORD_POLICY rule's parameters. */
  passwordPolicy?: {
    MinimumPasswordLength: number;
    RequireSymbols: boolean;
    RequireNumbers: boolean;
    RequireUppercaseCharacters: boolean;
    RequireLowercaseCharacters: boolean;
    MaxPasswordAge: number;
    PasswordReusePrevention: number;
    AllowUsersToChangePassword: boolean;
  };
  /** S3 Control PutPublicAccessBlock (account level), all four settings on. */
  s3AccountPublicAccessBlock?: true;
  /** EC2 EnableEbsEncryptionByDefault (a regional setting). */
  ebsEncryptionByDefault?: true;
}

/** The API call (IAM action) that applies each baseline setting: the self-lockout proof evaluates these. */
export const BASELINE_SETTING_ACTIONS: Record<keyof AccountBaselineSettings, string> = {
  passwordPolicy: 'iam:UpdateAccountPasswordPolicy',
  s3AccountPublicAccessBlock: 's3:PutAccountPublicAccessBlock',
  ebsEncryptionByDefault: 'ec2:EnableEbsEncryptionByDefault',
};

export interface ScpContext {
  /** organization.breakGlass patterns. */
  breakGlass: string[];
  /** Principals the deployment itself acts as in member accounts (StackSet execution role, baseline roles, organization.accessRole). */
  automation: string[];
  allowedRegions: string[];
  /** organization.id (o-...), when the spec names it: RCPs compare aws:PrincipalOrgID / aws:SourceOrgID with it. */
  organizationId?: string;
  /** The organization's partition (aws when absent): a resource ARN in another partition matches nothing. */
  partition?: string;
}

/** IAM and account-wide checks run once, in the home region; the rest in every allowed region. */
export type ConfigRuleScope = 'global' | 'regional';

export type ConfigRuleDeclaration = { scope?: ConfigRuleScope } & (
  | {
      kind: 'managed';
      /** AWS managed rule identifier, e.g. ROOT_ACCOUNT_MFA_ENABLED. */
      identifier: string;
      inputParameters?: (params: any, spec: GuardrailSpec) => Record<string, string>;
      resourceTypes?: string[];
      maximumExecutionFrequency?: 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
    }
  | {
      kind: 'custom';
      /** Id of a rule module under config-rules/rules/. */
      ruleId: string;
      inputParameters?: (params: any, spec: GuardrailSpec) => Record<string, string>;
    }
);

/** A request checked against this guardrail's SCP/RCP alone (plus the managed full-access policies), with default parameters unless `with` is given. */
export interface GuardrailCase {
  name: string;
  principal?: string; // default role/Developer
  action: string;
  resource?: string;
  region?: string;
  context?: Record<string, string | string[]>;
  with?: Record<string, unknown>;
  /** Owner of the resource (a 12-digit id or an account name of the test organization; default: the member account the cases run in); RCPs apply when it is a member. */
  resourceAccount?: string;
  expect: 'allow' | 'deny';
}

/** A benchmark control a guardrail covers; reports group findings by them. */
export interface BenchmarkControl {
  /** e.g. `CIS AWS Foundations Benchmark v5.0.0`, `AWS Foundational Security Best Practices`. */
  framework: string;
  /** The control's id in that framework, e.g. `1.4` (CIS) or `IAM.4` (Security Hub). */
  id: string;
}

export interface Guardrail<P = any> {
  id: string;
  title: string;
  /** The seed brief's reason, one line. */
  reason: string;
  area: SecurityArea;
  severity: Severity;
  /** Benchmark controls this guardrail covers (shown in reports, ASFF RelatedRequirements, `catalog --json`). */
  benchmarks?: BenchmarkControl[];
  /** What to do about a finding: the fix, with the console path or CLI command. */
  remediation?: string;
  parameters: ParameterSchema;
  scp?: (params: P, ctx: ScpContext) => PolicyStatement[];
  /** Resource control policy statements (Effect Deny, Principal "*", only services that support RCPs). */
  rcp?: (params: P, ctx: ScpContext) => PolicyStatement[];
  /** EC2 declarative policy part: attributes under ec2_attributes (see declarative.ts). */
  declarative?: (params: P) => DeclarativeNode;
  /** Where the declarative part can replace an SCP statement of the catalog: which to prefer and why. */
  replaces?: Replaces;
  configRule?: ConfigRuleDeclaration;
  /** Settings this guardrail has the baseline apply in every account. */
  baseline?: (params: P) => AccountBaselineSettings;
  /** Checks of `with:` that need the rest of the spec (paths are relative to `with`). */
  check?: (params: P, spec: GuardrailSpec) => { path: (string | number)[]; message: string; hint?: string }[];
  cases: GuardrailCase[];
}

export const noParameters: ParameterSchema = { type: 'object', properties: {}, additionalProperties: false };

/** Adds `ArnNotLike aws:PrincipalArn` for exempt principals to a Deny statement, merging with an existing exemption. */
export function exempt(statement: PolicyStatement, principals: string[]): PolicyStatement {
  if (principals.length === 0) return statement;
  const condition = { ...(statement.Condition ?? {}) };
  const existing = condition.ArnNotLike?.['aws:PrincipalArn'];
  const merged = [...new Set([...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]).map(String), ...principals])];
  condition.ArnNotLike = { ...(condition.ArnNotLike ?? {}), 'aws:PrincipalArn': merged.length === 1 ? merged[0] : merged };
  return { ...statement, Condition: condition };
}

/** The benchmarks guardrails name their controls in (ids as Security Hub's standards use them). */
export const CIS_AWS_V5 = 'CIS AWS Foundations Benchmark v5.0.0';
export const AWS_FSBP = 'AWS Foundational Security Best Practices';
export const cis = (...ids: string[]): BenchmarkControl[] => ids.map((id) => ({ framework: CIS_AWS_V5, id }));
export const fsbp = (...ids: string[]): BenchmarkControl[] => ids.map((id) => ({ framework: AWS_FSBP, id }));
