/** The vocabulary of AWS Config custom rules, shared by the Lambda handler and `guardrails scan`. */
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** A configuration item, whatever dialect it arrived in (Lambda event, Config API, S3 snapshot). */
export interface ConfigurationItem {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  arn?: string;
  captureTime: Date;
  /** OK, ResourceDiscovered, ResourceDeleted, ResourceDeletedNotRecorded, ResourceNotRecorded. */
  status: string;
  configuration: any;
  /** Values parsed from JSON where AWS sends them as strings. */
  supplementaryConfiguration: Record<string, any>;
  tags: Record<string, string>;
  /** What could not be read (truncated JSON, a capture time that is not a date); rules fail closed on it. */
  problems?: string[];
}

/** What a rule decides about one resource. */
export interface Verdict {
  complianceType: ComplianceType;
  annotation?: string;
}

/** A verdict about a resource a periodic rule found itself (no configuration item). */
export interface ResourceVerdict extends Verdict {
  resourceType: string;
  resourceId: string;
  /** The resource's name where it differs from its id (an IAM user's name), for looking up its tags. */
  resourceName?: string;
}

export interface Exemption {
  reason: string;
  /** YYYY-MM-DD, inclusive. */
  until: string;
}

/** One evaluation as reported to AWS Config and written by `scan`. */
export interface Evaluation {
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
  orderingTimestamp: Date;
  /** A NON_COMPLIANT resource whose owner holds an unexpired exemption. */
  exemption?: Exemption;
}

export type RuleParameters = Record<string, string>;

/**
 * Account-wide items a change-triggered rule also reads (e.g. AWS::S3::AccountPublicAccessBlock,
 * whose resource id is the account id): from the snapshot offline, from Config's history live.
 */
export interface ItemContext {
  accountItem: (resourceType: string) => ConfigurationItem | undefined;
}

export const NO_CONTEXT: ItemContext = { accountItem: () => undefined };

/** Rules that AWS Config triggers when a configuration item of their resource types changes. */
export interface ChangeTriggeredRule<P = unknown> {
  id: string;
  description: string;
  trigger: 'configuration-change';
  resourceTypes: string[];
  /** Account-wide resource types the rule reads through `ItemContext.accountItem`. */
  accountResourceTypes?: string[];
  parameters: (raw: RuleParameters) => P;
  evaluate: (item: ConfigurationItem, params: P, context: ItemContext) => Verdict;
}

/** Live data a periodic rule reads from AWS APIs in the evaluated account. */
export interface LiveClients {
  region: string;
  credentials?: import('@aws-sdk/types').AwsCredentialIdentityProvider;
}

/** Rules that run on a schedule over data they gather themselves. */
export interface PeriodicRule<P = unknown, I = unknown> {
  id: string;
  description: string;
  trigger: 'periodic';
  /** Name of the input, as `scan` reports it when the input is missing offline. */
  input: 'credential-report' | 'kms-keys' | 'configuration-recorders';
  /** What the live input needs, said when it cannot be had offline. */
  liveCall: string;
  parameters: (raw: RuleParameters) => P;
  gather: (clients: LiveClients, params: P) => Promise<I>;
  /**
   * Offline: the same input read from configuration items of these types (one account's, one
   * region's). `lacks` names what the items do not carry, which the rule then reports as not evaluated.
   */
  fromItems?: { resourceTypes: string[]; read: (items: ConfigurationItem[]) => I; lacks?: string };
  evaluate: (input: I, params: P, context: { accountId: string; now: Date }) => ResourceVerdict[];
  /** Tags of the resources found noncompliant (for exemptions), read live; offline `scan` takes them from the snapshot. */
  resourceTags?: (clients: LiveClients, resources: ResourceVerdict[]) => Promise<Map<string, Record<string, string>>>;
}

export type ConfigRule = ChangeTriggeredRule<any> | PeriodicRule<any, any>;
