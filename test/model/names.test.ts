/** Deployed names stay within AWS's rules and unique. */
import { describe, expect, it } from 'vitest';
import { automationRolePatterns, partitionOf, POLICY_NAME_MAX, policyName } from '../../src/model/names.ts';

describe('deployed names', () => {
  it('SCP names stay within 128 characters and unique when slugs are long or collide', () => {
    const long = `Workloads/${'Team'.repeat(60)}`;
    const name = policyName(long, 1);
    expect(name.length).toBeLessThanOrEqual(POLICY_NAME_MAX);
    expect(policyName(`${long}x`, 1)).not.toBe(name);
    const taken = new Set([policyName('A/B', 1)]);
    expect(policyName('A_B', 1, (n) => taken.has(n))).not.toBe(policyName('A/B', 1));
    expect(policyName('Workloads', 2)).toBe('guardrails-Workloads-2');
  });

  it('ARNs use the partition of the home region', () => {
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(automationRolePatterns('aws-cn')[0]).toBe('arn:aws-cn:iam::*:role/stacksets-exec-*');
  });
});
