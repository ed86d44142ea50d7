/**
 * Drift of the baseline StackSets, one per Config recorder mode (an account that joins a target OU
 * gets its StackSet's own parameter values, src/model/names.ts baselineStackSetName): every account
 * and Region whose stack instance is not CURRENT and SUCCEEDED (a StackSet operation passes while
 * failures stay within its failure tolerance, so a failed account shows only here); every account
 * the spec places under the baseline with no instance in the StackSet of its OU's mode, in a Region
 * the spec covers (the management account gets a plain stack instead, and baseline.exclude keeps
 * accounts out per Region); and every instance that should not exist (an excluded account, a Region
 * the spec does not allow, an OU that is not a target of that StackSet). A StackSet of a mode no OU
 * uses may be absent. Each finding carries the exact AWS CLI command that fixes it.
 */
import { DETAILED_STATUS, instanceState, type InstanceState, type StackInstance } from '../../aws/stackset-instances.ts';
import { excludedAccountIdsByRegion } from '../../deployment/adoption.ts';
import { baselineTargetUnits, type RecorderMode } from '../../deployment/baseline-template.ts';
import { accountsUnder } from '../../model/organization.ts';
import { baselineStackSetName } from '../../model/names.ts';
import type { GuardrailSpec } from '../../model/spec.ts';
import type { CheckContext } from './drift.ts';

/** Account states in which nothing can be deployed (Organizations API Reference, Account.State). */
export const INACTIVE_ACCOUNT_STATES = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

export const RECORDER_MODES: readonly RecorderMode[] = ['create', 'existing'];

/** The recorder mode of a baseline target (a top-level OU, or the root): configRecorderByUnit overrides the global setting. */
const modeOf = (spec: GuardrailSpec, unit: string): RecorderMode => spec.baseline.configRecorderByUnit[unit] ?? spec.baseline.configRecorder;

/**
 * A StackSet operation on one OU (or root) target in some Regions, or on one account of it alone
 * (DeploymentTargets.AccountFilterType INTERSECTION), as the AWS CLI takes it (AWS CLI Command
 * Reference: cloudformation create-stack-instances, update-stack-instances, delete-stack-instances;
 * RetainStacks is required on a delete). `--region` is the StackSet's own Region: anywhere else
 * CloudFormation answers StackSetNotFoundException.
 */
function stackInstancesCommand(
  verb: 'create' | 'update' | 'delete',
  where: { stackSet: string; home: string },
  target: { unitId: string; account?: string; regions: readonly string[]; retainStacks?: boolean },
): string {
  const targets = `OrganizationalUnitIds=${target.unitId}${target.account ? `,Accounts=${target.account},AccountFilterType=INTERSECTION` : ''}`;
  const retain = verb === 'delete' ? (target.retainStacks ? ' --retain-stacks' : ' --no-retain-stacks') : '';
  return (
    `aws cloudformation ${verb}-stack-instances --stack-set-name ${where.stackSet} --deployment-targets ${targets} ` +
    `--regions ${target.regions.join(' ')}${retain} --call-as SELF --region ${where.home}`
  );
}

const KIND: Record<Exclude<InstanceState, 'current'>, string> = {
  failed: 'baseline-failed',
  outdated: 'baseline-outdated',
  'in-progress': 'baseline-in-progress',
  skipped: 'baseline-skipped',
};

function fixOf(state: InstanceState, i: StackInstance, unitId: string, where: { stackSet: string; home: string }): string {
  const one = { unitId, account: i.account, regions: [i.region] };
  if (state === 'in-progress') return 'a StackSet operation is under way (ListStackSetOperations): run drift again when it has ended';
  // Reported only for an account that is active again: the operation that skipped it will not come back by itself.
  if (state === 'skipped') return `the account is active again; deploy to it: ${stackInstancesCommand('update', where, one)}`;
  // StackInstanceComprehensiveStatus.DetailedStatus FAILED_IMPORT: "Once the issues causing the failure are fixed, the import operation can be retried".
  if (i.detailedStatus === 'FAILED_IMPORT')
    return (
      `fix the reason, then retry the import: aws cloudformation import-stacks-to-stack-set --stack-set-name ${where.stackSet} ` +
      `--stack-ids ${i.stackId ?? 'STACK_ID'} --organizational-unit-ids ${unitId} --call-as SELF --region ${where.home}`
    );
  // INOPERABLE: excluded from further operations until DeleteStackInstances with RetainStacks removes it (DETAILED_STATUS).
  if (i.status === 'INOPERABLE' || i.detailedStatus === 'INOPERABLE')
    return (
      `remove the instance keeping its stack: ${stackInstancesCommand('delete', where, { ...one, retainStacks: true })}; ` +
      `delete that stack (${i.stackId ?? 'StackSet-' + where.stackSet + '-*'}) in the account and Region, then: ${stackInstancesCommand('create', where, one)}`
    );
  return `fix the reason (the stack's events in that account and Region say more), then: ${stackInstancesCommand('update', where, one)}`;
}

