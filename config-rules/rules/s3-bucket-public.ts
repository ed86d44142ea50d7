/**
 * Buckets must not be public, after S3's own definition (Amazon S3 User Guide, "The meaning of
 * public"; Block Public Access and IAM Access Analyzer use it): a bucket policy statement that
 * allows Principal "*" (or NotPrincipal) without a condition fixing the callers — aws:SourceIp
 * ranges short of the whole address space, a fixed aws:SourceVpce/SourceVpc/SourceArn/
 * SourceAccount/SourceOwner, s3:DataAccessPointAccount/Arn, organization or principal keys — is
 * public; so is an ACL grant to AllUsers or AuthenticatedUsers. Block Public Access neutralises
 * them: RestrictPublicBuckets a public policy, IgnorePublicAcls a public ACL, set on the bucket
 * or on the account (AWS::S3::AccountPublicAccessBlock) — the most restrictive combination wins.
 */
import { awsPrincipals, restrictingCondition, statementsOf } from '../framework/policy-document.ts';
import type { ChangeTriggeredRule, ConfigurationItem, ItemContext } from '../framework/types.ts';

const PUBLIC_GROUPS = [
  ['AllUsers', 'http://acs.amazonaws.com/groups/global/AllUsers'],
  ['AuthenticatedUsers', 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'],
] as const;

function publicGroup(grantee: unknown): string | undefined {
  const id =
    typeof grantee === 'string'
      ? grantee
      : ((grantee as { identifier?: string; uri?: string; URI?: string })?.identifier ?? (grantee as any)?.uri ?? (grantee as any)?.URI);
  return PUBLIC_GROUPS.find(([name, uri]) => id === name || id === uri)?.[0];
}

export const ACCOUNT_PUBLIC_ACCESS_BLOCK = 'AWS::S3::AccountPublicAccessBlock';

/** Bucket and account settings combined: a setting is on when either level turns it on. */
function blockOf(item: ConfigurationItem, context: ItemContext): { restrictPublicBuckets: boolean; ignorePublicAcls: boolean } {
  const bucket = item.supplementaryConfiguration.PublicAccessBlockConfiguration ?? {};
  const account = context.accountItem(ACCOUNT_PUBLIC_ACCESS_BLOCK)?.configuration ?? {};
  return {
    restrictPublicBuckets: bucket.restrictPublicBuckets === true || account.restrictPublicBuckets === true,
    ignorePublicAcls: bucket.ignorePublicAcls === true || account.ignorePublicAcls === true,
  };
}

export const s3BucketPublic: ChangeTriggeredRule<Record<string, never>> = {
  id: 's3-bucket-public',
  description: 'Buckets are not public through their policy or ACL',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::S3::Bucket'],
  accountResourceTypes: [ACCOUNT_PUBLIC_ACCESS_BLOCK],
  parameters: () => ({}),
  evaluate(item, _params, context) {
    const supplementary = item.supplementaryConfiguration;
    // AWS Config records every bucket's ACL; an item without it is not one we can judge.
    if (!supplementary.AccessControlList || typeof supplementary.AccessControlList !== 'object')
      return { complianceType: 'NON_COMPLIANT', annotation: 'could not evaluate: the item carries no AccessControlList (supplementaryConfiguration)' };
    const block = blockOf(item, context);
    const findings: string[] = [];
    const policyText = supplementary.BucketPolicy?.policyText;
    if (policyText && !block.restrictPublicBuckets) {
      statementsOf(policyText).forEach((s, i) => {
        if (s.Effect !== 'Allow') return;
        const anyone = awsPrincipals(s.Principal).includes('*') || s.NotPrincipal !== undefined;
        if (!anyone || restrictingCondition(s.Condition)) return;
        findings.push(
          `bucket policy statement ${s.Sid ?? `#${i + 1}`} allows ${[s.Action ?? s.NotAction].flat().join(', ')} to Principal "*" without a condition fixing the callers`,
        );
      });
    }
    if (!block.ignorePublicAcls) {
      for (const grant of supplementary.AccessControlList.grantList ?? []) {
        const group = publicGroup(grant?.grantee);
        if (group) findings.push(`ACL grants ${grant.permission} to ${group}`);
      }
    }
    return findings.length ? { complianceType: 'NON_COMPLIANT', annotation: findings.join('; ') } : { complianceType: 'COMPLIANT' };
  },
};
