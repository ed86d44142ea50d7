/**
 * Security groups must not open admin ports (22, 3389, ...) to the whole internet, through exact
 * ports, ranges or all-traffic rules. "The whole internet" is judged on the union of the sources
 * that reach a port across the group's rules: 0.0.0.0/1 plus 128.0.0.0/1 is 0.0.0.0/0.
 */
import { worldOpen } from '../../src/iam/cidr.ts';
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

interface Opening {
  rule: string;
  from: number;
  to: number;
  sources: string[];
}

function openingOf(p: Permission): Opening | undefined {
  const protocol = String(p.ipProtocol ?? '').toLowerCase();
  const allTraffic = protocol === '-1' || protocol === 'all';
  if (!allTraffic && !PROTOCOLS_WITH_PORTS.has(protocol)) return undefined;
  const sources = [...(p.ipRanges ?? []).map(String), ...(p.ipv4Ranges ?? []).map((r) => r?.cidrIp), ...(p.ipv6Ranges ?? []).map((r) => r?.cidrIpv6)].filter(
    (c): c is string => typeof c === 'string',
  );
  const from = allTraffic ? 0 : (p.fromPort ?? 0);
  const to = allTraffic ? 65535 : (p.toPort ?? 65535);
  return { rule: allTraffic ? 'all traffic' : from === to ? `${protocol} ${from}` : `${protocol} ${from}-${to}`, from, to, sources };
}

export const securityGroupAdminPorts: ChangeTriggeredRule<{ ports: number[]; allowedPublicPorts: number[] }> = {
  id: 'security-group-admin-ports',
  description: 'No ingress from the whole internet (0.0.0.0/0, ::/0, or ranges adding up to them) to admin ports',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  parameters: (raw) => ({ ports: portList(raw, 'ports'), allowedPublicPorts: portList(raw, 'allowedPublicPorts', true) }),
  evaluate(item, { ports, allowedPublicPorts }) {
    const permissions = item.configuration.ipPermissions;
    if (permissions !== undefined && !Array.isArray(permissions)) throw new Error('ipPermissions is not a list');
    const openings = ((permissions ?? []) as Permission[]).map(openingOf).filter((o): o is Opening => o !== undefined);
    // Ports reached by the same rules from the same sources are said once: "tcp 0-65535 from 0.0.0.0/0 exposes port 22, 3389".
    const findings = new Map<string, number[]>();
    for (const port of ports.filter((p) => !allowedPublicPorts.includes(p))) {
      const reaching = openings.filter((o) => port >= o.from && port <= o.to);
      const open = worldOpen(reaching.flatMap((o) => o.sources));
      if (open.length === 0) continue;
      const rules = [...new Set(reaching.map((o) => o.rule))].join(' + ');
      const key = `${rules} from ${open.join(' and ')}`;
      findings.set(key, [...(findings.get(key) ?? []), port]);
    }
    return findings.size
      ? { complianceType: 'NON_COMPLIANT', annotation: [...findings].map(([k, p]) => `${k} exposes port ${p.join(', ')}`).join('; ') }
      : { complianceType: 'COMPLIANT' };
  },
};
