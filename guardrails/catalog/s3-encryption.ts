import { fsbp, type Guardrail } from '../guardrail.ts';

export const s3Encryption: Guardrail<{ requireKms: boolean }> = {
  id: 's3-encryption',
  title: 'Every bucket encrypts new objects by default (SSE-KMS when required)',
  reason: 'Data at rest is encrypted by default.',
  area: 'encryption',
  severity: 'medium',
  benchmarks: [...fsbp('S3.17')],
  remediation:
    'Set default encryption on the bucket (SSE-KMS when requireKms is on): `aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration \'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY"},"BucketKeyEnabled":true}]}\'` (S3 > bucket > Properties > Default encryption).',
  parameters: {
    type: 'object',
    properties: {
      requireKms: {
        type: 'boolean',
        default: false,
        description:
          'Require SSE-KMS (aws:kms or aws:kms:dsse) default encryption, or a bucket policy refusing other uploads. Off: any default encryption passes, as S3 applies SSE-S3 to every bucket since January 2023.',
      },
    },
    additionalProperties: false,
  },
  configRule: { kind: 'custom', ruleId: 's3-bucket-encryption', inputParameters: (p) => ({ requireKms: String(p.requireKms) }) },
  cases: [],
};
