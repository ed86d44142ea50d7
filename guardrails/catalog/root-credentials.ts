import { noParameters, type Guardrail } from '../guardrail.ts';

export const rootCredentials: Guardrail = {
  id: 'root-credentials',
  title: 'Root user has MFA and no access keys',
  reason: 'Leave no access keys on the root user and protect it with MFA.',
  area: 'identity',
  severity: 'critical',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'root-credentials',
  },
  cases: [],
};
