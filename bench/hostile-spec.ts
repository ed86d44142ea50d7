/**
 * Hostile specs cost time linear in their size: one mapping of 10,000 and of 40,000 keys
 * (each key once more as a duplicate), parsed and validated side by side.
 * Goal: 4x the keys takes under 6x the time (it took 16x and more while duplicate keys were
 * found by comparing each key with every earlier one: 40,000 keys, 38 s).
 */
import { parseSpec } from '../src/spec/load.ts';
import { syntheticSpec, timeIt } from '../test/fixtures/synthetic-spec.ts';

const { text: base } = syntheticSpec(100, 10);
const withKeys = (n: number) => `${base}\nextra:\n${Array.from({ length: n }, (_, i) => `  k${i % (n - 1)}: 1`).join('\n')}\n`;
const small = withKeys(10_000);
const large = withKeys(40_000);
parseSpec('warm.yaml', small);
const runs = Number(process.env.RUNS ?? 5);
const t10 = timeIt(() => parseSpec('bench.yaml', small), runs);
const t40 = timeIt(() => parseSpec('bench.yaml', large), runs);
console.log(`10,000 keys: ${t10.toFixed(0)} ms; 40,000 keys: ${t40.toFixed(0)} ms (median of ${runs})`);
console.log(`ratio: ${(t40 / t10).toFixed(2)}x for 4x the keys (goal < 6x)`);
