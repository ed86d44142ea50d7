import { cis, exempt, fsbp, type Guardrail } from '../guardrail.ts';

export const ebsEncryption: Guardrail<{ denyUnencryptedVolumes: boolean }> = {
  id: 'ebs-encryption',
  title: 'EBS encryption by default stays on; unencrypted volumes are refused',
  reason: 'Data at rest is encrypted by default.',
  area: 'encryption',
  severity: 'high',
  benchmarks: [...cis('5.1.1'), ...fsbp('EC2.7')],
  remediation:
    'Turn on EBS encryption by default in every allowed region: `aws ec2 enable-ebs-encryption-by-default --region REGION` (EC2 > Settings > EBS encryption).',
  parameters: {
    type: 'object',
    properties: { denyUnencryptedVolumes: { type: 'boolean', default: true } },
    additionalProperties: false,
  },
  scp: ({ denyUnencryptedVolumes }, ctx) => [
    exempt({ Sid: 'ProtectEbsDefaultEncryption', Effect: 'Deny', Action: 'ec2:DisableEbsEncryptionByDefault', Resource: '*' }, [
      ...ctx.breakGlass,
      ...ctx.automation,
    ]),
    ...(denyUnencryptedVolumes
      ? [
          {
            Sid: 'DenyUnencryptedVolumes',
            Effect: 'Deny' as const,
            Action: 'ec2:CreateVolume',
            Resource: '*',
            Condition: { Bool: { 'ec2:Encrypted': 'false' } },
          },
        ]
      : []),
  ],
  configRule: { kind: 'managed', identifier: 'EC2_EBS_ENCRYPTION_BY_DEFAULT', maximumExecutionFrequency: 'TwentyFour_Hours' },
  baseline: () => ({ ebsEncryptionByDefault: true }),
  cases: [
    { name: 'default encryption cannot be turned off', action: 'ec2:DisableEbsEncryptionByDefault', expect: 'deny' },
    { name: 'unencrypted volume refused', action: 'ec2:CreateVolume', context: { 'ec2:Encrypted': 'false' }, expect: 'deny' },
    { name: 'encrypted volume allowed', action: 'ec2:CreateVolume', context: { 'ec2:Encrypted': 'true' }, expect: 'allow' },
    {
      name: 'unencrypted allowed when the parameter is off',
      action: 'ec2:CreateVolume',
      context: { 'ec2:Encrypted': 'false' },
      with: { denyUnencryptedVolumes: false },
      expect: 'allow',
    },
  ],
};
