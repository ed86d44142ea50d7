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

/** Where a resource is created: account id, region. */
export interface Place {
  accountId: string;
  region: string;
}

/**
 * What exists, keyed like `trusted/<service>` or `recorder/<account>/<region>`, each entry with
 * the Pulumi resource that made it. A resource may rely on an entry only if it waits for its
 * maker (an ancestor in the dependency graph): that the maker happened to run first in one order
 * proves nothing, since the engine runs unordered resources in parallel.
 */
export class World {
  readonly problems: Problem[] = [];
  /** What the plan says without failing: a place the spec excludes, an existing registration kept beside ours. */
  readonly notes: Problem[] = [];
  private readonly state = new Map<string, { by: string; value: unknown }>();
  /** The Pulumi resource being created (for a template resource: the stack or StackSet instance deploying it). */
  current = '';
  /** Pulumi resource name → the resource name its made role or bucket is known by (mocked outputs name resources, not AWS ids). */
  readonly roleResources = new Map<string, { accountId: string; name: string }>();
  readonly bucketResources = new Map<string, string>();

  constructor(
    readonly organizationId: string | undefined,
    private readonly ancestors: (name: string) => Set<string>,
  ) {}

  put(key: string, value: unknown = true): void {
    this.state.set(key, { by: this.current, value });
  }

  /** Exists, whoever made it and whenever (for AWS's uniqueness rules). */
  exists(key: string): boolean {
    return this.state.has(key);
  }

  /** The value, if it exists and the current resource waits for its maker. */
  get<T = unknown>(key: string): T | undefined {
    const entry = this.state.get(key);
    // An entry made by no resource (by '') was there before the deployment.
    return entry && (entry.by === '' || entry.by === this.current || this.ancestors(this.current).has(entry.by)) ? (entry.value as T) : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Keys under the prefix, whoever made them. */
  keys(prefix: string): string[] {
    return [...this.state.keys()].filter((k) => k.startsWith(prefix));
  }

  /** The values under the prefix that can be relied on. */
  valuesUnder<T = unknown>(prefix: string): T[] {
    const out: T[] = [];
    for (const key of this.state.keys()) if (key.startsWith(prefix) && this.has(key)) out.push(this.get<T>(key)!);
    return out;
  }

  /** Whether any entry under the prefix can be relied on. */
  hasAny(prefix: string): boolean {
    for (const key of this.state.keys()) if (key.startsWith(prefix) && this.has(key)) return true;
    return false;
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
  /** Set when the program adopts (imports) what exists instead of creating it: the engine reads it, no create call is made. */
  importId?: string;
}

export interface RehearsalContext {
  world: World;
  managementAccountId: string;
  /** Every account id of the organization the spec knows. */
  accountIds: string[];
  /** Account ids a StackSet instance reaches through these Pulumi OU/root resources. */
  accountsUnder: (dependsOn: string[]) => string[];
  partition: string;
  /** An account's name in the spec, else its id. */
  accountName: (accountId: string) => string;
  /** FILE:LINE:COL of a spec node, to blame it in a problem. */
  specAt: (path: (string | number)[]) => string;
  /** Deploys the baseline template in one account and region (services/cloudformation.ts). */
  deployTemplate: (template: Record<string, any>, place: Place, owner: string, parameters: Record<string, string>) => void;
}

export type Handler = (c: Creation, ctx: RehearsalContext) => void;

const IMPORT_DOC = 'https://www.pulumi.com/docs/iac/adopting-pulumi/import/ (the import option reads the resource by its id; it fails if none exists)';

/**
 * An adopted (imported) resource: the engine reads what exists instead of creating it, so none of the
 * creation's preconditions apply, but it must exist. Returns whether the creation is an import.
 */
export function adopted(c: Creation, world: World, key: string): boolean {
  if (c.importId === undefined) return false;
  world.require(world.exists(key), {
    resource: c.name,
    rule: 'pulumi:import-exists',
    message: `adopts ${c.importId}, which does not exist: the import fails`,
    doc: IMPORT_DOC,
  });
  return true;
}
