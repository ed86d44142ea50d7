import { access } from 'node:fs/promises';
import { catalog } from '../../../guardrails/catalog/index.ts';
import { organizationsReader, readOrganization } from '../../aws/organizations.ts';
import { totalCalls } from '../../aws/rate-limit.ts';
import { UserError } from '../../core/errors.ts';
import { writeFileAtomically } from '../../io/atomic-write.ts';
import { printWarnings, type CommandContext } from '../../io/context.ts';
import { plural } from '../../io/render.ts';
import { adoptedTrailWarning, importSpec, type ImportOptions } from './import.ts';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { assumeRoleIn, readOrganizationConfigRules, SDK_RETRIES } from '../../aws/config-organization.ts';
import { explainAwsError } from '../../aws/errors.ts';
import { withBackoff } from '../../aws/retry.ts';
import { partitionOf } from '../../model/names.ts';
import { DELEGATED_SERVICES as CONFIG_SERVICES } from '../../deployment/organization-services.ts';
import type { LiveOrganization } from '../../aws/organizations.ts';
import { cloudTrailClient, readOrganizationTrails, readTrailLogging } from '../../aws/cloudtrail.ts';

/** Shared by import and drift: `--rate` paces Organizations calls (AWS's documented rate is about 10/s per account). */
export const parseRate = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UserError(`--rate "${value}" is not a positive number of requests per second`);
  return n;
};

/** Organization Config rules, read where they live: the Config delegated administrator (through the access role), else the management account. */
async function readConfigRules(live: LiveOrganization, region: string, accessRole: string): Promise<Pick<ImportOptions, 'configRules' | 'configRulesUnread'>> {
  const admin = live.delegatedAdministrators.find((d) => d.services.some((s) => CONFIG_SERVICES.includes(s)))?.accountId;
  try {
    const credentials = admin ? await assumeRoleIn(admin, accessRole, 'guardrails-import', partitionOf(region)) : undefined;
    return { configRules: await withBackoff(() => readOrganizationConfigRules(new ConfigServiceClient({ ...SDK_RETRIES, region, credentials }))) };
  } catch (e) {
    const explained = explainAwsError(e, {
      doing: admin ? `reading organization Config rules in ${admin}` : 'reading organization Config rules',
      permissions: [...(admin ? ['sts:AssumeRole'] : []), 'config:DescribeOrganizationConfigRules'],
    });
    return {
      configRulesUnread: explained ? `${explained.message}${explained.hint ? `; ${explained.hint}` : ''}` : `${(e as Error).name}: ${(e as Error).message}`,
    };
  }
}

const why = (e: unknown) => (e instanceof UserError ? `${e.message}${e.hint ? `; ${e.hint}` : ''}` : `${(e as Error).name}: ${(e as Error).message}`);

/**
 * The management account's organization trails as seen from the home Region, and whether the one the spec
 * adopts is logging; a failed read (access denied, say) is said, not fatal.
 */
async function readTrails(region: string): Promise<Pick<ImportOptions, 'organizationTrails' | 'trailsUnread' | 'adoptedTrailLogging'>> {
  const client = cloudTrailClient(region);
  let organizationTrails;
  try {
    organizationTrails = await readOrganizationTrails(client, region);
  } catch (e) {
    return { trailsUnread: why(e) };
  }
  if (!organizationTrails.length) return { organizationTrails };
  try {
    return { organizationTrails, adoptedTrailLogging: { logging: await readTrailLogging(client, organizationTrails[0]) } };
  } catch (e) {
    return { organizationTrails, adoptedTrailLogging: { unread: why(e) } };
  }
}

