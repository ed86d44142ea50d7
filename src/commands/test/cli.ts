import { analyzeSpecFile } from '../../io/spec-file.ts';
import { runPolicyTests } from './test.ts';
import { printWarnings, type CommandContext } from '../../io/context.ts';

export function registerTest({ cli, io, exit }: CommandContext): void {
  cli
    .command('test')
    .description("run the spec's tests against the effective SCP chain; exit 1 on any failure")
    .argument('<spec>', 'spec file (YAML)')
    .option('--json', 'print { results: [...] }')
    .action(async (file: string, opts: { json?: boolean }) => {
      const analysis = await analyzeSpecFile(file);
      const results = runPolicyTests(analysis);
      const failed = results.filter((r) => !r.pass).length;
      if (opts.json)
        io.out(
          JSON.stringify({ results: results.map(({ name, expect, decision, pass, decidedBy }) => ({ name, expect, decision, pass, decidedBy })) }, null, 2),
        );
      else {
        printWarnings(io, analysis.diagnostics);
        for (const r of results) io.out(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: expected ${r.expect}, got ${r.decision}${r.pass ? '' : ` (${r.reason})`}`);
        io.out(`${results.length - failed} passed, ${failed} failed`);
      }
      if (failed > 0) exit.code = 1;
    });
}
