import { describe, expect, it } from 'vitest';
import { detectDrift, type LiveState } from '../../../src/commands/drift/drift.ts';
import type { StackSetInstances } from '../../../src/aws/stackset-instances.ts';
import type { RecorderMode } from '../../../src/deployment/baseline-template.ts';
import { baselineStackSetName } from '../../../src/model/names.ts';
import { analyze, exampleText } from '../../helpers.ts';
import { deployedOrganization } from '../../aws/deployed-organization.ts';
import type { FakeOrganization } from '../../aws/organizations-server.ts';

/** The live state as drift reads it from a stand-in organization, the baseline's instances included. */
function liveOf(org: FakeOrganization, stackInstances: Record<RecorderMode, StackSetInstances>): LiveState {
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
  const read = (mode: RecorderMode): StackSetInstances => {
    const stackSet = org.stackSets?.find((s) => s.name === baselineStackSetName(mode));
    return { exists: !!stackSet, instances: stackSet?.instances.map((i) => ({ ...i, unitId: i.ou })) ?? [] };
  };
  const { drift } = detectDrift(analysis, liveOf(org, { create: read('create'), existing: read('existing') }));
  const unitId = (name: string) => org.units.find((u) => u.name === name)!.id;
  return { drift: drift.filter((d) => d.kind.startsWith('baseline')), unitId };
}

