/**
 * Import's own proof: the SCPs the imported spec plans must decide every request exactly as the
 * live SCPs do, so the first `pulumi up` changes nothing about who may do what. Both sides run
 * through the same simulator (scp/simulate.ts) over the actions the policies name (wildcards
 * expanded to real actions from the IAM reference), the principals their exemptions name, the
 * regions and condition values they mention: every target level by level, and a sample of whole
 * chains end to end.
 * Control Tower's SCPs stay attached on both sides, so they are left out of both.
 */
import { isControlTowerPolicy, type LiveOrganization } from '../../aws/organizations.ts';
import type { Analysis } from '../../deployment/analyze.ts';
import { asList, documentSize, FULL_AWS_ACCESS, type PolicyStatement } from '../../iam/policy.ts';
import { loadIamReference, servicesNamedIn } from '../../iam/reference.ts';
import { wildcardMatch } from '../../iam/wildcard.ts';
import { chainOf, indexOrganization, ROOT, targetKind } from '../../model/organization.ts';
import type { OrganizationSpec } from '../../model/spec.ts';
import { canonical } from '../../../scp/pack.ts';
import { scpContext, type ScpPlan, type ServiceControlPolicy } from '../../../scp/compile.ts';
import { statementKey, statementsOf } from '../../../scp/normalize.ts';
import { createSimulator, type DecisionKind, type SimulationInput } from '../../../scp/simulate.ts';

export interface RoundTripDifference extends SimulationInput {
  live: DecisionKind;
  planned: DecisionKind;
}

export interface RoundTrip {
  /** Targets whose live and planned SCPs differ in text, checked request by request on their own. */
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

/** The live SCPs as a plan over the imported spec's targets. */
export function livePlan(analysis: Analysis, live: LiveOrganization, targetOf: Map<string, string>): ScpPlan {
  const { index } = analysis.loaded;
  const plan: ScpPlan = { targets: new Map(), sizeLimit: analysis.scps.sizeLimit };
  for (const policy of live.policies) {
    if (policy.type !== 'SERVICE_CONTROL_POLICY' || isControlTowerPolicy(policy)) continue;
    const document = { Version: '2012-10-17' as const, Statement: statementsOf(policy.content) };
    for (const t of policy.targets) {
      const target = targetOf.get(t.id);
      const kind = target && targetKind(index, target);
      if (!target || !kind) continue;
      const entry = plan.targets.get(target) ?? { target, kind, fullAwsAccess: false, policies: [], slotLimit: 0, reservedSlots: 0 };
      const scp: ServiceControlPolicy = { name: policy.name, target, document, size: documentSize(document), origins: [], awsManaged: policy.awsManaged };
      entry.policies.push(scp);
      plan.targets.set(target, entry);
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
  const principals = new Set(['role/Developer', 'root']);
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

/** The simulator over one level alone: the target's policies on a root, one account below it that allows everything. */
function levelSimulator(policies: ServiceControlPolicy[], accountId: string, organizationId?: string) {
  const index = indexOrganization({
    managementAccountId: '000000000001',
    accounts: [{ name: LEVEL_ACCOUNT, email: 'level@example.com', id: accountId }],
    units: [],
  } as unknown as OrganizationSpec);
  const full: ServiceControlPolicy = {
    name: 'FullAWSAccess',
    target: LEVEL_ACCOUNT,
    document: FULL_AWS_ACCESS.document,
    size: documentSize(FULL_AWS_ACCESS.document),
    origins: [[]],
    awsManaged: true,
  };
  const level = (target: string, list: ServiceControlPolicy[]) => ({
    target,
    kind: 'root' as const,
    fullAwsAccess: false,
    policies: list,
    slotLimit: 0,
    reservedSlots: 0,
  });
  const plan: ScpPlan = {
    sizeLimit: 0,
    targets: new Map([
      [ROOT, level(ROOT, policies)],
      [LEVEL_ACCOUNT, level(LEVEL_ACCOUNT, [full])],
    ]),
  };
  return createSimulator(plan, index, organizationId);
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
  const policiesAt = (plan: ScpPlan, target: string) => plan.targets.get(target)?.policies ?? [];
  const statementsAt = (plan: ScpPlan, target: string) => policiesAt(plan, target).flatMap((p) => p.document.Statement);
  const targets = [...new Set([...current.targets.keys(), ...planned.targets.keys()])];
  const iam = await loadIamReference(servicesNamedIn(targets.flatMap((t) => [...statementsAt(current, t), ...statementsAt(planned, t)])));
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

  for (const target of targets) {
    const a = policiesAt(current, target);
    const b = policiesAt(planned, target);
    if (canonical(statementsAt(current, target).map(statementKey).sort()) === canonical(statementsAt(planned, target).map(statementKey).sort())) continue;
    result.targets++;
    const accountId = index.accounts.get(target)?.id ?? '000000000002';
    const liveLevel = levelSimulator(a, accountId, spec.organization.id);
    const plannedLevel = levelSimulator(b, accountId, spec.organization.id);
    const axes = axesOf([...statementsAt(current, target), ...statementsAt(planned, target)], named, spec.organization.homeRegion, accountId);
    for (const request of requestsFor(axes, { account: LEVEL_ACCOUNT, principal: 'role/Developer', region: spec.organization.homeRegion, resource: '*' }))
      compare(liveLevel.simulate(request).decision, plannedLevel.simulate(request).decision, request, target);
  }

  const liveSimulator = createSimulator(current, index, spec.organization.id);
  const plannedSimulator = createSimulator(planned, index, spec.organization.id);
  for (const account of [...index.accounts.values()].filter((x) => x.id && !x.isManagement).slice(0, SAMPLED_CHAINS)) {
    result.chains++;
    const statements = chainOf(index, account.name).flatMap((t) => [...statementsAt(current, t), ...statementsAt(planned, t)]);
    const axes = axesOf(statements, named, spec.organization.homeRegion, account.id!);
    for (const request of requestsFor(axes, { account: account.name, principal: 'role/Developer', region: spec.organization.homeRegion, resource: '*' }))
      compare(liveSimulator.simulate(request).decision, plannedSimulator.simulate(request).decision, request, account.name);
  }
  return result;
}
