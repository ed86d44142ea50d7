/** Security groups must not open admin ports (22, 3389, ...) to 0.0.0.0/0 or ::/0, through exact ports, ranges or all-traffic rules. */
import { portList } from '../framework/parameters.ts';
import type { ChangeTriggeredRule } from '../framework/types.ts';

const PROTOCOLS_WITH_PORTS = new Set(['tcp', 'udp', '6', '17']);

interface Permission {
  ipProtocol?: string;
  fromPort?: number;
  toPort?: number;
  ipRanges?: string[];
  ipv4Ranges?: { cidrIp?: string }[];
  ipv6Ranges?: { cidrIpv6?: string }[];
}

export const securityGroupAdminPorts: ChangeTriggeredRule<{ ports: number[]; allowedPublicPorts: number[] }> = {
  id: 'security-group-admin-ports',
  description: 'No ingress from 0.0.0.0/0 or ::/0 to admin ports',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  parameters: (raw) => ({ ports: portList(raw.ports, [22, 3389]), allowedPublicPorts: portList(raw.allowedPublicPorts, [80, 443]) }),
  evaluate(item, { ports, allowedPublicPorts }) {
    const findings: string[] = [];
    for (const p of (item.configuration?.ipPermissions ?? []) as Permission[]) {
      const protocol = String(p.ipProtocol ?? '').toLowerCase();
      const allTraffic = protocol === '-1' || protocol === 'all';
      if (!allTraffic && !PROTOCOLS_WITH_PORTS.has(protocol)) continue;
      const sources = [
        ...(p.ipRanges ?? []).filter((c) => c === '0.0.0.0/0'),
        ...(p.ipv4Ranges ?? []).map((r) => r.cidrIp).filter((c) => c === '0.0.0.0/0'),
        ...(p.ipv6Ranges ?? []).map((r) => r.cidrIpv6).filter((c) => c === '::/0'),
      ];
      if (sources.length === 0) continue;
      const from = allTraffic ? 0 : (p.fromPort ?? 0);
      const to = allTraffic ? 65535 : (p.toPort ?? 65535);
      const exposed = ports.filter((port) => port >= from && port <= to && !allowedPublicPorts.includes(port));
      if (exposed.length === 0) continue;
      const rule = allTraffic ? 'all traffic' : from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`;
      findings.push(`${rule} from ${[...new Set(sources)].join(' and ')} exposes port ${exposed.join(', ')}`);
    }
    return findings.length ? { complianceType: 'NON_COMPLIANT', annotation: findings.join('; ') } : { complianceType: 'COMPLIANT' };
  },
};
