import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { analyzeSpec, type Analysis } from '../src/deployment/analyze.ts';
import { formatDiagnostic } from '../src/core/diagnostics.ts';
import { parseSpec } from '../src/spec/load.ts';

export const EXAMPLE_FILE = new URL('../guardrails/example.yaml', import.meta.url).pathname;
export const exampleText = () => readFileSync(EXAMPLE_FILE, 'utf8');

/** The example plus an account-level region restriction on prod-data that does not exempt the deployment's own roles. */
export const exampleWithProdDataEuOnly = () =>
  exampleText().replace(
    '\nlogging:',
    `
  - scp: prod-data-eu-only
    on: [prod-data]
    statements:
      - Sid: DenyOutsideEu
        Effect: Deny
        NotAction: [iam:*, sts:*, organizations:*]
        Resource: "*"
        Condition: { StringNotEquals: { aws:RequestedRegion: [eu-west-1] } }

logging:`,
  );

/** A small valid organization; tests override parts of it. */
export function baseSpec(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    version: 1,
    organization: {
      managementAccountId: '111111111111',
      homeRegion: 'us-east-1',
      allowedRegions: ['us-east-1', 'eu-west-1'],
      breakGlass: ['arn:aws:iam::*:role/BreakGlass'],
      units: [
        {
          name: 'Security',
          accounts: [
            { name: 'management', email: 'm@example.com', id: '111111111111' },
            { name: 'audit', email: 'a@example.com', id: '333333333333' },
          ],
        },
        { name: 'Workloads', units: [{ name: 'Prod', accounts: [{ name: 'prod', email: 'p@example.com', id: '555555555555' }] }] },
      ],
    },
    guardrails: [],
    ...overrides,
  };
}

export const yamlOf = (spec: unknown) => stringify(spec, { lineWidth: 0 });

/** Messages (FILE:LINE:COL: ...) for a spec given as an object or YAML text. */
export function problems(spec: unknown, file = 'spec.yaml'): string[] {
  const r = parseSpec(file, typeof spec === 'string' ? spec : yamlOf(spec));
  return r.diagnostics.map(formatDiagnostic);
}

export async function analyze(spec: unknown, file = 'spec.yaml'): Promise<Analysis> {
  const r = await analyzeSpec(file, typeof spec === 'string' ? spec : yamlOf(spec));
  if (!r.ok) throw new Error(`spec has errors:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.analysis;
}

export async function analysisProblems(spec: unknown, file = 'spec.yaml'): Promise<string[]> {
  const r = await analyzeSpec(file, typeof spec === 'string' ? spec : yamlOf(spec));
  return (r.ok ? r.analysis.diagnostics : r.diagnostics).map(formatDiagnostic);
}

/** Runs the CLI in-process; returns its exit code and what it printed. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  // Loaded on use: most tests that import these helpers never run the CLI.
  const { main } = await import('../src/main.ts');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
