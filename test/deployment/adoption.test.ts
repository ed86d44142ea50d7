/** What the spec says exists (delegated administrators, the organization trail) and what it keeps out of the baseline. */
import { describe, expect, it } from 'vitest';
import { auditAlreadyDelegated, baselineExclusions, createsOrganizationTrail, excludedAccountIdsByRegion } from '../../src/deployment/adoption.ts';
import { analysisProblems, analyze, baseSpec } from '../helpers.ts';

const spec = (organization: Record<string, unknown> = {}, rest: Record<string, unknown> = {}) => {
  const s = baseSpec(rest);
  Object.assign(s.organization, { auditAccount: 'audit' }, organization);
  return s;
};

describe('adoption and exclusions in the spec', () => {
  it('a registration of the audit account is adopted; one of another account is not', async () => {
    const { loaded } = await analyze(spec({ delegatedAdministrators: { 'config.amazonaws.com': ['audit'], 'guardduty.amazonaws.com': ['prod'] } }));
    expect(auditAlreadyDelegated(loaded.spec, loaded.index, 'config.amazonaws.com')).toBe(true);
    expect(auditAlreadyDelegated(loaded.spec, loaded.index, 'guardduty.amazonaws.com')).toBe(false);
    expect(auditAlreadyDelegated(loaded.spec, loaded.index, 'config-multiaccountsetup.amazonaws.com')).toBe(false);
  });

  it('the organization trail is created unless the spec says one exists', async () => {
    expect(createsOrganizationTrail((await analyze(spec())).loaded.spec.logging.trail)).toBe(true);
    const existing = await analyze(spec({}, { logging: { trail: { name: 'aws-controltower-BaselineCloudTrail', organizationTrail: 'existing' } } }));
    expect(createsOrganizationTrail(existing.loaded.spec.logging.trail)).toBe(false);
  });

  it('an exclusion without regions covers every allowed region, with its reason', async () => {
    const { loaded } = await analyze(
      spec(
        {},
        {
          baseline: {
            exclude: [
              { account: 'prod', reason: 'migrating' },
              { account: 'audit', regions: ['eu-west-1'] },
            ],
          },
        },
      ),
    );
    expect(baselineExclusions(loaded.spec, loaded.index).map((x) => `${x.account}/${x.region}: ${x.reason}`)).toEqual([
      'prod/us-east-1: migrating',
      'prod/eu-west-1: migrating',
      'audit/eu-west-1: baseline.exclude',
    ]);
    expect(Object.fromEntries(excludedAccountIdsByRegion(loaded.spec, loaded.index))).toEqual({
      'us-east-1': ['555555555555'],
      'eu-west-1': ['555555555555', '333333333333'],
    });
  });

  it('unknown accounts and regions outside allowedRegions are positioned errors', async () => {
    const bad = spec(
      { delegatedAdministrators: { 'guardduty.amazonaws.com': ['adit'] } },
      { baseline: { exclude: [{ account: 'prd' }, { account: 'prod', regions: ['us-west-2'] }] } },
    );
    const found = await analysisProblems(bad);
    expect(found).toContainEqual(
      expect.stringMatching(/^spec\.yaml:\d+:\d+: delegated administrator of guardduty\.amazonaws\.com: unknown account "adit" \(did you mean "audit"\?\)$/),
    );
    expect(found).toContainEqual(expect.stringMatching(/^spec\.yaml:\d+:\d+: baseline\.exclude names unknown account "prd" \(did you mean "prod"\?\)$/));
    expect(found).toContainEqual(expect.stringMatching(/^spec\.yaml:\d+:\d+: excluded region "us-west-2" is outside organization\.allowedRegions/));
  });

  it('a service principal must look like one', async () => {
    const found = await analysisProblems(spec({ delegatedAdministrators: { guardduty: ['audit'] } }));
    expect(found).toEqual([expect.stringMatching(/^spec\.yaml:\d+:\d+: organization\.delegatedAdministrators: "guardduty" is not valid/)]);
  });
});
