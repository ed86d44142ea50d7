/**
 * Explicit providers, only for the few named accounts the program places resources in
 * (log-archive, audit, accounts owning `keys:`): each assumes organization.accessRole there.
 * Everything else is in the management account (the default provider) or fans out through
 * AWS's own engines (StackSets, organization Config rules, GuardDuty auto-enable).
 */
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export interface AccountProviders {
  /** Provider for an account and region; undefined means the default (management account, home region). */
  forAccount(accountId: string, region: string): aws.Provider | undefined;
}

export function accountProviders(opts: { managementAccountId: string; homeRegion: string; accessRole: string; parent?: pulumi.Resource }): AccountProviders {
  const cache = new Map<string, aws.Provider>();
  return {
    forAccount(accountId, region) {
      if (accountId === opts.managementAccountId && region === opts.homeRegion) return undefined;
      const key = `${accountId}/${region}`;
      let provider = cache.get(key);
      if (!provider) {
        provider = new aws.Provider(
          `aws-${accountId}-${region}`,
          {
            region: region as aws.Region,
            ...(accountId === opts.managementAccountId
              ? {}
              : { assumeRoles: [{ roleArn: `arn:aws:iam::${accountId}:role/${opts.accessRole}`, sessionName: 'org-guardrails' }] }),
          },
          { parent: opts.parent },
        );
        cache.set(key, provider);
      }
      return provider;
    },
  };
}
