/** Active access keys are younger than maxAgeDays (from the IAM credential report). */
import { credentialReportRule, isInvalidDate, userResource } from '../framework/credential-report.ts';
import { positiveInteger } from '../framework/parameters.ts';

const DAY = 86_400_000;

export const accessKeyAge = credentialReportRule<{ maxAgeDays: number }>({
  id: 'access-key-age',
  description: 'Active access keys are rotated',
  parameters: (raw) => ({ maxAgeDays: positiveInteger(raw, 'maxAgeDays') }),
  evaluate(report, { maxAgeDays }, { accountId, now }) {
    return report.rows
      .filter((r) => r.accountId === accountId)
      .map((r) => {
        const active = r.accessKeys.filter((k) => k.active);
        const resource = r.isRoot ? { resourceType: 'AWS::::Account', resourceId: accountId } : userResource(r);
        if (active.length === 0) return { ...resource, complianceType: 'NOT_APPLICABLE' as const, annotation: 'no active access keys' };
        // A key without a readable rotation date is never taken as young.
        const old = active
          .map((k) => ({
            slot: k.slot,
            days: k.lastRotated && !isInvalidDate(k.lastRotated) ? Math.floor((now.getTime() - k.lastRotated.getTime()) / DAY) : undefined,
          }))
          .filter((k) => k.days === undefined || k.days > maxAgeDays);
        if (old.length === 0) return { ...resource, complianceType: 'COMPLIANT' as const };
        const what = old.map((k) => (k.days === undefined ? `key ${k.slot} has no readable rotation date` : `key ${k.slot} is ${k.days} days old`)).join(', ');
        return { ...resource, complianceType: 'NON_COMPLIANT' as const, annotation: `${what} (maximum ${maxAgeDays})` };
      });
  },
});
