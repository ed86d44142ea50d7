/**
 * One request against the effective SCP chain, as AWS Organizations evaluates it:
 * - SCPs never restrict the management account, nor service-linked roles;
 * - an explicit Deny in any policy at any level (root, each OU, the account) denies;
 * - otherwise every level must have at least one policy with a matching Allow,
 *   or the request is implicitly denied at the first level lacking one.
 */
import type { OrganizationIndex } from '../src/model/organization.ts';
import { chainOf } from '../src/model/organization.ts';
import type { ScpPlan, ServiceControlPolicy } from './compile.ts';
import type { StatementOrigin } from './pack.ts';
import { requestContext, type EvaluationRequest } from '../src/iam/request.ts';
import { statementApplies } from '../src/iam/statement.ts';

export type DecisionKind = 'allowed' | 'explicit-deny' | 'implicit-deny';

export interface DecidedBy {
  /** Root, OU path or account name. */
  target: string;
  policy?: string;
  sid?: string;
  statementIndex?: number;
  /** Guardrail ids / custom SCP names the statement came from. */
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
  account: string;
  principal: string;
  action: string;
  resource?: string;
  region: string;
  context?: Record<string, string | string[]>;
  /** Account id owning the resource (aws:ResourceAccount); default: the resource ARN's account, else the principal's. */
  resourceAccount?: string;
}

/** Absent keys recorded while evaluating, as the optional Decision field. */
function restedOn(lists: string[][]): Pick<Decision, 'absentKeys'> {
  const keys = [...new Set(lists.flat())].sort();
  return keys.length ? { absentKeys: keys } : {};
}

const PLACEHOLDER_ACCOUNT_ID = '000000000000';

/** Resolves `root`, `role/NAME`, `user/NAME` or an ARN into the principal's ARN, type and account. */
export function resolvePrincipal(
  principal: string,
  accountId: string,
): { arn: string; type: 'Account' | 'User' | 'AssumedRole' | 'FederatedUser'; account: string } {
  if (principal === 'root') return { arn: `arn:aws:iam::${accountId}:root`, type: 'Account', account: accountId };
  if (principal.startsWith('role/')) return { arn: `arn:aws:iam::${accountId}:${principal}`, type: 'AssumedRole', account: accountId };
  if (principal.startsWith('user/')) return { arn: `arn:aws:iam::${accountId}:${principal}`, type: 'User', account: accountId };
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

export function createSimulator(plan: ScpPlan, index: OrganizationIndex, organizationId?: string): Simulator {
  const chains = new Map<string, { target: string; policies: ServiceControlPolicy[] }[]>();
  const chainFor = (account: string) => {
    let chain = chains.get(account);
    if (!chain) {
      chain = chainOf(index, account).map((target) => ({ target, policies: plan.targets.get(target)?.policies ?? [] }));
      chains.set(account, chain);
    }
    return chain;
  };

  return {
    simulate(input) {
      const account = index.accounts.get(input.account);
      if (!account) throw new Error(`unknown account "${input.account}"`);
      const accountId = account.id ?? PLACEHOLDER_ACCOUNT_ID;
      const principal = resolvePrincipal(input.principal, accountId);
      const resource = input.resource ?? '*';
      const resourceAccount = resource.split(':')[4];
      const entries: Record<string, string | string[] | undefined> = {
        'aws:PrincipalArn': principal.arn,
        'aws:PrincipalAccount': principal.account,
        'aws:PrincipalType': principal.type,
        'aws:PrincipalOrgID': organizationId,
        'aws:PrincipalIsAWSService': 'false',
        'aws:RequestedRegion': input.region,
        'aws:ResourceAccount': input.resourceAccount ?? (resourceAccount && /^\d{12}$/.test(resourceAccount) ? resourceAccount : accountId),
        ...(principal.type === 'User' ? { 'aws:username': principal.arn.split('/').pop() } : {}),
        ...input.context,
      };
      const context = requestContext(entries);
      const absent: string[][] = (context.absentKeysRestedOn = []);
      const shownContext = Object.fromEntries([...context.values.entries()].map(([k, v]) => [k, v]));
      if (account.isManagement) return { decision: 'allowed', reason: 'SCPs do not apply to the management account', context: shownContext };
      if (/^arn:[^:]+:iam::\d*:role\/aws-service-role\//.test(principal.arn)) {
        return { decision: 'allowed', reason: 'SCPs do not apply to service-linked roles', context: shownContext };
      }
      const request: EvaluationRequest = { action: input.action, resource, context };
      const chain = chainFor(input.account);

      for (const level of chain) {
        for (const policy of level.policies) {
          const i = policy.document.Statement.findIndex((s) => s.Effect === 'Deny' && statementApplies(s, request));
          if (i >= 0) {
            const s = policy.document.Statement[i];
            // A Deny is final: only the deciding statement's condition (the last one evaluated) can change it.
            const deciding = absent.slice(-1);
            return {
              decision: 'explicit-deny',
              decidedBy: {
                target: level.target,
                policy: policy.name,
                sid: s.Sid,
                statementIndex: i,
                sources: decidingSources(policy.origins[i] ?? [], request),
              },
              reason: `explicitly denied by ${policy.name}${s.Sid ? ` statement ${s.Sid}` : ''} attached to ${level.target}`,
              context: shownContext,
              ...restedOn(deciding),
            };
          }
        }
      }
      for (const level of chain) {
        const allowed = level.policies.some((p) => p.document.Statement.some((s) => s.Effect === 'Allow' && statementApplies(s, request)));
        if (!allowed) {
          return {
            decision: 'implicit-deny',
            decidedBy: { target: level.target },
            reason: `no SCP attached to ${level.target} allows ${input.action}`,
            context: shownContext,
            ...restedOn(absent),
          };
        }
      }
      return { decision: 'allowed', reason: 'allowed at every level from the root to the account', context: shownContext, ...restedOn(absent) };
    },
  };
}
