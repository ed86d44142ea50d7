import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const defaultSecurityGroupClosed: Guardrail = {
  id: 'default-security-group-closed',
  title: "Every VPC's default security group allows no traffic",
  reason: 'Open only the ports needed; resources launched without a chosen group get no access.',
  area: 'network',
  severity: 'medium',
  benchmarks: [...cis('5.5'), ...fsbp('EC2.2')],
  remediation:
    "Remove every inbound and outbound rule of the VPC's default security group (`aws ec2 revoke-security-group-ingress` / `revoke-security-group-egress --group-id SG --ip-permissions ...`) and give resources purpose-made groups.",
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'VPC_DEFAULT_SECURITY_GROUP_CLOSED' },
  cases: [],
};
