/**
 * What the RCP guardrails share, following AWS's data-perimeter policy examples
 * (aws-samples/data-perimeter-policy-examples, resource_control_policies/, March 2026).
 */
import type { GuardrailSpec } from '../src/model/spec.ts';
import type { PolicyStatement } from '../src/iam/policy.ts';
import type { ParameterSchema } from './guardrail.ts';

/** The services identity_perimeter_rcp.json covers (each supports RCPs). */
export const DATA_PERIMETER_SERVICES = ['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'cognito-identity', 'cognito-idp', 'logs', 'dynamodb', 'ecr', 'aoss'];

/** AWS's example tag that exempts one resource from the identity perimeter ("dp:exclude:identity" = "true"). */
export const IDENTITY_EXCLUSION_TAG = 'aws:ResourceTag/dp:exclude:identity';

export const trustedAccountsParameter = {
  type: 'array',
  items: { type: 'string', pattern: '^[0-9]{12}$' },
  uniqueItems: true,
  default: [],
  description: 'Accounts outside the organization that may still access its resources (partners, AWS-owned accounts such as ELB log delivery).',
};

export const exemptResourcesParameter = {
  type: 'array',
  items: { type: 'string', pattern: '^arn:(aws|aws-cn|aws-us-gov):' },
  uniqueItems: true,
  default: [],
  description: 'Resource ARN patterns the control leaves alone (a public website bucket, a shared queue).',
};

export const perimeterParameters = (extra: Record<string, object> = {}): ParameterSchema => ({
  type: 'object',
  properties: { trustedAccounts: trustedAccountsParameter, exemptResources: exemptResourcesParameter, ...extra },
  additionalProperties: false,
});

/** Resource "*", or NotResource listing the exempt resources. */
export const scopeOf = (exemptResources: string[] = []): Pick<PolicyStatement, 'Resource' | 'NotResource'> =>
  exemptResources.length ? { NotResource: exemptResources } : { Resource: '*' };

/** A condition value list, or nothing when empty (an empty list would never match). */
export const values = (key: string, list: string[]): Record<string, string | string[]> => (list.length ? { [key]: list.length === 1 ? list[0] : list } : {});

/**
 * The perimeter test of AWS's examples: StringNotEqualsIfExists on the organization key (aws:PrincipalOrgID /
 * aws:SourceOrgID), the trusted-accounts key (aws:PrincipalAccount / aws:SourceAccount) and the exclusion tag.
 * Keys of one StringNotEqualsIfExists block must ALL differ for the Deny to apply: matching any one exempts.
 */
export const outsidePerimeter = (organizationKey: string, accountKey: string, organizationId: string | undefined, trustedAccounts: string[]) => ({
  StringNotEqualsIfExists: {
    [organizationKey]: organizationIdOf(organizationId),
    ...values(accountKey, trustedAccounts),
    [IDENTITY_EXCLUSION_TAG]: 'true',
  },
});

/** RCP guardrails compare with the organization id: the spec must name it. */
export const needsOrganizationId = (_params: unknown, spec: GuardrailSpec) =>
  spec.organization.id
    ? []
    : [{ path: [], message: 'this RCP guardrail compares with the organization id, but organization.id is not set', hint: 'set organization.id: o-...' }];

/** The organization id in a statement; a visible stand-in when the spec lacks one (semantic checks refuse such a spec). */
export const organizationIdOf = (id: string | undefined): string => id ?? 'o-unset';
