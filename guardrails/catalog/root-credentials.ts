import { noParameters, type Guardrail } from '../guardrail.ts';

export const rootCredentials: Guardrail = {
  id: 'root-credentials',
  title: 'Root user has MFA and no access keys',
  reason: 'Leave no access keys on the root user and protect it with MFA.',
  area: 'identity',
  severity: 'critical',
  benchmarks: [
    { framework: 'CIS AWS Foundations Benchmark v5.0.0', id: '1.3' },
    { framework: 'CIS AWS Foundations Benchmark v5.0.0', id: '1.4' },
    { framework: 'AWS Foundational Security Best Practices', id: 'IAM.4' },
    { framework: 'AWS Foundational Security Best Practices', id: 'IAM.9' },
  ],
  remediation:
    'Sign in as the root user, open Security credentials, delete every access key and assign an MFA device; or remove root credentials centrally (IAM > Root access management).',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'root-credentials',
  },
  cases: [],
};
