import { cis, exempt, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

/** AWS's documented example "Prevent users from disabling AWS Config or changing its rules". */
export const protectConfig: Guardrail = {
  id: 'protect-config',
  title: 'AWS Config recorder, delivery and rules cannot be disabled',
  reason: 'Detection is always on: configuration changes keep being recorded and evaluated.',
  area: 'detection',
  severity: 'high',
  benchmarks: [...cis('3.3'), ...fsbp('Config.1')],
  remediation:
    'Keep the recorder running: `aws configservice start-configuration-recorder --configuration-recorder-name default`; recorder changes go through the platform pipeline (break-glass only in an emergency).',
  parameters: noParameters,
  scp: (_p, ctx) => [
    exempt(
      {
        Sid: 'ProtectConfig',
        Effect: 'Deny',
        Action: [
          'config:DeleteConfigRule',
          'config:DeleteConfigurationRecorder',
          'config:DeleteDeliveryChannel',
          'config:StopConfigurationRecorder',
          'config:PutConfigurationRecorder',
          'config:PutDeliveryChannel',
          'config:DeleteRetentionConfiguration',
        ],
        Resource: '*',
        // The baseline StackSet's execution role owns the recorder in member accounts.
      },
      [...ctx.breakGlass, ...ctx.automation],
    ),
  ],
  cases: [
    { name: 'recorder cannot be stopped', action: 'config:StopConfigurationRecorder', expect: 'deny' },
    { name: 'delivery channel cannot be deleted', action: 'config:DeleteDeliveryChannel', expect: 'deny' },
    {
      name: 'the baseline StackSet manages the recorder',
      principal: 'role/stacksets-exec-0123456789abcdef',
      action: 'config:PutConfigurationRecorder',
      expect: 'allow',
    },
    { name: 'reading compliance is fine', action: 'config:DescribeComplianceByConfigRule', expect: 'allow' },
  ],
};
