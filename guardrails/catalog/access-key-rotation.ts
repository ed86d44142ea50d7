import { cis, fsbp, type Guardrail } from '../guardrail.ts';

export const accessKeyRotation: Guardrail<{ maxAgeDays: number }> = {
  id: 'access-key-rotation',
  title: 'Active access keys are rotated',
  reason: 'Passwords and access keys are renewed regularly.',
  area: 'identity',
  severity: 'medium',
  benchmarks: [...cis('1.13'), ...fsbp('IAM.3')],
  remediation:
    'Create a new key, switch the application to it, then retire the old one: `aws iam create-access-key --user-name USER`, `aws iam update-access-key --status Inactive --access-key-id OLD --user-name USER`, `aws iam delete-access-key --access-key-id OLD --user-name USER`.',
  parameters: {
    type: 'object',
    properties: { maxAgeDays: { type: 'integer', minimum: 1, maximum: 3650, default: 90 } },
    additionalProperties: false,
  },
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'access-key-age',
    inputParameters: (p) => ({ maxAgeDays: String(p.maxAgeDays) }),
  },
  cases: [],
};
