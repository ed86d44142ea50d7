/**
 * The `guardrails` command line. Maps arguments to command functions and renders
 * their results; the only place that decides exit codes. Bad input never shows a stack.
 */
import { Command, CommanderError } from 'commander';
import { formatDiagnostic, SpecError } from './core/diagnostics.ts';
import { explainAwsError } from './aws/errors.ts';
import { registerValidate } from './commands/validate/cli.ts';
import { registerPlan } from './commands/plan/cli.ts';
import { registerTest } from './commands/test/cli.ts';
import { registerSimulate } from './commands/simulate/cli.ts';
import { registerScan } from './commands/scan/cli.ts';
import { registerReport } from './commands/report/cli.ts';
import { registerVend } from './commands/vend/cli.ts';
import { registerCatalog } from './commands/catalog/cli.ts';
import { registerImpact } from './commands/impact/cli.ts';
import { registerImport } from './commands/import/cli.ts';
import { registerDrift } from './commands/drift/cli.ts';
import type { Io } from './io/context.ts';
import { plural } from './io/render.ts';

export type { Io } from './io/context.ts';

const processIo: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

function program(io: Io, exit: { code: number }): Command {
  const cli = new Command('guardrails')
    .description('Govern an AWS Organization from one validated YAML spec.')
    .option('--debug', 'show stack traces of internal errors')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showSuggestionAfterError();
  for (const register of [
    registerValidate,
    registerPlan,
    registerTest,
    registerSimulate,
    registerScan,
    registerReport,
    registerVend,
    registerCatalog,
    registerImport,
    registerDrift,
    registerImpact,
  ])
    register({ cli, io, exit });
  return cli;
}

/** Runs the CLI; returns the exit code (library code never calls process.exit). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const exit = { code: 0 };
  const debug = argv.includes('--debug');
  try {
    await program(io, exit).parseAsync(argv, { from: 'user' });
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof SpecError) {
      for (const d of e.diagnostics) io.err(formatDiagnostic(d));
      const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
      io.err(`${plural(errors, 'error')}; nothing was changed`);
      return 1;
    }
    const problem = explainAwsError(e);
    if (problem) {
      io.err(`error: ${problem.message}${problem.hint ? ` (${problem.hint})` : ''}`);
      return 1;
    }
    io.err(`internal error: ${(e as Error).message ?? String(e)}`);
    io.err(debug ? ((e as Error).stack ?? '') : 'this is a bug in org-guardrails; rerun with --debug for details and report it');
    return 2;
  }
}
