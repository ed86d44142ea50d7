import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const cloudTrailLogValidation: Guardrail = {
  id: 'cloudtrail-log-validation',
  title: 'CloudTrail trails validate their log files',
  reason: 'Audit logs can be shown not to have been tampered with.',
  area: 'logging',
  severity: 'medium',
  benchmarks: [...cis('3.2'), ...fsbp('CloudTrail.4')],
  remediation: 'Turn validation on: `aws cloudtrail update-trail --name TRAIL --enable-log-file-validation` (the organization trail from the spec has it on).',
  parameters: noParameters,
  configRule: { kind: 'managed', identifier: 'CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [],
};
