import { Option } from 'commander';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import { runPolicyTests, type PolicyTestResult } from './test.ts';
import { printWarnings, type CommandContext } from '../../io/context.ts';
import { SpecError, type Diagnostic } from '../../core/diagnostics.ts';
import type { Analysis } from '../../deployment/analyze.ts';
import { renderSarif, sarifLog } from '../../io/sarif.ts';
import { renderJunit, type JunitTest } from './junit.ts';

type TestFormat = 'text' | 'json' | 'sarif' | 'junit';

/** Each test where the spec writes it, so SARIF and JUnit point at the line. */
function located(analysis: Analysis, results: PolicyTestResult[]): JunitTest[] {
  const { source } = analysis.loaded;
  return results.map((result, i) => ({ result, at: { file: source.file, ...source.positionOf(['tests', i]) } }));
}

/** A failed test as a diagnostic: what SARIF reports. */
const failure = ({ result: r, at }: JunitTest): Diagnostic => ({
  ...at,
  message: `test "${r.name}": expected ${r.expect}, got ${r.decision}`,
  hint: r.reason,
  severity: 'error',
  code: 'spec-test',
});

export function registerTest({ cli, io, exit }: CommandContext): void {
  cli
    .command('test')
    .description("run the spec's tests against the effective SCP chain; exit 1 on any failure")
    .argument('<spec>', 'spec file (YAML)')
    .option('--json', 'print { results: [...] } (same as --format json)')
    .addOption(
      new Option('--format <format>', 'text, json, sarif (SARIF 2.1.0 for code scanning) or junit (JUnit XML test report)')
        .choices(['text', 'json', 'sarif', 'junit'])
        .default('text'),
    )
    .action(async (file: string, opts: { json?: boolean; format: TestFormat }) => {
      const format: TestFormat = opts.json ? 'json' : opts.format;
      let analysis: Analysis;
      try {
        analysis = await analyzeSpecFile(file);
      } catch (e) {
        // A spec that does not load is a failed run in the report formats too, not a missing file.
        if (!(e instanceof SpecError) || (format !== 'sarif' && format !== 'junit')) throw e;
        io.out((format === 'sarif' ? renderSarif(sarifLog(e.diagnostics)) : renderJunit(file, { specErrors: e.diagnostics })).trimEnd());
        exit.code = 1;
        return;
      }
      const results = runPolicyTests(analysis);
      const failed = results.filter((r) => !r.pass).length;
      if (format === 'json')
        io.out(
          JSON.stringify({ results: results.map(({ name, expect, decision, pass, decidedBy }) => ({ name, expect, decision, pass, decidedBy })) }, null, 2),
        );
      else if (format === 'sarif') {
        const failures = located(analysis, results).filter((t) => !t.result.pass);
        io.out(renderSarif(sarifLog([...analysis.diagnostics, ...failures.map(failure)])).trimEnd());
      } else if (format === 'junit') io.out(renderJunit(file, { tests: located(analysis, results) }).trimEnd());
      else {
        printWarnings(io, analysis.diagnostics);
        for (const r of results) io.out(`${r.pass ? 'PASS' : 'FAIL'}  ${r.name}: expected ${r.expect}, got ${r.decision}${r.pass ? '' : ` (${r.reason})`}`);
        io.out(`${results.length - failed} passed, ${failed} failed`);
      }
      if (failed > 0) exit.code = 1;
    });
}
