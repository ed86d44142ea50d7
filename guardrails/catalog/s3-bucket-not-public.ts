import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const s3BucketNotPublic: Guardrail = {
  id: 's3-bucket-not-public',
  title: 'No bucket is public through its policy or ACL',
  reason: 'A bucket made public by mistake exposes confidential files to anyone.',
  area: 'encryption',
  severity: 'critical',
  benchmarks: [...cis('2.1.4'), ...fsbp('S3.2', 'S3.3')],
  remediation:
    'Give Principal "*" statements a condition fixing the callers (aws:PrincipalOrgID, aws:SourceVpce...) or delete them, remove ACL grants to AllUsers/AuthenticatedUsers, and block public access: `aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.',
  parameters: noParameters,
  configRule: { kind: 'custom', ruleId: 's3-bucket-public' },
  cases: [],
};
