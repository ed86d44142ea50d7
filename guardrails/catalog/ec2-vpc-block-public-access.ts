import { assign, declarativeGuardrail } from '../declarative.ts';

/** Declarative attribute vpc_block_public_access: internet_gateway_block mode (off | block_ingress | block_bidirectional) and exclusions_allowed. */
export const ec2VpcBlockPublicAccess = declarativeGuardrail<{ mode: string; exclusionsAllowed: boolean; lockChildren: boolean }>({
  id: 'ec2-vpc-block-public-access',
  title: 'VPC Block Public Access blocks internet gateway traffic',
  reason: 'Network isolation: no VPC reaches or is reached from the internet unless an exclusion says so.',
  area: 'network',
  severity: 'high',
  remediation:
    'VPC Block Public Access is enforced by the declarative policy: give workloads that must reach the internet an exclusion (VPC console > Block public access > Create exclusion) through the platform team, not by changing the account setting.',
  attribute: 'vpc_block_public_access',
  properties: {
    mode: { enum: ['block_ingress', 'block_bidirectional', 'off'], default: 'block_ingress' },
    exclusionsAllowed: { type: 'boolean', default: true, description: 'Let accounts exclude VPCs or subnets (e.g. an ingress VPC).' },
  },
  content: ({ mode, exclusionsAllowed }) => ({
    internet_gateway_block: { mode: assign(mode), exclusions_allowed: assign(exclusionsAllowed ? 'enabled' : 'disabled') },
  }),
});
