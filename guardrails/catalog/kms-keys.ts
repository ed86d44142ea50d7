import { cis, exempt, fsbp, type Guardrail } from '../guardrail.ts';

export const kmsKeys: Guardrail<{ trustedAccounts: string[] }> = {
  id: 'kms-keys',
  title: 'KMS keys rotate and their policies keep them inside the organization',
  reason: 'Keys are managed strictly: rotated, and usable only by the organization.',
  area: 'encryption',
  severity: 'high',
  benchmarks: [...cis('3.6'), ...fsbp('KMS.4', 'KMS.5')],
  remediation:
    'Turn on rotation (`aws kms enable-key-rotation --key-id KEY`) and narrow the key policy: give Principal "*" statements an aws:PrincipalOrgID condition and name only the organization\'s or trustedAccounts\' accounts (`aws kms put-key-policy --key-id KEY --policy-name default --policy file://policy.json`).',
  parameters: {
    type: 'object',
    properties: {
      trustedAccounts: {
        type: 'array',
        items: { type: 'string', pattern: '^[0-9]{12}$' },
        default: [],
        description: 'Accounts outside the organization a key policy may name.',
      },
    },
    additionalProperties: false,
  },
  scp: (_p, ctx) => [exempt({ Sid: 'ProtectKeyRotation', Effect: 'Deny', Action: 'kms:DisableKeyRotation', Resource: '*' }, ctx.breakGlass)],
  configRule: {
    kind: 'custom',
    ruleId: 'kms-key-hygiene',
    inputParameters: (p, spec) => ({ trustedAccounts: p.trustedAccounts.join(','), organizationId: spec.organization.id ?? '' }),
  },
  cases: [
    {
      name: 'rotation cannot be turned off',
      action: 'kms:DisableKeyRotation',
      resource: 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      expect: 'deny',
    },
    { name: 'rotation can be turned on', action: 'kms:EnableKeyRotation', expect: 'allow' },
  ],
};
