/**
 * What `pulumi up` does to the baseline's stacks when the spec changes from one plan to the next: the two
 * programs' StackSet instances (and the management account's stacks) are matched by Pulumi name, as the engine
 * matches them, and each is kept, updated, replaced, created or deleted by the provider's and the engine's rules;
 * accounts the spec moves meet the StackSets' automatic deployment. It proves that a spec edit never takes the
 * baseline away from an account the second spec still gives it; it does remove stacks the second spec no longer
 * wants where AWS does (a moved account's old stack, the management account's stack in a Region no longer allowed).
 */
import type { Analysis } from '../../src/deployment/analyze.ts';
import type { PlanResource } from '../preview.ts';
import { accountsUnderDependencies } from './rehearse.ts';
import { targetedAccounts, type DeploymentTargets } from './services/cloudformation.ts';

export const STACK_SET_INSTANCE = 'aws:cloudformation/stackSetInstance:StackSetInstance';
/** The management account's baseline: a plain stack (StackSets never deploy there). */
export const STACK = 'aws:cloudformation/stack:Stack';

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
  /** StackSet instances of the first program the second one declares with the same replace-forcing inputs (others may update in place). */
  kept: string[];
  /** Instances whose replace-forcing inputs change: the provider creates the new one, then deletes the old one unless retained. */
  replaced: string[];
  created: string[];
  deleted: string[];
  /** Accounts (ids) the second spec places under another parent: `pulumi up` moves them (MoveAccount). */
  moved: string[];
  /** Stacks automatic deployment deletes because a move takes the account out of a target OU (retainStacksOnAccountRemoval false). */
  autoDeleted: string[];
  /** Stacks automatic deployment creates, with the StackSet's own parameters, because a move brings the account into a target OU. */
  autoDeployed: string[];
  /** Stacks (`account/region`) the provider's deletes remove: DeleteStackInstances for the old instance's targets, DeleteStack for a plain stack. */
  removed: string[];
  /** Stacks the second program targets that had the baseline and no longer have it after the update: must be empty. */
  lost: string[];
  /** Stacks the change creates. */
  added: string[];
  /** Stacks the second program no longer targets that stay (retainOnDelete): README (guardrails:baseline:AccountBaseline) says how to remove them. */
  retained: string[];
  /**
   * Stacks a create deploys where another StackSet's stack stands (a changed configRecorderByUnit moves an OU to the other
   * mode's StackSet) or may still stand (an account moved between OUs of different modes): the template's named roles (and
   * recorder) exist there already, so the stack's creation fails.
   */
  collisions: string[];
}

const stackKey = (accountId: string, region: string) => `${accountId}/${region}`;
const regionOf = (instance: PlanResource) => String(instance.inputs.stackSetInstanceRegion ?? instance.inputs.region ?? instance.region);

/** The member accounts (ids) at or below the OU or root an instance targets, in a program's spec. */
const targetAccounts = (program: PlannedProgram, instance: PlanResource) =>
  new Set(accountsUnderDependencies(program.analysis.loaded.index, instance.dependsOn));

/** The stacks (`account/region`) an instance's create makes and its provider delete removes; a plain stack's own place. */
function stacksOf(program: PlannedProgram, instance: PlanResource): string[] {
  if (instance.type === STACK) return [stackKey(program.analysis.loaded.index.accounts.get(instance.account)?.id ?? instance.account, instance.region)];
  const targets = (instance.inputs.deploymentTargets ?? {}) as DeploymentTargets;
  return targetedAccounts(targets, [...targetAccounts(program, instance)], program.analysis.loaded.spec.organization.managementAccountId).map((a) =>
    stackKey(a, regionOf(instance)),
  );
}

const replaceForcing = (r: PlanResource) => JSON.stringify(INSTANCE_REPLACED_BY.map((k) => r.inputs[k] ?? null));

/** Member accounts (ids) whose parent differs between the two specs. */
function movedAccounts(before: PlannedProgram, after: PlannedProgram): string[] {
  const parents = new Map([...before.analysis.loaded.index.accounts.values()].filter((a) => a.id && !a.isManagement).map((a) => [a.id!, a.parent]));
  return [...after.analysis.loaded.index.accounts.values()].filter((a) => a.id && parents.has(a.id) && parents.get(a.id) !== a.parent).map((a) => a.id!);
}

