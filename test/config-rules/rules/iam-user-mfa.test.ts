import { describe, expect, it } from 'vitest';
import { withUserIds } from '../../../config-rules/framework/credential-report.ts';
import { iamUserMfa } from '../../../config-rules/rules/iam-user-mfa.ts';
import { context, report } from './credential-report-rules.fixture.ts';

describe('iam-user-mfa', () => {
  it('console users need MFA; users without a password are not applicable', () => {
    const out = Object.fromEntries(iamUserMfa.evaluate(report(true, false), {}, context).map((v) => [v.resourceId, v.complianceType]));
    expect(out).toEqual({ alice: 'COMPLIANT', bob: 'NON_COMPLIANT', ci: 'NOT_APPLICABLE' });
  });
  it('reports users under the resource id AWS Config records (the user id) once it is known', () => {
    const joined = withUserIds(report(true, false), (_a, user) => (user === 'bob' ? 'AIDAEXAMPLEBOB000001' : undefined));
    expect(iamUserMfa.evaluate(joined, {}, context).find((v) => v.resourceName === 'bob')).toMatchObject({
      resourceType: 'AWS::IAM::User',
      resourceId: 'AIDAEXAMPLEBOB000001',
      complianceType: 'NON_COMPLIANT',
    });
  });
});
