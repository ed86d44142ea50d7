import { describe, expect, it } from 'vitest';
import { detectDrift, type LiveState } from '../../../src/commands/drift/drift.ts';
import type { StackSetInstances } from '../../../src/aws/stackset-instances.ts';
import { analyze, exampleText } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';
import type { FakeOrganization } from '../../aws/organizations-server.ts';

/** The live state as drift reads it from a stand-in organization, the baseline's instances included. */
function liveOf(org: FakeOrganization, stackInstances: StackSetInstances): LiveState {
  const pathOf = (id: string): string => {
    const u = org.units.find((x) => x.id === id)!;
    return u.parentId === org.rootId ? u.name : `${pathOf(u.parentId)}/${u.name}`;
  };
  return {
    structure: {
      id: org.id,
      managementAccountId: org.managementAccountId,
      root: { id: org.rootId, policyTypes: org.policyTypes.map((t) => ({ type: t.Type, status: t.Status })) },
      units: org.units.map((u) => ({ ...u, path: pathOf(u.id) })),
      accounts: org.accounts.map((a) => ({ ...a })),
    },
    tagsRead: true,
    policies: { ok: true, value: [] },
    trustedServices: { ok: true, value: [] },
    delegatedAdministrators: { ok: true, value: [] },
    stackInstances: { ok: true, value: stackInstances },
  };
}

async function baselineDrift(text: string, change: (org: FakeOrganization) => void = () => {}) {
  const analysis = await analyze(text);
  const org = deployedOrganization(analysis);
  change(org);
  const instances = org.stackSet?.instances.map((i) => ({ ...i, unitId: i.ou })) ?? [];
  const { drift } = detectDrift(analysis, liveOf(org, { exists: !!org.stackSet, instances }));
  const unitId = (name: string) => org.units.find((u) => u.name === name)!.id;
  return { drift: drift.filter((d) => d.kind.startsWith('baseline')), unitId };
}

const withExclusion = () =>
  exampleText().replace(
    'baseline:\n',
    'baseline:\n  exclude:\n    - { account: sandbox-alice, regions: [eu-west-1], reason: Sandbox has no eu-west-1 budget }\n',
  );

describe('drift of the baseline StackSet', () => {
  it('finds nothing when every member account has a CURRENT, SUCCEEDED instance in every allowed Region but where excluded', async () => {
    expect((await baselineDrift(exampleText())).drift).toEqual([]);
    // The management account gets a plain stack, never an instance; an excluded account and Region gets none.
    expect((await baselineDrift(withExclusion())).drift).toEqual([]);
  });

  it('reports instances a StackSet operation left behind within its failure tolerance, with the reason, and instances missing', async () => {
    const { drift, unitId } = await baselineDrift(withExclusion(), (org) => {
      const at = (account: string, region: string) => org.stackSet!.instances.find((i) => i.account === account && i.region === region)!;
      Object.assign(at('555555555555', 'us-west-2'), {
        status: 'OUTDATED',
        detailedStatus: 'FAILED',
        reason:
          "ResourceLogicalId:ConfigRecorder, ResourceType:AWS::Config::ConfigurationRecorder, ResourceStatusReason:Failed to put configuration recorder 'guardrails' because the maximum number of configuration recorders: 1 is reached.",
      });
      Object.assign(at('566666666666', 'us-west-2'), { status: 'OUTDATED', detailedStatus: 'CANCELLED' });
      Object.assign(at('666666666666', 'eu-west-1'), { status: 'OUTDATED', detailedStatus: 'RUNNING' });
      Object.assign(at('444444444444', 'us-east-1'), { status: 'INOPERABLE', detailedStatus: 'INOPERABLE', reason: 'Delete failed' });
      // network never got one in us-west-2 (moved into its OU before auto-deployment was on, say).
      org.stackSet!.instances = org.stackSet!.instances.filter((i) => !(i.account === '444444444444' && i.region === 'us-west-2'));
      // A suspended account is skipped by StackSets: as it should be, so not drift of the baseline (drift names the account itself).
      org.accounts.find((a) => a.id === '777777777777')!.state = 'SUSPENDED';
      Object.assign(at('777777777777', 'us-east-1'), { status: 'OUTDATED', detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT' });
      org.stackSet!.instances = org.stackSet!.instances.filter((i) => !(i.account === '777777777777' && i.region === 'us-west-2'));
    });
    const workloads = unitId('Workloads');
    expect(drift).toEqual([
      {
        kind: 'baseline-failed',
        target: 'network@us-east-1',
        expected: 'CURRENT',
        actual: 'INOPERABLE/INOPERABLE: Delete failed',
        fix: expect.stringContaining('--retain-stacks'),
      },
      {
        kind: 'baseline-failed',
        target: 'prod-app@us-west-2',
        expected: 'CURRENT',
        actual: expect.stringMatching(/^OUTDATED\/FAILED: ResourceLogicalId:ConfigRecorder, .* the maximum number of configuration recorders: 1 is reached\.$/),
        fix: `fix the reason (the stack's events in that account and Region say more), then: aws cloudformation update-stack-instances --stack-set-name guardrails-account-baseline --regions us-west-2 --call-as SELF --deployment-targets OrganizationalUnitIds=${workloads},Accounts=555555555555,AccountFilterType=INTERSECTION`,
      },
      {
        kind: 'baseline-outdated',
        target: 'prod-data@us-west-2',
        expected: 'CURRENT',
        actual: 'OUTDATED/CANCELLED (the operation was stopped, or the failure tolerance was exceeded elsewhere, before it reached this account)',
        fix: expect.stringContaining('update-stack-instances'),
      },
      {
        kind: 'baseline-in-progress',
        target: 'dev-app@eu-west-1',
        expected: 'CURRENT',
        actual: 'OUTDATED/RUNNING (an operation is running here)',
        fix: 'a StackSet operation is under way (ListStackSetOperations): run drift again when it has ended',
      },
      {
        kind: 'baseline-instance-missing',
        target: 'network@us-west-2',
        expected: 'a guardrails-account-baseline instance (the spec places the account under Infrastructure)',
        actual: 'no stack instance',
        fix: `auto-deployment covers accounts that join Infrastructure later, not one moved in before or skipped: aws cloudformation create-stack-instances --stack-set-name guardrails-account-baseline --regions us-west-2 --call-as SELF --deployment-targets OrganizationalUnitIds=${unitId('Infrastructure')},Accounts=444444444444,AccountFilterType=INTERSECTION`,
      },
    ]);
  });

  it('says the StackSet is missing once, not every instance', async () => {
    const { drift } = await baselineDrift(exampleText(), (org) => delete org.stackSet);
    expect(drift).toEqual([
      {
        kind: 'baseline-missing',
        target: 'guardrails-account-baseline',
        expected: 'StackSet deployed in us-east-1 (the home Region)',
        actual: 'absent',
        fix: '`pulumi up` creates it',
      },
    ]);
  });
});
