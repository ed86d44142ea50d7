import { describe, expect, it } from 'vitest';
import { securityGroupAdminPorts } from '../../../config-rules/rules/security-group-admin-ports.ts';
import { permission, securityGroup } from '../fixtures.ts';

describe('security-group-admin-ports', () => {
  const params = securityGroupAdminPorts.parameters({ ports: '22,3389', allowedPublicPorts: '80,443' });
  const verdict = (...p: unknown[]) => securityGroupAdminPorts.evaluate(securityGroup(...p), params, { accountItem: () => undefined });

  it('flags admin ports open to the internet, over IPv4 and IPv6', () => {
    expect(verdict(permission('tcp', 22, 22, ['0.0.0.0/0']))).toEqual({ complianceType: 'NON_COMPLIANT', annotation: 'tcp 22 from 0.0.0.0/0 exposes port 22' });
    expect(verdict(permission('tcp', 3389, 3389, [], ['::/0'])).complianceType).toBe('NON_COMPLIANT');
  });
  it('flags port ranges and all-traffic rules that cover admin ports', () => {
    expect(verdict(permission('tcp', 0, 65535, ['0.0.0.0/0'])).annotation).toBe('tcp 0-65535 from 0.0.0.0/0 exposes port 22, 3389');
    expect(verdict(permission('-1', undefined, undefined, ['0.0.0.0/0'])).annotation).toBe('all traffic from 0.0.0.0/0 exposes port 22, 3389');
    expect(verdict(permission('6', 20, 23, ['0.0.0.0/0'])).complianceType).toBe('NON_COMPLIANT');
  });
  it('judges the union of sources: 0.0.0.0/1 plus 128.0.0.0/1, in one rule or two, is the whole internet', () => {
    expect(verdict(permission('tcp', 22, 22, ['0.0.0.0/1', '128.0.0.0/1'])).annotation).toBe('tcp 22 from 0.0.0.0/0 exposes port 22');
    expect(verdict(permission('tcp', 22, 22, ['0.0.0.0/1']), permission('tcp', 0, 1024, ['128.0.0.0/1'])).annotation).toBe(
      'tcp 22 + tcp 0-1024 from 0.0.0.0/0 exposes port 22',
    );
    expect(verdict(permission('tcp', 22, 22, ['0.0.0.0/1'])).complianceType).toBe('COMPLIANT');
  });
  it('allows 80/443 to the internet, admin ports to private ranges, and non-TCP/UDP protocols', () => {
    expect(verdict(permission('tcp', 443, 443, ['0.0.0.0/0'], ['::/0']), permission('tcp', 80, 80, ['0.0.0.0/0']))).toEqual({ complianceType: 'COMPLIANT' });
    expect(verdict(permission('tcp', 22, 22, ['10.0.0.0/8'])).complianceType).toBe('COMPLIANT');
    expect(verdict(permission('icmp', -1, -1, ['0.0.0.0/0'])).complianceType).toBe('COMPLIANT');
  });
  it('reads ports and allowed public ports from parameters, which the deployment always passes', () => {
    const custom = securityGroupAdminPorts.parameters({ ports: '22,5432', allowedPublicPorts: '443' });
    const ctx = { accountItem: () => undefined };
    expect(securityGroupAdminPorts.evaluate(securityGroup(permission('tcp', 5432, 5432, ['0.0.0.0/0'])), custom, ctx).complianceType).toBe('NON_COMPLIANT');
    expect(securityGroupAdminPorts.evaluate(securityGroup(permission('tcp', 3389, 3389, ['0.0.0.0/0'])), custom, ctx).complianceType).toBe('COMPLIANT');
    expect(() => securityGroupAdminPorts.parameters({ ports: '22,ssh', allowedPublicPorts: '' })).toThrow(/"ssh" is not a port number/);
    expect(() => securityGroupAdminPorts.parameters({})).toThrow('rule parameter ports is missing');
  });
});
