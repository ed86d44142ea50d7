/**
 * One request against the organization's authorization policies, as AWS evaluates them
 * (AWS Organizations User Guide: SCP evaluation, RCP evaluation, "Understanding SCPs and RCPs"):
 * - the PRINCIPAL's account chain of SCPs applies when the principal is an IAM principal of a member
 *   account; the RESOURCE owner's chain of RCPs applies when the resource is in a member account and its
 *   service supports RCPs. A request is allowed only when every applicable chain allows it;
 * - neither applies to the management account (its principals, resp. its resources), to service-linked
 *   roles, or to AWS service principals (SCPs); RCPs do apply to service principals and to principals
 *   outside the organization;
 * - within a chain, an explicit Deny in any policy at any level (root, each OU, the account) denies;
 *   otherwise every level must have at least one policy with a matching Allow, or the request is
 *   implicitly denied at the first level lacking one;
 * - an explicit Deny of either type wins over an implicit deny of the other (explicit denies first);
 * - sts:GetCallerIdentity cannot be denied.
 */
import type { OrganizationIndex } from '../src/model/organization.ts';
import { chainOf } from '../src/model/organization.ts';
import type { AuthorizationPolicyType, PolicyPlan, ScpPlan, ServiceControlPolicy } from './compile.ts';
import type { StatementOrigin } from './pack.ts';
import { requestContext, type EvaluationRequest } from '../src/iam/request.ts';
import { statementApplies } from '../src/iam/statement.ts';
import { isServiceLinkedRole, NEVER_DENIED_ACTIONS, rcpApplies } from '../src/iam/organization-policies.ts';

export type DecisionKind = 'allowed' | 'explicit-deny' | 'implicit-deny';

export interface DecidedBy {
  /** Root, OU path or account name. */
  target: string;
  /** SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY: the chain that decided. */
  policyType?: AuthorizationPolicyType;
  policy?: string;
  sid?: string;
  statementIndex?: number;
  /** Guardrail ids / custom policy names the statement came from. */
  sources?: string[];
}

export interface Decision {
  decision: DecisionKind;
  decidedBy?: DecidedBy;
  reason: string;
  /** The request context the decision was made with (after defaults). */
  context: Record<string, string[]>;
  /**
   * Condition keys absent from the request on which the decision rested: a caller that cannot
   * tell whether a key was really absent (a principal tag a log does not record) cannot trust it.
   */
  absentKeys?: string[];
}

export interface SimulationInput {
  /** The principal's account: a spec account name or a 12-digit id; optional when `principal` is an ARN. */
  account?: string;
  principal: string;
  action: string;
  resource?: string;
  region: string;
  context?: Record<string, string | string[]>;
  /** The resource owner (name or id); default: the account in the resource ARN, else the principal's account. */
  resourceAccount?: string;
  /**
   * Internal (`guardrails impact`; `guardrails simulate` does not take it): an unsigned request, made by no IAM
   * principal (AssumeRoleWithSAML/WithWebIdentity, an anonymous S3 call). No SCP applies and the request carries
   * none of the aws:Principal* keys (IAM User Guide, "AWS global condition context keys": aws:PrincipalIsAWSService
   * and the others are present in signed requests); the resource owner's RCPs apply. `principal` is then only a label.
   */
  unsigned?: boolean;
}

export interface SimulatorOptions {
  /** The organization's RCPs; without them only SCPs are evaluated. */
  rcps?: PolicyPlan;
  /** Counts as the management account even when the spec does not list it. */
  managementAccountId?: string;
}

const PLACEHOLDER_ACCOUNT_ID = '000000000000';

/** Absent keys recorded while evaluating (src/iam/conditions.ts), as the optional Decision field. */
function restedOn(lists: string[][]): Pick<Decision, 'absentKeys'> {
  const keys = [...new Set(lists.flat())].sort();
  return keys.length ? { absentKeys: keys } : {};
}

type PrincipalType = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service';

