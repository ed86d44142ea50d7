import { assign, declarativeGuardrail } from '../declarative.ts';

/** Declarative attribute image_block_public_access: state unblocked | block_new_sharing. */
export const ec2ImageBlockPublicAccess = declarativeGuardrail<{ state: string; lockChildren: boolean }>({
  id: 'ec2-image-block-public-access',
  title: 'AMIs cannot be shared publicly',
  reason: "No machine image with the organization's software or data becomes public.",
  area: 'encryption',
  severity: 'high',
  attribute: 'image_block_public_access',
  properties: { state: { enum: ['block_new_sharing', 'unblocked'], default: 'block_new_sharing' } },
  content: ({ state }) => ({ state: assign(state) }),
});
