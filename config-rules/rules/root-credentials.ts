/** The root user has MFA and no active access keys (from the IAM credential report). */
import { credentialReportRule } from '../framework/credential-report.ts';

export const rootCredentials = credentialReportRule<Record<string, never>>({
  id: 'root-credentials',
  description: 'Root user has MFA and no access keys',
  parameters: () => ({}),
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
});
