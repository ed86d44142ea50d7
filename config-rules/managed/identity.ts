/** Managed rules over IAM users: items and the credential report. */
import { isInvalidDate, userResource, type CredentialReportRow } from '../framework/credential-report.ts';
import { asList } from '../../src/iam/policy.ts';
import { docOf, itemEvaluator, verdict, type CredentialReportEvaluator } from './types.ts';

/** iam-user-no-policies-check: the user has no attached managed and no inline policies (permissions come through groups). */
export const iamUserNoPoliciesCheck = itemEvaluator('IAM_USER_NO_POLICIES_CHECK', ['AWS::IAM::User'], (item) => {
  const attached = asList(item.configuration.attachedManagedPolicies).map((p: any) => p?.policyName ?? p?.policyArn);
  const inline = asList(item.configuration.userPolicyList).map((p: any) => p?.policyName);
  const names = [...attached, ...inline].filter(Boolean);
  return verdict(names.length === 0, `policies attached to the user directly: ${names.join(', ')}`);
});

const DAY = 86_400_000;

/** Unused credentials of one user: a password or active key not used (or, never used, not created/rotated) within maxDays. */
function unusedCredentials(r: CredentialReportRow, maxDays: number, now: Date): string[] {
  const age = (d: Date | undefined) => (d === undefined ? undefined : isInvalidDate(d) ? NaN : Math.floor((now.getTime() - d.getTime()) / DAY));
  const stale = (label: string, lastUsed: Date | undefined, since: Date | undefined) => {
    const days = age(lastUsed ?? since);
    if (days === undefined || Number.isNaN(days)) return `${label} has no readable last-used or creation date`;
    return days > maxDays ? `${label} unused for ${days} days` : undefined;
  };
  return [
    r.passwordEnabled ? stale('password', r.passwordLastUsed, r.passwordLastChanged ?? r.userCreationTime) : undefined,
    ...r.accessKeys.filter((k) => k.active).map((k) => stale(`access key ${k.slot}`, k.lastUsed, k.lastRotated)),
  ].filter((x): x is string => x !== undefined);
}

/** iam-user-unused-credentials-check: maxCredentialUsageAge days (the rule's default is 90). */
export const iamUserUnusedCredentialsCheck: CredentialReportEvaluator = {
  identifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK',
  doc: docOf('IAM_USER_UNUSED_CREDENTIALS_CHECK'),
  kind: 'credential-report',
  evaluate(report, params, { accountId, now }) {
    const maxDays = Number(params.maxCredentialUsageAge ?? 90);
    return report.rows
      .filter((r) => !r.isRoot && r.accountId === accountId)
      .map((r) => {
        const findings = unusedCredentials(r, maxDays, now);
        return { ...userResource(r), ...verdict(findings.length === 0, `${findings.join(', ')} (maximum ${maxDays})`) };
      });
  },
};

export const identityEvaluators = [iamUserNoPoliciesCheck, iamUserUnusedCredentialsCheck];
