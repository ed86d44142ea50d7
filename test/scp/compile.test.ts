import { describe, expect, it } from 'vitest';
import { policyName } from '../../src/model/names.ts';
import { nameProblem, POLICY_NAME } from '../../src/model/organizations-names.ts';

describe('SCP names', () => {
  it('stay within AWS CreatePolicy rules (128 characters) for the deepest OU paths, and stay distinct', () => {
    const deep = Array.from({ length: 5 }, (_, i) => `${'ou'.repeat(60)}${i}`).join('/');
    const a = policyName(deep, 1);
    const b = policyName(`${deep}x`, 1);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(nameProblem(POLICY_NAME, a)).toBeUndefined();
    expect(a).not.toBe(b);
    expect(policyName('Workloads/Prod', 2)).toBe('guardrails-Workloads_Prod-2');
  });
});
