import { cis, fsbp, type Guardrail } from '../guardrail.ts';

const port = { type: 'integer', minimum: 0, maximum: 65535 };

export const securityGroupAdminPorts: Guardrail<{ ports: number[]; allowedPublicPorts: number[] }> = {
  id: 'security-group-admin-ports',
  title: 'No security group opens admin ports to 0.0.0.0/0 or ::/0',
  reason: 'Open only the ports needed; never expose SSH/RDP to the whole internet.',
  area: 'network',
  severity: 'critical',
  benchmarks: [...cis('5.3', '5.4'), ...fsbp('EC2.13', 'EC2.14')],
  remediation:
    'Remove the rules that open admin ports to the internet and reach instances through Session Manager or a VPN: `aws ec2 revoke-security-group-ingress --group-id SG --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=0.0.0.0/0}]`.',
  parameters: {
    type: 'object',
    properties: {
      ports: {
        type: 'array',
        items: port,
        minItems: 1,
        uniqueItems: true,
        default: [22, 3389],
        description: 'Admin ports that must never be open to the internet.',
      },
      allowedPublicPorts: { type: 'array', items: port, uniqueItems: true, default: [80, 443], description: 'Ports that may be open to the internet.' },
    },
    additionalProperties: false,
  },
  configRule: {
    kind: 'custom',
    ruleId: 'security-group-admin-ports',
    inputParameters: (p) => ({ ports: p.ports.join(','), allowedPublicPorts: p.allowedPublicPorts.join(',') }),
  },
  cases: [],
};