interface Target {
  unit: string;
  mode: RecorderMode;
  id?: string;
}

/** Instances of one OU (or root) target that should not exist, with why and how to remove them. */
interface Stray {
  unitId: string;
  regions: Set<string>;
  accounts: Set<string>;
  why: 'not-target' | 'other-mode' | 'region';
}

export function checkBaselineInstances({ analysis, live, liveId, nameOf, report }: CheckContext): void {
  if (!live.stackInstances?.ok) return;
  const { spec, index } = analysis.loaded;
  const home = spec.organization.homeRegion;
  const allowed = new Set(spec.organization.allowedRegions);
  const excluded = excludedAccountIdsByRegion(spec, index);
  const accounts = new Map(live.structure.accounts.map((a) => [a.id, a]));
  const active = (id: string) => accounts.has(id) && !INACTIVE_ACCOUNT_STATES.has(accounts.get(id)!.state);
  // The baseline targets (top-level OUs or the root) and the one each spec account is deployed through.
  const targets: Target[] = baselineTargetUnits(index).map((unit) => ({ unit, mode: modeOf(spec, unit), id: liveId.get(unit) }));
  const targetById = new Map(targets.filter((t) => t.id).map((t) => [t.id!, t]));
  const targetOf = new Map<string, Target>();
  for (const t of targets) for (const a of accountsUnder(index, t.unit)) if (a.id && !a.isManagement) targetOf.set(a.id, t);
  const unitIdOf = (account: string, i?: StackInstance) => i?.unitId ?? targetOf.get(account)?.id ?? 'OU_ID';

  for (const mode of RECORDER_MODES) {
    const where = { stackSet: baselineStackSetName(mode), home };
    const read = live.stackInstances.value[mode];
    if (!read.exists) {
      // Absent is right for a mode no OU of the spec uses.
      if (targets.some((t) => t.mode === mode))
        report({
          kind: 'baseline-missing',
          target: where.stackSet,
          expected: `StackSet deployed in ${home} (the home Region)`,
          actual: 'absent',
          fix: '`pulumi up` creates it',
        });
      continue;
    }
    const found = new Set<string>();
    const strays = new Map<string, Stray>();
    const stray = (i: StackInstance, why: Stray['why']) => {
      const key = `${why} ${i.unitId}`;
      if (!strays.has(key)) strays.set(key, { unitId: i.unitId!, regions: new Set(), accounts: new Set(), why });
      strays.get(key)!.regions.add(i.region);
      strays.get(key)!.accounts.add(i.account);
    };
    for (const i of read.instances) {
      const target = i.unitId ? targetById.get(i.unitId) : undefined;
      if (i.unitId && !target) {
        // Still counts as the account's instance: deleting it is what the finding asks, before a new one can be made.
        if (allowed.has(i.region)) found.add(`${i.account}@${i.region}`);
        stray(i, 'not-target');
        continue;
      }
      if (target && target.mode !== mode) {
        stray(i, 'other-mode');
        continue;
      }
      if (!allowed.has(i.region)) {
        stray(i, 'region');
        continue;
      }
      if (excluded.get(i.region)?.includes(i.account)) {
        report({
          kind: 'baseline-instance-unexpected',
          target: `${nameOf(i.account)}@${i.region}`,
          expected: `no ${where.stackSet} instance (baseline.exclude)`,
          actual: `${i.status}${i.detailedStatus ? `/${i.detailedStatus}` : ''} instance through ${nameOf(unitIdOf(i.account, i))}`,
          // AWS CloudFormation User Guide, "Enable or disable automatic deployments for StackSets in AWS Organizations":
          // "Automatic deployments do not consider account level targeting filters".
          fix:
            `the exclusion applies when instances are created: an account in the OU before it was excluded, or moved into the OU later ` +
            `(automatic deployment ignores account filters), has an instance. Delete this one with its stack (what the baseline made there, ` +
            `its Config recorder too in create mode; --retain-stacks instead keeps the stack, outside the StackSet): ` +
            stackInstancesCommand('delete', where, { unitId: unitIdOf(i.account, i), account: i.account, regions: [i.region] }),
        });
        continue;
      }
      found.add(`${i.account}@${i.region}`);
      const state = instanceState(i);
      if (state === 'current' || (state === 'skipped' && !active(i.account))) continue;
      const meaning = i.detailedStatus ? DETAILED_STATUS[i.detailedStatus]?.meaning : undefined;
      report({
        kind: KIND[state],
        target: `${nameOf(i.account)}@${i.region}`,
        expected: 'CURRENT',
        actual: `${i.status}${i.detailedStatus ? `/${i.detailedStatus}` : ''}${i.reason ? `: ${i.reason}` : meaning ? ` (${meaning})` : ''}`,
        fix: fixOf(state, i, unitIdOf(i.account, i), where),
      });
    }
    for (const s of strays.values()) reportStray(s, where, { nameOf, targetById, report });

    for (const region of spec.organization.allowedRegions)
      for (const [account, target] of targetOf) {
        if (target.mode !== mode || found.has(`${account}@${region}`) || excluded.get(region)?.includes(account) || !active(account)) continue;
        report({
          kind: 'baseline-instance-missing',
          target: `${nameOf(account)}@${region}`,
          expected: `a ${where.stackSet} instance (the spec places the account under ${target.unit}, configRecorder ${mode})`,
          actual: 'no stack instance',
          fix: `auto-deployment covers accounts that join ${target.unit} later, not one moved in before or skipped: ${stackInstancesCommand('create', where, { unitId: unitIdOf(account), account, regions: [region] })}`,
        });
      }
  }
}

