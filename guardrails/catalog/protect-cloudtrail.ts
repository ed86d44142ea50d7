import { cis, exempt, fsbp, type Guardrail } from '../guardrail.ts';

export const protectCloudTrail: Guardrail<{ trailArns: string[] }> = {
  id: 'protect-cloudtrail',
  title: 'CloudTrail cannot be stopped, deleted or reconfigured',
  reason: 'Operation logs are always recorded and kept tamper-proof in a central place.',
  area: 'logging',
  severity: 'critical',
  benchmarks: [...cis('3.1'), ...fsbp('CloudTrail.1')],
  remediation:
    "Deploy the organization trail from the spec (`guardrails plan`, then `pulumi up`); in the console: CloudTrail > Trails > Create trail, 'Enable for all accounts in my organization', multi-Region.",
  parameters: {
    type: 'object',
    properties: { trailArns: { type: 'array', items: { type: 'string' }, minItems: 1, default: ['*'] } },
    additionalProperties: false,
  },
  scp: ({ trailArns }, ctx) => [
    exempt(
      {
        Sid: 'ProtectCloudTrail',
        Effect: 'Deny',
        Action: [
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
          'cloudtrail:PutInsightSelectors',
        ],
        Resource: trailArns.length === 1 ? trailArns[0] : trailArns,
      },
      ctx.breakGlass,
    ),
  ],
  configRule: { kind: 'managed', identifier: 'MULTI_REGION_CLOUD_TRAIL_ENABLED', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [
    { name: 'nobody stops logging', action: 'cloudtrail:StopLogging', resource: 'arn:aws:cloudtrail:us-east-1:222222222222:trail/org-trail', expect: 'deny' },
    { name: 'action names are case-insensitive', action: 'CloudTrail:deletetrail', expect: 'deny' },
    { name: 'break-glass can', principal: 'role/BreakGlass', action: 'cloudtrail:StopLogging', expect: 'allow' },
    { name: 'reading events is fine', action: 'cloudtrail:LookupEvents', expect: 'allow' },
  ],
};
