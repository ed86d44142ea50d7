/**
 * Drift of the baseline StackSet: every account and Region whose stack instance is not CURRENT and
 * SUCCEEDED (a StackSet operation passes while failures stay within its failure tolerance, so a
 * failed account shows only here), and every account the spec places under the baseline with no
 * instance in a Region the spec covers (the management account gets a plain stack instead, and
 * baseline.exclude keeps accounts out per Region).
 */
import { DETAILED_STATUS, instanceState, type InstanceState, type StackInstance } from '../../aws/stackset-instances.ts';
import { excludedAccountIdsByRegion } from '../../deployment/adoption.ts';
import { baselineTargetUnits } from '../../deployment/baseline-template.ts';
import { accountsUnder } from '../../model/organization.ts';
import { STACK_SET_NAME } from '../../model/names.ts';
import type { CheckContext } from './drift.ts';

/** Account states in which nothing can be deployed (Organizations API Reference, Account.State). */
export const INACTIVE_ACCOUNT_STATES = new Set(['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED']);

/** Redeploys one account's instance in one Region, and no other (DeploymentTargets.AccountFilterType INTERSECTION). */
const instanceCommand = (verb: 'create' | 'update', unitId: string, account: string, region: string) =>
  `aws cloudformation ${verb}-stack-instances --stack-set-name ${STACK_SET_NAME} --regions ${region} --call-as SELF ` +
  `--deployment-targets OrganizationalUnitIds=${unitId},Accounts=${account},AccountFilterType=INTERSECTION`;

const KIND: Record<Exclude<InstanceState, 'current'>, string> = {
  failed: 'baseline-failed',
  outdated: 'baseline-outdated',
  'in-progress': 'baseline-in-progress',
  skipped: 'baseline-skipped',
};

function fixOf(state: InstanceState, i: StackInstance, unitId: string): string {
  if (state === 'in-progress') return 'a StackSet operation is under way (ListStackSetOperations): run drift again when it has ended';
  if (state === 'skipped') return 'reopen the account, or remove it from the spec';
  if (i.status === 'INOPERABLE' || i.detailedStatus === 'INOPERABLE')
    return `delete the instance keeping its stack (aws cloudformation delete-stack-instances ... --retain-stacks), delete the stack in the account, then: ${instanceCommand('create', unitId, i.account, i.region)}`;
  return `fix the reason (the stack's events in that account and Region say more), then: ${instanceCommand('update', unitId, i.account, i.region)}`;
}

export function checkBaselineInstances({ analysis, live, liveId, nameOf, report }: CheckContext): void {
  if (!live.stackInstances?.ok) return;
  const { spec, index } = analysis.loaded;
  if (!live.stackInstances.value.exists) {
    report({
      kind: 'baseline-missing',
      target: STACK_SET_NAME,
      expected: `StackSet deployed in ${spec.organization.homeRegion} (the home Region)`,
      actual: 'absent',
      fix: '`pulumi up` creates it',
    });
    return;
  }
  const accounts = new Map(live.structure.accounts.map((a) => [a.id, a]));
  const active = (id: string) => accounts.has(id) && !INACTIVE_ACCOUNT_STATES.has(accounts.get(id)!.state);
  // The baseline target (OU or root) each spec account is deployed through.
  const targetOf = new Map<string, string>();
  for (const unit of baselineTargetUnits(index)) for (const a of accountsUnder(index, unit)) if (a.id && !a.isManagement) targetOf.set(a.id, unit);
  const unitIdOf = (account: string, i?: StackInstance) => i?.unitId ?? liveId.get(targetOf.get(account) ?? '') ?? 'OU_ID';

  const found = new Set<string>();
  for (const i of live.stackInstances.value.instances) {
    found.add(`${i.account}@${i.region}`);
    const state = instanceState(i);
    if (state === 'current' || (state === 'skipped' && !active(i.account))) continue;
    const meaning = i.detailedStatus ? DETAILED_STATUS[i.detailedStatus]?.meaning : undefined;
    report({
      kind: KIND[state],
      target: `${nameOf(i.account)}@${i.region}`,
      expected: 'CURRENT',
      actual: `${i.status}${i.detailedStatus ? `/${i.detailedStatus}` : ''}${i.reason ? `: ${i.reason}` : meaning ? ` (${meaning})` : ''}`,
      fix: fixOf(state, i, unitIdOf(i.account, i)),
    });
  }

  const excluded = excludedAccountIdsByRegion(spec, index);
  for (const region of spec.organization.allowedRegions)
    for (const [account, unit] of targetOf) {
      if (found.has(`${account}@${region}`) || excluded.get(region)?.includes(account) || !active(account)) continue;
      report({
        kind: 'baseline-instance-missing',
        target: `${nameOf(account)}@${region}`,
        expected: `a ${STACK_SET_NAME} instance (the spec places the account under ${unit})`,
        actual: 'no stack instance',
        fix: `auto-deployment covers accounts that join ${unit} later, not one moved in before or skipped: ${instanceCommand('create', unitIdOf(account), account, region)}`,
      });
    }
}
