/** IAM users who can sign in to the console (a password) have MFA. */
import { credentialReportRule, userResource } from '../framework/credential-report.ts';

export const iamUserMfa = credentialReportRule<Record<string, never>>({
  id: 'iam-user-mfa',
  description: 'Console users have MFA',
  parameters: () => ({}),
  evaluate(report, _params, { accountId }) {
    return report.rows
      .filter((r) => !r.isRoot && r.accountId === accountId)
      .map((r) => ({
        ...userResource(r),
        ...(!r.passwordEnabled
          ? { complianceType: 'NOT_APPLICABLE' as const, annotation: 'no console password' }
          : r.mfaActive
            ? { complianceType: 'COMPLIANT' as const }
            : { complianceType: 'NON_COMPLIANT' as const, annotation: 'console password without MFA' }),
      }));
  },
});
