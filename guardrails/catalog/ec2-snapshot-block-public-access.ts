import { assign, declarativeGuardrail } from '../declarative.ts';

/** Declarative attribute snapshot_block_public_access: state unblocked | block_all_sharing | block_new_sharing. */
export const ec2SnapshotBlockPublicAccess = declarativeGuardrail<{ state: string; lockChildren: boolean }>({
  id: 'ec2-snapshot-block-public-access',
  title: 'EBS snapshots cannot be shared publicly',
  reason: 'No disk image of the organization becomes public.',
  area: 'encryption',
  severity: 'high',
  remediation:
    'Public EBS snapshot sharing is blocked: share snapshots with specific accounts instead (`aws ec2 modify-snapshot-attribute --snapshot-id SNAP --attribute createVolumePermission --operation-type add --user-ids ACCOUNT`).',
  attribute: 'snapshot_block_public_access',
  properties: { state: { enum: ['block_all_sharing', 'block_new_sharing', 'unblocked'], default: 'block_all_sharing' } },
  content: ({ state }) => ({ state: assign(state) }),
});
