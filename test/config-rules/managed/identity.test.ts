import { describe, expect, it } from 'vitest';
import { iamUserNoPoliciesCheck, iamUserUnusedCredentialsCheck } from '../../../config-rules/managed/identity.ts';
import { item } from '../fixtures.ts';
import { context, report } from '../rules/credential-report-rules.fixture.ts';
import { parseCredentialReport } from '../../../config-rules/framework/credential-report.ts';

const none = { accountItem: () => undefined };

describe('IAM_USER_NO_POLICIES_CHECK', () => {
  const user = (configuration: object) =>
    item('AWS::IAM::User', 'AIDAEXAMPLE', { userName: 'u', groupList: ['developers'], attachedManagedPolicies: [], userPolicyList: [], ...configuration });
  it('permissions only through groups is compliant; attached or inline policies are not', () => {
    expect(iamUserNoPoliciesCheck.rule.evaluate(user({}), {}, none).complianceType).toBe('COMPLIANT');
    expect(
      iamUserNoPoliciesCheck.rule.evaluate(
        user({
          attachedManagedPolicies: [{ policyName: 'AdministratorAccess', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
          userPolicyList: [{ policyName: 'inline' }],
        }),
        {},
        none,
      ).annotation,
    ).toBe('policies attached to the user directly: AdministratorAccess, inline');
  });
});

describe('IAM_USER_UNUSED_CREDENTIALS_CHECK', () => {
  it('a password or active key unused (or, never used, older) than the maximum is noncompliant', () => {
    const out = Object.fromEntries(
      iamUserUnusedCredentialsCheck
        .evaluate(report(true, false), { maxCredentialUsageAge: '45' }, context)
        .map((v) => [v.resourceId, `${v.complianceType} ${v.annotation ?? ''}`.trim()]),
    );
    expect(out).toEqual({
      alice: 'COMPLIANT',
      bob: 'NON_COMPLIANT password unused for 332 days, access key 1 unused for 181 days (maximum 45)',
      ci: 'COMPLIANT',
    });
  });
  it('an unreadable date is never taken as recent', () => {
    const csv =
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date\nx,arn:aws:iam::111122223333:user/x,2024-01-01T00:00:00+00:00,true,sometime,N/A,true,false,N/A,N/A\n';
    expect(iamUserUnusedCredentialsCheck.evaluate(parseCredentialReport(csv), {}, context)[0]).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'password has no readable last-used or creation date (maximum 90)',
    });
  });
});
