/** Buckets have default encryption; with `requireKms`, it must be SSE-KMS (aws:kms or aws:kms:dsse). */
import type { ChangeTriggeredRule } from '../framework/types.ts';

export const s3BucketEncryption: ChangeTriggeredRule<{ requireKms: boolean }> = {
  id: 's3-bucket-encryption',
  description: 'Buckets have default encryption',
  trigger: 'configuration-change',
  resourceTypes: ['AWS::S3::Bucket'],
  parameters: (raw) => ({ requireKms: raw.requireKms === 'true' }),
  evaluate(item, { requireKms }) {
    const rules: any[] = item.supplementaryConfiguration.ServerSideEncryptionConfiguration?.rules ?? [];
    const algorithms = rules.map((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm).filter(Boolean) as string[];
    if (algorithms.length === 0) return { complianceType: 'NON_COMPLIANT', annotation: 'no default encryption configured' };
    if (requireKms && !algorithms.some((a) => a.startsWith('aws:kms')))
      return { complianceType: 'NON_COMPLIANT', annotation: `default encryption is ${algorithms.join(', ')}, not SSE-KMS` };
    return { complianceType: 'COMPLIANT', annotation: `default encryption ${algorithms.join(', ')}` };
  },
};
