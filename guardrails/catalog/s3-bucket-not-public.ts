import { noParameters, type Guardrail } from '../guardrail.ts';

export const s3BucketNotPublic: Guardrail = {
  id: 's3-bucket-not-public',
  title: 'No bucket is public through its policy or ACL',
  reason: 'A bucket made public by mistake exposes confidential files to anyone.',
  area: 'encryption',
  severity: 'critical',
  parameters: noParameters,
  configRule: { kind: 'custom', ruleId: 's3-bucket-public' },
  cases: [],
};
