/**
 * The order the engine may create resources in. Pulumi (and CloudFormation) start a resource as
 * soon as everything it waits for exists, in parallel: any topological order is possible. The
 * rehearsal walks seeded random ones, so a missing dependsOn fails deterministically for a seed.
 * Seed 0 is the adversary: always the last-declared ready resource first.
 */

/** mulberry32: a tiny seeded generator (public domain). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A topological order of `items` (each waits for `after(item)` names among them), ties broken by `random`; undefined random = last first. */
export function creationOrder<T>(items: T[], key: (t: T) => string, after: (t: T) => string[], random?: () => number): T[] {
  const byKey = new Map(items.map((t) => [key(t), t]));
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const t of items) {
    const deps = [...new Set(after(t))].filter((d) => byKey.has(d) && d !== key(t));
    waiting.set(key(t), deps.length);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), key(t)]);
  }
  const ready = items.filter((t) => waiting.get(key(t)) === 0).map(key);
  const out: T[] = [];
  while (ready.length) {
    const i = random ? Math.floor(random() * ready.length) : ready.length - 1;
    const [k] = ready.splice(i, 1);
    out.push(byKey.get(k)!);
    for (const d of dependents.get(k) ?? []) {
      const n = waiting.get(d)! - 1;
      waiting.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  if (out.length !== items.length) throw new Error('dependency cycle among resources');
  return out;
}
