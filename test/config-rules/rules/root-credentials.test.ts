import { describe, expect, it } from 'vitest';
import { rootCredentials } from '../../../config-rules/rules/root-credentials.ts';
import { context, report } from './credential-report-rules.fixture.ts';

describe('root-credentials', () => {
  it('MFA on and no active keys is compliant', () => {
    expect(rootCredentials.evaluate(report(true, false), {}, context)).toEqual([
      { resourceType: 'AWS::::Account', resourceId: '111122223333', complianceType: 'COMPLIANT', annotation: undefined },
    ]);
  });
  it('an active root key or no MFA is not', () => {
    expect(rootCredentials.evaluate(report(false, true), {}, context)[0]).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'root access key 1 is active; root has no MFA',
    });
    expect(rootCredentials.evaluate(report(true, false), {}, { ...context, accountId: '999999999999' })).toEqual([]);
  });
});
