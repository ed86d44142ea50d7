/**
 * What `pulumi up` does to the baseline's stacks when the spec changes from one plan to the next: the two
 * programs' StackSet instances are matched by Pulumi name, as the engine matches them, and each is kept,
 * updated, replaced, created or deleted by the provider's and the engine's rules. It proves that a spec edit
 * never takes the baseline away from an account the edit does not concern.
 */
import type { Analysis } from '../../src/deployment/analyze.ts';
import type { PlanResource } from '../preview.ts';
import { accountsUnderDependencies } from './rehearse.ts';
import { targetedAccounts, type DeploymentTargets } from './services/cloudformation.ts';

export const STACK_SET_INSTANCE = 'aws:cloudformation/stackSetInstance:StackSetInstance';

/**
 * Inputs whose change makes the provider replace a StackSet instance rather than update it: ForceNew in
 * terraform-provider-aws internal/service/cloudformation/stack_set_instance.go (account_id, deployment_targets and
 * each of its organizational_unit_ids, accounts, accounts_url, account_filter_type; region, which Pulumi calls
 * stackSetInstanceRegion; stack_set_name). parameter_overrides, operation_preferences and call_as update in place.
 */
export const INSTANCE_REPLACED_BY = ['accountId', 'deploymentTargets', 'region', 'stackSetInstanceRegion', 'stackSetName'] as const;

export interface PlannedProgram {
  analysis: Analysis;
  resources: PlanResource[];
}

export interface BaselineTransition {
  /** Instances of the first program the second one declares with the same replace-forcing inputs (others may update in place). */
  kept: string[];
  /** Instances whose replace-forcing inputs change: the provider creates the new one, then deletes the old one unless retained. */
  replaced: string[];
  created: string[];
  deleted: string[];
  /** Stacks (`account/region`) the provider's deletes remove: DeleteStackInstances for the old instance's targets. */
  removed: string[];
  /** Stacks the second program targets that had the baseline and no longer have it after the update: must be empty. */
  lost: string[];
  /** Stacks the change creates. */
  added: string[];
  /** Stacks the second program no longer targets that stay (retainOnDelete): README "Changing baseline.exclude" removes them. */
  retained: string[];
}

const stackKey = (accountId: string, region: string) => `${accountId}/${region}`;

/** The stacks (`account/region`) an instance's create makes and its provider delete removes. */
function stacksOf(program: PlannedProgram, instance: PlanResource): string[] {
  const region = String(instance.inputs.stackSetInstanceRegion ?? instance.inputs.region ?? instance.region);
  const ofUnits = accountsUnderDependencies(program.analysis.loaded.index, instance.dependsOn);
  const targets = (instance.inputs.deploymentTargets ?? {}) as DeploymentTargets;
  return targetedAccounts(targets, ofUnits, program.analysis.loaded.spec.organization.managementAccountId).map((a) => stackKey(a, region));
}

const replaceForcing = (r: PlanResource) => JSON.stringify(INSTANCE_REPLACED_BY.map((k) => r.inputs[k] ?? null));

/**
 * The baseline stacks before and after `pulumi up` takes the deployment from `before` to `after`. The engine
 * creates a replacement before it deletes the old resource (Pulumi, deleteBeforeReplace: "By default ... Pulumi
 * creates new instances of resources before deleting old ones") and deletes what the program no longer declares
 * last; with retainOnDelete it "will not call through to the resource provider's Delete method when deleting or
 * replacing the resource" (https://www.pulumi.com/docs/iac/concepts/resources/options/retainondelete/).
 */
export function baselineTransition(before: PlannedProgram, after: PlannedProgram): BaselineTransition {
  const instances = (p: PlannedProgram) => new Map(p.resources.filter((r) => r.type === STACK_SET_INSTANCE).map((r) => [r.name, r]));
  const old = instances(before);
  const next = instances(after);
  const kept: string[] = [];
  const replaced: string[] = [];
  const created: string[] = [];
  const deleted: string[] = [];
  for (const [name, r] of next) {
    const was = old.get(name);
    if (!was) created.push(name);
    else (replaceForcing(was) === replaceForcing(r) ? kept : replaced).push(name);
  }
  for (const name of old.keys()) if (!next.has(name)) deleted.push(name);

  const had = new Set([...old.values()].flatMap((r) => stacksOf(before, r)));
  const wanted = new Set([...next.values()].flatMap((r) => stacksOf(after, r)));
  const stacks = new Set(had);
  // Creates first (new instances and replacements): CreateStackInstances for the new targets, which skips an account and
  // Region that already has an instance rather than failing (the pattern terraform-provider-aws stack_instances.go relies on
  // when it adds an OU or Region by creating for the full list; getmoto/moto#10171 made its model match AWS there).
  for (const name of [...created, ...replaced]) for (const s of stacksOf(after, next.get(name)!)) stacks.add(s);
  // Then the deletes of replaced and removed instances, with the targets their state holds.
  const removed = new Set<string>();
  for (const name of [...replaced, ...deleted]) {
    const was = old.get(name)!;
    if (was.options?.retainOnDelete) continue;
    for (const s of stacksOf(before, was)) if (stacks.delete(s)) removed.add(s);
  }
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  return {
    kept: sorted(kept),
    replaced: sorted(replaced),
    created: sorted(created),
    deleted: sorted(deleted),
    removed: sorted(removed),
    lost: sorted([...wanted].filter((s) => had.has(s) && !stacks.has(s))),
    added: sorted([...stacks].filter((s) => !had.has(s))),
    retained: sorted([...stacks].filter((s) => !wanted.has(s))),
  };
}
