/**
 * The AWS managed rule S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED's semantics (AWS Config
 * Developer Guide, s3-bucket-server-side-encryption-enabled): a bucket is COMPLIANT when it has
 * default encryption, or when its bucket policy explicitly denies PutObject requests without
 * server-side encryption. Since January 2023 S3 applies SSE-S3 to every new bucket, so the
 * default case passes on current buckets; `requireKms` asks for SSE-KMS (aws:kms, aws:kms:dsse)
 * instead — by default encryption, or by a policy that denies PutObject with any other header.
 * The policy is judged by evaluating PutObject requests against its Deny statements.
 */
import { asList, type PolicyStatement } from '../../src/iam/policy.ts';
import { requestContext } from '../../src/iam/request.ts';
import { statementApplies } from '../../src/iam/statement.ts';
import { partitionOf } from '../../src/model/names.ts';
import { booleanParameter } from '../framework/parameters.ts';
import { awsPrincipals, statementsOf } from '../framework/policy-document.ts';
import type { ChangeTriggeredRule } from '../framework/types.ts';

const SSE_HEADER = 's3:x-amz-server-side-encryption';
const isKms = (algorithm: string) => algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';

/** Whether the bucket policy denies everyone a PutObject of an object key carrying this SSE header (undefined: no header). */
function policyDeniesPut(policyText: unknown, bucketArn: string, header: string | undefined): boolean {
  const request = { action: 's3:PutObject', resource: `${bucketArn}/any-object`, context: requestContext({ [SSE_HEADER]: header }) };
  return statementsOf(policyText).some(
    (s) => s.Effect === 'Deny' && awsPrincipals(s.Principal).includes('*') && statementApplies(s as PolicyStatement, request),
  );
}

export const s3BucketEncryption: ChangeTriggeredRule<{ requireKms: boolean }> = {
  id: 's3-bucket-encryption',
  description: 'Buckets have default encryption (SSE-KMS when required), or a bucket policy that refuses unencrypted uploads',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: (raw) => ({ requireKms: booleanParameter(raw, 'requireKms') }),
  evaluate(item, { requireKms }) {
    const supplementary = item.supplementaryConfiguration;
    if (Object.keys(supplementary).length === 0)
      return { complianceType: 'NON_COMPLIANT', annotation: 'could not evaluate: the item carries no supplementaryConfiguration' };
    const rules: any[] = asList(supplementary.ServerSideEncryptionConfiguration?.rules);
    const algorithms = rules.map((r) => r?.applyServerSideEncryptionByDefault?.sseAlgorithm).filter((a): a is string => typeof a === 'string');
    // The bucket's ARN in its region's partition: a policy in aws-us-gov names arn:aws-us-gov:s3:::...
    const bucket = `arn:${partitionOf(item.region)}:s3:::${String(item.configuration?.name ?? item.resourceName ?? item.resourceId)}`;
    const policyText = supplementary.BucketPolicy?.policyText;
    if (requireKms) {
      if (algorithms.some(isKms)) return { complianceType: 'COMPLIANT', annotation: `default encryption ${algorithms.join(', ')}` };
      if (policyText && policyDeniesPut(policyText, bucket, undefined) && policyDeniesPut(policyText, bucket, 'AES256'))
        return { complianceType: 'COMPLIANT', annotation: 'bucket policy denies PutObject without SSE-KMS' };
      return {
        complianceType: 'NON_COMPLIANT',
        annotation: algorithms.length ? `default encryption is ${algorithms.join(', ')}, not SSE-KMS` : 'no default encryption and no policy requiring SSE-KMS',
      };
    }
    if (algorithms.length) return { complianceType: 'COMPLIANT', annotation: `default encryption ${algorithms.join(', ')}` };
    if (policyText && policyDeniesPut(policyText, bucket, undefined))
      return { complianceType: 'COMPLIANT', annotation: 'bucket policy denies PutObject without server-side encryption' };
    return { complianceType: 'NON_COMPLIANT', annotation: 'no default encryption configured and no bucket policy denying unencrypted PutObject' };
  },
};
