/**
 * Explicit providers, only for the few named accounts the program places resources in
 * (log-archive, audit, accounts owning `keys:`): each assumes organization.accessRole there.
 * Everything else is in the management account (the default provider) or fans out through
 * AWS's own engines (StackSets, organization Config rules, GuardDuty auto-enable).
 *
 * Explicit providers do not inherit the stack's `aws:` settings (Pulumi: "Explicit provider
 * configuration"), so the deploying identity's profile and role chain are passed on, and every
 * provider pins the one account it may act in (allowedAccountIds): a wrong profile fails the
 * preview instead of deploying into a stranger's account.
 */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { roleArn } from '../../src/model/names.ts';

/** The deploying identity, from the stack's `aws:` settings (aws:profile, aws:assumeRoles). */
export interface DeployingIdentity {
  profile?: string;
  /** The role chain that reaches the management account, outermost first. */
  assumeRoles?: { roleArn: string; sessionName?: string; externalId?: string }[];
}

export interface AccountProviders {
  /** Provider for an account and region; undefined means the default (management account, home region). */
  forAccount(accountId: string, region: string): aws.Provider | undefined;
}

export interface ProviderSettings {
  managementAccountId: string;
  homeRegion: string;
  partition: string;
  accessRole: string;
  identity: DeployingIdentity;
  parent?: pulumi.Resource;
}

export function accountProviders(opts: ProviderSettings): AccountProviders {
  const cache = new Map<string, aws.Provider>();
  return {
    forAccount(accountId, region) {
      if (accountId === opts.managementAccountId && region === opts.homeRegion) return undefined;
      const key = `${accountId}/${region}`;
      let provider = cache.get(key);
      if (!provider) {
        const chain = [...(opts.identity.assumeRoles ?? [])];
        if (accountId !== opts.managementAccountId) chain.push({ roleArn: roleArn(opts.partition, accountId, opts.accessRole), sessionName: 'org-guardrails' });
        provider = new aws.Provider(
          `aws-${accountId}-${region}`,
          {
            region: region as aws.Region,
            allowedAccountIds: [accountId],
            ...(opts.identity.profile ? { profile: opts.identity.profile } : {}),
            ...(chain.length ? { assumeRoles: chain } : {}),
          },
          { parent: opts.parent },
        );
        cache.set(key, provider);
      }
      return provider;
    },
  };
}
