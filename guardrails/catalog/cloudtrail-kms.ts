import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const cloudTrailKms: Guardrail = {
  id: 'cloudtrail-kms',
  title: 'CloudTrail trails encrypt their logs with a KMS key',
  reason: 'Audit logs are encrypted with a key the organization controls.',
  area: 'logging',
  severity: 'medium',
  benchmarks: [...cis('3.5'), ...fsbp('CloudTrail.2')],
  remediation: 'Encrypt the trail with a KMS key whose policy lets CloudTrail use it: `aws cloudtrail update-trail --name TRAIL --kms-key-id KEY`.',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'CLOUD_TRAIL_ENCRYPTION_ENABLED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [],
};
