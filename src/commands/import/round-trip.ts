/**
 * Import's own proof: the SCPs and RCPs the imported spec plans must decide every request exactly
 * as the live ones do, so the first `pulumi up` changes nothing about who may do what. Both sides
 * run through the same simulator (scp/simulate.ts) over the actions the policies name (wildcards
 * expanded to real actions from the IAM reference), the principals their exemptions name (and one
 * from outside the organization, for RCPs), the regions and condition values they mention: every
 * target level by level, for each policy type, and a sample of whole chains end to end with both.
 * Control Tower's SCPs stay attached on both sides, so they are left out of both.
 */
import { isControlTowerPolicy, type LiveOrganization } from '../../aws/organizations.ts';
import type { Analysis } from '../../deployment/analyze.ts';
import { asList, documentSize, FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS, type PolicyDocument, type PolicyStatement } from '../../iam/policy.ts';
import { loadIamReference, servicesNamedIn } from '../../iam/reference.ts';
import { wildcardMatch } from '../../iam/wildcard.ts';
import { chainOf, indexOrganization, ROOT, targetKind } from '../../model/organization.ts';
import type { OrganizationSpec } from '../../model/spec.ts';
import { canonical } from '../../../scp/pack.ts';
import { scpContext, type AuthorizationPolicyType, type ScpPlan, type ServiceControlPolicy } from '../../../scp/compile.ts';
import { statementKey, statementsOf } from '../../../scp/normalize.ts';
import { createSimulator, type DecisionKind, type SimulationInput } from '../../../scp/simulate.ts';

export interface RoundTripDifference extends SimulationInput {
  live: DecisionKind;
  planned: DecisionKind;
}

export interface RoundTrip {
  /** Targets whose live and planned SCPs or RCPs differ in text, checked request by request on their own (per policy type). */
  targets: number;
  /** Accounts whose whole chain was also simulated end to end. */
  chains: number;
  requests: number;
  differences: RoundTripDifference[];
}

const MAX_ACTIONS = 400;
/** Whole chains run end to end through the simulator besides the level-by-level proof. */
const SAMPLED_CHAINS = 10;
const LEVEL_ACCOUNT = 'level-probe';
const WILDCARD_SAMPLES = 3;
/** Actions no guardrail tends to name: a chain must treat them alike too. */
const CONTROL_ACTIONS = ['ec2:RunInstances', 's3:GetObject', 'sts:GetCallerIdentity', 'redshift:CreateCluster'];
const PRINCIPAL_KEYS = new Set(['aws:principalarn']);
const REGION_KEY = 'aws:requestedregion';
const OUTSIDE_PRINCIPAL = 'arn:aws:iam::999999999999:role/Partner';

const managedOf = (type: AuthorizationPolicyType) => (type === 'SERVICE_CONTROL_POLICY' ? FULL_AWS_ACCESS : RCP_FULL_AWS_ACCESS);

const managedPolicy = (type: AuthorizationPolicyType, target: string): ServiceControlPolicy => {
  const { name, document } = managedOf(type);
  return { name, target, type, document, size: documentSize(document), origins: [[]], awsManaged: true };
};

/**
 * The live policies of one type as a plan over the imported spec's targets. RCPFullAWSAccess sits on
 * every target whether or not the live organization has RCPs enabled: AWS attaches it everywhere and
 * it cannot be detached (Organizations User Guide, "Resource control policies"), and without RCPs
 * nothing is denied by them, which is what it means.
 */
export function livePlan(
  analysis: Analysis,
  live: LiveOrganization,
  targetOf: Map<string, string>,
  type: AuthorizationPolicyType = 'SERVICE_CONTROL_POLICY',
): ScpPlan {
  const { index } = analysis.loaded;
  const plan: ScpPlan = { type, targets: new Map(), sizeLimit: analysis.scps.sizeLimit };
  const targetAt = (target: string) => {
    let entry = plan.targets.get(target);
    if (!entry) {
      entry = { target, kind: targetKind(index, target)!, fullAwsAccess: type !== 'SERVICE_CONTROL_POLICY', policies: [], slotLimit: 0, reservedSlots: 0 };
      if (type !== 'SERVICE_CONTROL_POLICY') entry.policies.push(managedPolicy(type, target));
      plan.targets.set(target, entry);
    }
    return entry;
  };
  if (type !== 'SERVICE_CONTROL_POLICY') for (const target of analysis.rcps.targets.keys()) targetAt(target);
  for (const policy of live.policies) {
    if (policy.type !== type || isControlTowerPolicy(policy) || (type !== 'SERVICE_CONTROL_POLICY' && policy.awsManaged)) continue;
    const document: PolicyDocument = { Version: '2012-10-17', Statement: statementsOf(policy.content) };
    for (const t of policy.targets) {
      const target = targetOf.get(t.id);
      if (!target || !targetKind(index, target)) continue;
      targetAt(target).policies.push({ name: policy.name, target, type, document, size: documentSize(document), origins: [], awsManaged: policy.awsManaged });
    }
  }
  return plan;
}

