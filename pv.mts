import { readFileSync } from 'node:fs';
import { analyzeSpec } from './src/analyze.ts';
import { previewDeployment } from './stacks/preview.ts';
import { bundleConfigRule } from './config-rules/bundle.ts';
const r = await analyzeSpec('guardrails/example.yaml', readFileSync('guardrails/example.yaml', 'utf8'));
if (!r.ok) throw new Error('bad');
const t = performance.now();
const res = await previewDeployment(r.analysis, { bundle: async (id) => (await bundleConfigRule(id)).code });
console.log(res.length, (performance.now() - t).toFixed(0), 'ms');
const counts = new Map(); for (const x of res) { const k = `${x.account}/${x.region}`; counts.set(k, (counts.get(k) ?? 0) + 1); }
console.log(counts);
const types = new Map(); for (const x of res) types.set(x.type, (types.get(x.type) ?? 0) + 1); console.log(types);
console.log(JSON.stringify(res.find(x => x.type.includes('Function'))?.inputs).slice(0, 300));
