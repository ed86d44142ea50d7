import { noParameters, type Guardrail } from '../guardrail.ts';

/** AWS's documented example "Prevent member accounts from leaving the organization"; no exemption: leaving escapes every guardrail. */
export const denyLeaveOrganization: Guardrail = {
  id: 'deny-leave-organization',
  title: 'Member accounts cannot leave the organization',
  reason: 'An account outside the organization escapes central logging, detection and every guardrail.',
  area: 'organization',
  severity: 'critical',
  benchmarks: [],
  remediation:
    'An account that left must be invited back (`aws organizations invite-account-to-organization --target Id=ACCOUNT,Type=ACCOUNT`) and its baseline re-applied.',
  parameters: noParameters,
  scp: () => [{ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }],
  cases: [
    { name: 'a role cannot leave', action: 'organizations:LeaveOrganization', expect: 'deny' },
    { name: 'not even break-glass', principal: 'role/BreakGlass', action: 'organizations:LeaveOrganization', expect: 'deny' },
    { name: 'describing the organization is fine', action: 'organizations:DescribeOrganization', expect: 'allow' },
  ],
};
