import { cis, exempt, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const iamUsersGroupsOnly: Guardrail = {
  id: 'iam-users-groups-only',
  title: 'IAM users get permissions only through groups',
  reason: 'Least privilege: permissions are managed per role of a person, not per person.',
  area: 'least-privilege',
  severity: 'low',
  benchmarks: [...cis('1.14'), ...fsbp('IAM.2')],
  remediation:
    "Move the user's policies to a group and add the user to it: `aws iam add-user-to-group`, then `aws iam detach-user-policy` / `aws iam delete-user-policy` for each policy on the user.",
  parameters: noParameters,
  scp: (_p, ctx) => [
    exempt({ Sid: 'DenyPoliciesOnUsers', Effect: 'Deny', Action: ['iam:AttachUserPolicy', 'iam:PutUserPolicy'], Resource: '*' }, [
      ...ctx.breakGlass,
      ...ctx.automation,
    ]),
  ],
  configRule: { kind: 'managed', scope: 'global', identifier: 'IAM_USER_NO_POLICIES_CHECK' },
  cases: [
    { name: 'policies cannot be attached to users', action: 'iam:AttachUserPolicy', expect: 'deny' },
    { name: 'inline user policies are refused', action: 'iam:PutUserPolicy', expect: 'deny' },
    { name: 'group policies are fine', action: 'iam:AttachGroupPolicy', expect: 'allow' },
  ],
};
