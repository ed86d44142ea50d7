import { describe, expect, it } from 'vitest';
import { cidrRange, coversEveryAddress, worldOpen } from '../../src/iam/cidr.ts';

describe('CIDR unions', () => {
  it('a set of ranges that together admit everyone is world-open', () => {
    expect(coversEveryAddress(['0.0.0.0/1', '128.0.0.0/1'], 4)).toBe(true);
    expect(coversEveryAddress(['0.0.0.0/0'], 4)).toBe(true);
    expect(coversEveryAddress(['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/1'], 4)).toBe(true);
    expect(coversEveryAddress(['::/1', '8000::/1'], 6)).toBe(true);
    expect(worldOpen(['0.0.0.0/1', '128.0.0.0/1', '::/0'])).toEqual(['0.0.0.0/0', '::/0']);
  });
  it('a gap, however small, is not world-open', () => {
    expect(coversEveryAddress(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/3', '224.0.0.0/4', '240.0.0.0/5'], 4)).toBe(false);
    expect(coversEveryAddress(['10.0.0.0/8'], 4)).toBe(false);
    expect(coversEveryAddress(['0.0.0.0/0'], 6)).toBe(false);
    expect(worldOpen(['203.0.113.0/24'])).toEqual([]);
  });
  it('normalizes host bits and refuses what is not a CIDR', () => {
    expect(cidrRange('10.1.2.3/8')).toEqual({ family: 4, first: 10n << 24n, last: (11n << 24n) - 1n });
    expect(cidrRange('2001:db8::/32')?.family).toBe(6);
    expect(cidrRange('::ffff:1.2.3.4')?.first).toBe(0xffff01020304n);
    for (const bad of ['10.0.0.0/33', 'x/8', '10.0.0.0/8/1', '10.0.0.0/']) expect(cidrRange(bad)).toBeUndefined();
  });
});
