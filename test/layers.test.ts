/**
 * Folder-level imports go one way: a module may import from its own layer or a lower one,
 * never upward, and CLI verbs (src/commands/<verb>) never import each other.
 * The order is README's "Layout" section; change both together.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Lowest first. */
export const LAYERS = [
  'src/core',
  'src/aws',
  'src/iam',
  'src/model',
  'config-rules',
  'guardrails',
  'src/spec',
  'scp',
  'src/deployment',
  'stacks',
  'src/io',
  'src/commands',
  'src/main.ts',
];

function layerOf(file: string): { rank: number; unit: string } | undefined {
  const rank = LAYERS.findIndex((l) => file === l || file.startsWith(`${l}/`));
  if (rank < 0) return undefined;
  // Each verb under src/commands is a unit of its own: verbs are peers.
  const unit = LAYERS[rank] === 'src/commands' ? file.split('/').slice(0, 3).join('/') : LAYERS[rank];
  return { rank, unit };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*)['`](\.[^'`]+)['`]/g)].map((m) => m[1]);
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

export function layerViolations(files: string[], imports: (file: string) => string[] = importsOf): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    if (!from) continue;
    for (const target of imports(file)) {
      const to = layerOf(target);
      if (!to) {
        out.push(`${file} imports ${target}, which is in no layer`);
        continue;
      }
      if (to.rank > from.rank) out.push(`${file} imports upward: ${target} (${LAYERS[to.rank]} is above ${LAYERS[from.rank]})`);
      else if (to.rank === from.rank && to.unit !== from.unit) out.push(`${file} imports the sibling verb ${to.unit}`);
    }
  }
  return out;
}

describe('layers', () => {
  const files = ['src', 'guardrails', 'scp', 'config-rules', 'stacks'].flatMap(sourceFiles);

  it('every source file belongs to a layer', () => {
    expect(files.filter((f) => !layerOf(f))).toEqual([]);
  });

  it('no import goes upward or across verbs', () => {
    expect(layerViolations(files)).toEqual([]);
  });

  it('catches an upward import, a verb importing another and a file in no layer', () => {
    const fake: Record<string, string[]> = {
      'src/core/errors.ts': ['src/iam/policy.ts'],
      'src/commands/plan/cli.ts': ['src/commands/scan/scan.ts', 'src/commands/plan/plan.ts', 'src/core/errors.ts'],
      'scp/compile.ts': ['lib/elsewhere.ts'],
    };
    expect(layerViolations(Object.keys(fake), (f) => fake[f])).toEqual([
      'src/core/errors.ts imports upward: src/iam/policy.ts (src/iam is above src/core)',
      'src/commands/plan/cli.ts imports the sibling verb src/commands/scan',
      'scp/compile.ts imports lib/elsewhere.ts, which is in no layer',
    ]);
  });
});
