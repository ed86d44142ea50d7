import { noParameters, type Guardrail } from '../guardrail.ts';

export const consoleMfa: Guardrail = {
  id: 'console-mfa',
  title: 'IAM users with a console password have MFA',
  reason: 'MFA is required for every account and every human sign-in.',
  area: 'identity',
  severity: 'high',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'iam-user-mfa',
  },
  cases: [],
};