export function registerImport({ cli, io, exit }: CommandContext): void {
  cli
    .command('import')
    .description('read the live organization (read-only) and write a spec that describes it')
    .requiredOption('--out <spec>', 'spec file to write')
    .option('--force', 'overwrite the file if it exists')
    .option('--home-region <region>', 'organization.homeRegion (default: AWS_REGION)')
    .option('--allowed-regions <list>', 'organization.allowedRegions, comma-separated, when no region-restricting SCP says')
    .option('--rate <n>', 'Organizations requests per second', parseRate, 10)
    .option('--access-role <role>', 'role assumed in the Config delegated administrator to read organization Config rules', 'OrganizationAccountAccessRole')
    .option('--no-config-rules', 'read Organizations only (detective guardrails are then left out)')
    .option('--json', 'print the summary and the round-trip result as JSON')
    .action(
      async (opts: {
        out: string;
        force?: boolean;
        homeRegion?: string;
        allowedRegions?: string;
        rate: number;
        json?: boolean;
        accessRole: string;
        configRules: boolean;
      }) => {
        const exists = await access(opts.out).then(
          () => true,
          () => false,
        );
        if (exists && !opts.force) throw new UserError(`${opts.out} exists`, 'pass --force to overwrite it, or choose another --out');
        const homeRegion = opts.homeRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
        if (!homeRegion) throw new UserError('no home region', 'pass --home-region or set AWS_REGION');
        const allowedRegions = opts.allowedRegions
          ?.split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        const reader = organizationsReader({ concurrency: 5, perSecond: opts.rate });
        const live = await readOrganization(reader);
        const config = opts.configRules ? await readConfigRules(live, homeRegion, opts.accessRole) : { configRulesUnread: 'skipped (--no-config-rules)' };
        const trails = await readTrails(homeRegion);
        const result = await importSpec(live, catalog, { homeRegion, allowedRegions, ...config, ...trails }, opts.out);
        await writeFileAtomically(opts.out, result.text);
        if (trails.trailsUnread)
          io.err(
            `warning: CloudTrail trails were not read (${trails.trailsUnread}); logging.trail.organizationTrail stays "create": check for an existing organization trail`,
          );
        else if ((trails.organizationTrails?.length ?? 0) > 1)
          io.err(
            `warning: ${trails.organizationTrails!.length} organization trails found (${trails.organizationTrails!.map((t) => t.arn).join(', ')}); the spec adopts ${trails.organizationTrails![0].name}`,
          );
        const notLogging = trails.organizationTrails?.length ? adoptedTrailWarning(trails.organizationTrails[0], trails.adoptedTrailLogging) : undefined;
        if (notLogging) io.err(`warning: ${notLogging}`);
        const { summary } = result.imported;
        const { roundTrip } = result;
        if (roundTrip.differences.length) exit.code = 1;
        if (opts.json) {
          io.out(JSON.stringify({ out: opts.out, summary, apiCalls: Object.fromEntries(reader.calls), roundTrip }, null, 2));
          return;
        }
        printWarnings(io, result.analysis.diagnostics);
        io.out(
          `Wrote ${opts.out}: ${plural(summary.units, 'OU')}, ${plural(summary.accounts, 'account')}` +
            `${summary.inactiveAccounts ? ` (+${summary.inactiveAccounts} suspended or closed, in a comment)` : ''}, ` +
            `${summary.catalogEntries} catalog guardrail ${summary.catalogEntries === 1 ? 'entry' : 'entries'}, ${summary.customEntries} custom ${summary.customEntries === 1 ? 'policy' : 'policies'}` +
            `${summary.controlTowerPolicies ? `; ${plural(summary.controlTowerPolicies, 'Control Tower SCP')} left to Control Tower` : ''}.`,
        );
        const trail = trails.organizationTrails?.[0];
        if (trail) io.out(`Organization trail found: ${trail.arn}; the spec adopts it (logging.trail.organizationTrail: existing).`);
        io.out(`Read with ${plural(totalCalls(reader.calls), 'Organizations request')}.`);
        if (!roundTrip.differences.length) {
          io.out(
            `Round trip: the planned SCPs and RCPs decide all ${roundTrip.requests} requests as the live ones do (${plural(roundTrip.targets, 'target')} whose documents change, level by level; ${plural(roundTrip.chains, 'account')} end to end).`,
          );
          return;
        }
        io.err(`Round trip: ${plural(roundTrip.differences.length, 'request')} decided differently by the planned SCPs and RCPs (of ${roundTrip.requests}):`);
        for (const d of roundTrip.differences.slice(0, 20))
          io.err(
            `  ${d.account} ${d.principal} ${d.action} ${d.region}${d.resource && d.resource !== '*' ? ` ${d.resource}` : ''}: live ${d.live}, planned ${d.planned}`,
          );
      },
    );
}
