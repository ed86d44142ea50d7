/** Active access keys are younger than maxAgeDays (default 90). */
import { credentialReportRule } from '../framework/credential-report.ts';
import { positiveInteger } from '../framework/parameters.ts';

const DAY = 86_400_000;

export const accessKeyAge = credentialReportRule<{ maxAgeDays: number }>({
  id: 'access-key-age',
  description: 'Active access keys are rotated',
  parameters: (raw) => ({ maxAgeDays: positiveInteger(raw.maxAgeDays, 90) }),
  evaluate(report, { maxAgeDays }, { accountId, now }) {
    return report.rows
      .filter((r) => r.accountId === accountId)
      .map((r) => {
        const active = r.accessKeys.filter((k) => k.active);
        const resource = r.isRoot ? { resourceType: 'AWS::::Account', resourceId: accountId } : { resourceType: 'AWS::IAM::User', resourceId: r.user };
        if (active.length === 0) return { ...resource, complianceType: 'NOT_APPLICABLE' as const, annotation: 'no active access keys' };
        const old = active
          .map((k) => ({ slot: k.slot, days: k.lastRotated ? Math.floor((now.getTime() - k.lastRotated.getTime()) / DAY) : undefined }))
          .filter((k) => k.days === undefined || k.days > maxAgeDays);
        if (old.length === 0) return { ...resource, complianceType: 'COMPLIANT' as const };
        const what = old.map((k) => (k.days === undefined ? `key ${k.slot} has no rotation date` : `key ${k.slot} is ${k.days} days old`)).join(', ');
        return { ...resource, complianceType: 'NON_COMPLIANT' as const, annotation: `${what} (maximum ${maxAgeDays})` };
      });
  },
});
