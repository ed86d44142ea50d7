import { assign, declarativeGuardrail } from '../declarative.ts';

/**
 * Declarative attribute instance_metadata_defaults: http_tokens, http_put_response_hop_limit ("-1" or 1-64),
 * http_endpoint and instance_metadata_tags (each also no_preference).
 */
export const ec2InstanceMetadataDefaults = declarativeGuardrail<{
  httpTokens: string;
  hopLimit: number;
  httpEndpoint: string;
  instanceMetadataTags: string;
  lockChildren: boolean;
}>({
  id: 'ec2-instance-metadata-defaults',
  title: 'New instances default to IMDSv2',
  reason: 'Instance credentials cannot be stolen through IMDSv1 request forgery.',
  area: 'network',
  severity: 'high',
  remediation:
    'New instances default to IMDSv2: update tools and AMIs that still call IMDSv1; to fix an existing instance run `aws ec2 modify-instance-metadata-options --instance-id ID --http-tokens required`.',
  attribute: 'instance_metadata_defaults',
  properties: {
    httpTokens: { enum: ['required', 'optional', 'no_preference'], default: 'required' },
    hopLimit: { type: 'integer', minimum: -1, maximum: 64, not: { const: 0 }, default: 2, description: '-1: no preference' },
    httpEndpoint: { enum: ['no_preference', 'enabled', 'disabled'], default: 'no_preference' },
    instanceMetadataTags: { enum: ['no_preference', 'enabled', 'disabled'], default: 'no_preference' },
  },
  content: ({ httpTokens, hopLimit, httpEndpoint, instanceMetadataTags }) => ({
    http_tokens: assign(httpTokens),
    http_put_response_hop_limit: assign(String(hopLimit)),
    http_endpoint: assign(httpEndpoint),
    instance_metadata_tags: assign(instanceMetadataTags),
  }),
  replaces: {
    guardrail: 'require-imdsv2',
    statements: ['RequireImdsv2', 'LimitImdsHopLimit'],
    prefer: 'both',
    why: 'The declarative default makes every new instance IMDSv2 without the launcher asking for it (no AccessDenied on RunInstances from tools that do not set MetadataOptions) and locks the account default, at no SCP size or slot cost. It sets a default, so a launch that explicitly asks for IMDSv1 is still refused only by the SCP statements; keep require-imdsv2 where that must never happen, and its DenyImdsv1Credentials statement, which no declarative attribute replaces.',
  },
});