/**
 * A whole target's instances that should not exist: every account of the OU in those Regions goes
 * (DeploymentTargets without an account filter), with its stack (--no-retain-stacks): a retained
 * stack keeps the baseline's named roles (guardrails-baseline-settings-<region>), so the instance
 * the spec wants instead could not be created beside it.
 */
function reportStray(
  s: Stray,
  where: { stackSet: string; home: string },
  { nameOf, targetById, report }: Pick<CheckContext, 'nameOf' | 'report'> & { targetById: Map<string, Target> },
): void {
  const regions = [...s.regions].sort();
  const command = stackInstancesCommand('delete', where, { unitId: s.unitId, regions });
  const unit = nameOf(s.unitId);
  const actual = `${s.accounts.size} account(s) with an instance through ${unit} in ${regions.join(', ')}`;
  const target = `${where.stackSet}:${unit}`;
  if (s.why === 'region')
    report({
      kind: 'baseline-instance-unexpected',
      target,
      expected: `no instance outside allowedRegions`,
      actual,
      fix: `the Region is no longer allowed, but the retained instance keeps auto-deploying there; delete its stacks there: ${command}`,
    });
  else if (s.why === 'other-mode') {
    const mode = targetById.get(s.unitId)!.mode;
    report({
      kind: 'baseline-instance-unexpected',
      target,
      expected: `${unit}'s accounts in ${baselineStackSetName(mode)} (configRecorder ${mode})`,
      actual,
      fix:
        `delete these first, with their stacks (in create mode that removes the baseline's Config recorder; in existing mode it was never the baseline's): ` +
        `${command}; then \`pulumi up\` (or drift's create commands) deploys the ${mode} StackSet there`,
    });
  } else
    report({
      kind: 'baseline-instance-unexpected',
      target,
      expected: `${unit} is no baseline target (removed from the spec, or the root before accounts left it)`,
      actual,
      fix:
        `a retained target keeps receiving template updates and auto-deploying to every account that joins it; delete its instances with their stacks: ` +
        `${command}; accounts still under the baseline then lack one: run drift again for their create commands`,
    });
}
