import { cis, noParameters, type Guardrail } from '../guardrail.ts';

export const singleActiveAccessKey: Guardrail = {
  id: 'single-active-access-key',
  title: 'Each IAM user has at most one active access key',
  reason: 'Passwords and access keys are renewed regularly: one key per user, rotated, not two kept alive.',
  area: 'identity',
  severity: 'medium',
  benchmarks: [...cis('1.12')],
  remediation:
    'Deactivate and delete the key no longer used: `aws iam list-access-keys --user-name USER`, `aws iam update-access-key --status Inactive --access-key-id KEY --user-name USER`, `aws iam delete-access-key --access-key-id KEY --user-name USER`.',
  parameters: noParameters,
  configRule: { kind: 'custom', scope: 'global', ruleId: 'single-active-access-key' },
  cases: [],
};
