/**
 * Read-only view of a live AWS Organization, shared by `import` and `drift`: the OU tree, accounts
 * (with state and tags), SCPs/RCPs with their content and targets, trusted services and delegated
 * administrators. Only List/Describe calls (the permissions are in ORGANIZATIONS_READ_PERMISSIONS);
 * every page goes through the SDK's paginators, paced by a request budget, and throttling that
 * outlasts the SDK's retries is retried with backoff. A denied call names the permission it needs.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListAWSServiceAccessForOrganization,
  paginateListDelegatedAdministrators,
  paginateListDelegatedServicesForAccount,
  paginateListOrganizationalUnitsForParent,
  paginateListPolicies,
  paginateListTagsForResource,
  paginateListTargetsForPolicy,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { explainAwsError } from './errors.ts';
import { withBackoff } from './retry.ts';
import { ORGANIZATIONS_BUDGET, paceClient, rateLimiter, type CallCounter, type RequestBudget } from './rate-limit.ts';

/** Every call the readers make, as IAM actions (README "Start from an existing organization" lists them). */
export const ORGANIZATIONS_READ_PERMISSIONS = [
  'organizations:DescribeOrganization',
  'organizations:ListRoots',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListAccountsForParent',
  'organizations:ListTagsForResource',
  'organizations:ListPolicies',
  'organizations:DescribePolicy',
  'organizations:ListTargetsForPolicy',
  'organizations:ListAWSServiceAccessForOrganization',
  'organizations:ListDelegatedAdministrators',
  'organizations:ListDelegatedServicesForAccount',
] as const;

/** The Organizations policy types this tool governs, read the same way (policy type is data). */
export const AUTHORIZATION_POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;
export type AuthorizationPolicyType = (typeof AUTHORIZATION_POLICY_TYPES)[number];
/** And EC2 declarative policies (Organizations API: PolicyType DECLARATIVE_POLICY_EC2). */
export const GOVERNED_POLICY_TYPES = [...AUTHORIZATION_POLICY_TYPES, 'DECLARATIVE_POLICY_EC2'] as const;
export type GovernedPolicyType = (typeof GOVERNED_POLICY_TYPES)[number];

/** AWS's managed "allow everything" policy of each type (Organizations User Guide: FullAWSAccess, RCPFullAWSAccess). */
export const FULL_ACCESS_POLICY: Record<AuthorizationPolicyType, string> = {
  SERVICE_CONTROL_POLICY: 'FullAWSAccess',
  RESOURCE_CONTROL_POLICY: 'RCPFullAWSAccess',
};