const stackSet = (org: FakeOrganization, mode: RecorderMode = 'create') => org.stackSets!.find((s) => s.name === baselineStackSetName(mode))!;
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
      const at = (account: string, region: string) => stackSet(org).instances.find((i) => i.account === account && i.region === region)!;
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
      stackSet(org).instances = stackSet(org).instances.filter((i) => !(i.account === '444444444444' && i.region === 'us-west-2'));
      // A suspended account is skipped by StackSets: as it should be, so not drift of the baseline (drift names the account itself).
      org.accounts.find((a) => a.id === '777777777777')!.state = 'SUSPENDED';
      Object.assign(at('777777777777', 'us-east-1'), { status: 'OUTDATED', detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT' });
      stackSet(org).instances = stackSet(org).instances.filter((i) => !(i.account === '777777777777' && i.region === 'us-west-2'));
    });
    const workloads = unitId('Workloads');
    expect(drift).toEqual([
      {
        kind: 'baseline-failed',
        target: 'network@us-east-1',
        expected: 'CURRENT',
        actual: 'INOPERABLE/INOPERABLE: Delete failed',
        fix:
          `remove the instance keeping its stack: aws cloudformation delete-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${unitId('Infrastructure')},Accounts=444444444444,AccountFilterType=INTERSECTION --regions us-east-1 --retain-stacks --call-as SELF --region us-east-1; ` +
          `delete that stack (StackSet-guardrails-account-baseline-*) in the account and Region, then: aws cloudformation create-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${unitId('Infrastructure')},Accounts=444444444444,AccountFilterType=INTERSECTION --regions us-east-1 --call-as SELF --region us-east-1`,
      },
      {
        kind: 'baseline-failed',
        target: 'prod-app@us-west-2',
        expected: 'CURRENT',
        actual: expect.stringMatching(/^OUTDATED\/FAILED: ResourceLogicalId:ConfigRecorder, .* the maximum number of configuration recorders: 1 is reached\.$/),
        fix: `fix the reason (the stack's events in that account and Region say more), then: aws cloudformation update-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${workloads},Accounts=555555555555,AccountFilterType=INTERSECTION --regions us-west-2 --call-as SELF --region us-east-1`,
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
        expected: 'a guardrails-account-baseline instance (the spec places the account under Infrastructure, configRecorder create)',
        actual: 'no stack instance',
        fix: `auto-deployment covers accounts that join Infrastructure later, not one moved in before or skipped: aws cloudformation create-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${unitId('Infrastructure')},Accounts=444444444444,AccountFilterType=INTERSECTION --regions us-west-2 --call-as SELF --region us-east-1`,
      },
    ]);
  });

  it('says the StackSet is missing once, not every instance', async () => {
    const { drift } = await baselineDrift(exampleText(), (org) => delete org.stackSets);
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

describe('drift of the baseline StackSet of each Config recorder mode', () => {
  const sandboxExisting = (text = exampleText()) => text.replace('baseline:\n', 'baseline:\n  configRecorderByUnit: { Sandbox: existing }\n');

  it('checks each account in the StackSet of its OU mode, and misses only a StackSet some OU uses', async () => {
    expect((await baselineDrift(sandboxExisting())).drift).toEqual([]);
    const { drift, unitId } = await baselineDrift(sandboxExisting(), (org) => {
      stackSet(org, 'existing').instances = stackSet(org, 'existing').instances.filter((i) => !(i.account === '777777777777' && i.region === 'eu-west-1'));
    });
    expect(drift).toEqual([
      {
        kind: 'baseline-instance-missing',
        target: 'sandbox-alice@eu-west-1',
        expected: 'a guardrails-account-baseline-existing-recorder instance (the spec places the account under Sandbox, configRecorder existing)',
        actual: 'no stack instance',
        fix: `auto-deployment covers accounts that join Sandbox later, not one moved in before or skipped: aws cloudformation create-stack-instances --stack-set-name guardrails-account-baseline-existing-recorder --deployment-targets OrganizationalUnitIds=${unitId('Sandbox')},Accounts=777777777777,AccountFilterType=INTERSECTION --regions eu-west-1 --call-as SELF --region us-east-1`,
      },
    ]);
    const absent = await baselineDrift(sandboxExisting(), (org) => (org.stackSets = org.stackSets!.filter((s) => s.name === baselineStackSetName('create'))));
    expect(absent.drift.map((d) => `${d.kind} ${d.target}`)).toEqual(['baseline-missing guardrails-account-baseline-existing-recorder']);
  });

  it('gives the update command for a skipped account that is active again, and a retried import for FAILED_IMPORT', async () => {
    const { drift, unitId } = await baselineDrift(exampleText(), (org) => {
      const at = (account: string, region: string) => stackSet(org).instances.find((i) => i.account === account && i.region === region)!;
      Object.assign(at('777777777777', 'us-east-1'), { status: 'OUTDATED', detailedStatus: 'SKIPPED_SUSPENDED_ACCOUNT' });
      Object.assign(at('555555555555', 'eu-west-1'), {
        status: 'INOPERABLE',
        detailedStatus: 'FAILED_IMPORT',
        reason: 'Import failed',
        stackId: 'arn:aws:cloudformation:eu-west-1:555555555555:stack/StackSet-guardrails-account-baseline-x/1',
      });
    });
    expect(drift.map((d) => [d.target, d.fix])).toEqual([
      [
        'prod-app@eu-west-1',
        `fix the reason, then retry the import: aws cloudformation import-stacks-to-stack-set --stack-set-name guardrails-account-baseline --stack-ids arn:aws:cloudformation:eu-west-1:555555555555:stack/StackSet-guardrails-account-baseline-x/1 --organizational-unit-ids ${unitId('Workloads')} --call-as SELF --region us-east-1`,
      ],
      [
        'sandbox-alice@us-east-1',
        `the account is active again; deploy to it: aws cloudformation update-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${unitId('Sandbox')},Accounts=777777777777,AccountFilterType=INTERSECTION --regions us-east-1 --call-as SELF --region us-east-1`,
      ],
    ]);
  });

  it('reports instances that should not exist, each with its delete command', async () => {
    const { drift, unitId } = await baselineDrift(sandboxExisting(withExclusion()), (org) => {
      const workloads = org.units.find((u) => u.name === 'Workloads')!.id;
      const sandbox = org.units.find((u) => u.name === 'Sandbox')!.id;
      const current = { status: 'CURRENT' as const, detailedStatus: 'SUCCEEDED' };
      // sandbox-alice moved into Sandbox after the exclusion: automatic deployment ignores account filters.
      stackSet(org, 'existing').instances.push({ account: '777777777777', region: 'eu-west-1', ...current, ou: sandbox });
      // ap-southeast-2 was allowed once; Workloads' retained instance stays there.
      stackSet(org).instances.push({ account: '555555555555', region: 'ap-southeast-2', ...current, ou: workloads });
      // A former target, and Sandbox's instances from when its mode was create.
      stackSet(org).instances.push({ account: '555555555555', region: 'us-east-1', ...current, ou: 'ou-ab12-0000dead' });
      stackSet(org).instances.push({ account: '777777777777', region: 'us-east-1', ...current, ou: sandbox });
      stackSet(org).instances.push({ account: '777777777777', region: 'us-west-2', ...current, ou: sandbox });
    });
    expect(drift).toEqual([
      {
        kind: 'baseline-instance-unexpected',
        target: 'guardrails-account-baseline:Workloads',
        expected: 'no instance outside allowedRegions',
        actual: '1 account(s) with an instance through Workloads in ap-southeast-2',
        fix: `the Region is no longer allowed, but the retained instance keeps auto-deploying there; delete its stacks there: aws cloudformation delete-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${unitId('Workloads')} --regions ap-southeast-2 --no-retain-stacks --call-as SELF --region us-east-1`,
      },
      {
        kind: 'baseline-instance-unexpected',
        target: 'guardrails-account-baseline:ou-ab12-0000dead',
        expected: 'ou-ab12-0000dead is no baseline target (removed from the spec, or the root before accounts left it)',
        actual: '1 account(s) with an instance through ou-ab12-0000dead in us-east-1',
        fix: expect.stringContaining(
          'aws cloudformation delete-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=ou-ab12-0000dead --regions us-east-1 --no-retain-stacks --call-as SELF --region us-east-1;',
        ),
      },
      {
        kind: 'baseline-instance-unexpected',
        target: 'guardrails-account-baseline:Sandbox',
        expected: "Sandbox's accounts in guardrails-account-baseline-existing-recorder (configRecorder existing)",
        actual: '1 account(s) with an instance through Sandbox in us-east-1, us-west-2',
        fix: expect.stringContaining(
          `aws cloudformation delete-stack-instances --stack-set-name guardrails-account-baseline --deployment-targets OrganizationalUnitIds=${unitId('Sandbox')} --regions us-east-1 us-west-2 --no-retain-stacks --call-as SELF --region us-east-1;`,
        ),
      },
      {
        kind: 'baseline-instance-unexpected',
        target: 'sandbox-alice@eu-west-1',
        expected: 'no guardrails-account-baseline-existing-recorder instance (baseline.exclude)',
        actual: 'CURRENT/SUCCEEDED instance through Sandbox',
        fix: expect.stringMatching(
          new RegExp(
            `automatic deployment ignores account filters.*: aws cloudformation delete-stack-instances --stack-set-name guardrails-account-baseline-existing-recorder --deployment-targets OrganizationalUnitIds=${unitId('Sandbox')},Accounts=777777777777,AccountFilterType=INTERSECTION --regions eu-west-1 --no-retain-stacks --call-as SELF --region us-east-1$`,
          ),
        ),
      },
    ]);
  });
});
