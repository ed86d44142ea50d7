import { cis, exempt, fsbp, type Guardrail } from '../guardrail.ts';

/** AWS's documented example "Require IMDSv2" (EC2 condition keys MetadataHttpTokens, MetadataHttpPutResponseHopLimit, RoleDelivery). */
export const requireImdsv2: Guardrail<{ maxHopLimit: number }> = {
  id: 'require-imdsv2',
  title: 'EC2 instances require IMDSv2',
  reason: 'Instance credentials cannot be stolen through IMDSv1 request forgery.',
  area: 'network',
  severity: 'high',
  benchmarks: [...cis('5.7'), ...fsbp('EC2.8')],
  remediation:
    'Require IMDSv2 on the instance: `aws ec2 modify-instance-metadata-options --instance-id INSTANCE --http-tokens required --http-endpoint enabled` (break-glass, since the SCP protects the options), and set it in launch templates.',
  parameters: {
    type: 'object',
    properties: { maxHopLimit: { type: 'integer', minimum: 1, maximum: 64, default: 2 } },
    additionalProperties: false,
  },
  scp: ({ maxHopLimit }, ctx) => [
    {
      Sid: 'RequireImdsv2',
      Effect: 'Deny',
      Action: 'ec2:RunInstances',
      Resource: `arn:${ctx.partition ?? 'aws'}:ec2:*:*:instance/*`,
      Condition: { StringNotEquals: { 'ec2:MetadataHttpTokens': 'required' } },
    },
    {
      Sid: 'LimitImdsHopLimit',
      Effect: 'Deny',
      Action: 'ec2:RunInstances',
      Resource: `arn:${ctx.partition ?? 'aws'}:ec2:*:*:instance/*`,
      Condition: { NumericGreaterThan: { 'ec2:MetadataHttpPutResponseHopLimit': String(maxHopLimit) } },
    },
    { Sid: 'DenyImdsv1Credentials', Effect: 'Deny', Action: '*', Resource: '*', Condition: { NumericLessThan: { 'ec2:RoleDelivery': '2.0' } } },
    exempt({ Sid: 'ProtectImdsOptions', Effect: 'Deny', Action: 'ec2:ModifyInstanceMetadataOptions', Resource: '*' }, ctx.breakGlass),
  ],
  configRule: { kind: 'managed', identifier: 'EC2_IMDSV2_CHECK' },
  cases: [
    {
      name: 'launch without IMDSv2 is denied',
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
      context: { 'ec2:MetadataHttpTokens': 'optional', 'ec2:MetadataHttpPutResponseHopLimit': '1' },
      expect: 'deny',
    },
    {
      name: 'launch with IMDSv2 is allowed',
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
      context: { 'ec2:MetadataHttpTokens': 'required', 'ec2:MetadataHttpPutResponseHopLimit': '2' },
      expect: 'allow',
    },
    {
      name: 'hop limit above the maximum is denied',
      action: 'ec2:RunInstances',
      resource: 'arn:aws:ec2:us-east-1:222222222222:instance/*',
      context: { 'ec2:MetadataHttpTokens': 'required', 'ec2:MetadataHttpPutResponseHopLimit': '3' },
      expect: 'deny',
    },
    { name: 'IMDSv1 credentials are refused', action: 's3:ListAllMyBuckets', context: { 'ec2:RoleDelivery': '1.0' }, expect: 'deny' },
    { name: 'IMDSv2 credentials work', action: 's3:ListAllMyBuckets', context: { 'ec2:RoleDelivery': '2.0' }, expect: 'allow' },
    { name: 'non-EC2 credentials (no RoleDelivery key) work', action: 's3:ListAllMyBuckets', expect: 'allow' },
    { name: 'metadata options cannot be changed', action: 'ec2:ModifyInstanceMetadataOptions', expect: 'deny' },
  ],
};
