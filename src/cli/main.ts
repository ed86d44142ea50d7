/**
 * The `guardrails` command line. Maps arguments to command functions and renders
 * their results; the only place that decides exit codes. Bad input never shows a stack.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { catalog } from '../../guardrails/catalog/index.ts';
import { formatDiagnostic, SpecError } from '../diagnostics.ts';
import { UsageError } from '../commands/errors.ts';
import { planSpec } from '../commands/plan.ts';
import { deploymentDocuments } from '../commands/plan-documents.ts';
import { parseContext, simulate } from '../commands/simulate.ts';
import { analyzeSpecFile } from '../commands/spec-file.ts';
import { runPolicyTests } from '../commands/test.ts';
import { scan } from '../commands/scan.ts';
import { vend } from '../commands/vend.ts';
import { fileSpec, organizationsApi } from '../vend/edges.ts';
import { VendError } from '../vend/organizations.ts';
import { REPORT_FORMATS, renderReport, reportFromAggregator, reportFromEvaluations, type ReportFormat } from '../commands/report.ts';
import { configClient } from '../report/aggregator.ts';
import { failingFindings } from '../report/model.ts';
import { readJsonFile, readSpecText } from '../commands/spec-file.ts';
import { configurationItemsOf } from '../../config-rules/framework/configuration-item.ts';
import { parseCredentialReport, type CredentialReport } from '../../config-rules/framework/credential-report.ts';
import { plural, table } from './render.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };

const collect = (value: string, previous: string[] = []) => [...previous, value];

function printWarnings(io: Io, diagnostics: { severity: string }[]) {
  for (const d of diagnostics) if (d.severity === 'warning') io.err(formatDiagnostic(d as never));
}

function program(io: Io, exit: { code: number }): Command {
  const cli = new Command('guardrails')
    .description('Govern an AWS Organization from one validated YAML spec.')
    .option('--debug', 'show stack traces of internal errors')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride()
    .showSuggestionAfterError();

  cli
    .command('validate')
    .description('check a spec: schema, semantics, SCP limits and lint; exit 1 on any error')
    .argument('<spec>', 'spec file (YAML)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const analysis = await analyzeSpecFile(file);
      if (opts.json) io.out(JSON.stringify({ valid: true, warnings: analysis.diagnostics.map(formatDiagnostic) }, null, 2));
      else {
        printWarnings(io, analysis.diagnostics);
        const { index, spec } = analysis.loaded;
        io.out(
          `${file}: valid (${plural(index.accounts.size, 'account')}, ${plural(index.units.size, 'OU')}, ${spec.guardrails.length} guardrail ${spec.guardrails.length === 1 ? 'entry' : 'entries'})`,
        );
      }
    });

  cli
    .command('plan')
    .description('resolve the spec into every resource a rollout creates, offline; write the artifacts')
    .argument('<spec>', 'spec file (YAML)')
    .option('--out <dir>', 'write plan.json and the policy documents here')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, opts: { out?: string; json?: boolean }) => {
      const analysis = await analyzeSpecFile(file);
      // The Pulumi program itself, under Pulumi's mocks: the plan cannot drift from what `pulumi up` does.
      const { previewDeployment } = await import('../../stacks/preview.ts');
      const { deploymentProblems } = await import('../../stacks/program.ts');
      const { bundleConfigRule } = await import('../../config-rules/bundle.ts');
      const problems = deploymentProblems(analysis);
      for (const p of problems) io.err(`warning: ${p}; planning SCPs only`);
      const resources = problems.length ? undefined : await previewDeployment(analysis, { bundle: async (id) => (await bundleConfigRule(id)).code });
      const result = planSpec(analysis, resources, deploymentDocuments(analysis));
      if (opts.out) {
        for (const a of result.artifacts) {
          const path = join(opts.out, a.path);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, a.content);
        }
      }
      if (opts.json) {
        io.out(JSON.stringify({ resources: result.resources, scps: result.scps }, null, 2));
        return;
      }
      printWarnings(io, analysis.diagnostics);
      const limit = analysis.scps.sizeLimit;
      io.out(`Service control policies (limit ${limit} bytes per document):`);
      const rows = [['target', 'accounts', 'slots', 'policy', 'bytes', 'headroom', 'guardrails']];
      for (const t of result.scps) {
        t.policies.forEach((p, i) =>
          rows.push([
            i === 0 ? t.target : '',
            i === 0 ? String(t.accounts) : '',
            i === 0 ? `${t.slots.used}/${t.slots.limit}${t.slots.reserved ? ` (${t.slots.reserved} reserved)` : ''}` : '',
            p.name,
            String(p.size),
            p.awsManaged ? '' : String(p.headroom),
            p.awsManaged ? '(AWS managed)' : p.sources.join(', '),
          ]),
        );
      }
      io.out(table(rows, ['l', 'r', 'l', 'l', 'r', 'r', 'l']));
      io.out(`\nResources by account and region (${result.resources.length} in all):`);
      const groups = new Map<string, Map<string, number>>();
      for (const r of result.resources) {
        const key = `${r.account} ${r.region}`;
        const types = groups.get(key) ?? new Map<string, number>();
        const type = r.type.split(':').pop()!;
        types.set(type, (types.get(type) ?? 0) + 1);
        groups.set(key, types);
      }
      for (const [key, types] of [...groups].sort()) {
        const total = [...types.values()].reduce((a, b) => a + b, 0);
        io.out(
          `  ${key}: ${total} (${[...types]
            .sort((a, b) => b[1] - a[1])
            .map(([t, n]) => `${n} ${t}`)
            .join(', ')})`,
        );
      }
      if (opts.out) io.out(`Wrote ${result.artifacts.length} files to ${opts.out}`);
    });

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

  cli
    .command('simulate')
    .description('evaluate one request against the SCP chain of an account')
    .argument('<spec>', 'spec file (YAML)')
    .requiredOption('--account <name>', 'account name from the spec')
    .requiredOption('--principal <p>', 'root, role/NAME, user/NAME or an ARN')
    .requiredOption('--action <action>', 'e.g. cloudtrail:StopLogging')
    .option('--resource <arn>', 'resource ARN', '*')
    .option('--region <region>', 'requested region (default: organization.homeRegion)')
    .option('--context <key=value>', 'request context key (repeatable)', collect, [])
    .option('--json', 'print the decision as JSON')
    .action(
      async (
        file: string,
        opts: { account: string; principal: string; action: string; resource: string; region?: string; context: string[]; json?: boolean },
      ) => {
        const analysis = await analyzeSpecFile(file);
        const result = simulate(analysis, { ...opts, context: parseContext(opts.context) });
        if (opts.json) io.out(JSON.stringify(result, null, 2));
        else {
          io.out(`${result.decision}: ${result.reason}`);
          if (result.decidedBy?.sources?.length) io.out(`  from guardrail(s): ${result.decidedBy.sources.join(', ')}`);
        }
      },
    );

  cli
    .command('scan')
    .description("run the custom Config rules' evaluation code offline over configuration items and a credential report")
    .argument('<spec>', 'spec file (YAML)')
    .requiredOption('--snapshot <file>', 'Config snapshot file or JSON list of configuration items (repeatable)', collect, [])
    .option('--credential-report <file>', 'IAM credential report CSV, one per account (repeatable)', collect, [])
    .option('--out <file>', 'write { evaluations: [...] } here')
    .option('--now <iso-date>', 'evaluate as of this time (default: now)')
    .action(async (file: string, opts: { snapshot: string[]; credentialReport: string[]; out?: string; now?: string }) => {
      const analysis = await analyzeSpecFile(file);
      const now = opts.now ? new Date(opts.now) : new Date();
      if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${opts.now}" is not a date`);
      const items = [];
      for (const snapshot of opts.snapshot) {
        const found = configurationItemsOf(await readJsonFile(snapshot));
        if (!found) throw new UsageError(`${snapshot}: not a Config snapshot (no configurationItems) nor a JSON list of configuration items`);
        items.push(...found);
      }
      let credentialReport: CredentialReport | undefined;
      for (const reportFile of opts.credentialReport) {
        try {
          const report = parseCredentialReport(await readSpecText(reportFile));
          credentialReport = { rows: [...(credentialReport?.rows ?? []), ...report.rows] };
        } catch (e) {
          if (e instanceof UsageError) throw e;
          throw new UsageError(`${reportFile}: ${(e as Error).message}`);
        }
      }
      const result = scan(analysis, { items, credentialReport, now });
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, `${JSON.stringify(result, null, 2)}\n`);
      }
      const counts = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
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

  cli
    .command('report')
    .description('compliance report by guardrail, account and resource, from scan output or the live Config organization aggregator')
    .argument('<spec>', 'spec file (YAML)')
    .option('--aggregator <name>', 'read the AWS Config organization aggregator of this name (live)')
    .option('--input <file>', 'read evaluations written by `guardrails scan --out`')
    .addOption(new Option('--format <format>', 'output format').choices([...REPORT_FORMATS]).default('html'))
    .option('--out <file>', 'write the report here (default: standard output)')
    .addOption(new Option('--fail-on <what>', 'exit 1 when anything is NON_COMPLIANT (exempted findings do not fail)').choices(['noncompliant']))
    .action(async (file: string, opts: { aggregator?: string; input?: string; format: ReportFormat; out?: string; failOn?: string }) => {
      if (Boolean(opts.aggregator) === Boolean(opts.input)) throw new UsageError('give exactly one of --aggregator NAME or --input FILE');
      const analysis = await analyzeSpecFile(file);
      const report = opts.input
        ? reportFromEvaluations(analysis, await readJsonFile(opts.input), opts.input)
        : await reportFromAggregator(
            analysis,
            configClient(),
            opts.aggregator!,
            (done, total) => process.stderr.isTTY && process.stderr.write(`\rreading ${done}/${total} rule results`),
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

  cli
    .command('vend')
    .description('create (or adopt) an account through AWS Organizations, move it to its OU, tag it and add it to the spec')
    .argument('<spec>', 'spec file (YAML); the account is written into it')
    .requiredOption('--name <name>', 'account name (unique in the spec)')
    .requiredOption('--email <email>', 'root email of the new account')
    .requiredOption('--ou <path>', 'OU path from the spec, e.g. Workloads/Prod')
    .option('--tag <key=value>', 'account tag (repeatable)', collect, [])
    .option('--dry-run', 'print the steps it would take and change nothing')
    .action(async (file: string, opts: { name: string; email: string; ou: string; tag: string[]; dryRun?: boolean }) => {
      const tags: Record<string, string> = {};
      for (const t of opts.tag) {
        const eq = t.indexOf('=');
        if (eq <= 0) throw new UsageError(`--tag "${t}" is not key=value`);
        tags[t.slice(0, eq)] = t.slice(eq + 1);
      }
      const progress = (line: string) => (process.stderr.isTTY ? process.stderr.write(`\r${line}\x1b[K`) : io.err(line));
      const result = await vend(
        file,
        { name: opts.name, email: opts.email, ou: opts.ou, tags, dryRun: opts.dryRun },
        { api: organizationsApi(), spec: fileSpec(file), log: (l) => io.out(l), progress },
      );
      if (result.rollout.length) {
        io.out('`pulumi up` will now roll out to it:');
        for (const line of result.rollout) io.out(`  - ${line}`);
      }
    });

  cli
    .command('catalog')
    .description('list the guardrails the catalog offers')
    .option('--json', 'print as JSON')
    .action((opts: { json?: boolean }) => {
      const rows = catalog.map((g) => ({
        id: g.id,
        area: g.area,
        severity: g.severity,
        preventive: g.scp ? 'SCP' : '',
        detective: g.configRule ? (g.configRule.kind === 'managed' ? g.configRule.identifier : `custom:${g.configRule.ruleId}`) : '',
        title: g.title,
      }));
      if (opts.json) io.out(JSON.stringify(rows, null, 2));
      else io.out(table([['id', 'area', 'severity', 'preventive', 'detective', 'title'], ...rows.map((r) => Object.values(r))]));
    });

  return cli;
}

/** Environment problems with AWS (credentials, permissions): one line, no stack. */
function explainAwsProblem(e: unknown): string | undefined {
  const name = (e as { name?: string }).name ?? '';
  const message = (e as Error).message ?? '';
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message))
    return 'no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID, or run where an SSO or instance role is available)';
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return `access denied: ${message}`;
  if (name === 'AWSOrganizationsNotInUseException') return 'these credentials are not in an AWS Organization (use the management account)';
  if (name === 'ExpiredTokenException') return 'the AWS credentials have expired; refresh them and rerun';
  return undefined;
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
    if (e instanceof UsageError || e instanceof VendError) {
      io.err(`error: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
      return 1;
    }
    const awsProblem = explainAwsProblem(e);
    if (awsProblem) {
      io.err(`error: ${awsProblem}`);
      return 1;
    }
    io.err(`internal error: ${(e as Error).message ?? String(e)}`);
    io.err(debug ? ((e as Error).stack ?? '') : 'this is a bug in org-guardrails; rerun with --debug for details and report it');
    return 2;
  }
}
