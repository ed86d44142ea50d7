/**
 * What a set of CIDR ranges admits, as one union: `0.0.0.0/1` plus `128.0.0.0/1` admits every
 * IPv4 address just as `0.0.0.0/0` does. Used for `aws:SourceIp` conditions (IpAddress takes a
 * list of ranges, any of which matches — IAM JSON policy elements: condition operators) and for
 * security group and network ACL sources.
 */
import { isIP } from 'node:net';

type Family = 4 | 6;
interface Range {
  family: Family;
  first: bigint;
  last: bigint;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

function addressValue(address: string, family: Family): bigint {
  if (family === 4) return address.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
  // Expand `::` and an embedded IPv4 tail into eight 16-bit groups.
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = addressValue(v4[1], 4);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

/** A CIDR (or a bare address) as a range; undefined when it is not one. */
export function cidrRange(cidr: string): Range | undefined {
  const [address, prefixText, extra] = String(cidr).trim().split('/');
  const family = isIP(address) as 0 | Family;
  if (!family || extra !== undefined) return undefined;
  const bits = BITS[family];
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits || (prefixText !== undefined && !/^\d+$/.test(prefixText))) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = (addressValue(address, family) / size) * size;
  return { family, first, last: first + size - 1n };
}

/** Whether the union of the ranges admits every address of the family (IPv4 or IPv6). */
export function coversEveryAddress(cidrs: Iterable<string>, family: Family): boolean {
  const list = [...cidrs];
  // Fast answers without parsing addresses: a /0 of the family covers all; ranges whose sizes add up to less than the space cannot.
  let share = 0;
  for (const c of list) {
    const slash = typeof c === 'string' ? c.lastIndexOf('/') : -1;
    if (slash < 0 || isIP(c.slice(0, slash)) !== family) continue;
    const prefix = Number(c.slice(slash + 1));
    if (prefix === 0 && c.slice(slash + 1) === '0') return true;
    if (Number.isInteger(prefix) && prefix > 0) share += 2 ** -prefix;
  }
  if (share < 1) return false;
  const ranges = list
    .map(cidrRange)
    .filter((r): r is Range => r?.family === family)
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = 0n;
  for (const r of ranges) {
    if (r.first > next) return false;
    if (r.last + 1n > next) next = r.last + 1n;
  }
  return next === 1n << BigInt(BITS[family]);
}

/** The families (IPv4, IPv6) whose every address the ranges admit, as the world-open CIDR names them. */
export const worldOpen = (cidrs: string[]): string[] =>
  [coversEveryAddress(cidrs, 4) ? '0.0.0.0/0' : undefined, coversEveryAddress(cidrs, 6) ? '::/0' : undefined].filter((x): x is string => x !== undefined);
