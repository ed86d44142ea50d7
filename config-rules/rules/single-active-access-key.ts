/** Each IAM user has at most one active access key (CIS AWS Foundations Benchmark 1.12), from the IAM credential report. */
import { credentialReportRule, userResource } from '../framework/credential-report.ts';

export const singleActiveAccessKey = credentialReportRule<Record<string, never>>({
  id: 'single-active-access-key',
  description: 'IAM users have at most one active access key',
  parameters: () => ({}),
  evaluate(report, _params, { accountId }) {
    return report.rows
      .filter((r) => !r.isRoot && r.accountId === accountId)
      .map((r) => {
        const active = r.accessKeys.filter((k) => k.active).length;
        if (active === 0) return { ...userResource(r), complianceType: 'NOT_APPLICABLE' as const, annotation: 'no active access keys' };
        return active === 1
          ? { ...userResource(r), complianceType: 'COMPLIANT' as const }
          : { ...userResource(r), complianceType: 'NON_COMPLIANT' as const, annotation: `${active} active access keys` };
      });
  },
});
