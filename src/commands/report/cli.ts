import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Option } from 'commander';
import { UserError } from '../../core/errors.ts';
import { REPORT_FORMATS, renderReport, reportFromAggregator, reportFromEvaluations, type ReportFormat } from './report.ts';
import { analyzeSpecFile, readJsonFile } from '../../io/spec-file.ts';
import { configClient } from './aggregator.ts';
import { failingFindings } from './model.ts';
import type { CommandContext } from '../../io/context.ts';
import { AWS_REGIONS } from '../../model/regions.ts';
import { asffFindings } from './asff.ts';
import { importAsff } from './securityhub-cli.ts';

interface ReportCliOptions {
  aggregator?: string;
  input?: string;
  format: ReportFormat;
  out?: string;
  failOn?: string;
  region?: string;
  asffImport?: boolean;
  asffRole?: string;
  now?: string;
}

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
    .option('--region <region>', 'Security Hub region of the ASFF product ARN and of --asff-import (default: organization.homeRegion)')
    .option('--asff-import', 'send the findings to Security Hub (BatchImportFindings) in --region, each as its own account')
    .option('--asff-role <name>', 'role assumed in other accounts for --asff-import (default: organization.accessRole)')
    .action(async (file: string, opts: ReportCliOptions) => {
      if (Boolean(opts.aggregator) === Boolean(opts.input)) throw new UserError('give exactly one of --aggregator NAME or --input FILE');
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new UserError(`--now "${opts.now}" is not a date`);
      const analysis = await analyzeSpecFile(file);
      const region = opts.region ?? analysis.loaded.spec.organization.homeRegion;
      if (!AWS_REGIONS.has(region)) throw new UserError(`--region: unknown region "${region}"`);
      const report = opts.input
        ? reportFromEvaluations(analysis, await readJsonFile(opts.input), opts.input, now)
        : await reportFromAggregator(
            analysis,
            configClient(),
            opts.aggregator!,
            (done, total) => process.stderr.isTTY && process.stderr.write(`\rreading ${done}/${total} rule results`),
            now,
          );
      if (opts.asffImport) {
        await importAsff(
          io,
          asffFindings(report, { region }),
          region,
          opts.asffRole ?? analysis.loaded.spec.organization.accessRole ?? 'OrganizationAccountAccessRole',
          exit,
        );
      }
      const text = renderReport(report, opts.format, { region });
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, text);
        const open = failingFindings(report).length;
        io.err(
          `${opts.out}: ${report.score === null ? 'no rated results' : `${report.score}% compliant`}, ${open} open findings${report.exempted ? `, ${report.exempted} exempted` : ''}`,
        );
      } else if (!opts.asffImport) {
        // With --asff-import the import is the output; a report goes to a file only when --out asks for one.
        io.out(text.trimEnd());
      }
      if (opts.failOn === 'noncompliant' && failingFindings(report).length > 0) exit.code = 1;
    });
}