const instantiate = (pattern: string, accountId: string) => {
  const parts = pattern.split(':');
  if (parts.length >= 6 && parts[4] === '*') parts[4] = accountId;
  return parts.join(':').replace(/[*?]/g, 'x');
};

interface Axes {
  actions: string[];
  principals: string[];
  regions: string[];
  /** Condition values, tried on the actions of the statements that test them. */
  contexts: { context: Record<string, string>; actions: string[] }[];
  resources: { resource: string; actions: string[] }[];
}

function axesOf(statements: PolicyStatement[], named: (pattern: string) => string[], homeRegion: string, accountId: string): Axes {
  const actions = new Set<string>(CONTROL_ACTIONS);
  // A principal of another account: RCPs judge who reaches the organization's resources.
  const principals = new Set(['role/Developer', 'root', ...(statements.some((s) => s.Principal !== undefined) ? [OUTSIDE_PRINCIPAL] : [])]);
  const regions = new Set([homeRegion]);
  const contexts = new Map<string, { context: Record<string, string>; actions: Set<string> }>();
  const addContext = (key: string, context: Record<string, string>, own: string[]) => {
    const entry = contexts.get(key) ?? { context, actions: new Set(CONTROL_ACTIONS.slice(0, 1)) };
    own.forEach((a) => entry.actions.add(a));
    contexts.set(key, entry);
  };
  const resources: Axes['resources'] = [];
  for (const s of statements) {
    const own = [...asList(s.Action), ...asList(s.NotAction)].flatMap(named);
    own.forEach((a) => actions.add(a));
    for (const r of asList(s.Resource)) if (r !== '*') resources.push({ resource: instantiate(r, accountId), actions: own.slice(0, 20) });
    for (const keys of Object.values(s.Condition ?? {})) {
      for (const [key, values] of Object.entries(keys)) {
        const k = key.toLowerCase();
        for (const v of asList(values).map(String)) {
          if (PRINCIPAL_KEYS.has(k)) {
            const role = /:role\/(.+)$/.exec(v)?.[1];
            if (role) principals.add(`role/${role.replace(/[*?]/g, 'x')}`);
          } else if (k === REGION_KEY) regions.add(v.replace(/[*?]/g, 'x'));
          else {
            addContext(`${k}=${v}`, { [key]: v.replace(/[*?]/g, 'x') }, own);
            addContext(`${k}=other`, { [key]: 'other-value' }, own);
          }
        }
      }
    }
  }
  regions.add(['ap-southeast-2', 'sa-east-1', 'af-south-1'].find((r) => !regions.has(r))!);
  return {
    actions: [...actions].slice(0, MAX_ACTIONS),
    principals: [...principals],
    regions: [...regions],
    contexts: [...contexts.values()].slice(0, 48).map((c) => ({ context: c.context, actions: [...c.actions] })),
    resources: resources.slice(0, 50),
  };
}

/**
 * The simulator over one level of one policy type alone: the target's policies on a root, one account
 * below it; the other type and the account's own level allow everything.
 */
function levelSimulator(type: AuthorizationPolicyType, policies: ServiceControlPolicy[], accountId: string, organizationId?: string) {
  const index = indexOrganization({
    managementAccountId: '000000000001',
    accounts: [{ name: LEVEL_ACCOUNT, email: 'level@example.com', id: accountId }],
    units: [],
  } as unknown as OrganizationSpec);
  const level = (target: string, list: ServiceControlPolicy[]) => ({
    target,
    kind: 'root' as const,
    fullAwsAccess: false,
    policies: list,
    slotLimit: 0,
    reservedSlots: 0,
  });
  const planOf = (t: AuthorizationPolicyType, root: ServiceControlPolicy[]): ScpPlan => ({
    type: t,
    sizeLimit: 0,
    targets: new Map([
      [ROOT, level(ROOT, root)],
      [LEVEL_ACCOUNT, level(LEVEL_ACCOUNT, [managedPolicy(t, LEVEL_ACCOUNT)])],
    ]),
  });
  const other: AuthorizationPolicyType = type === 'SERVICE_CONTROL_POLICY' ? 'RESOURCE_CONTROL_POLICY' : 'SERVICE_CONTROL_POLICY';
  const scps = planOf('SERVICE_CONTROL_POLICY', type === 'SERVICE_CONTROL_POLICY' ? policies : [managedPolicy(other, ROOT)]);
  const rcps = planOf('RESOURCE_CONTROL_POLICY', type === 'RESOURCE_CONTROL_POLICY' ? policies : [managedPolicy(other, ROOT)]);
  return createSimulator(scps, index, organizationId, { rcps });
}

function requestsFor(axes: Axes, base: Omit<SimulationInput, 'action'>): SimulationInput[] {
  const requests: SimulationInput[] = [];
  for (const action of axes.actions) {
    requests.push({ ...base, action });
    for (const principal of axes.principals.slice(1)) requests.push({ ...base, principal, action });
    for (const region of axes.regions.slice(1)) requests.push({ ...base, region, action });
  }
  for (const { context, actions } of axes.contexts) for (const action of actions) requests.push({ ...base, action, context });
  for (const { resource, actions } of axes.resources) for (const action of actions) requests.push({ ...base, action, resource });
  return requests;
}

