import { assign, declarativeGuardrail } from '../declarative.ts';

/**
 * Declarative attribute allowed_images_settings: state enabled | disabled | audit_mode, and image criteria
 * (allowed_image_providers: amazon, aws_marketplace, aws_backup_vault or account ids).
 */
export const ec2AllowedImages = declarativeGuardrail<{ state: string; providers: string[]; lockChildren: boolean }>({
  id: 'ec2-allowed-images',
  title: 'Instances launch only from AMIs of allowed providers',
  reason: 'Least privilege: no instance runs an image from an unknown publisher.',
  area: 'least-privilege',
  severity: 'medium',
  remediation:
    'Launch only AMIs from the allowed providers: use an image owned by an allowed provider account or alias, or ask the platform team to add the provider to `ec2-allowed-images` in the spec (audit mode first).',
  attribute: 'allowed_images_settings',
  properties: {
    state: { enum: ['enabled', 'audit_mode', 'disabled'], default: 'audit_mode', description: 'audit_mode reports without blocking: start there.' },
    providers: {
      type: 'array',
      items: { type: 'string', pattern: '^(amazon|aws_marketplace|aws_backup_vault|[0-9]{12})$' },
      minItems: 1,
      maxItems: 200,
      uniqueItems: true,
      default: ['amazon'],
    },
  },
  content: ({ state, providers }) => ({
    state: assign(state),
    image_criteria: { criteria_1: { allowed_image_providers: { '@@append': providers } } },
  }),
});
