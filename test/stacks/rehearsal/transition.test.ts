import { beforeAll, describe, expect, it } from 'vitest';
import { previewDeployment } from '../../../stacks/preview.ts';
import { baselineTransition, STACK_SET_INSTANCE, type PlannedProgram } from '../../../stacks/rehearsal/transition.ts';
import { analyze, exampleText } from '../../helpers.ts';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const PROD_DATA = '566666666666';
const ANALYTICS = '888888888888';
const LOOSE = '999999999999';

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
beforeAll(async () => {
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
      expect(r.options).toEqual({ retainOnDelete: true });
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
});
