import { noParameters, type Guardrail } from '../guardrail.ts';

export const noAdminPolicies: Guardrail = {
  id: 'no-admin-policies',
  title: 'No customer managed policy grants "*" on "*"',
  reason: 'Least privilege: give users and services only the permissions they need.',
  area: 'least-privilege',
  severity: 'high',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'iam-policy-no-admin',
  },
  cases: [],
};
