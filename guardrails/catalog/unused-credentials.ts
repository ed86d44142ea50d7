import { cis, fsbp, type Guardrail } from '../guardrail.ts';

export const unusedCredentials: Guardrail<{ maxUnusedDays: number }> = {
  id: 'unused-credentials',
  title: 'Passwords and access keys unused for 45 days are disabled',
  reason: 'Abandoned credentials are a way in nobody watches.',
  area: 'identity',
  severity: 'medium',
  benchmarks: [...cis('1.11'), ...fsbp('IAM.22')],
  remediation:
    'Deactivate or delete what is unused: `aws iam update-access-key --status Inactive --access-key-id KEY --user-name USER`, `aws iam delete-login-profile --user-name USER` (IAM > Users > user > Security credentials).',
  parameters: {
    type: 'object',
    properties: { maxUnusedDays: { type: 'integer', minimum: 1, maximum: 365, default: 45, description: 'Days a password or active key may go unused.' } },
    additionalProperties: false,
  },
  configRule: {
    kind: 'managed',
    scope: 'global',
    identifier: 'IAM_USER_UNUSED_CREDENTIALS_CHECK',
    inputParameters: (p) => ({ maxCredentialUsageAge: String(p.maxUnusedDays) }),
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  cases: [],
};
