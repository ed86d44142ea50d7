import { cis, type Guardrail } from '../guardrail.ts';

/** AWS's documented example "Prevent actions by the root user" (ArnLike on aws:PrincipalArn). */
export const denyRootUser: Guardrail<{ exemptActions: string[] }> = {
  id: 'deny-root-user',
  title: "Deny every action by member accounts' root users",
  reason: 'The root user must not be used day to day; administrators use individual identities.',
  area: 'identity',
  severity: 'critical',
  benchmarks: [...cis('1.6')],
  remediation:
    'Do the task with an IAM Identity Center or role session instead of the root user; where only root can do it, use centralized root access (IAM > Root access management > Take privileged action) and record why.',
  parameters: {
    type: 'object',
    properties: {
      exemptActions: {
        type: 'array',
        items: { type: 'string' },
        default: [],
        description: 'Actions root may still call (e.g. for centralized root access tasks).',
      },
    },
    additionalProperties: false,
  },
  scp: ({ exemptActions }) => [
    {
      Sid: 'DenyRootUser',
      Effect: 'Deny',
      ...(exemptActions.length ? { NotAction: exemptActions } : { Action: '*' }),
      Resource: '*',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } },
    },
  ],
  cases: [
    { name: 'root cannot create users', principal: 'root', action: 'iam:CreateUser', expect: 'deny' },
    { name: 'root cannot read S3', principal: 'root', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', expect: 'deny' },
    { name: 'a role is unaffected', principal: 'role/Developer', action: 'iam:CreateUser', expect: 'allow' },
    {
      name: 'exempted action stays open to root',
      principal: 'root',
      action: 'iam:DeleteVirtualMFADevice',
      with: { exemptActions: ['iam:DeleteVirtualMFADevice'] },
      expect: 'allow',
    },
  ],
};
