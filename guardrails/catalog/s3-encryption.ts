import { noParameters, type Guardrail } from '../guardrail.ts';

export const s3Encryption: Guardrail = {
  id: 's3-encryption',
  title: 'Every bucket has default encryption',
  reason: 'Data at rest is encrypted by default.',
  area: 'encryption',
  severity: 'medium',
  parameters: noParameters,
  configRule: { kind: 'custom', ruleId: 's3-bucket-encryption' },
  cases: [],
};
