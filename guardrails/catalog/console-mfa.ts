import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const consoleMfa: Guardrail = {
  id: 'console-mfa',
  title: 'IAM users with a console password have MFA',
  reason: 'MFA is required for every account and every human sign-in.',
  area: 'identity',
  severity: 'high',
  benchmarks: [...cis('1.9'), ...fsbp('IAM.5')],
  remediation:
    'Assign an MFA device to the user (IAM > Users > user > Security credentials > Assign MFA device), or remove the console password: `aws iam delete-login-profile --user-name USER`.',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'iam-user-mfa',
  },
  cases: [],
};
