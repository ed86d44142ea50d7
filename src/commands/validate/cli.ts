import { SpecError } from '../../core/diagnostics.ts';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import { plural } from '../../io/render.ts';
import { printWarnings, type CommandContext } from '../../io/context.ts';
import { Option } from 'commander';
import { renderSarif, sarifLog } from '../../io/sarif.ts';

export function registerValidate({ cli, io, exit }: CommandContext): void {
  cli
    .command('validate')
    .description('check a spec: schema, semantics, SCP limits and lint; exit 1 on any error')
    .argument('<spec>', 'spec file (YAML)')
    .option('--json', 'print the result as JSON (same as --format json)')
    .addOption(new Option('--format <format>', 'text, json, or sarif (SARIF 2.1.0 for code scanning)').choices(['text', 'json', 'sarif']).default('text'))
    .action(async (file: string, opts: { json?: boolean; format: 'text' | 'json' | 'sarif' }) => {
      if (opts.format === 'json') opts.json = true;
      let analysis;
      try {
        analysis = await analyzeSpecFile(file);
      } catch (e) {
        if (opts.format === 'sarif' && e instanceof SpecError) {
          io.out(renderSarif(sarifLog(e.diagnostics)).trimEnd());
          exit.code = 1;
          return;
        }
        // With --json the problems are data too: { valid: false, errors: [{ file, line, col, message, hint }] }.
        if (!(opts.json && e instanceof SpecError)) throw e;
        const pick = (severity: string) =>
          e.diagnostics.filter((d) => d.severity === severity).map(({ file, line, col, message, hint }) => ({ file, line, col, message, hint }));
        io.out(JSON.stringify({ valid: false, errors: pick('error'), warnings: pick('warning') }, null, 2));
        exit.code = 1;
        return;
      }
      if (opts.format === 'sarif') io.out(renderSarif(sarifLog(analysis.diagnostics)).trimEnd());
      else if (opts.json)
        io.out(
          JSON.stringify(
            { valid: true, errors: [], warnings: analysis.diagnostics.map(({ file, line, col, message, hint }) => ({ file, line, col, message, hint })) },
            null,
            2,
          ),
        );
      else {
        printWarnings(io, analysis.diagnostics);
        const { index, spec } = analysis.loaded;
        io.out(
          `${file}: valid (${plural(index.accounts.size, 'account')}, ${plural(index.units.size, 'OU')}, ${spec.guardrails.length} guardrail ${spec.guardrails.length === 1 ? 'entry' : 'entries'})`,
        );
      }
    });
}
