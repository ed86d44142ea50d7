import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const naclAdminPorts: Guardrail = {
  id: 'nacl-admin-ports',
  title: 'No network ACL admits 0.0.0.0/0 or ::/0 to SSH (22) or RDP (3389)',
  reason: 'Open only the ports needed; never expose SSH/RDP to the whole internet.',
  area: 'network',
  severity: 'medium',
  benchmarks: [...cis('5.2'), ...fsbp('EC2.21')],
  remediation:
    'Replace the entry with one limited to known ranges, or add a lower-numbered deny: `aws ec2 replace-network-acl-entry --network-acl-id ACL --ingress --rule-number N --protocol tcp --port-range From=22,To=22 --cidr-block 10.0.0.0/8 --rule-action allow`.',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'NACL_NO_UNRESTRICTED_SSH_RDP' },
  cases: [],
};
