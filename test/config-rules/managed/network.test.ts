import { describe, expect, it } from 'vitest';
import { ec2Imdsv2Check, naclNoUnrestrictedSshRdp, vpcDefaultSecurityGroupClosed, vpcFlowLogsEnabled } from '../../../config-rules/managed/network.ts';
import { item, permission } from '../fixtures.ts';

const none = { accountItem: () => undefined };

describe('EC2_IMDSV2_CHECK', () => {
  const instance = (httpTokens: string) =>
    item('AWS::EC2::Instance', 'i-1', { instanceId: 'i-1', metadataOptions: { httpTokens, httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 } });
  it('httpTokens required is compliant, optional is not', () => {
    expect(ec2Imdsv2Check.rule.evaluate(instance('required'), {}, none).complianceType).toBe('COMPLIANT');
    expect(ec2Imdsv2Check.rule.evaluate(instance('optional'), {}, none).annotation).toBe('IMDSv2 is not required (metadataOptions.httpTokens "optional")');
  });
});

describe('VPC_DEFAULT_SECURITY_GROUP_CLOSED', () => {
  const group = (groupName: string, ipPermissions: unknown[], ipPermissionsEgress: unknown[] = []) =>
    item('AWS::EC2::SecurityGroup', 'sg-1', { groupId: 'sg-1', groupName, ipPermissions, ipPermissionsEgress });
  it('a default group without rules is compliant; with rules it is not; other groups are not applicable', () => {
    expect(vpcDefaultSecurityGroupClosed.rule.evaluate(group('default', []), {}, none).complianceType).toBe('COMPLIANT');
    expect(
      vpcDefaultSecurityGroupClosed.rule.evaluate(group('default', [], [permission('-1', undefined, undefined, ['0.0.0.0/0'])]), {}, none).annotation,
    ).toBe('the default security group has 0 inbound and 1 outbound rules');
    expect(vpcDefaultSecurityGroupClosed.rule.evaluate(group('web', [permission('tcp', 443, 443, ['0.0.0.0/0'])]), {}, none).complianceType).toBe(
      'NOT_APPLICABLE',
    );
  });
});

describe('NACL_NO_UNRESTRICTED_SSH_RDP', () => {
  const acl = (...entries: object[]) => item('AWS::EC2::NetworkAcl', 'acl-1', { networkAclId: 'acl-1', entries });
  const allowAll = { cidrBlock: '0.0.0.0/0', egress: false, protocol: '-1', ruleAction: 'allow', ruleNumber: 100 };
  it('an allow from 0.0.0.0/0 reaching 22 or 3389 first is noncompliant', () => {
    expect(naclNoUnrestrictedSshRdp.rule.evaluate(acl(allowAll), {}, none).annotation).toBe(
      'rule 100 allows 0.0.0.0/0 to port 22; rule 100 allows 0.0.0.0/0 to port 3389',
    );
    expect(
      naclNoUnrestrictedSshRdp.rule.evaluate(
        acl({ ipv6CidrBlock: '::/0', egress: false, protocol: '6', ruleAction: 'allow', ruleNumber: 10, portRange: { from: 3389, to: 3389 } }),
        {},
        none,
      ).annotation,
    ).toBe('rule 10 allows ::/0 to port 3389');
  });
  it('UDP counts as TCP does: a UDP allow from everywhere, or a TCP-only deny in front of an allow of all traffic, is noncompliant', () => {
    const udpRdp = { cidrBlock: '0.0.0.0/0', egress: false, protocol: '17', ruleAction: 'allow', ruleNumber: 20, portRange: { from: 3389, to: 3389 } };
    expect(naclNoUnrestrictedSshRdp.rule.evaluate(acl(udpRdp), {}, none).annotation).toBe('rule 20 allows 0.0.0.0/0 to port 3389');
    const denyTcp = { cidrBlock: '0.0.0.0/0', egress: false, protocol: '6', ruleAction: 'deny', ruleNumber: 50, portRange: { from: 0, to: 65535 } };
    expect(naclNoUnrestrictedSshRdp.rule.evaluate(acl(allowAll, denyTcp), {}, none).annotation).toBe(
      'rule 100 allows 0.0.0.0/0 to port 22; rule 100 allows 0.0.0.0/0 to port 3389',
    );
  });
  it('a lower-numbered deny, egress entries and narrow ranges are compliant', () => {
    const denySsh = { cidrBlock: '0.0.0.0/0', egress: false, protocol: '6', ruleAction: 'deny', ruleNumber: 50, portRange: { from: 22, to: 22 } };
    const denyRdp = { ...denySsh, ruleNumber: 60, portRange: { from: 3389, to: 3389 } };
    const udp = (e: object) => ({ ...e, protocol: '17', ruleNumber: (e as { ruleNumber: number }).ruleNumber + 1 });
    expect(naclNoUnrestrictedSshRdp.rule.evaluate(acl(allowAll, denySsh, denyRdp, udp(denySsh), udp(denyRdp)), {}, none).complianceType).toBe('COMPLIANT');
    expect(naclNoUnrestrictedSshRdp.rule.evaluate(acl({ ...allowAll, egress: true }), {}, none).complianceType).toBe('COMPLIANT');
    expect(naclNoUnrestrictedSshRdp.rule.evaluate(acl({ ...allowAll, cidrBlock: '10.0.0.0/8' }), {}, none).complianceType).toBe('COMPLIANT');
  });
});

describe('VPC_FLOW_LOGS_ENABLED', () => {
  const vpc = (id: string) => item('AWS::EC2::VPC', id, { vpcId: id });
  const flowLog = (vpcId: string, trafficType: string) => item('AWS::EC2::FlowLog', `fl-${vpcId}`, { resourceId: vpcId, trafficType, flowLogStatus: 'ACTIVE' });
  it('each VPC needs a flow log of the traffic type asked for', () => {
    const out = vpcFlowLogsEnabled.evaluate(
      [vpc('vpc-a'), vpc('vpc-b'), vpc('vpc-c'), flowLog('vpc-a', 'ALL'), flowLog('vpc-b', 'REJECT')],
      { trafficType: 'ALL' },
      {
        accountId: '666666666666',
        region: 'us-west-2',
        everyAccount: [],
      },
    );
    expect(out.map((v) => [v.resourceId, v.complianceType])).toEqual([
      ['vpc-a', 'COMPLIANT'],
      ['vpc-b', 'NON_COMPLIANT'],
      ['vpc-c', 'NON_COMPLIANT'],
    ]);
  });
});