/** Resolves `root`, `role/NAME`, `user/NAME`, an ARN or a service principal (`NAME.amazonaws.com`) into its ARN, type and account. */
export function resolvePrincipal(principal: string, accountId: string, organizationPartition = 'aws'): { arn: string; type: PrincipalType; account: string } {
  if (principal === 'root') return { arn: `arn:${organizationPartition}:iam::${accountId}:root`, type: 'Account', account: accountId };
  if (principal.startsWith('role/')) return { arn: `arn:${organizationPartition}:iam::${accountId}:${principal}`, type: 'AssumedRole', account: accountId };
  if (principal.startsWith('user/')) return { arn: `arn:${organizationPartition}:iam::${accountId}:${principal}`, type: 'User', account: accountId };
  if (!principal.startsWith('arn:') && /\.amazonaws\.com(\.cn)?$/.test(principal)) return { arn: principal, type: 'Service', account: '' };
  const [, partition = 'aws', service, , account = accountId, resource = ''] = principal.split(':');
  const acct = account || accountId;
  // aws:PrincipalArn of a role session is the role's ARN, not the session's.
  const session = /^assumed-role\/([^/]+)\//.exec(resource);
  if (service === 'sts' && session) return { arn: `arn:${partition}:iam::${acct}:role/${session[1]}`, type: 'AssumedRole', account: acct };
  if (resource === 'root') return { arn: principal, type: 'Account', account: acct };
  if (resource.startsWith('federated-user/')) return { arn: principal, type: 'FederatedUser', account: acct };
  return { arn: principal, type: resource.startsWith('user/') ? 'User' : 'AssumedRole', account: acct };
}

/** Of the sources merged into a statement, the ones whose own statement matches the request. */
function decidingSources(origins: StatementOrigin[], request: EvaluationRequest): string[] {
  return [...new Set(origins.filter((o) => statementApplies(o.statement, request)).map((o) => o.source))];
}

export interface Simulator {
  simulate(input: SimulationInput): Decision;
}

type Level = { target: string; policies: ServiceControlPolicy[] };
type ChainResult = Omit<Decision, 'context'>;

const WORD: Record<AuthorizationPolicyType, string> = { SERVICE_CONTROL_POLICY: 'SCP', RESOURCE_CONTROL_POLICY: 'RCP' };

/** One chain (root → OUs → account) of one policy type, as AWS evaluates it. */
function evaluateChain(chain: Level[], request: EvaluationRequest, policyType: AuthorizationPolicyType): ChainResult {
  const absent = request.context.absentKeysRestedOn ?? [];
  for (const level of chain) {
    for (const policy of level.policies) {
      const i = policy.document.Statement.findIndex((s) => s.Effect === 'Deny' && statementApplies(s, request));
      if (i < 0) continue;
      const s = policy.document.Statement[i];
      return {
        decision: 'explicit-deny',
        decidedBy: {
          target: level.target,
          policyType,
          policy: policy.name,
          sid: s.Sid,
          statementIndex: i,
          sources: decidingSources(policy.origins[i] ?? [], request),
        },
        reason: `explicitly denied by ${WORD[policyType]} ${policy.name}${s.Sid ? ` statement ${s.Sid}` : ''} attached to ${level.target}`,
        // A Deny is final: only the deciding statement's condition (the last one evaluated) can change it.
        ...restedOn(absent.slice(-1)),
      };
    }
  }
  for (const level of chain) {
    const allowed = level.policies.some((p) => p.document.Statement.some((s) => s.Effect === 'Allow' && statementApplies(s, request)));
    if (!allowed) {
      return {
        decision: 'implicit-deny',
        decidedBy: { target: level.target, policyType },
        reason: `no ${WORD[policyType]} attached to ${level.target} allows ${request.action}`,
        ...restedOn(absent),
      };
    }
  }
  return { decision: 'allowed', reason: `${WORD[policyType]}s allow it at every level from the root to ${chain[chain.length - 1]?.target}` };
}

