/**
 * Import's own proof: the SCPs the imported spec plans must decide every request exactly as the
 * live SCPs do, so the first `pulumi up` changes nothing about who may do what. Both sides run
 * through the same simulator (scp/simulate.ts) over the actions the policies name (wildcards
 * expanded to real actions from the IAM reference), the principals their exemptions name, the
 * regions and condition values they mention, in every account, one distinct SCP chain at a time.
 * Control Tower's SCPs stay attached on both sides, so they are left out of both.
 */
import { isControlTowerPolicy, type LiveOrganization } from '../../aws/organizations.ts';
import type { Analysis } from '../../deployment/analyze.ts';
import { asList, documentSize, type PolicyStatement } from '../../iam/policy.ts';
import { loadIamReference, servicesNamedIn } from '../../iam/reference.ts';
import { wildcardMatch } from '../../iam/wildcard.ts';
import { chainOf, targetKind } from '../../model/organization.ts';
import type { ScpPlan, ServiceControlPolicy } from '../../../scp/compile.ts';
import { statementKey, statementsOf } from '../../../scp/normalize.ts';
import { createSimulator, type DecisionKind, type SimulationInput } from '../../../scp/simulate.ts';

export interface RoundTripDifference extends SimulationInput {
  live: DecisionKind;
  planned: DecisionKind;
}

export interface RoundTrip {
  /** Distinct SCP chains (accounts sharing one were checked once). */
  chains: number;
  requests: number;
  differences: RoundTripDifference[];
}

const MAX_ACTIONS = 400;
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
  contexts: Record<string, string>[];
  resources: { resource: string; actions: string[] }[];
}

function axesOf(statements: PolicyStatement[], named: (pattern: string) => string[], homeRegion: string, accountId: string): Axes {
  const actions = new Set<string>(CONTROL_ACTIONS);
  const principals = new Set(['role/Developer', 'root']);
  const regions = new Set([homeRegion]);
  const contexts = new Map<string, Record<string, string>>();
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
            contexts.set(`${k}=${v}`, { [key]: v.replace(/[*?]/g, 'x') });
            contexts.set(`${k}=other`, { [key]: 'other-value' });
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
    contexts: [...contexts.values()].slice(0, 24),
    resources: resources.slice(0, 50),
  };
}

export async function checkRoundTrip(analysis: Analysis, live: LiveOrganization, targetOf: Map<string, string>): Promise<RoundTrip> {
  const { index, spec } = analysis.loaded;
  const current = livePlan(analysis, live, targetOf);
  const planned = analysis.scps;
  const statementsAt = (plan: ScpPlan, target: string) => (plan.targets.get(target)?.policies ?? []).flatMap((p) => p.document.Statement);
  const allStatements = [...current.targets.keys(), ...planned.targets.keys()].flatMap((t) => [...statementsAt(current, t), ...statementsAt(planned, t)]);
  const iam = await loadIamReference(servicesNamedIn(allStatements));
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

  const liveSimulator = createSimulator(current, index, spec.organization.id);
  const plannedSimulator = createSimulator(planned, index, spec.organization.id);
  const seen = new Set<string>();
  const signature = new Map<string, string>();
  const levelKey = (target: string) => {
    let key = signature.get(target);
    if (key === undefined) {
      key = [statementsAt(current, target), statementsAt(planned, target)].map((list) => list.map(statementKey).sort().join('\n')).join('\n|\n');
      signature.set(target, key);
    }
    return key;
  };
  const result: RoundTrip = { chains: 0, requests: 0, differences: [] };
  for (const account of index.accounts.values()) {
    if (!account.id || account.isManagement) continue;
    const chain = chainOf(index, account.name);
    const key = chain.map(levelKey).join('\n||\n');
    if (seen.has(key)) continue;
    seen.add(key);
    result.chains++;
    const statements = chain.flatMap((t) => [...statementsAt(current, t), ...statementsAt(planned, t)]);
    const axes = axesOf(statements, named, spec.organization.homeRegion, account.id);
    const base = { account: account.name, principal: 'role/Developer', region: spec.organization.homeRegion, resource: '*' };
    const requests: SimulationInput[] = [];
    for (const action of axes.actions) {
      requests.push({ ...base, action });
      for (const principal of axes.principals.slice(1)) requests.push({ ...base, principal, action });
      for (const region of axes.regions.slice(1)) requests.push({ ...base, region, action });
      for (const context of axes.contexts) requests.push({ ...base, action, context });
    }
    for (const { resource, actions } of axes.resources) for (const action of actions) requests.push({ ...base, action, resource });
    for (const request of requests) {
      result.requests++;
      const a = liveSimulator.simulate(request).decision;
      const b = plannedSimulator.simulate(request).decision;
      if (a !== b && result.differences.length < 50) result.differences.push({ ...request, live: a, planned: b });
    }
  }
  return result;
}
