import {
  enabledPolicyTypes,
  organizationsReader,
  readAccountTags,
  readDelegatedAdministrators,
  readPolicies,
  readStructure,
  readTrustedServices,
} from '../../aws/organizations.ts';
import { explainAwsError } from '../../aws/errors.ts';
import { configRuleDeployments } from '../../deployment/config-rules.ts';
import { UserError } from '../../core/errors.ts';
import { analyzeSpecFile } from '../../io/spec-file.ts';
import type { CommandContext } from '../../io/context.ts';
import { detectDrift, type LiveState, type Section, type ServiceState } from './drift.ts';
import { DRIFT_FORMATS, driftJson, driftMarkdown, driftText, type DriftFormat } from './render.ts';
import { awsServiceClients, readServices } from './services.ts';

async function section<T>(read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    const explained = explainAwsError(e);
    return {
      ok: false,
      why: explained ? `${explained.message}${explained.hint ? ` (${explained.hint})` : ''}` : `${(e as Error).name}: ${(e as Error).message}`,
    };
  }
}

const SKIPPED: ServiceState = {
  configRules: { ok: false, why: 'skipped (--no-services)' },
  stackInstances: { ok: false, why: 'skipped (--no-services)' },
  guardDutyMembers: { ok: false, why: 'skipped (--no-services)' },
};

export function registerDrift({ cli, io, exit }: CommandContext): void {
  cli
    .command('drift')
    .description('list where the live organization differs from what the spec deploys (read-only)')
    .argument('<spec>', 'spec file (YAML)')
    .option('--format <format>', `output: ${DRIFT_FORMATS.join(', ')}`, 'text')
    .option('--json', 'same as --format json')
    .option('--fail-on <what>', 'exit 1 when there is drift, or when something could not be checked (CI gate): drift')
    .option('--rate <n>', 'Organizations requests per second (AWS allows about 10)', (v) => Number(v), 10)
    .option('--no-services', 'check Organizations only; Config rules, the baseline StackSet and GuardDuty are reported as not checked')
    .action(async (file: string, opts: { format: string; json?: boolean; failOn?: string; rate: number; services: boolean }) => {
      const format = (opts.json ? 'json' : opts.format) as DriftFormat;
      if (!DRIFT_FORMATS.includes(format)) throw new UserError(`--format "${opts.format}" is not one of ${DRIFT_FORMATS.join(', ')}`);
      if (opts.failOn !== undefined && opts.failOn !== 'drift') throw new UserError(`--fail-on "${opts.failOn}" is not known`, 'use --fail-on drift');
      if (!Number.isFinite(opts.rate) || opts.rate <= 0) throw new UserError('--rate must be a positive number of requests per second');
      const analysis = await analyzeSpecFile(file);
      const reader = organizationsReader({ concurrency: 5, perSecond: opts.rate });
      // Without the tree nothing can be compared: that is an error, not an empty report.
      const structure = await readStructure(reader);
      const [tags, policies, trustedServices, delegatedAdministrators] = await Promise.all([
        section(() => readAccountTags(reader, structure.accounts)),
        section(() => readPolicies(reader, enabledPolicyTypes(structure.root))),
        section(() => readTrustedServices(reader)),
        section(() => readDelegatedAdministrators(reader)),
      ]);
      let services: ServiceState = SKIPPED;
      if (opts.services) {
        const { deploymentProblems } = await import('../../../stacks/program.ts');
        const org = analysis.loaded.spec.organization;
        const audit = org.auditAccount ? analysis.loaded.index.accounts.get(org.auditAccount)?.id : undefined;
        // A spec the program deploys only the organization part of has no Config rules, baseline or GuardDuty to compare.
        services =
          deploymentProblems(analysis).length || !audit
            ? {}
            : await readServices(awsServiceClients(), {
                auditAccountId: audit,
                accessRole: org.accessRole,
                homeRegion: org.homeRegion,
                regions: org.allowedRegions,
                configRules: [...new Set(configRuleDeployments(analysis.loaded).map((r) => r.name))],
              });
      }
      const live: LiveState = { structure, tagsRead: tags.ok, policies, trustedServices, delegatedAdministrators, ...services };
      const report = detectDrift(analysis, live);
      if (!tags.ok) report.unchecked = report.unchecked.map((u) => (u.what === 'account tags' ? { ...u, why: tags.why } : u));
      io.out(format === 'json' ? driftJson(report) : format === 'md' ? driftMarkdown(report, file) : driftText(report, file));
      if (opts.failOn === 'drift' && (report.drift.length || report.unchecked.length)) exit.code = 1;
    });
}
