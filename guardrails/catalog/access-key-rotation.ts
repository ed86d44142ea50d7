import type { Guardrail } from '../guardrail.ts';

export const accessKeyRotation: Guardrail<{ maxAgeDays: number }> = {
  id: 'access-key-rotation',
  title: 'Active access keys are rotated',
  reason: 'Passwords and access keys are renewed regularly.',
  area: 'identity',
  severity: 'medium',
  parameters: {
    type: 'object',
    properties: { maxAgeDays: { type: 'integer', minimum: 1, maximum: 3650, default: 90 } },
    additionalProperties: false,
  },
  configRule: {
    kind: 'custom',
    scope: 'global',
    ruleId: 'access-key-age',
    inputParameters: (p) => ({ maxAgeDays: String(p.maxAgeDays) }),
  },
  cases: [],
};
