/** Rewrites src/spec/regions.ts from the partitions table bundled in @aws-sdk/core. */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = createRequire(import.meta.url).resolve('@aws-sdk/core/client');
const src = readFileSync(file, 'utf8');
const start = src.indexOf('const partitionsInfo = ') + 'const partitionsInfo = '.length;
const info = JSON.parse(src.slice(start, src.indexOf('};\n\nlet selectedPartitionsInfo') + 1)) as { partitions: { regions: Record<string, unknown> }[] };
const regions = info.partitions.flatMap((p) => Object.keys(p.regions).filter((r) => /-\d+$/.test(r)));
const current = readFileSync('src/spec/regions.ts', 'utf8');
const header = current.slice(0, current.indexOf('export const'));
writeFileSync(
  'src/spec/regions.ts',
  `${header}export const AWS_REGIONS: ReadonlySet<string> = new Set([\n${regions.map((r) => `  '${r}',`).join('\n')}\n]);\n`,
);
console.log(`${regions.length} regions`);
