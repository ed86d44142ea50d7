import type { Guardrail } from '../guardrail.ts';

const port = { type: 'integer', minimum: 0, maximum: 65535 };

export const securityGroupAdminPorts: Guardrail<{ ports: number[]; allowedPublicPorts: number[] }> = {
  id: 'security-group-admin-ports',
  title: 'No security group opens admin ports to 0.0.0.0/0 or ::/0',
  reason: 'Open only the ports needed; never expose SSH/RDP to the whole internet.',
  area: 'network',
  severity: 'critical',
  benchmarks: [
    { framework: 'AWS Foundational Security Best Practices', id: 'EC2.53' },
    { framework: 'AWS Foundational Security Best Practices', id: 'EC2.54' },
  ],
  remediation: 'Remove the 0.0.0.0/0 and ::/0 ingress rules on admin ports; reach hosts through SSM Session Manager or a VPN range instead.',
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
