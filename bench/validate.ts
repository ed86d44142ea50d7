/**
 * How long `validate` takes on a 2,000-account / 200-OU spec with every guardrail,
 * next to a bare YAML parse of the same text, measured side by side in one run.
 * Goal: validate under 5x the bare parse.
 */
import { parse } from 'yaml';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { syntheticSpec, timeIt, timeItAsync } from '../test/fixtures/synthetic-spec.ts';

const { text } = syntheticSpec(2000, 200);
const runs = Number(process.env.RUNS ?? 7);
// Warm both paths once (JIT, schema compilation, IAM data load) before measuring.
parse(text);
const first = await analyzeSpec('bench.yaml', text);
if (!first.ok)
  throw new Error(
    `synthetic spec is invalid: ${first.diagnostics
      .slice(0, 3)
      .map((d) => d.message)
      .join('; ')}`,
  );

const bare = timeIt(() => parse(text), runs);
const validate = await timeItAsync(() => analyzeSpec('bench.yaml', text), runs);
console.log(`spec: 2000 accounts, 200 OUs, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`bare YAML parse: ${bare.toFixed(1)} ms (median of ${runs})`);
console.log(`validate:        ${validate.toFixed(1)} ms (median of ${runs})`);
console.log(`ratio validate/parse: ${(validate / bare).toFixed(2)}x (goal < 5x)`);
