import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const rdsEncrypted: Guardrail = {
  id: 'rds-encrypted',
  title: 'RDS DB instances are encrypted at rest; unencrypted ones are refused',
  reason: 'Data at rest is encrypted by default.',
  area: 'encryption',
  severity: 'high',
  benchmarks: [...cis('2.2.1'), ...fsbp('RDS.3')],
  remediation:
    'Encryption cannot be turned on in place: snapshot the instance, copy the snapshot with `--kms-key-id`, restore a new instance from the encrypted copy, and switch clients to it.',
  parameters: noParameters,
  scp: () => [
    {
      Sid: 'DenyUnencryptedRds',
      Effect: 'Deny',
      Action: ['rds:CreateDBInstance', 'rds:CreateDBCluster'],
      Resource: '*',
      Condition: { Bool: { 'rds:StorageEncrypted': 'false' } },
    },
  ],
  configRule: { kind: 'managed', identifier: 'RDS_STORAGE_ENCRYPTED' },
  cases: [
    { name: 'an unencrypted instance is refused', action: 'rds:CreateDBInstance', context: { 'rds:StorageEncrypted': 'false' }, expect: 'deny' },
    { name: 'an encrypted instance is fine', action: 'rds:CreateDBInstance', context: { 'rds:StorageEncrypted': 'true' }, expect: 'allow' },
  ],
};