/**
 * The baseline stacks before and after `pulumi up` takes the deployment from `before` to `after`. The engine
 * creates a replacement before it deletes the old resource (Pulumi, deleteBeforeReplace: "By default ... Pulumi
 * creates new instances of resources before deleting old ones") and deletes what the program no longer declares
 * last; with retainOnDelete it "will not call through to the resource provider's Delete method when deleting or
 * replacing the resource" (https://www.pulumi.com/docs/iac/concepts/resources/options/retainondelete/), so a
 * retained instance stays a target of its StackSet in AWS. A moved account meets automatic deployment: "If an
 * account is removed from a target organization or OU, StackSets deletes stack instances from the account" and it
 * "automatically deploys additional stack instances to AWS Organizations accounts that are added to a target
 * organization or organizational unit" (CloudFormation API Reference, AutoDeployment,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_AutoDeployment.html). A new instance that does
 * not wait for a move into its targets (dependsOn the account) is taken to run before it, the order that loses a stack.
 */
export function baselineTransition(before: PlannedProgram, after: PlannedProgram): BaselineTransition {
  const instances = (p: PlannedProgram) => new Map(p.resources.filter((r) => r.type === STACK_SET_INSTANCE || r.type === STACK).map((r) => [r.name, r]));
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
  // Each stack with the StackSet it belongs to (a plain stack: its own name): another StackSet's create in the same place fails.
  const owner = (r: PlanResource) => String(r.type === STACK ? r.name : r.inputs.stackSetName);
  const stacks = new Map([...old.values()].flatMap((r) => stacksOf(before, r).map((s) => [s, owner(r)] as const)));
  const collisions = new Set<string>();
  const moved = movedAccounts(before, after);
  const accountResource = new Map(moved.map((id) => [id, `account:${[...after.analysis.loaded.index.accounts.values()].find((a) => a.id === id)!.name}`]));
  const news = [...created, ...replaced].map((name) => next.get(name)!);
  const early = news.filter(
    (r) => r.type === STACK_SET_INSTANCE && moved.some((id) => targetAccounts(after, r).has(id) && !r.dependsOn.includes(accountResource.get(id)!)),
  );
  // Creates: CreateStackInstances for the new targets, which skips an account and Region that already has an instance rather
  // than failing — an assumption the API reference does not state (the pattern terraform-provider-aws stack_instances.go
  // relies on when it adds an OU or Region by creating for the full list; getmoto/moto#10171 made its model match it).
  const create = (r: PlanResource) => {
    for (const s of stacksOf(after, r)) {
      const holder = stacks.get(s);
      if (holder === undefined) stacks.set(s, owner(r));
      else if (holder !== owner(r)) collisions.add(s);
    }
  };
  early.forEach(create);
  // The moves, against the StackSets' targets in AWS at that time: the first program's instances and the early ones.
  const autoDeleted = new Set<string>();
  const autoDeployed = new Set<string>();
  const targetsInAws = [...old.values(), ...early].filter((r) => r.type === STACK_SET_INSTANCE);
  for (const id of moved)
    for (const region of new Set(targetsInAws.map(regionOf))) {
      const inRegion = targetsInAws.filter((r) => regionOf(r) === region);
      // Automatic deployment ignores account filters: a target's DIFFERENCE list does not keep a moved account out.
      const left = inRegion.find((r) => targetAccounts(before, r).has(id) && !targetAccounts(after, r).has(id));
      const key = stackKey(id, region);
      if (left && stacks.delete(key)) autoDeleted.add(key);
      const joined = inRegion.find((r) => !targetAccounts(before, r).has(id) && targetAccounts(after, r).has(id));
      // Two StackSets' automatic deployments run independently (nothing documented orders them): the new StackSet's
      // create may run while the old one's stack still stands.
      if (left && joined && owner(left) !== owner(joined)) collisions.add(key);
      if (joined && !stacks.has(key)) {
        stacks.set(key, owner(joined));
        autoDeployed.add(key);
      }
    }
  for (const r of news.filter((x) => !early.includes(x))) create(r);
  // Then the deletes of replaced and removed instances and stacks, with the targets their state holds.
  const removed = new Set<string>();
  for (const name of [...replaced, ...deleted]) {
    const was = old.get(name)!;
    if (was.options?.retainOnDelete) continue;
    for (const s of stacksOf(before, was)) if (stacks.delete(s)) removed.add(s);
  }
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  // The lists of resources name the StackSet instances; the management account's stacks count in the lists of stacks.
  const ofInstances = (names: string[]) => sorted(names.filter((n) => (next.get(n) ?? old.get(n))!.type === STACK_SET_INSTANCE));
  return {
    kept: ofInstances(kept),
    replaced: ofInstances(replaced),
    created: ofInstances(created),
    deleted: ofInstances(deleted),
    moved: sorted(moved),
    autoDeleted: sorted(autoDeleted),
    autoDeployed: sorted(autoDeployed),
    removed: sorted(removed),
    lost: sorted([...wanted].filter((s) => had.has(s) && !stacks.has(s))),
    added: sorted([...stacks.keys()].filter((s) => !had.has(s))),
    retained: sorted([...stacks.keys()].filter((s) => !wanted.has(s))),
    collisions: sorted(collisions),
  };
}
