import { cis, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const efsEncrypted: Guardrail = {
  id: 'efs-encrypted',
  title: 'EFS file systems are encrypted at rest; unencrypted ones are refused',
  reason: 'Data at rest is encrypted by default.',
  area: 'encryption',
  severity: 'medium',
  benchmarks: [...cis('2.3.1'), ...fsbp('EFS.1')],
  remediation:
    'Encryption cannot be turned on in place: create an encrypted file system (`aws efs create-file-system --encrypted --kms-key-id KEY`) and copy the data over (AWS DataSync or AWS Backup restore).',
  parameters: noParameters,
  scp: () => [
    {
      Sid: 'DenyUnencryptedEfs',
      Effect: 'Deny',
      Action: 'elasticfilesystem:CreateFileSystem',
      Resource: '*',
      Condition: { Bool: { 'elasticfilesystem:Encrypted': 'false' } },
    },
  ],
  configRule: { kind: 'managed', identifier: 'EFS_ENCRYPTED_CHECK' },
  cases: [
    {
      name: 'an unencrypted file system is refused',
      action: 'elasticfilesystem:CreateFileSystem',
      context: { 'elasticfilesystem:Encrypted': 'false' },
      expect: 'deny',
    },
    { name: 'an encrypted one is fine', action: 'elasticfilesystem:CreateFileSystem', context: { 'elasticfilesystem:Encrypted': 'true' }, expect: 'allow' },
  ],
};
