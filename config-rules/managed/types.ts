/**
 * Offline evaluators of the AWS managed rules the catalog deploys. AWS Config runs the managed
 * rule itself in the account; `scan` runs these over snapshots and credential reports, following
 * each rule's documented behaviour (AWS Config Developer Guide, "List of AWS Config Managed
 * Rules", one page per rule, named in `doc`). Not bundled into any Lambda.
 */
import type { CredentialReport } from '../framework/credential-report.ts';
import type { ChangeTriggeredRule, ConfigurationItem, ResourceVerdict, RuleParameters } from '../framework/types.ts';

interface Documented {
  /** The managed rule's identifier, e.g. S3_BUCKET_SSL_REQUESTS_ONLY. */
  identifier: string;
  /** Its page in the AWS Config Developer Guide (the rule's name in kebab case). */
  doc: string;
}

/** Judges one configuration item, as a change-triggered managed rule does. */
export type ItemEvaluator = Documented & { kind: 'item'; rule: ChangeTriggeredRule<RuleParameters> };

/**
 * Judges an account (in one region, or across regions for `scope: 'global'`) from the items
 * recorded there, as a periodic managed rule does; `inputs` are the resource types it reads.
 */
export type AccountEvaluator = Documented & {
  kind: 'account';
  inputs: string[];
  /** `items` are the account's own (in the region); `everyAccount` the same types from every account and region of the input (a multi-Region organization trail covers them all). */
  evaluate: (
    items: ConfigurationItem[],
    params: RuleParameters,
    context: { accountId: string; region: string; everyAccount: ConfigurationItem[] },
  ) => ResourceVerdict[];
};

/** Judges IAM users or the root user from the credential report. */
export type CredentialReportEvaluator = Documented & {
  kind: 'credential-report';
  evaluate: (report: CredentialReport, params: RuleParameters, context: { accountId: string; now: Date }) => ResourceVerdict[];
};

/** A managed rule whose input no snapshot or credential report carries: `needs` says which API it reads. */
export type LiveOnly = Documented & { kind: 'live-only'; needs: string };

export type ManagedEvaluator = ItemEvaluator | AccountEvaluator | CredentialReportEvaluator | LiveOnly;

/** An item evaluator from a rule body; parameters arrive as the strings the deployment passes. */
export function itemEvaluator(
  identifier: string,
  resourceTypes: string[],
  evaluate: ChangeTriggeredRule<RuleParameters>['evaluate'],
  accountResourceTypes?: string[],
): ItemEvaluator {
  const doc = docOf(identifier);
  return {
    identifier,
    doc,
    kind: 'item',
    rule: { id: doc, description: identifier, trigger: 'configuration-change', resourceTypes, accountResourceTypes, parameters: (raw) => raw, evaluate },
  };
}

export const docOf = (identifier: string) => identifier.toLowerCase().replace(/_/g, '-');

/** An account evaluator reading `inputs` (resource types) from the items of the account. */
export const accountEvaluator = (identifier: string, inputs: string[], evaluate: AccountEvaluator['evaluate']): AccountEvaluator => ({
  identifier,
  doc: docOf(identifier),
  kind: 'account',
  inputs,
  evaluate,
});

export const accountResource = (accountId: string) => ({ resourceType: 'AWS::::Account', resourceId: accountId });

export const verdict = (ok: boolean, failure: string, success?: string) =>
  ok
    ? { complianceType: 'COMPLIANT' as const, ...(success ? { annotation: success } : {}) }
    : { complianceType: 'NON_COMPLIANT' as const, annotation: failure };
