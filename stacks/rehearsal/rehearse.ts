/**
 * The deployment rehearsal: the resources the program declares (previewDeployment, with the
 * dependencies the engine orders them by) are created one by one against the model of AWS's
 * control plane (world.ts, services/*.ts) in several seeded orders; the baseline template is
 * deployed into every account and region a StackSet instance reaches (management account
 * included, through its own stacks); and every call the deployment makes in a member account is
 * asked of that account's SCPs (lockout.ts). It proves the program against AWS's documented
 * rules; it is not AWS.
 */
import type { Analysis } from '../../src/deployment/analyze.ts';
import { accountsUnder, ROOT } from '../../src/model/organization.ts';
import { partitionOf } from '../../src/model/names.ts';
import { accountNamesById } from '../../src/model/organization.ts';
import type { PlanResource } from '../preview.ts';
import { accessRoleCalls, baselineCalls, lockoutProblems, memberRoleCalls, type DeploymentCall } from './lockout.ts';
import { creationOrder, seededRandom } from './order.ts';
import { cloudformation } from './services/cloudformation.ts';
import { cloudtrail } from './services/cloudtrail.ts';
import { config } from './services/config.ts';
import { guardduty } from './services/guardduty.ts';
import { iam } from './services/iam.ts';
import { kms } from './services/kms.ts';
import { lambda } from './services/lambda.ts';
import { organizations } from './services/organizations.ts';
import { concurrentBucketConfiguration, s3 } from './services/s3.ts';
import { expandTemplate, type TemplateResource } from './template.ts';
import { World, type Handler, type Problem, type RehearsalContext } from './world.ts';

export const DEFAULT_SEEDS = [0, 1, 2, 3];

const HANDLERS: Record<string, Handler> = { ...organizations, ...cloudformation, ...config, ...cloudtrail, ...guardduty, ...iam, ...kms, ...lambda, ...s3 };

export interface Rehearsal {
  seeds: number[];
  problems: Problem[];
  /** Documented trade-offs the deployment makes (e.g. a rule function too widely shared for per-account permissions); absent when none. */
  notes?: string[];
}

export function rehearse(analysis: Analysis, resources: PlanResource[], seeds: number[] = DEFAULT_SEEDS): Rehearsal {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  const partition = partitionOf(org.homeRegion);
  const idOf = (account: string) => index.accounts.get(account)?.id ?? account;
  const nameOf = accountNamesById(index);
  const accountIds = [...index.accounts.values()].filter((a) => a.id).map((a) => a.id!);
  const byName = new Map(resources.map((r) => [r.name, r]));
  const problems = new Map<string, Problem>();
  const notes = new Set<string>();
  const calls: DeploymentCall[] = [];
  const templateCalls = new Set<string>();
  const expansions = new WeakMap<object, Map<string, TemplateResource[]>>();

  // An OU resource is `ou:<path>`; the organization resource stands for the root.
  const accountsUnderDeps = (dependsOn: string[]) => {
    const targets = dependsOn.flatMap((d) => (d.startsWith('ou:') ? [d.slice(3)] : d === 'organization' ? [ROOT] : []));
    return [
      ...new Set(
        targets
          .flatMap((t) => accountsUnder(index, t))
          .filter((a) => a.id)
          .map((a) => a.id!),
      ),
    ];
  };

  // What each resource waits for, transitively: only state made by these can be relied on.
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOf = (name: string): Set<string> => {
    let set = ancestors.get(name);
    if (set) return set;
    set = new Set<string>();
    ancestors.set(name, set);
    for (const d of byName.get(name)?.dependsOn ?? []) {
      set.add(d);
      for (const a of ancestorsOf(d)) set.add(a);
    }
    return set;
  };
  for (const seed of seeds) {
    const world = new World(org.id, ancestorsOf);
    const random = seed === 0 ? undefined : seededRandom(seed);
    // Recorders the spec says are already there (Control Tower's), in every allowed region.
    world.current = '';
    for (const a of index.accounts.values()) {
      const top = a.parent === ROOT ? undefined : a.parent.split('/')[0];
      if (a.id && (top === undefined ? spec.baseline.configRecorder : (spec.baseline.configRecorderByUnit[top] ?? spec.baseline.configRecorder)) === 'existing')
        for (const region of org.allowedRegions) world.put(`recorder/${a.id}/${region}`, 'existing');
    }
    const ctx: RehearsalContext = {
      world,
      managementAccountId: org.managementAccountId,
      accountIds,
      partition,
      accountsUnder: accountsUnderDeps,
      deployTemplate: (template, place, owner, parameters) => {
        const variant = `${place.region}|${JSON.stringify(parameters)}`;
        const forTemplate = expansions.get(template) ?? new Map<string, TemplateResource[]>();
        expansions.set(template, forTemplate);
        const expanded = forTemplate.get(variant) ?? forTemplate.set(variant, expandTemplate(template, place.region, partition, parameters)).get(variant)!;
        // Template resources act on behalf of the stack (instance) deploying them; CloudFormation orders them itself.
        for (const r of creationOrder(
          expanded,
          (x) => x.logicalId,
          (x) => x.after,
          random,
        )) {
          HANDLERS[r.type]?.(
            {
              name: `${owner} → ${r.logicalId} in ${nameOf.get(place.accountId) ?? place.accountId}/${place.region}`,
              type: r.type,
              inputs: r.properties,
              place,
              dependsOn: [],
              logicalId: r.logicalId,
            },
            ctx,
          );
        }
        const account = nameOf.get(place.accountId);
        const key = `${place.accountId}/${place.region}`;
        if (account && !templateCalls.has(key)) {
          templateCalls.add(key);
          calls.push(...baselineCalls(account, place.region, expanded));
        }
      },
    };
    for (const r of creationOrder(
      resources,
      (x) => x.name,
      (x) => x.dependsOn,
      random,
    )) {
      world.current = r.name;
      HANDLERS[r.type]?.(
        { name: r.name, type: r.type, inputs: r.inputs, place: { accountId: idOf(r.account), region: r.region }, dependsOn: r.dependsOn },
        ctx,
      );
    }
    for (const p of world.problems) problems.set(`${p.resource}|${p.rule}|${p.message}`, p);
    for (const n of world.notes) notes.add(n);
  }

  // Graph rules: what may run at the same time.
  for (const p of concurrentBucketConfiguration(resources, (a, b) => ancestorsOf(a).has(b) || ancestorsOf(b).has(a)))
    problems.set(`${p.resource}|${p.rule}|${p.message}`, p);

  // The rule Lambdas act through the member role in every account, in every region they evaluate.
  if (resources.some((r) => r.type === 'aws:cfg/organizationCustomRule:OrganizationCustomRule'))
    for (const a of index.accounts.values())
      if (a.id && !a.isManagement) for (const region of org.allowedRegions) calls.push(...memberRoleCalls(a.name, region));
  calls.push(...accessRoleCalls(analysis, resources));
  for (const p of lockoutProblems(analysis, calls)) problems.set(`${p.resource}|${p.rule}|${p.message}`, p);

  return { seeds, problems: [...problems.values()], ...(notes.size ? { notes: [...notes] } : {}) };
}