/**
 * AWS decides a request level by level (an explicit Deny at any level denies; otherwise every level
 * needs an Allow), so two sets of SCPs decide every request in every account alike when each
 * target's live and planned policies decide alike on their own: each target is checked alone,
 * which keeps the work linear in targets. A sample of whole chains then runs end to end.
 */
export async function checkRoundTrip(analysis: Analysis, live: LiveOrganization, targetOf: Map<string, string>): Promise<RoundTrip> {
  const { index, spec } = analysis.loaded;
  const current = livePlan(analysis, live, targetOf);
  const planned = analysis.scps;
  const currentRcps = livePlan(analysis, live, targetOf, 'RESOURCE_CONTROL_POLICY');
  const levels: [AuthorizationPolicyType, ScpPlan, ScpPlan][] = [
    ['SERVICE_CONTROL_POLICY', current, planned],
    ['RESOURCE_CONTROL_POLICY', currentRcps, analysis.rcps],
  ];
  const policiesAt = (plan: ScpPlan, target: string) => plan.targets.get(target)?.policies ?? [];
  const statementsAt = (plan: ScpPlan, target: string) => policiesAt(plan, target).flatMap((p) => p.document.Statement);
  const iam = await loadIamReference(
    servicesNamedIn(levels.flatMap(([, a, b]) => [...a.targets.keys(), ...b.targets.keys()].flatMap((t) => [...statementsAt(a, t), ...statementsAt(b, t)]))),
  );
  const expansions = new Map<string, string[]>();
  const named = (pattern: string): string[] => {
    let out = expansions.get(pattern);
    if (out) return out;
    const [service] = pattern.toLowerCase().split(':');
    if (!/[*?]/.test(pattern)) out = [pattern];
    else if (pattern === '*') out = [];
    else {
      const known = iam.actions.get(service) ?? [];
      out = known
        .filter((a) => wildcardMatch(pattern, `${service}:${a}`, true))
        .slice(0, WILDCARD_SAMPLES)
        .map((a) => `${service}:${a}`);
    }
    expansions.set(pattern, out);
    return out;
  };
  const result: RoundTrip = { chains: 0, requests: 0, targets: 0, differences: [] };
  // On an allow-list target the program adds one Allow for its own roles (scp/protect-exemptions.ts automationAllow), so the
  // baseline can run there: that is the one intended change, and only ever turns their implicit deny into allowed.
  const automation = scpContext(analysis.loaded).automation;
  const ownRole = (principal: string) => automation.some((p) => wildcardMatch(p.replace(/^arn:[^:]+:iam::\*:/, ''), principal));
  const compare = (a: DecisionKind, b: DecisionKind, request: SimulationInput, where: string) => {
    result.requests++;
    if (a === 'implicit-deny' && b === 'allowed' && ownRole(request.principal)) return;
    if (a !== b && result.differences.length < 50) result.differences.push({ ...request, account: where, live: a, planned: b });
  };

  for (const [type, current, planned] of levels) {
    for (const target of new Set([...current.targets.keys(), ...planned.targets.keys()])) {
      const a = policiesAt(current, target);
      const b = policiesAt(planned, target);
      if (canonical(statementsAt(current, target).map(statementKey).sort()) === canonical(statementsAt(planned, target).map(statementKey).sort())) continue;
      result.targets++;
      const accountId = index.accounts.get(target)?.id ?? '000000000002';
      const liveLevel = levelSimulator(type, a, accountId, spec.organization.id);
      const plannedLevel = levelSimulator(type, b, accountId, spec.organization.id);
      const axes = axesOf([...statementsAt(current, target), ...statementsAt(planned, target)], named, spec.organization.homeRegion, accountId);
      const base = { account: LEVEL_ACCOUNT, resourceAccount: LEVEL_ACCOUNT, principal: 'role/Developer', region: spec.organization.homeRegion, resource: '*' };
      for (const request of requestsFor(axes, base)) compare(liveLevel.simulate(request).decision, plannedLevel.simulate(request).decision, request, target);
    }
  }

  const liveSimulator = createSimulator(current, index, spec.organization.id, { rcps: currentRcps });
  const plannedSimulator = createSimulator(planned, index, spec.organization.id, { rcps: analysis.rcps });
  for (const account of [...index.accounts.values()].filter((x) => x.id && !x.isManagement).slice(0, SAMPLED_CHAINS)) {
    result.chains++;
    const statements = chainOf(index, account.name).flatMap((t) => levels.flatMap(([, a, b]) => [...statementsAt(a, t), ...statementsAt(b, t)]));
    const axes = axesOf(statements, named, spec.organization.homeRegion, account.id!);
    const base = { account: account.name, resourceAccount: account.name, principal: 'role/Developer', region: spec.organization.homeRegion, resource: '*' };
    for (const request of requestsFor(axes, base))
      compare(liveSimulator.simulate(request).decision, plannedSimulator.simulate(request).decision, request, account.name);
  }
  return result;
}