export interface OrganizationsReader {
  client: OrganizationsClient;
  /** Requests made, per operation. */
  calls: CallCounter;
  retries?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Organizations is global (endpoint in us-east-1); credentials, AWS_REGION and AWS_ENDPOINT_URL_ORGANIZATIONS work as in any SDK tool. */
export function organizationsReader(budget: RequestBudget = ORGANIZATIONS_BUDGET, client?: OrganizationsClient): OrganizationsReader {
  const sdk =
    client ??
    new OrganizationsClient({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1', retryMode: 'adaptive', maxAttempts: 10 });
  const calls: CallCounter = new Map();
  paceClient(sdk, rateLimiter(budget), calls);
  return { client: sdk, calls };
}

export type TargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export interface LiveUnit {
  id: string;
  name: string;
  parentId: string;
  /** "Workloads/Prod": names from the root down, as the spec writes OU targets. */
  path: string;
}

export interface LiveAccount {
  id: string;
  name: string;
  email: string;
  parentId: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED (State; the deprecated Status where State is absent). */
  state: string;
  tags?: Record<string, string>;
}

export interface LivePolicy {
  id: string;
  name: string;
  type: GovernedPolicyType;
  awsManaged: boolean;
  description: string;
  /** The document exactly as Organizations returns it. */
  content: string;
  targets: { id: string; type: TargetType }[];
}

export interface LiveOrganization {
  id: string;
  managementAccountId: string;
  featureSet: string;
  root: { id: string; policyTypes: { type: string; status: string }[] };
  /** Parents before children. */
  units: LiveUnit[];
  accounts: LiveAccount[];
  policies: LivePolicy[];
  trustedServices: string[];
  delegatedAdministrators: { accountId: string; services: string[] }[];
}

/** What a read needs: a client, and how to back off (vend brings its own). */
export type OrganizationsCaller = Pick<OrganizationsReader, 'client' | 'retries' | 'sleep'>;

async function call<T>(reader: OrganizationsCaller, operation: string, doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withBackoff(fn, { retries: reader.retries, sleep: reader.sleep });
  } catch (e) {
    throw explainAwsError(e, { doing, permissions: [`organizations:${operation}`] }) ?? e;
  }
}

async function pages<P, T>(
  reader: OrganizationsCaller,
  operation: string,
  doing: string,
  paginate: () => AsyncIterable<P>,
  items: (page: P) => T[] | undefined,
) {
  return call(reader, operation, doing, async () => {
    const out: T[] = [];
    for await (const page of paginate()) out.push(...(items(page) ?? []));
    return out;
  });
}

const config = (reader: OrganizationsCaller) => ({ client: reader.client });

/** The organization, its root, OUs and accounts (without tags): the part import and drift cannot do without. */
export async function readStructure(
  reader: OrganizationsReader,
): Promise<Pick<LiveOrganization, 'id' | 'managementAccountId' | 'featureSet' | 'root' | 'units' | 'accounts'>> {
  const { Organization } = await call(reader, 'DescribeOrganization', 'describing the organization', () =>
    reader.client.send(new DescribeOrganizationCommand({})),
  );
  const { Roots } = await call(reader, 'ListRoots', 'listing the roots', () => reader.client.send(new ListRootsCommand({})));
  const root = Roots?.[0];
  if (!Organization?.Id || !root?.Id) throw new Error('Organizations returned no organization or root');
  const units: LiveUnit[] = [];
  const accounts: LiveAccount[] = [];
  // Breadth first, one level at a time: every parent of a level is read concurrently (the budget paces it).
  let level: Pick<LiveUnit, 'id' | 'path'>[] = [{ id: root.Id, path: '' }];
  while (level.length) {
    const children = await Promise.all(
      level.map(async (parent) => {
        const [ous, members] = await Promise.all([
          pages(
            reader,
            'ListOrganizationalUnitsForParent',
            `listing the OUs under ${parent.id}`,
            () => paginateListOrganizationalUnitsForParent(config(reader), { ParentId: parent.id }),
            (p) => p.OrganizationalUnits,
          ),
          pages(
            reader,
            'ListAccountsForParent',
            `listing the accounts under ${parent.id}`,
            () => paginateListAccountsForParent(config(reader), { ParentId: parent.id }),
            (p) => p.Accounts,
          ),
        ]);
        for (const a of members)
          accounts.push({
            id: a.Id!,
            name: a.Name ?? a.Id!,
            email: a.Email ?? '',
            parentId: parent.id,
            state: String(a.State ?? a.Status ?? 'ACTIVE').toUpperCase(),
          });
        return ous.map((u) => ({ id: u.Id!, name: u.Name ?? u.Id!, parentId: parent.id, path: parent.path ? `${parent.path}/${u.Name}` : (u.Name ?? u.Id!) }));
      }),
    );
    const next = children.flat();
    units.push(...next);
    level = next;
  }
  return {
    id: Organization.Id,
    managementAccountId: Organization.MasterAccountId ?? '',
    featureSet: Organization.FeatureSet ?? 'ALL',
    root: { id: root.Id, policyTypes: (root.PolicyTypes ?? []).map((t) => ({ type: String(t.Type), status: String(t.Status) })) },
    units,
    accounts,
  };
}

/** One ListTagsForResource per account: the only per-account call, so import and drift grow linearly with accounts. */
export async function readAccountTags(reader: OrganizationsReader, accounts: LiveAccount[]): Promise<void> {
  await Promise.all(
    accounts.map(async (a) => {
      const tags = await pages(
        reader,
        'ListTagsForResource',
        `reading the tags of account ${a.id}`,
        () => paginateListTagsForResource(config(reader), { ResourceId: a.id }),
        (p) => p.Tags,
      );
      a.tags = Object.fromEntries(tags.map((t) => [t.Key!, t.Value ?? '']));
    }),
  );
}

/** Every policy of the given types with its document and targets (two calls per policy, plus pages). */
export async function readPolicies(reader: OrganizationsReader, types: readonly GovernedPolicyType[]): Promise<LivePolicy[]> {
  const out: LivePolicy[] = [];
  for (const type of types) {
    const summaries = await pages(
      reader,
      'ListPolicies',
      `listing ${type} policies`,
      () => paginateListPolicies(config(reader), { Filter: type as PolicyType }),
      (p) => p.Policies,
    );
    const policies = await Promise.all(
      summaries.map(async (s) => {
        const [described, targets] = await Promise.all([
          call(reader, 'DescribePolicy', `reading policy ${s.Name} (${s.Id})`, () => reader.client.send(new DescribePolicyCommand({ PolicyId: s.Id! }))),
          pages(
            reader,
            'ListTargetsForPolicy',
            `listing the targets of policy ${s.Name} (${s.Id})`,
            () => paginateListTargetsForPolicy(config(reader), { PolicyId: s.Id! }),
            (p) => p.Targets,
          ),
        ]);
        return {
          id: s.Id!,
          name: s.Name ?? s.Id!,
          type,
          awsManaged: s.AwsManaged ?? false,
          description: s.Description ?? '',
          content: described.Policy?.Content ?? '{}',
          targets: targets.map((t) => ({ id: t.TargetId!, type: t.Type as TargetType })),
        };
      }),
    );
    out.push(...policies);
  }
  return out;
}

/** Policy types enabled on the root, of those this tool governs (listing a disabled type's policies is useless). */
export const enabledPolicyTypes = (root: LiveOrganization['root']): GovernedPolicyType[] =>
  GOVERNED_POLICY_TYPES.filter((t) => root.policyTypes.some((p) => p.type === t && p.status === 'ENABLED'));

export async function readTrustedServices(reader: OrganizationsReader): Promise<string[]> {
  const services = await pages(
    reader,
    'ListAWSServiceAccessForOrganization',
    'listing the services with trusted access',
    () => paginateListAWSServiceAccessForOrganization(config(reader), {}),
    (p) => p.EnabledServicePrincipals,
  );
  return services.map((s) => s.ServicePrincipal!).sort();
}

export async function readDelegatedAdministrators(reader: OrganizationsReader): Promise<LiveOrganization['delegatedAdministrators']> {
  const admins = await pages(
    reader,
    'ListDelegatedAdministrators',
    'listing delegated administrators',
    () => paginateListDelegatedAdministrators(config(reader), {}),
    (p) => p.DelegatedAdministrators,
  );
  const out = await Promise.all(
    admins.map(async (a) => {
      const services = await pages(
        reader,
        'ListDelegatedServicesForAccount',
        `listing the services delegated to ${a.Id}`,
        () => paginateListDelegatedServicesForAccount(config(reader), { AccountId: a.Id! }),
        (p) => p.DelegatedServices,
      );
      return { accountId: a.Id!, services: services.map((s) => s.ServicePrincipal!).sort() };
    }),
  );
  return out.sort((a, b) => a.accountId.localeCompare(b.accountId));
}

/** Everything import needs, all or nothing. */
export async function readOrganization(reader: OrganizationsReader): Promise<LiveOrganization> {
  const structure = await readStructure(reader);
  const [, policies, trustedServices, delegatedAdministrators] = await Promise.all([
    readAccountTags(reader, structure.accounts),
    readPolicies(reader, enabledPolicyTypes(structure.root)),
    readTrustedServices(reader),
    readDelegatedAdministrators(reader),
  ]);
  return { ...structure, policies, trustedServices, delegatedAdministrators };
}

/** The member account with this email (ListAccounts; emails compare case-insensitively, as AWS treats them). */
export async function findAccountByEmail(reader: OrganizationsCaller, email: string): Promise<{ id: string; name?: string; state?: string } | undefined> {
  const accounts = await pages(
    reader,
    'ListAccounts',
    'listing the accounts',
    () => paginateListAccounts(config(reader), {}),
    (p) => p.Accounts,
  );
  const found = accounts.find((a) => a.Email?.toLowerCase() === email.toLowerCase());
  return found?.Id ? { id: found.Id, name: found.Name, state: found.State ?? found.Status } : undefined;
}

/** The root's id, and the id of the OU at a path ("Workloads/Prod") walked down from it; `missing` names the first part of the path that does not exist. */
export async function findUnitByPath(reader: OrganizationsCaller, path: string): Promise<{ rootId?: string; unitId?: string; missing?: string }> {
  const { Roots } = await call(reader, 'ListRoots', 'listing the roots', () => reader.client.send(new ListRootsCommand({})));
  const rootId = Roots?.[0]?.Id;
  if (!rootId || path === 'Root') return { rootId, unitId: rootId };
  let parent = rootId;
  const walked: string[] = [];
  for (const name of path.split('/')) {
    walked.push(name);
    const units = await pages(
      reader,
      'ListOrganizationalUnitsForParent',
      `listing the OUs under ${parent}`,
      () => paginateListOrganizationalUnitsForParent(config(reader), { ParentId: parent }),
      (p) => p.OrganizationalUnits,
    );
    const unit = units.find((u) => u.Name === name);
    if (!unit?.Id) return { rootId, missing: walked.join('/') };
    parent = unit.Id;
  }
  return { rootId, unitId: parent };
}

/** Where each id sits: "Root", an OU path, or an account (by id). */
export function targetNames(live: Pick<LiveOrganization, 'root' | 'units'>): Map<string, string> {
  return new Map([[live.root.id, 'Root'], ...live.units.map((u) => [u.id, u.path] as [string, string])]);
}

/** Control Tower's marks in Organizations: its SCPs are named aws-guardrails-* and it has trusted access as controltower.amazonaws.com (Control Tower User Guide, "Controls" and "Integrated services"). */
export const CONTROL_TOWER_SCP = /^aws-guardrails-/;
export const CONTROL_TOWER_SERVICE = 'controltower.amazonaws.com';

export const isControlTowerPolicy = (p: Pick<LivePolicy, 'name' | 'awsManaged'>): boolean => !p.awsManaged && CONTROL_TOWER_SCP.test(p.name);
