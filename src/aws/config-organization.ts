/**
 * Organization Config rules as the delegated administrator (or management account) sees them
 * (DescribeOrganizationConfigRules), and the credentials to read them there: an STS AssumeRole
 * into that account with the organization's access role. Shared by `import` and `drift`.
 */
import { ConfigServiceClient, paginateDescribeOrganizationConfigRules } from '@aws-sdk/client-config-service';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

/** Temporary credentials, as STS returns them and every SDK client accepts them. */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export const SDK_RETRIES = { retryMode: 'adaptive', maxAttempts: 10 } as const;

/** `partition`: the organization's (aws, aws-us-gov, aws-cn): a role ARN in another partition names no role. */
export async function assumeRoleIn(accountId: string, role: string, session: string, partition = 'aws'): Promise<AwsCredentialIdentity> {
  const { Credentials } = await new STSClient(SDK_RETRIES).send(
    new AssumeRoleCommand({ RoleArn: `arn:${partition}:iam::${accountId}:role/${role}`, RoleSessionName: session, DurationSeconds: 3600 }),
  );
  if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
  return {
    accessKeyId: Credentials.AccessKeyId,
    secretAccessKey: Credentials.SecretAccessKey,
    sessionToken: Credentials.SessionToken,
    expiration: Credentials.Expiration,
  };
}

export interface OrganizationConfigRule {
  name: string;
  /** Parsed from the rule's InputParameters JSON (managed or custom). */
  inputParameters: Record<string, string>;
  excludedAccounts: string[];
}

export async function readOrganizationConfigRules(client: ConfigServiceClient): Promise<OrganizationConfigRule[]> {
  const out: OrganizationConfigRule[] = [];
  for await (const page of paginateDescribeOrganizationConfigRules({ client }, {})) {
    for (const r of page.OrganizationConfigRules ?? []) {
      const metadata = r.OrganizationManagedRuleMetadata ?? r.OrganizationCustomRuleMetadata ?? r.OrganizationCustomPolicyRuleMetadata;
      let inputParameters: Record<string, string> = {};
      try {
        inputParameters = metadata?.InputParameters ? JSON.parse(metadata.InputParameters) : {};
      } catch {
        // Not JSON: kept empty; the rule is imported with its default parameters.
      }
      out.push({ name: r.OrganizationConfigRuleName!, inputParameters, excludedAccounts: r.ExcludedAccounts ?? [] });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}
