import { beforeAll, describe, expect, it } from 'vitest';
import { previewDeployment } from '../../../stacks/preview.ts';
import { baselineTransition, STACK_SET_INSTANCE, type PlannedProgram } from '../../../stacks/rehearsal/transition.ts';
import { STACK_SET_TIMEOUTS } from '../../../stacks/components/baseline.ts';
import { analyze, exampleText } from '../../helpers.ts';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const PROD_DATA = '566666666666';
const ANALYTICS = '888888888888';
const LOOSE = '999999999999';
const SHARED = '455555555555';
const ALICE = '777777777777';
const MANAGEMENT = '111111111111';
const ALICE_LINE = "        - { name: sandbox-alice, email: aws-sandbox-alice@example.com, id: '777777777777', tags: { owner: alice } }\n";
const SHARED_LINE = "        - { name: shared-services, email: aws-shared@example.com, id: '455555555555', tags: { owner: platform } }\n";

/** The example spec with shared-services moved from Infrastructure to Workloads/Prod. */
const withMovedAccount = (text: string) =>
  text
    .replace(SHARED_LINE, '')
    .replace('          accounts:\n            - name: prod-app', `          accounts:\n    ${SHARED_LINE}            - name: prod-app`);
/** The example spec with sandbox-alice moved from Sandbox to directly under the root. */
const withAliceUnderRoot = (text: string) =>
  text
    .replace(`      accounts:\n${ALICE_LINE}`, '')
    .replace('  units:\n    - name: Security', `  accounts:\n${ALICE_LINE.slice(4)}  units:\n    - name: Security`);
/** The example spec with Workloads using the recorder its accounts already have. */
const withWorkloadsExisting = (text: string) =>
  text.replace('  failureTolerancePercentage: 10', '  failureTolerancePercentage: 10\n  configRecorderByUnit: { Workloads: existing }');
/** The example spec without us-west-2. */
const withoutUsWest2 = (text: string) => text.replace('allowedRegions: [us-east-1, us-west-2, eu-west-1]', 'allowedRegions: [us-east-1, eu-west-1]');

/** The example spec with one more top-level OU holding one account. */
const withNewUnit = (text: string) =>
  text.replace(
    "        - { name: sandbox-alice, email: aws-sandbox-alice@example.com, id: '777777777777', tags: { owner: alice } }\n",
    `$&    - name: Analytics\n      accounts:\n        - { name: analytics, email: aws-analytics@example.com, id: '${ANALYTICS}' }\n`,
  );
/** The example spec with prod-data kept out of the baseline in us-east-1. */
const withExclusion = (text: string) =>
  text.replace(
    '  failureTolerancePercentage: 10',
    '  failureTolerancePercentage: 10\n  exclude:\n    - { account: prod-data, regions: [us-east-1], reason: migrating }',
  );

/** The example spec with an account directly under the root, which makes the root the baseline's one target. */
const withRootAccount = (text: string) =>
  text.replace(
    '  units:\n    - name: Security',
    `  accounts:\n    - { name: loose, email: aws-loose@example.com, id: '${LOOSE}' }\n  units:\n    - name: Security`,
  );

const plan = async (text: string): Promise<PlannedProgram> => {
  const analysis = await analyze(text, 'transition.yaml');
  return { analysis, resources: await previewDeployment(analysis, { bundle: async (id) => id }) };
};

let a: PlannedProgram;
let newUnit: PlannedProgram;
let excluded: PlannedProgram;
let rooted: PlannedProgram;
let moved: PlannedProgram;
let aliceUnderRoot: PlannedProgram;
let twoRegions: PlannedProgram;
let workloadsExisting: PlannedProgram;
beforeAll(async () => {
  workloadsExisting = await plan(withWorkloadsExisting(exampleText()));
  moved = await plan(withMovedAccount(exampleText()));
  aliceUnderRoot = await plan(withAliceUnderRoot(exampleText()));
  twoRegions = await plan(withoutUsWest2(exampleText()));
  expect(moved.analysis.loaded.index.accounts.get('shared-services')?.parent).toBe('Workloads/Prod');
  expect(aliceUnderRoot.analysis.loaded.index.accounts.get('sandbox-alice')?.parent).toBe('Root');
  rooted = await plan(withRootAccount(exampleText()));
  a = await plan(exampleText());
  newUnit = await plan(withNewUnit(exampleText()));
  excluded = await plan(withExclusion(exampleText()));
  expect(newUnit.analysis.loaded.index.accounts.get('analytics')?.id).toBe(ANALYTICS);
  expect(excluded.analysis.loaded.spec.baseline.exclude).toHaveLength(1);
}, 240_000);

