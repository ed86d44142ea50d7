import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const noAdminPolicies: Guardrail = {
  id: 'no-admin-policies',
  title: 'No customer managed policy grants "*" on "*"',
  reason: 'Least privilege: give users and services only the permissions they need.',
  area: 'least-privilege',
  severity: 'high',
  benchmarks: [...cis('1.15'), ...fsbp('IAM.1')],
  remediation:
    'Replace the statement granting every action on every resource with the actions and resources needed, as the default version: `aws iam create-policy-version --policy-arn ARN --policy-document file://least-privilege.json --set-as-default`.',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'iam-policy-no-admin',
  },
  cases: [],
};
