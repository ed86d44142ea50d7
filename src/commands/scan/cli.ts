import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseCredentialReport, type CredentialReport } from '../../../config-rules/framework/credential-report.ts';
import { UserError } from '../../core/errors.ts';
import { scan } from './scan.ts';
import { readConfigurationItems } from './snapshot-file.ts';
import { analyzeSpecFile, readTextFile } from '../../io/spec-file.ts';
import { plural } from '../../io/render.ts';
import { collect, type CommandContext } from '../../io/context.ts';

export function registerScan({ cli, io }: CommandContext): void {
  cli
    .command('scan')
    .description("run the custom Config rules' evaluation code offline over configuration items and a credential report")
    .argument('<spec>', 'spec file (YAML)')
    .requiredOption(
      '--snapshot <file>',
      'Config snapshot or history file (.json, or .json.gz as Config delivers it to S3), or a JSON list of items (repeatable)',
      collect,
      [],
    )
    .option('--credential-report <file>', 'IAM credential report CSV, one per account (repeatable)', collect, [])
    .option('--out <file>', 'write { version: 1, evaluations: [...], skipped: [...] } here (what `report --input` reads)')
    .option('--now <iso-date>', 'evaluate as of this time (default: now)')
    .action(async (file: string, opts: { snapshot: string[]; credentialReport: string[]; out?: string; now?: string }) => {
      const analysis = await analyzeSpecFile(file);
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new UserError(`--now "${opts.now}" is not a date`);
      const items = await readConfigurationItems(opts.snapshot);
      let credentialReport: CredentialReport | undefined;
      for (const reportFile of opts.credentialReport) {
        try {
          const report = parseCredentialReport(await readTextFile(reportFile));
          credentialReport = { rows: [...(credentialReport?.rows ?? []), ...report.rows] };
        } catch (e) {
          if (e instanceof UserError) throw e;
          throw new UserError(`${reportFile}: ${(e as Error).message}`);
        }
      }
      const result = scan(analysis, { items, credentialReport, now });
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, `${JSON.stringify(result, null, 2)}\n`);
      }
      const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, INSUFFICIENT_DATA: 0 };
      for (const e of result.evaluations) counts[e.complianceType]++;
      const exempted = result.evaluations.filter((e) => e.exemption).length;
      io.out(
        `Scanned ${plural(items.length, 'configuration item')}${credentialReport ? ` and a credential report of ${plural(credentialReport.rows.length, 'row')}` : ''}: ${plural(result.evaluations.length, 'evaluation')}`,
      );
      io.out(
        `  COMPLIANT ${counts.COMPLIANT}, NON_COMPLIANT ${counts.NON_COMPLIANT}${exempted ? ` (${exempted} exempted)` : ''}, NOT_APPLICABLE ${counts.NOT_APPLICABLE}`,
      );
      for (const e of result.evaluations.filter((x) => x.complianceType === 'NON_COMPLIANT'))
        io.out(`  NON_COMPLIANT ${e.configRule} ${e.accountId} ${e.region} ${e.resourceType} ${e.resourceId}: ${e.annotation ?? ''}`);
      for (const s of result.skipped) io.out(`  not evaluated: ${s.configRule}: ${s.reason}`);
      if (opts.out) io.out(`Wrote ${opts.out}`);
    });
}