const instanceNames = (p: PlannedProgram) => p.resources.filter((r) => r.type === STACK_SET_INSTANCE).map((r) => r.name);

describe('baseline transitions between two specs', () => {
  it('one StackSet instance per top-level OU and Region, named by the spec path, retained rather than deleted', () => {
    expect(instanceNames(a).sort()).toEqual(
      ['Infrastructure', 'Sandbox', 'Security', 'Workloads'].flatMap((u) => REGIONS.map((g) => `account-baseline:${u}@${g}`)).sort(),
    );
    for (const r of a.resources.filter((x) => x.type === STACK_SET_INSTANCE)) {
      expect(r.options).toEqual({ retainOnDelete: true, customTimeouts: STACK_SET_TIMEOUTS });
      expect((r.inputs.deploymentTargets as { organizationalUnitIds: string[] }).organizationalUnitIds).toHaveLength(1);
    }
  });

  it('a new top-level OU only adds its own instances: every instance of the first spec keeps its replace-forcing inputs', () => {
    const t = baselineTransition(a, newUnit);
    expect(t.created).toEqual(REGIONS.map((g) => `account-baseline:Analytics@${g}`).sort());
    expect(t.kept).toEqual(instanceNames(a).sort());
    expect({ replaced: t.replaced, deleted: t.deleted, removed: t.removed, lost: t.lost, retained: t.retained }).toEqual({
      replaced: [],
      deleted: [],
      removed: [],
      lost: [],
      retained: [],
    });
    expect(t.added).toEqual(REGIONS.map((g) => `${ANALYTICS}/${g}`).sort());
  });

  it("removing that OU deletes nothing else; its instances are retained with their stacks, the OU's alone", () => {
    const t = baselineTransition(newUnit, a);
    expect(t.deleted).toEqual(REGIONS.map((g) => `account-baseline:Analytics@${g}`).sort());
    expect({ replaced: t.replaced, removed: t.removed, lost: t.lost, added: t.added }).toEqual({ replaced: [], removed: [], lost: [], added: [] });
    expect(t.retained).toEqual(REGIONS.map((g) => `${ANALYTICS}/${g}`).sort());
  });

  it("a changed baseline.exclude replaces only the excluded account's OU instance in that Region, and no account loses its baseline", () => {
    const t = baselineTransition(a, excluded);
    expect(t.replaced).toEqual(['account-baseline:Workloads@us-east-1']);
    expect(t.kept).toEqual(
      instanceNames(a)
        .filter((n) => n !== 'account-baseline:Workloads@us-east-1')
        .sort(),
    );
    expect({ created: t.created, deleted: t.deleted, removed: t.removed, lost: t.lost, added: t.added }).toEqual({
      created: [],
      deleted: [],
      removed: [],
      lost: [],
      added: [],
    });
    // The account the change excludes keeps its stack until README's delete-stack-instances removes exactly it.
    expect(t.retained).toEqual([`${PROD_DATA}/us-east-1`]);
  });

  it('taking the exclusion back adds exactly that stack again', () => {
    const t = baselineTransition(excluded, a);
    expect(t.replaced).toEqual(['account-baseline:Workloads@us-east-1']);
    expect({ removed: t.removed, lost: t.lost, retained: t.retained }).toEqual({ removed: [], lost: [], retained: [] });
    expect(t.added).toEqual([`${PROD_DATA}/us-east-1`]);
  });

  it('without retainOnDelete the same edit would take the baseline from every other account of the OU in that Region', () => {
    const unretained = { ...a, resources: a.resources.map(({ options: _, ...r }) => r) };
    const t = baselineTransition(unretained, excluded);
    expect(t.lost).toEqual(['555555555555/us-east-1', '666666666666/us-east-1']);
    expect(t.removed).toEqual(['555555555555/us-east-1', '566666666666/us-east-1', '666666666666/us-east-1']);
  });

  it('an account under the root makes the root the target: the OU instances are dropped with their stacks kept, and only the new account is added', () => {
    const t = baselineTransition(a, rooted);
    expect(t.created).toEqual(REGIONS.map((g) => `account-baseline:Root@${g}`).sort());
    expect(t.deleted).toEqual(instanceNames(a).sort());
    expect({ removed: t.removed, lost: t.lost, retained: t.retained }).toEqual({ removed: [], lost: [], retained: [] });
    expect(t.added).toEqual(REGIONS.map((g) => `${LOOSE}/${g}`).sort());
  });

  it("moving an account between target OUs: automatic deployment deletes its old OU's stack and deploys the new OU's; it never ends without one", () => {
    const t = baselineTransition(a, moved);
    expect(t.moved).toEqual([SHARED]);
    expect(t.autoDeleted).toEqual(REGIONS.map((g) => `${SHARED}/${g}`).sort());
    expect(t.autoDeployed).toEqual(REGIONS.map((g) => `${SHARED}/${g}`).sort());
    expect({ lost: t.lost, removed: t.removed, retained: t.retained, replaced: t.replaced, created: t.created }).toEqual({
      lost: [],
      removed: [],
      retained: [],
      replaced: [],
      created: [],
    });
  });

  it('an account moved under the root: the Root instances wait for the move, so their create deploys it after automatic deployment took its Sandbox stack', () => {
    const root = aliceUnderRoot.resources.filter((r) => r.name.startsWith('account-baseline:Root@'));
    expect(root).toHaveLength(REGIONS.length);
    for (const r of root) expect(r.dependsOn).toContain('account:sandbox-alice');
    const t = baselineTransition(a, aliceUnderRoot);
    expect(t.moved).toEqual([ALICE]);
    expect(t.autoDeleted).toEqual(REGIONS.map((g) => `${ALICE}/${g}`).sort());
    expect({ lost: t.lost, removed: t.removed }).toEqual({ lost: [], removed: [] });
    expect(t.created).toEqual(REGIONS.map((g) => `account-baseline:Root@${g}`).sort());
    // Not waiting for the move, the Root instance's CreateStackInstances would skip sandbox-alice (it still has its Sandbox stack), and the move then deletes it.
    const unordered = {
      ...aliceUnderRoot,
      resources: aliceUnderRoot.resources.map((r) => ({ ...r, dependsOn: r.dependsOn.filter((d) => !d.startsWith('account:')) })),
    };
    expect(baselineTransition(a, unordered).lost).toEqual(REGIONS.map((g) => `${ALICE}/${g}`).sort());
  });

  it("removing a Region: the OU instances there are retained (their stacks stay, and automatic deployment keeps deploying there); the management account's stack there is deleted", () => {
    const t = baselineTransition(a, twoRegions);
    expect(t.deleted).toEqual(['Infrastructure', 'Sandbox', 'Security', 'Workloads'].map((u) => `account-baseline:${u}@us-west-2`).sort());
    expect(t.removed).toEqual([`${MANAGEMENT}/us-west-2`]);
    expect(t.retained).toEqual(
      ['222222222222', '333333333333', '444444444444', SHARED, '555555555555', '566666666666', '666666666666', ALICE].map((id) => `${id}/us-west-2`).sort(),
    );
    expect(t.lost).toEqual([]);
  });

  it("a changed configRecorderByUnit moves the OU's instances to the other mode's StackSet, whose stacks collide with the ones in place", () => {
    const t = baselineTransition(a, workloadsExisting);
    expect(t.replaced).toEqual(REGIONS.map((g) => `account-baseline:Workloads@${g}`).sort());
    expect(t.collisions).toEqual(['555555555555', '566666666666', '666666666666'].flatMap((id) => REGIONS.map((g) => `${id}/${g}`)).sort());
    expect(baselineTransition(a, newUnit).collisions).toEqual([]);
    expect(baselineTransition(a, moved).collisions).toEqual([]);
  });

  it('an account moved between OUs of different recorder modes: the two StackSets deploy independently, so the new stack may collide with the old one', async () => {
    const movedToExisting = await plan(withWorkloadsExisting(withMovedAccount(exampleText())));
    const t = baselineTransition(workloadsExisting, movedToExisting);
    expect(t.moved).toEqual([SHARED]);
    expect(t.collisions).toEqual(REGIONS.map((g) => `${SHARED}/${g}`).sort());
    expect(t.lost).toEqual([]);
  }, 120_000);
});
