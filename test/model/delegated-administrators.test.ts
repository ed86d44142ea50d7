/** AWS's per-service limits on delegated administrators, as the spec check applies them. */
import { describe, expect, it } from 'vitest';
import { analysisProblems, baseSpec } from '../helpers.ts';

const withAdministrators = (delegatedAdministrators: Record<string, string[]>) => {
  const spec = baseSpec();
  spec.organization.delegatedAdministrators = delegatedAdministrators;
  return spec;
};

describe('delegated administrator limits', () => {
  it('GuardDuty has one delegated administrator: two in the spec is a positioned error citing the document', async () => {
    expect(await analysisProblems(withAdministrators({ 'guardduty.amazonaws.com': ['audit', 'prod'] }))).toEqual([
      expect.stringMatching(
        /^spec\.yaml:\d+:\d+: guardduty\.amazonaws\.com has at most 1 delegated administrator, not 2 \(https:\/\/docs\.aws\.amazon\.com\/guardduty\/latest\/ug\/guardduty_organizations\.html /,
      ),
    ]);
  });

  it('Config rules allow three; services without a documented number are not limited', async () => {
    expect(await analysisProblems(withAdministrators({ 'config-multiaccountsetup.amazonaws.com': ['audit', 'prod', 'management'] }))).toEqual([]);
    expect(await analysisProblems(withAdministrators({ 'securityhub.amazonaws.com': ['audit', 'prod'] }))).toEqual([]);
  });
});
