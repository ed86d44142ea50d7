/**
 * The rehearsal's model of the AWS control plane: plain state (what exists, per account and
 * region) that the per-service modules (services/*.ts) read and change as each resource is
 * created. It models AWS's documented behaviour, not AWS itself.
 */
import type { PolicyDocument } from '../../src/iam/policy.ts';

export interface Problem {
  /** The Pulumi resource (or `<stack resource> → <template resource> in <account>/<region>`). */
  resource: string;
  /** Which rule of the model refused it, e.g. `organizations:policy-type-enabled`. */
  rule: string;
  message: string;
  /** The AWS (or Pulumi) document the rule encodes. */
  doc: string;
  /** FILE:LINE:COL of the spec node to blame, where one is. */
  at?: string;
}

export interface Role {
  trust: PolicyDocument;
  policies: number;
}

export interface Bucket {
  account: string;
  policy?: PolicyDocument;
  bucketKey?: boolean;
}

/** Where a resource is created: account id, region. */
export interface Place {
  accountId: string;
  region: string;
}

export class World {
  readonly problems: Problem[] = [];
  readonly trustedServices = new Set<string>();
  readonly policyTypes = new Set<string>();
  stackSetsActivated = false;
  /** Service principal → delegated administrator account id. */
  readonly delegated = new Map<string, string>();
  /** Regions where GuardDuty's delegated administrator is designated. */
  readonly guardDutyAdmin = new Set<string>();
  /** Account id → role name → role (IAM is global to an account). */
  readonly roles = new Map<string, Map<string, Role>>();
  readonly serviceLinkedRoles = new Set<string>();
  readonly buckets = new Map<string, Bucket>();
  /** Pulumi resource name → key policy. */
  readonly keys = new Map<string, PolicyDocument>();
  /** `account/region` → recorder name; likewise delivery channels and GuardDuty detectors. */
  readonly recorders = new Map<string, string>();
  readonly deliveryChannels = new Map<string, string>();
  readonly detectors = new Set<string>();
  readonly functions = new Set<string>();
  /** StackSet name → its template. */
  readonly stackSets = new Map<string, Record<string, any>>();
  /** Target id → SCPs attached besides FullAWSAccess. */
  readonly attachments = new Map<string, number>();
  readonly policyNames = new Set<string>();
  /** Pulumi resources created so far. */
  readonly created = new Set<string>();
  /** Pulumi resource name → the role or bucket it created (mocked outputs name resources, not AWS ids). */
  readonly roleResources = new Map<string, { accountId: string; name: string }>();
  readonly bucketResources = new Map<string, string>();

  constructor(readonly organizationId: string | undefined) {}

  role(accountId: string, name: string): Role | undefined {
    return this.roles.get(accountId)?.get(name);
  }

  addRole(accountId: string, name: string, role: Role): void {
    const roles = this.roles.get(accountId) ?? new Map<string, Role>();
    roles.set(name, role);
    this.roles.set(accountId, roles);
  }

  /** Records a problem unless the condition holds; returns the condition. */
  require(ok: boolean, problem: Problem): boolean {
    if (!ok) this.problems.push(problem);
    return ok;
  }
}

export const at = (p: Place) => `${p.accountId}/${p.region}`;

/** Parses a policy as Pulumi sends it (a JSON string) or as a template holds it (an object). */
export function policyOf(value: unknown): PolicyDocument | undefined {
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as PolicyDocument;
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' ? (value as PolicyDocument) : undefined;
}

/** One resource being created: a Pulumi resource, or a CloudFormation resource of the baseline in one account and region. */
export interface Creation {
  name: string;
  type: string;
  inputs: Record<string, any>;
  place: Place;
  /** Pulumi resources it waits for (empty for template resources, which CloudFormation orders itself). */
  dependsOn: string[];
  /** A template resource's logical id. */
  logicalId?: string;
}

export interface RehearsalContext {
  world: World;
  managementAccountId: string;
  /** Every account id of the organization the spec knows. */
  accountIds: string[];
  /** Account ids a StackSet instance reaches through these Pulumi OU/root resources. */
  accountsUnder: (dependsOn: string[]) => string[];
  partition: string;
  /** Deploys the baseline template in one account and region (services/cloudformation.ts). */
  deployTemplate: (template: Record<string, any>, place: Place, owner: string) => void;
}

export type Handler = (c: Creation, ctx: RehearsalContext) => void;
