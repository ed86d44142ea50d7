import { assign, declarativeGuardrail } from '../declarative.ts';

/** Declarative attribute image_block_public_access: state unblocked | block_new_sharing. */
export const ec2ImageBlockPublicAccess = declarativeGuardrail<{ state: string; lockChildren: boolean }>({
  id: 'ec2-image-block-public-access',
  title: 'AMIs cannot be shared publicly',
  reason: "No machine image with the organization's software or data becomes public.",
  area: 'encryption',
  severity: 'high',
  remediation:
    'Public AMI sharing is blocked: share an image with specific accounts or the organization instead (`aws ec2 modify-image-attribute --image-id AMI --launch-permission Add=[{OrganizationArn=ORG_ARN}]`).',
  attribute: 'image_block_public_access',
  properties: { state: { enum: ['block_new_sharing', 'unblocked'], default: 'block_new_sharing' } },
  content: ({ state }) => ({ state: assign(state) }),
});
