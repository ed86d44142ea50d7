import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Option } from 'commander';
import { UserError } from '../../core/errors.ts';
import { REPORT_FORMATS, renderReport, reportFromAggregator, reportFromEvaluations, type ReportFormat } from './report.ts';
import { analyzeSpecFile, readJsonFile } from '../../io/spec-file.ts';
import { configClient } from './aggregator.ts';
import { failingFindings } from './model.ts';
import type { CommandContext } from '../../io/context.ts';

export function registerReport({ cli, io, exit }: CommandContext): void {
  cli
    .command('report')
    .description('compliance report by guardrail, account and resource, from scan output or the live Config organization aggregator')
    .argument('<spec>', 'spec file (YAML)')
    .option('--aggregator <name>', 'read the AWS Config organization aggregator of this name (live)')
    .option('--input <file>', 'read evaluations written by `guardrails scan --out`')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('html'))
    .option('--out <file>', 'write the report here (default: standard output)')
    .addOption(
      new Option('--fail-on <what>', 'exit 1 when anything is NON_COMPLIANT (exempted findings do not fail; expired exemptions do)').choices(['noncompliant']),
    )
    .option('--now <iso-date>', 'judge exemptions as of this time (default: now)')
    .action(async (file: string, opts: { aggregator?: string; input?: string; format: ReportFormat; out?: string; failOn?: string; now?: string }) => {
      if (Boolean(opts.aggregator) === Boolean(opts.input)) throw new UserError('give exactly one of --aggregator NAME or --input FILE');
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new UserError(`--now "${opts.now}" is not a date`);
      const analysis = await analyzeSpecFile(file);
      const report = opts.input
        ? reportFromEvaluations(analysis, await readJsonFile(opts.input), opts.input, now)
        : await reportFromAggregator(
            analysis,
            configClient(),
            opts.aggregator!,
            (done, total) => process.stderr.isTTY && process.stderr.write(`\rreading ${done}/${total} rule results`),
            now,
          );
      const text = renderReport(report, opts.format);
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, text);
        const open = failingFindings(report).length;
        io.err(
          `${opts.out}: ${report.score === null ? 'no rated results' : `${report.score}% compliant`}, ${open} open findings${report.exempted ? `, ${report.exempted} exempted` : ''}`,
        );
      } else {
        io.out(text.trimEnd());
      }
      if (opts.failOn === 'noncompliant' && failingFindings(report).length > 0) exit.code = 1;
    });
}
