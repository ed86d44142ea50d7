/**
 * Buckets must not be public through their bucket policy (Principal "*" without a condition
 * pinning callers to the organization, an account, a VPC endpoint or a source) or their ACL
 * (grants to AllUsers or AuthenticatedUsers). The bucket's public access block is honoured:
 * RestrictPublicBuckets neutralises a public policy, IgnorePublicAcls a public ACL.
 */
import { awsPrincipals, restrictingCondition, statementsOf } from '../framework/policy-document.ts';
import type { ChangeTriggeredRule } from '../framework/types.ts';

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

export const s3BucketPublic: ChangeTriggeredRule<Record<string, never>> = {
  id: 's3-bucket-public',
  description: 'Buckets are not public through their policy or ACL',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: () => ({}),
  evaluate(item) {
    const supplementary = item.supplementaryConfiguration;
    const block = supplementary.PublicAccessBlockConfiguration ?? {};
    const findings: string[] = [];
    const policyText = supplementary.BucketPolicy?.policyText;
    if (policyText && !block.restrictPublicBuckets) {
      statementsOf(policyText).forEach((s, i) => {
        if (s.Effect !== 'Allow' || !awsPrincipals(s.Principal).includes('*')) return;
        if (restrictingCondition(s.Condition)) return;
        findings.push(
          `bucket policy statement ${s.Sid ?? `#${i + 1}`} allows ${[s.Action ?? s.NotAction].flat().join(', ')} to Principal "*" without a restricting condition`,
        );
      });
    }
    if (!block.ignorePublicAcls) {
      for (const grant of supplementary.AccessControlList?.grantList ?? []) {
        const group = publicGroup(grant.grantee);
        if (group) findings.push(`ACL grants ${grant.permission} to ${group}`);
      }
    }
    return findings.length ? { complianceType: 'NON_COMPLIANT', annotation: findings.join('; ') } : { complianceType: 'COMPLIANT' };
  },
};
