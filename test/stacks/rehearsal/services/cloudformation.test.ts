/** The rehearsal's CloudFormation model: StackSet instances' operation preferences and inputs. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../../src/deployment/analyze.ts';
import { previewDeployment, type PlanResource } from '../../../../stacks/preview.ts';
import { rehearse } from '../../../../stacks/rehearsal/rehearse.ts';
import { targetedAccounts } from '../../../../stacks/rehearsal/services/cloudformation.ts';
import { analyze, exampleText } from '../../../helpers.ts';

let analysis: Analysis;
let resources: PlanResource[];

beforeAll(async () => {
  analysis = await analyze(exampleText(), 'example.yaml');
  resources = await previewDeployment(analysis, { bundle: async (id) => id });
}, 60_000);

const withInstances = (change: (inputs: Record<string, any>) => Record<string, any>) =>
  resources.map((r) => (r.type === 'aws:cloudformation/stackSetInstance:StackSetInstance' ? { ...r, inputs: change(r.inputs) } : r));

describe('StackSet instances in the rehearsal', () => {
  it('a failure tolerance percentage that rounds down to no account in the target OUs fails, naming the numbers', () => {
    const mutated = withInstances((i) => ({ ...i, operationPreferences: { failureTolerancePercentage: 10, maxConcurrentPercentage: 25 } }));
    const problem = rehearse(analysis, mutated, [0]).problems.find((p) => p.rule === 'cloudformation:failure-tolerance-rounds-to-zero');
    expect(problem?.message).toMatch(/^10 % of \d target accounts rounds down to no tolerated failure/);
    expect(problem?.doc).toContain('API_StackSetOperationPreferences');
  });

  it('the deprecated region input fails', () => {
    const mutated = withInstances(({ stackSetInstanceRegion, ...i }) => ({ ...i, region: stackSetInstanceRegion }));
    expect(rehearse(analysis, mutated, [0]).problems.map((p) => p.rule)).toContain('cloudformation:deprecated-region');
  });
});

describe('DeploymentTargets as CreateStackInstances and DeleteStackInstances read them', () => {
  const ou = ['111111111111', '555555555555', '566666666666', '666666666666'];
  const management = '111111111111';

  it('without a filter every account of the OU but the management account; DIFFERENCE leaves out, INTERSECTION keeps only, the listed ones', () => {
    expect(targetedAccounts({ organizationalUnitIds: ['ou-1'] }, ou, management)).toEqual(['555555555555', '566666666666', '666666666666']);
    expect(targetedAccounts({ organizationalUnitIds: ['ou-1'], accounts: ['566666666666'], accountFilterType: 'DIFFERENCE' }, ou, management)).toEqual([
      '555555555555',
      '666666666666',
    ]);
    expect(
      targetedAccounts({ organizationalUnitIds: ['ou-1'], accounts: ['566666666666', '999999999999'], accountFilterType: 'INTERSECTION' }, ou, management),
    ).toEqual(['566666666666']);
    expect(targetedAccounts({ organizationalUnitIds: ['ou-1'], accounts: ['999999999999'], accountFilterType: 'UNION' }, ou, management)).toContain(
      '999999999999',
    );
  });

  it('OUs and accounts without INTERSECTION or DIFFERENCE are refused on create', () => {
    const mutated = withInstances((i) => ({ ...i, deploymentTargets: { ...i.deploymentTargets, accounts: ['566666666666'] } }));
    expect(rehearse(analysis, mutated, [0]).problems.map((p) => p.rule)).toContain('cloudformation:create-account-filter');
  });
});
