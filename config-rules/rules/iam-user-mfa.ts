/** IAM users who can sign in to the console (a password) have MFA. */
import { fetchCredentialReport, type CredentialReport } from '../framework/credential-report.ts';
import type { PeriodicRule } from '../framework/types.ts';

export const iamUserMfa: PeriodicRule<Record<string, never>, CredentialReport> = {
  id: 'iam-user-mfa',
  description: 'Console users have MFA',
  trigger: 'periodic',
  input: 'credential-report',
  liveCall: 'iam:GenerateCredentialReport and iam:GetCredentialReport',
  parameters: () => ({}),
  gather: (clients) => fetchCredentialReport(clients),
  evaluate(report, _params, { accountId }) {
    return report.rows
      .filter((r) => !r.isRoot && r.accountId === accountId)
      .map((r) => ({
        resourceType: 'AWS::IAM::User',
        resourceId: r.user,
        ...(!r.passwordEnabled
          ? { complianceType: 'NOT_APPLICABLE' as const, annotation: 'no console password' }
          : r.mfaActive
            ? { complianceType: 'COMPLIANT' as const }
            : { complianceType: 'NON_COMPLIANT' as const, annotation: 'console password without MFA' }),
      }));
  },
};
