/** The root user has MFA and no active access keys (from the IAM credential report). */
import { fetchCredentialReport, type CredentialReport } from '../framework/credential-report.ts';
import type { PeriodicRule } from '../framework/types.ts';

export const rootCredentials: PeriodicRule<Record<string, never>, CredentialReport> = {
  id: 'root-credentials',
  description: 'Root user has MFA and no access keys',
  trigger: 'periodic',
  input: 'credential-report',
  liveCall: 'iam:GenerateCredentialReport and iam:GetCredentialReport',
  parameters: () => ({}),
  gather: (clients) => fetchCredentialReport(clients),
  evaluate(report, _params, { accountId }) {
    const root = report.rows.find((r) => r.isRoot && r.accountId === accountId);
    if (!root) return [];
    const findings = [
      ...root.accessKeys.filter((k) => k.active).map((k) => `root access key ${k.slot} is active`),
      ...(root.mfaActive ? [] : ['root has no MFA']),
    ];
    return [
      {
        resourceType: 'AWS::::Account',
        resourceId: accountId,
        complianceType: findings.length ? 'NON_COMPLIANT' : 'COMPLIANT',
        annotation: findings.join('; ') || undefined,
      },
    ];
  },
};
