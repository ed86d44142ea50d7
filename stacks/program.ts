/**
 * The whole deployment, from an analysed spec. `pulumi up` runs it for real (stacks/index.ts);
 * `guardrails plan` runs this same function under Pulumi's mocks, so there is one source of truth.
 */
import type { Analysis } from '../src/deployment/analyze.ts';
import { baselineTargetUnits, baselineTemplate } from '../src/deployment/baseline-template.ts';
import { configRuleDeployments } from '../src/deployment/config-rules.ts';
import { ROOT } from '../src/model/organization.ts';
import { deploymentNames } from '../src/deployment/trail.ts';
import { AccountBaselineComponent } from './components/baseline.ts';
import { DetectionComponent } from './components/detection.ts';
import { CustomerManagedKeysComponent } from './components/keys.ts';
import { CentralLoggingComponent } from './components/logging.ts';
import { OrganizationComponent } from './components/organization.ts';
import { accountProviders } from './components/providers.ts';

export interface ProgramOptions {
  /** Lambda code of a custom rule (esbuild bundle). */
  bundle: (ruleId: string) => Promise<string>;
  /** Split deployments: the top-level OUs this stack manages (default: all). */
  units?: string[];
  /** Whether this stack holds the organization-wide part: Root SCPs, trail, baseline, detection, keys (default: true). */
  core?: boolean;
  /** A spec that cannot be deployed yet (see deploymentProblems): plan its organization part (OUs, policies) alone. */
  organizationOnly?: boolean;
}

/** What the spec must hold to be deployed (beyond what `validate` checks, which plan and test do not need). */
export function deploymentProblems(analysis: Analysis): string[] {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  const problems: string[] = [];
  if (!org.id) problems.push('organization.id (o-...) is required to deploy: it scopes the trail, Config and key policies to the organization');
  if (!org.logArchiveAccount || !index.accounts.get(org.logArchiveAccount)?.id)
    problems.push('organization.logArchiveAccount must name an account with an id: the trail and Config buckets live there');
  if (!org.auditAccount || !index.accounts.get(org.auditAccount)?.id)
    problems.push('organization.auditAccount must name an account with an id: it administers Config and GuardDuty');
  return problems;
}

export function defineGuardrails(analysis: Analysis, options: ProgramOptions): void {
  const { spec, index } = analysis.loaded;
  // One bundle per rule, shared by its functions in every region.
  const bundles = new Map<string, Promise<string>>();
  const bundle = (ruleId: string) => bundles.get(ruleId) ?? (bundles.set(ruleId, options.bundle(ruleId)), bundles.get(ruleId)!);
  const org = spec.organization;
  const core = options.core ?? true;
  const topLevelOf = (target: string): string | undefined => {
    if (target === ROOT) return undefined;
    const path = index.units.has(target) ? target : index.accounts.get(target)?.parent;
    return path === undefined || path === ROOT ? undefined : path.split('/')[0];
  };
  const manages = (target: string) => {
    const top = topLevelOf(target);
    return top === undefined ? core : !options.units || options.units.includes(top);
  };
  const providers = accountProviders({ managementAccountId: org.managementAccountId, homeRegion: org.homeRegion, accessRole: org.accessRole });
  const organization = new OrganizationComponent('organization', { analysis, manages, core });
  if (!core || options.organizationOnly) return;

  const problems = deploymentProblems(analysis);
  if (problems.length) throw new Error(problems.join('\n'));
  const {
    trail: names,
    configBucketName: configBucket,
    logArchiveAccountId: logArchiveId,
    auditAccountId: auditId,
  } = deploymentNames(spec, (name) => (name ? index.accounts.get(name)?.id : undefined))!;
  const trail = spec.logging?.trail ?? {
    name: names.trailName,
    retentionDays: 365,
    cloudWatchLogs: false,
    cloudWatchLogsRetentionDays: 90,
    dataEvents: { s3: 'none' as const, lambda: 'none' as const },
  };
  new CentralLoggingComponent('central-logging', {
    names,
    trail,
    configBucketName: configBucket,
    logArchiveProvider: providers.forAccount(logArchiveId, org.homeRegion),
  });

  // The baseline targets each top-level OU that holds accounts (a target OU covers its children).
  const baselineUnits = baselineTargetUnits(index);
  new AccountBaselineComponent('account-baseline', {
    template: baselineTemplate({ spec, configBucketName: configBucket, auditAccountId: auditId }),
    organizationalUnitIds: baselineUnits.map((u) => organization.unitIds.get(u)!),
    regions: org.allowedRegions,
    settings: spec.baseline ?? { maxConcurrentPercentage: 25, failureTolerancePercentage: 10, regionConcurrency: 'PARALLEL' },
    managementProvider: (region) => providers.forAccount(org.managementAccountId, region),
  });

  const accountIds = new Map([...index.accounts.values()].filter((a) => a.id).map((a) => [a.name, a.id!]));
  new DetectionComponent('detection', {
    auditAccountId: auditId,
    managementAccountId: org.managementAccountId,
    homeRegion: org.homeRegion,
    regions: org.allowedRegions,
    rules: configRuleDeployments(analysis.loaded),
    accountIds,
    providers,
    bundle,
    dependsOn: organization.delegations,
  });

  const keys = (spec.keys ?? []).map((k) => ({ ...k, accountId: index.accounts.get(k.account)!.id!, region: k.region ?? org.homeRegion }));
  if (keys.length) new CustomerManagedKeysComponent('keys', { keys, organizationId: org.id, providers });
}
