/**
 * The whole deployment, from an analysed spec. `pulumi up` runs it for real (stacks/index.ts);
 * `guardrails plan` runs this same function under Pulumi's mocks, so there is one source of truth.
 */
import type { Analysis } from '../src/deployment/analyze.ts';
import { baselineTargetUnits, baselineTemplate } from '../src/deployment/baseline-template.ts';
import { configRuleDeployments } from '../src/deployment/config-rules.ts';
import { deploymentNames } from '../src/model/names.ts';
import { accountsUnder, ROOT } from '../src/model/organization.ts';
import { auditAlreadyDelegated, excludedAccountIdsByRegion } from '../src/deployment/adoption.ts';
import { AccountBaselineComponent } from './components/baseline.ts';
import { configRulesLambdaRole, DetectionComponent } from './components/detection.ts';
import { CustomerManagedKeysComponent } from './components/keys.ts';
import { CentralLoggingComponent } from './components/logging.ts';
import { OrganizationComponent } from './components/organization.ts';
import { accountProviders, type DeployingIdentity } from './components/providers.ts';

export interface ProgramOptions {
  /** Lambda code of a custom rule (esbuild bundle). */
  bundle: (ruleId: string) => Promise<string>;
  /** Split deployments: the top-level OUs this stack manages (default: all). */
  units?: string[];
  /** Whether this stack holds the organization-wide part: Root SCPs, trail, baseline, detection, keys (default: true). */
  core?: boolean;
  /** A spec that cannot be deployed yet (see deploymentProblems): plan its organization part (OUs, policies) alone. */
  organizationOnly?: boolean;
  /** The stack's `aws:` settings (profile, role chain), passed on to explicit providers. */
  identity?: DeployingIdentity;
}

/**
 * What the spec must hold to be deployed (beyond what `validate` checks, which plan and test do not need).
 * `stackRegion` is the stack's aws:region: the default provider is the management account in the home region.
 */
export function deploymentProblems(analysis: Analysis, stackRegion?: string): string[] {
  const { spec, index } = analysis.loaded;
  const org = spec.organization;
  const problems: string[] = [];
  if (!org.id) problems.push('organization.id (o-...) is required to deploy: it scopes the trail, Config and key policies to the organization');
  if (!org.logArchiveAccount || !index.accounts.get(org.logArchiveAccount)?.id)
    problems.push('organization.logArchiveAccount must name an account with an id: the trail and Config buckets live there');
  if (!org.auditAccount || !index.accounts.get(org.auditAccount)?.id)
    problems.push('organization.auditAccount must name an account with an id: it administers Config and GuardDuty');
  if (stackRegion !== undefined && stackRegion !== org.homeRegion)
    problems.push(
      `the stack's aws:region is ${stackRegion} but organization.homeRegion is ${org.homeRegion}: the trail, aggregator and global rules belong in the home region`,
    );
  return problems;
}

/** The top-level OU a target sits under; undefined for the root and accounts directly under it. */
function topLevelOf(analysis: Analysis, target: string): string | undefined {
  const { index } = analysis.loaded;
  const path = index.units.has(target) ? target : index.accounts.get(target)?.parent;
  return path === undefined || path === ROOT || target === ROOT ? undefined : path.split('/')[0];
}

export function defineGuardrails(analysis: Analysis, options: ProgramOptions): void {
  const { spec, index } = analysis.loaded;
  // One bundle per rule, shared by its functions in every region.
  const bundles = new Map<string, Promise<string>>();
  const bundle = (ruleId: string) => bundles.get(ruleId) ?? (bundles.set(ruleId, options.bundle(ruleId)), bundles.get(ruleId)!);
  const org = spec.organization;
  const core = options.core ?? true;
  const identity = options.identity ?? {};
  const manages = (target: string) => {
    const top = topLevelOf(analysis, target);
    return top === undefined ? core : !options.units || options.units.includes(top);
  };
  const organization = new OrganizationComponent('organization', { analysis, manages, core, identity });
  if (!core || options.organizationOnly) return;

  const problems = deploymentProblems(analysis);
  if (problems.length) throw new Error(problems.join('\n'));
  const names = deploymentNames(spec, (name) => (name ? index.accounts.get(name)?.id : undefined))!;
  const providers = accountProviders({
    managementAccountId: org.managementAccountId,
    homeRegion: org.homeRegion,
    partition: names.partition,
    accessRole: org.accessRole,
    identity,
  });
  const logging = new CentralLoggingComponent('central-logging', {
    names,
    trail: spec.logging.trail,
    logArchiveProvider: providers.forAccount(names.logArchiveAccountId, org.homeRegion),
    dependsOn: [organization.trustedAccess.get('cloudtrail.amazonaws.com')!],
  });

  // The member role's trust names the audit account's Lambda role: IAM rejects a trust policy naming a role that does not exist yet.
  const excluded = excludedAccountIdsByRegion(spec, index);
  const lambdaRole = configRulesLambdaRole({ names, provider: providers.forAccount(names.auditAccountId, org.homeRegion), parent: organization });
  const baseline = new AccountBaselineComponent('account-baseline', {
    template: baselineTemplate({ spec, configBucketName: names.configBucketName, auditAccountId: names.auditAccountId }),
    targets: baselineTargetUnits(index).map((unit) => {
      const under = accountsUnder(index, unit);
      const ids = new Set(under.map((a) => a.id));
      return {
        unit,
        mode: spec.baseline.configRecorderByUnit[unit] ?? spec.baseline.configRecorder,
        organizationalUnitId: unit === ROOT ? organization.rootId : organization.unitIds.get(unit)!,
        excludedAccountIds: (region: string) => (excluded.get(region) ?? []).filter((id) => id !== org.managementAccountId && ids.has(id)),
        accounts: under.filter((a) => a.id && !a.isManagement).length,
        accountMoves: under.map((a) => organization.accounts.get(a.name)).filter((r) => r !== undefined),
      };
    }),
    managementExcluded: (region) => (excluded.get(region) ?? []).includes(org.managementAccountId),
    managementMode: spec.baseline.configRecorder,
    regions: org.allowedRegions,
    settings: spec.baseline,
    managementProvider: (region) => providers.forAccount(org.managementAccountId, region),
    dependsOn: [organization.trustedAccess.get('cloudformation:ActivateOrganizationsAccess')!, logging.configBucketPolicy, lambdaRole],
  });

  const accountIds = new Map([...index.accounts.values()].filter((a) => a.id).map((a) => [a.name, a.id!]));
  new DetectionComponent('detection', {
    names,
    regions: org.allowedRegions,
    rules: configRuleDeployments(analysis.loaded),
    accountIds,
    providers,
    bundle,
    lambdaRole,
    delegations: [...organization.delegations, organization.trustedAccess.get('guardduty.amazonaws.com')!],
    // Organization Config rules wait for a recorder in every member account and region (PutOrganizationConfigRule fails otherwise).
    recorders: baseline.instances,
    // ...and skip the accounts the baseline skips in a region (no recorder, no member role there).
    excludedByRegion: excluded,
    // An existing GuardDuty administrator registration of the audit account is adopted, not enabled again.
    guardDutyAdminExists: auditAlreadyDelegated(spec, index, 'guardduty.amazonaws.com'),
  });

  const keys = (spec.keys ?? []).map((k) => ({ ...k, accountId: index.accounts.get(k.account)!.id!, region: k.region ?? org.homeRegion }));
  if (keys.length) new CustomerManagedKeysComponent('keys', { keys, organizationId: org.id, providers });
}
