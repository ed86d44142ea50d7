import { planSpec } from './plan.ts';
import { deploymentDocuments } from '../../deployment/documents.ts';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import { table } from '../../io/render.ts';
import { checkOutputFolder, writeOutputFolder } from '../../io/output-folder.ts';
import { printWarnings, type CommandContext, type Io } from '../../io/context.ts';
import type { ScpTargetSummary } from './scp-summary.ts';

export function registerPlan({ cli, io, exit }: CommandContext): void {
  cli
    .command('plan')
    .description('resolve the spec into every resource a rollout creates, offline; write the artifacts')
    .argument('<spec>', 'spec file (YAML)')
    .option('--out <dir>', 'write plan.json and the policy documents here')
    .option('--json', 'print the plan as JSON')
    .action(async (file: string, opts: { out?: string; json?: boolean }) => {
      const analysis = await analyzeSpecFile(file);
      if (opts.out) await checkOutputFolder(opts.out, 'plan.json');
      // The Pulumi program itself, under Pulumi's mocks: the plan cannot drift from what `pulumi up` does.
      const { previewDeployment } = await import('../../../stacks/preview.ts');
      const { deploymentProblems } = await import('../../../stacks/program.ts');
      const { bundleConfigRule } = await import('../../../config-rules/bundle.ts');
      const problems = deploymentProblems(analysis);
      for (const p of problems) io.err(`warning: ${p}; planning the organization part only`);
      const resources = await previewDeployment(analysis, { bundle: async (id) => (await bundleConfigRule(id)).code, organizationOnly: problems.length > 0 });
      // The rehearsal needs the whole deployment: a spec that cannot be deployed yet is planned without it.
      const { rehearse } = await import('../../../stacks/rehearsal/rehearse.ts');
      const rehearsal = problems.length ? undefined : rehearse(analysis, resources);
      const result = planSpec(analysis, resources, deploymentDocuments(analysis), rehearsal);
      if (rehearsal?.problems.length) exit.code = 1;
      if (opts.out) await writeOutputFolder(opts.out, result.artifacts, 'plan.json');
      if (opts.json) {
        io.out(
          JSON.stringify(
            { resources: result.resources, scps: result.scps, rcps: result.rcps, declarative: result.declarative, ...(rehearsal ? { rehearsal } : {}) },
            null,
            2,
          ),
        );
        return;
      }
      printWarnings(io, analysis.diagnostics);
      printPolicyTable(io, `Service control policies (limit ${analysis.scps.sizeLimit} characters per document):`, result.scps);
      if (result.rcps.length) printPolicyTable(io, `\nResource control policies (limit ${analysis.rcps.sizeLimit} characters per document):`, result.rcps);
      if (result.declarative.length) {
        io.out(`\nEC2 declarative policies, effective per account (Root → OUs → account):`);
        const rows = [['account', 'attribute', 'value', 'set by']];
        for (const e of result.declarative) {
          e.settings.forEach((s, i) => rows.push([i === 0 ? e.account : '', s.path, JSON.stringify(s.value), s.setBy]));
          for (const x of e.ignored)
            io.err(`warning: ${e.account}: ${x.target} uses ${x.operator} on ${x.path}, which a parent policy does not allow; AWS ignores it`);
        }
        io.out(table(rows, ['l', 'l', 'l', 'l']));
      }
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
      if (rehearsal) {
        const verdict = rehearsal.problems.length
          ? `${rehearsal.problems.length} problem(s) — the first pulumi up would fail or lock the deployment out`
          : 'clean';
        io.out(`\nRehearsal against AWS's documented rules (creation orders of seeds ${rehearsal.seeds.join(', ')}): ${verdict}`);
        for (const p of rehearsal.problems) io.err(`${p.at ? `${p.at}: ` : ''}${p.resource}: ${p.message} [${p.rule}; ${p.doc}]`);
        for (const n of rehearsal.notes ?? []) io.out(`  note: ${n}`);
      }
      if (opts.out) io.out(`Wrote ${result.artifacts.length} files to ${opts.out}`);
    });
}

/** One table of SCPs or RCPs: per target its slots, documents, sizes and headroom. */
function printPolicyTable(io: Io, title: string, targets: ScpTargetSummary[]): void {
  io.out(title);
  const rows = [['target', 'accounts', 'slots', 'policy', 'characters', 'headroom', 'guardrails']];
  for (const t of targets) {
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
}
