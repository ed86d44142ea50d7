import { exempt, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const ebsSnapshotsNotPublic: Guardrail = {
  id: 'ebs-snapshots-not-public',
  title: 'EBS snapshots are not restorable by everyone',
  reason: 'A public snapshot exposes a whole disk to anyone.',
  area: 'encryption',
  severity: 'critical',
  benchmarks: [...fsbp('EC2.1')],
  remediation:
    'Remove the public permission: `aws ec2 modify-snapshot-attribute --snapshot-id SNAPSHOT --attribute createVolumePermission --operation-type remove --group-names all`, and turn on block public access for snapshots (`aws ec2 enable-snapshot-block-public-access --state block-all-sharing`).',
  parameters: noParameters,
  // ModifySnapshotAttribute names the group it adds in ec2:Add/group; "all" is everyone.
  scp: (_p, ctx) => [
    exempt(
      {
        Sid: 'DenyPublicSnapshots',
        Effect: 'Deny',
        Action: 'ec2:ModifySnapshotAttribute',
        Resource: '*',
        Condition: { StringEquals: { 'ec2:Add/group': 'all' } },
      },
      ctx.breakGlass,
    ),
  ],
  configRule: { kind: 'managed', identifier: 'EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK', maximumExecutionFrequency: 'TwentyFour_Hours' },
  cases: [
    { name: 'sharing with everyone is refused', action: 'ec2:ModifySnapshotAttribute', context: { 'ec2:Add/group': 'all' }, expect: 'deny' },
    { name: 'sharing with one account is fine', action: 'ec2:ModifySnapshotAttribute', context: { 'ec2:Add/userId': '222222222222' }, expect: 'allow' },
  ],
};