export function createSimulator(plan: ScpPlan, index: OrganizationIndex, organizationId?: string, options: SimulatorOptions = {}): Simulator {
  const chains = new Map<string, Level[]>();
  const chainFor = (policies: PolicyPlan, account: string): Level[] => {
    const key = `${policies.type ?? 'SERVICE_CONTROL_POLICY'}\u0000${account}`;
    let chain = chains.get(key);
    if (!chain) {
      chain = chainOf(index, account).map((target) => ({ target, policies: policies.targets.get(target)?.policies ?? [] }));
      chains.set(key, chain);
    }
    return chain;
  };
  const byId = new Map([...index.accounts.values()].filter((a) => a.id).map((a) => [a.id!, a]));

  /** A spec account name or a 12-digit id → the account as evaluation needs it. */
  const accountRef = (ref: string): { name?: string; id: string; member: boolean; management: boolean } => {
    const named = index.accounts.get(ref) ?? byId.get(ref);
    if (named) return { name: named.name, id: named.id ?? PLACEHOLDER_ACCOUNT_ID, member: !named.isManagement, management: named.isManagement };
    if (!/^\d{12}$/.test(ref)) throw new Error(`unknown account "${ref}"`);
    const management = ref === options.managementAccountId;
    return { id: ref, member: false, management };
  };
  const inOrganization = (a: { member: boolean; management: boolean }) => a.member || a.management;

  return {
    simulate(input) {
      const unsigned = input.unsigned === true;
      if (!unsigned && input.account === undefined && !input.principal.startsWith('arn:') && !/\.amazonaws\.com(\.cn)?$/.test(input.principal))
        throw new Error(`principal "${input.principal}" needs an account`);
      const given = input.account === undefined ? undefined : accountRef(input.account);
      const principal = unsigned
        ? { arn: '', type: 'Service' as const, account: '' }
        : resolvePrincipal(input.principal, given?.id ?? PLACEHOLDER_ACCOUNT_ID, plan.partition);
      const service = !unsigned && principal.type === 'Service';
      // The principal's own account: from its ARN when it carries one, else the given account.
      const principalAccount =
        service || unsigned
          ? undefined
          : given && (principal.account === given.id || !/^\d{12}$/.test(principal.account))
            ? given
            : accountRef(principal.account);
      const resource = input.resource ?? '*';
      const arnAccount = resource.split(':')[4];
      const resourceRef = input.resourceAccount ?? (arnAccount && /^\d{12}$/.test(arnAccount) ? arnAccount : undefined);
      const resourceAccount = resourceRef !== undefined ? accountRef(resourceRef) : principalAccount;
      const entries: Record<string, string | string[] | undefined> = unsigned
        ? {}
        : service
          ? { 'aws:PrincipalServiceName': principal.arn, 'aws:PrincipalIsAWSService': 'true' }
          : {
              'aws:PrincipalArn': principal.arn,
              'aws:PrincipalAccount': principal.account,
              'aws:PrincipalType': principal.type,
              // Present only for principals of an organization (IAM global condition context keys).
              'aws:PrincipalOrgID': principalAccount && inOrganization(principalAccount) ? organizationId : undefined,
              'aws:PrincipalIsAWSService': 'false',
              ...(principal.type === 'User' ? { 'aws:username': principal.arn.split('/').pop() } : {}),
            };
      Object.assign(entries, {
        'aws:RequestedRegion': input.region,
        // "This key is always included in the request context" (IAM global condition context keys): HTTPS unless said otherwise.
        'aws:SecureTransport': 'true',
        'aws:ResourceAccount': resourceAccount?.id,
        'aws:ResourceOrgID': resourceAccount && inOrganization(resourceAccount) ? organizationId : undefined,
        ...input.context,
      });
      const context = requestContext(entries);
      const absent: string[][] = (context.absentKeysRestedOn = []);
      const shownContext = Object.fromEntries([...context.values.entries()].map(([k, v]) => [k, v]));
      const done = (r: ChainResult): Decision => ({ ...r, context: shownContext });

      if (NEVER_DENIED_ACTIONS.has(input.action.toLowerCase()))
        return done({ decision: 'allowed', reason: `${input.action} works even when explicitly denied` });
      const serviceLinked = !service && !unsigned && isServiceLinkedRole(principal.arn);
      if (serviceLinked) return done({ decision: 'allowed', reason: 'SCPs and RCPs do not apply to service-linked roles' });
      const request: EvaluationRequest = { action: input.action, resource, context };

      const notes: string[] = [];
      let scp: ChainResult | undefined;
      if (service) notes.push('SCPs do not apply to AWS service principals');
      else if (unsigned) notes.push('SCPs do not apply to an unsigned request (no IAM principal)');
      else if (principalAccount?.management) notes.push('SCPs do not apply to the management account');
      else if (!principalAccount?.name) notes.push('the principal is outside the organization (no SCPs)');
      else scp = evaluateChain(chainFor(plan, principalAccount.name), request, 'SERVICE_CONTROL_POLICY');

      let rcp: ChainResult | undefined;
      if (options.rcps) {
        if (!rcpApplies(input.action)) notes.push(`RCPs do not apply to ${input.action.split(':')[0]}`);
        else if (resourceAccount?.management) notes.push("RCPs do not apply to the management account's resources");
        else if (!resourceAccount?.name) notes.push('the resource is outside the organization (no RCPs)');
        else rcp = evaluateChain(chainFor(options.rcps, resourceAccount.name), request, 'RESOURCE_CONTROL_POLICY');
      }
      const results = [scp, rcp].filter((r): r is ChainResult => r !== undefined);
      const decided = results.find((r) => r.decision === 'explicit-deny') ?? results.find((r) => r.decision === 'implicit-deny');
      if (decided) return done(decided);
      return done({
        decision: 'allowed',
        reason: [...results.map((r) => r.reason), ...notes].join('; ') || 'no organization policy applies',
        ...restedOn(absent),
      });
    },
  };
}
