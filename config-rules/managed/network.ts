/** Managed rules over EC2 and VPC items. */
import { coversEveryAddress } from '../../src/iam/cidr.ts';
import { asList } from '../../src/iam/policy.ts';
import { accountEvaluator, itemEvaluator, verdict } from './types.ts';

/** ec2-imdsv2-check: the instance's metadataOptions.httpTokens is "required". */
export const ec2Imdsv2Check = itemEvaluator('EC2_IMDSV2_CHECK', ['AWS::EC2::Instance'], (item) => {
  const tokens = item.configuration.metadataOptions?.httpTokens;
  return verdict(tokens === 'required', `IMDSv2 is not required (metadataOptions.httpTokens ${JSON.stringify(tokens ?? null)})`);
});

/** vpc-default-security-group-closed: the default security group has no inbound and no outbound rules; other groups are NOT_APPLICABLE. */
export const vpcDefaultSecurityGroupClosed = itemEvaluator('VPC_DEFAULT_SECURITY_GROUP_CLOSED', ['AWS::EC2::SecurityGroup'], (item) => {
  if (item.configuration.groupName !== 'default') return { complianceType: 'NOT_APPLICABLE', annotation: 'not a default security group' };
  const inbound = asList(item.configuration.ipPermissions).length;
  const outbound = asList(item.configuration.ipPermissionsEgress).length;
  return verdict(inbound + outbound === 0, `the default security group has ${inbound} inbound and ${outbound} outbound rules`);
});

interface AclEntry {
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  egress?: boolean;
  protocol?: string;
  ruleAction?: string;
  ruleNumber?: number;
  portRange?: { from?: number; to?: number } | null;
}

const ADMIN_PORTS = [22, 3389];
/**
 * The managed rule counts TCP and UDP ("NON_COMPLIANT if a NACL inbound entry allows a source TCP or UDP CIDR block
 * for ports 22 or 3389", AWS Config Developer Guide, nacl-no-unrestricted-ssh-rdp); RDP also listens on UDP 3389.
 * An entry for all traffic (-1) covers both, on every port.
 */
const PORT_PROTOCOLS = [
  ['6', 'tcp'],
  ['17', 'udp'],
];
const reachesPort = (entry: AclEntry, protocol: string[], port: number) =>
  entry.protocol === '-1' || (protocol.includes(String(entry.protocol)) && (entry.portRange?.from ?? 0) <= port && port <= (entry.portRange?.to ?? 65535));

export const naclNoUnrestrictedSshRdp = itemEvaluator('NACL_NO_UNRESTRICTED_SSH_RDP', ['AWS::EC2::NetworkAcl'], (item) => {
  const inbound = (asList(item.configuration.entries) as AclEntry[])
    .filter((e) => e && e.egress !== true)
    .sort((a, b) => (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0));
  const open = new Set<string>();
  for (const port of ADMIN_PORTS) {
    for (const family of [4, 6] as const) {
      const world = family === 4 ? '0.0.0.0/0' : '::/0';
      for (const protocol of PORT_PROTOCOLS) {
        const first = inbound.find((e) => reachesPort(e, protocol, port) && coversEveryAddress([(family === 4 ? e.cidrBlock : e.ipv6CidrBlock) ?? ''], family));
        if (first?.ruleAction === 'allow') open.add(`rule ${first.ruleNumber} allows ${world} to port ${port}`);
      }
    }
  }
  return verdict(open.size === 0, [...open].join('; '));
});

/**
 * vpc-flow-logs-enabled: every VPC has a flow log (of the trafficType the rule asks for, if any).
 * Reads AWS::EC2::VPC and AWS::EC2::FlowLog items of one account and region.
 */
export const vpcFlowLogsEnabled = accountEvaluator('VPC_FLOW_LOGS_ENABLED', ['AWS::EC2::VPC', 'AWS::EC2::FlowLog'], (items, params) => {
  const wanted = params.trafficType;
  const logged = new Set(
    items
      .filter((i) => i.resourceType === 'AWS::EC2::FlowLog' && (!wanted || i.configuration?.trafficType === wanted))
      .map((i) => String(i.configuration?.resourceId ?? '')),
  );
  return items
    .filter((i) => i.resourceType === 'AWS::EC2::VPC')
    .map((vpc) => ({
      resourceType: 'AWS::EC2::VPC',
      resourceId: vpc.resourceId,
      ...verdict(logged.has(vpc.resourceId), `no flow log${wanted ? ` with trafficType ${wanted}` : ''} for the VPC`),
    }));
});

export const networkEvaluators = [ec2Imdsv2Check, vpcDefaultSecurityGroupClosed, naclNoUnrestrictedSshRdp, vpcFlowLogsEnabled];
