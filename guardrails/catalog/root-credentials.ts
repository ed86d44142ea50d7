import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const rootCredentials: Guardrail = {
  id: 'root-credentials',
  title: 'Root user has MFA and no access keys',
  reason: 'Leave no access keys on the root user and protect it with MFA.',
  area: 'identity',
  severity: 'critical',
  benchmarks: [...cis('1.3', '1.4'), ...fsbp('IAM.4', 'IAM.9')],
  remediation:
    "Delete the root access keys and give the root user MFA: sign in as root, Security credentials > Access keys > Delete, and Multi-factor authentication > Assign MFA device; or remove member accounts' root credentials centrally (IAM > Root access management).",
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'root-credentials',
  },
  cases: [],
};
