/**
 * The live state drift reads beyond Organizations, each part on its own so one denied call leaves
 * the others checked: organization Config rules and their per-account status
 * (DescribeOrganizationConfigRules, GetOrganizationConfigRuleDetailedStatus) and GuardDuty members
 * (ListDetectors, ListMembers), both in the audit account (the delegated administrator, reached
 * through organization.accessRole), and the instances of the baseline StackSet of each Config recorder
 * mode (ListStackInstances, from the management account, in the StackSets' home Region, every Region's
 * instances: those in a Region the spec no longer allows are drift too). Read-only; clients built the standard SDK way.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient, paginateGetOrganizationConfigRuleDetailedStatus } from '@aws-sdk/client-config-service';
import { GuardDutyClient, paginateListDetectors, paginateListMembers } from '@aws-sdk/client-guardduty';
import { assumeRoleIn, readOrganizationConfigRules, SDK_RETRIES, type AwsCredentialIdentity } from '../../aws/config-organization.ts';
import { explainAwsError } from '../../aws/errors.ts';
import { withBackoff } from '../../aws/retry.ts';
import { cloudFormationClient, readStackInstances, STACKSET_READ_PERMISSIONS } from '../../aws/stackset-instances.ts';
import { baselineStackSetName } from '../../model/names.ts';
import { RECORDER_MODES } from './baseline.ts';
import type { Section, ServiceState } from './drift.ts';

/** Member account states of an organization rule that mean it is not deployed there (AWS Config API: MemberAccountStatus). */
const FAILED_RULE_STATES = new Set(['CREATE_FAILED', 'UPDATE_FAILED', 'DELETE_FAILED']);

export interface ServiceTargets {
  auditAccountId: string;
  accessRole: string;
  /** Where the program creates the baseline StackSet (its administrator Region). */
  homeRegion: string;
  regions: string[];
  /** Organization Config rule names the spec deploys. */
  configRules: string[];
}

export interface ServiceClients {
  credentialsFor: (accountId: string, role: string) => Promise<AwsCredentialIdentity>;
  config: (region: string, credentials: AwsCredentialIdentity) => ConfigServiceClient;
  guardDuty: (region: string, credentials: AwsCredentialIdentity) => GuardDutyClient;
  cloudFormation: (region: string) => CloudFormationClient;
}

const sdk = SDK_RETRIES;

export const awsServiceClients = (): ServiceClients => ({
  credentialsFor: (accountId, role) => assumeRoleIn(accountId, role, 'guardrails-drift'),
  config: (region, credentials) => new ConfigServiceClient({ ...sdk, region, credentials }),
  guardDuty: (region, credentials) => new GuardDutyClient({ ...sdk, region, credentials }),
  cloudFormation: cloudFormationClient,
});

async function section<T>(doing: string, permissions: string[], read: () => Promise<T>): Promise<Section<T>> {
  try {
    return { ok: true, value: await withBackoff(read) };
  } catch (e) {
    const explained = explainAwsError(e, { doing, permissions });
    return {
      ok: false,
      why: explained ? `${explained.message}${explained.hint ? ` (${explained.hint})` : ''}` : `${(e as Error).name ?? 'error'}: ${(e as Error).message}`,
    };
  }
}

async function all<P, T>(pages: AsyncIterable<P>, items: (p: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(...(items(p) ?? []));
  return out;
}

export async function readServices(clients: ServiceClients, targets: ServiceTargets): Promise<ServiceState> {
  const audit = section(`assuming ${targets.accessRole} in the audit account ${targets.auditAccountId}`, ['sts:AssumeRole'], () =>
    clients.credentialsFor(targets.auditAccountId, targets.accessRole),
  );
  const configRules = audit.then(async (credentials) => {
    if (!credentials.ok) return credentials;
    return section('reading organization Config rules', ['config:DescribeOrganizationConfigRules', 'config:GetOrganizationConfigRuleDetailedStatus'], () =>
      Promise.all(
        targets.regions.map(async (region) => {
          const client = clients.config(region, credentials.value);
          const deployed = new Set((await readOrganizationConfigRules(client)).map((r) => r.name));
          const rules = new Map<string, { failedAccounts: string[] }>();
          for (const name of targets.configRules.filter((n) => deployed.has(n))) {
            const statuses = await all(
              paginateGetOrganizationConfigRuleDetailedStatus({ client }, { OrganizationConfigRuleName: name }),
              (p) => p.OrganizationConfigRuleDetailedStatus,
            );
            rules.set(name, { failedAccounts: statuses.filter((s) => FAILED_RULE_STATES.has(String(s.MemberAccountRuleStatus))).map((s) => s.AccountId!) });
          }
          return { region, rules };
        }),
      ),
    );
  });
  const guardDutyMembers = audit.then(async (credentials) => {
    if (!credentials.ok) return credentials;
    return section('reading GuardDuty members', ['guardduty:ListDetectors', 'guardduty:ListMembers'], () =>
      Promise.all(
        targets.regions.map(async (region) => {
          const client = clients.guardDuty(region, credentials.value);
          const [detector] = await all(paginateListDetectors({ client }, {}), (p) => p.DetectorIds);
          const members = detector ? await all(paginateListMembers({ client }, { DetectorId: detector, OnlyAssociated: 'false' }), (p) => p.Members) : [];
          return { region, members: new Map(members.map((m) => [m.AccountId!, m.RelationshipStatus ?? 'unknown'])) };
        }),
      ),
    );
  });
  const names = RECORDER_MODES.map(baselineStackSetName);
  const stackInstances = section(
    `reading the instances of StackSets ${names.join(' and ')} in ${targets.homeRegion}`,
    [...STACKSET_READ_PERMISSIONS],
    async () => {
      const client = clients.cloudFormation(targets.homeRegion);
      const [create, existing] = await Promise.all(names.map((name) => readStackInstances(client, name)));
      return { create, existing };
    },
  );
  return { configRules: await configRules, guardDutyMembers: await guardDutyMembers, stackInstances: await stackInstances };
}
