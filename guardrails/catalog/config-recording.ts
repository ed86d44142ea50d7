import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

/** Detective companion of protect-config (which keeps the recorder from being stopped): is Config recording in every allowed region? */
export const configRecording: Guardrail = {
  id: 'config-recording',
  title: 'AWS Config records in every allowed region',
  reason: 'Detection is always on: configuration changes keep being recorded and evaluated.',
  area: 'detection',
  severity: 'high',
  benchmarks: [...cis('3.3'), ...fsbp('Config.1')],
  remediation:
    'Start (or create) the recorder in the region: `aws configservice start-configuration-recorder --configuration-recorder-name default --region REGION`; the baseline StackSet creates it in every allowed region.',
  parameters: noParameters,
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'config-recording',
    inputParameters: (_p, spec) => ({ regions: spec.organization.allowedRegions.join(',') }),
  },
  cases: [],
};
