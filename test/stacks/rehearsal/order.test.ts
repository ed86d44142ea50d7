import { describe, expect, it } from 'vitest';
import { creationOrder, seededRandom } from '../../../stacks/rehearsal/order.ts';

const graph = [
  { name: 'a', after: [] },
  { name: 'b', after: ['a'] },
  { name: 'c', after: [] },
  { name: 'd', after: ['b', 'c'] },
  { name: 'e', after: [] },
];
const order = (seed?: number) =>
  creationOrder(
    graph,
    (x) => x.name,
    (x) => x.after,
    seed === undefined ? undefined : seededRandom(seed),
  ).map((x) => x.name);

describe('creation order', () => {
  it('every order respects what each resource waits for, and a seed always gives the same order', () => {
    for (const seed of [undefined, 1, 2, 3, 42]) {
      const o = order(seed);
      expect(o.indexOf('a')).toBeLessThan(o.indexOf('b'));
      expect(o.indexOf('b')).toBeLessThan(o.indexOf('d'));
      expect(o.indexOf('c')).toBeLessThan(o.indexOf('d'));
      expect(order(seed)).toEqual(o);
    }
    expect(new Set([1, 2, 3, 4, 5, 6].map((s) => order(s).join(''))).size).toBeGreaterThan(1);
  });

  it('the adversary (no seed) starts the last-declared ready resource first', () => {
    expect(order()[0]).toBe('e');
  });

  it('a cycle is an error', () => {
    expect(() =>
      creationOrder(
        [
          { n: 'x', a: ['y'] },
          { n: 'y', a: ['x'] },
        ],
        (x) => x.n,
        (x) => x.a,
      ),
    ).toThrow(/cycle/);
  });
});
