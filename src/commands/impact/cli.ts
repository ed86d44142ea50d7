import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Option } from 'commander';
import { SpecError } from '../../core/diagnostics.ts';
import { analyzeSpec } from '../../deployment/analyze.ts';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import type { CommandContext } from '../../io/context.ts';
import { readBaseSpec } from './base-spec.ts';
import { cloudTrailFiles, readCloudTrail } from './cloudtrail-files.ts';
import { impact } from './impact.ts';
import { IMPACT_FORMATS, renderImpact, summaryLines, type ImpactFormat } from './render.ts';

export function registerImpact({ cli, io, exit }: CommandContext): void {
  cli
    .command('impact')
    .description('replay CloudTrail records against a spec change: which real calls would it deny?')
    .argument('<spec>', 'the changed spec file (YAML)')
    .requiredOption('--base <file-or-revision>', 'the spec in force: a file, or a git revision of <spec> (e.g. origin/main)')
    .requiredOption('--cloudtrail <path...>', 'CloudTrail log files (.json.gz, .json) or directories of them, or `aws cloudtrail lookup-events` output')
    .addOption(new Option('--format <format>', 'output format').choices([...IMPACT_FORMATS]).default('text'))
    .option('--json', 'same as --format json')
    .option('--out <file>', 'write the report here (default: standard output)')
    .addOption(
      new Option('--fail-on <what>', 'exit 1 when a call would be newly denied (uncertain: or when a decision is uncertain)').choices([
        'new-denies',
        'uncertain',
      ]),
    )
    .action(async (file: string, opts: { base: string; cloudtrail: string[]; format: ImpactFormat; json?: boolean; out?: string; failOn?: string }) => {
      const after = await analyzeSpecFile(file);
      const base = await readBaseSpec(opts.base, file);
      const analyzed = await analyzeSpec(base.file, base.text);
      if (!analyzed.ok) throw new SpecError(analyzed.diagnostics);
      const files = await cloudTrailFiles(opts.cloudtrail);
      let last = 0;
      const report = await impact(analyzed.analysis, after, readCloudTrail(files), {
        onProgress: ({ files: done, events }) => {
          if (!process.stderr.isTTY || Date.now() - last < 200) return;
          last = Date.now();
          process.stderr.write(`\rreading CloudTrail: ${done}/${files.length} files, ${events} events`);
        },
      });
      if (process.stderr.isTTY && last) process.stderr.write('\n');
      const text = renderImpact(report, opts.json ? 'json' : opts.format, `Impact of ${file} against ${base.file}`);
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, text);
        io.err(`${opts.out}: ${summaryLines(report).join('; ')}`);
      } else io.out(text.trimEnd());
      const { newDenies, uncertain } = report.summary;
      if ((opts.failOn === 'new-denies' && newDenies > 0) || (opts.failOn === 'uncertain' && newDenies + uncertain > 0)) exit.code = 1;
    });
}
