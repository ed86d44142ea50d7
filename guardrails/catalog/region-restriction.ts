import type { Guardrail } from '../guardrail.ts';
import { exempt } from '../guardrail.ts';

/**
 * AWS's documented example "Deny access to AWS based on the requested AWS Region":
 * global services have their endpoint in us-east-1 (or are region-less), so they are exempt via NotAction.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  'a4b:*',
  'acm:*',
  'aws-marketplace-management:*',
  'aws-marketplace:*',
  'aws-portal:*',
  'budgets:*',
  'ce:*',
  'chime:*',
  'cloudfront:*',
  'config:*',
  'cur:*',
  'directconnect:*',
  'ec2:DescribeRegions',
  'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways',
  'fms:*',
  'globalaccelerator:*',
  'health:*',
  'iam:*',
  'importexport:*',
  'kms:*',
  'mobileanalytics:*',
  'networkmanager:*',
  'organizations:*',
  'pricing:*',
  'route53:*',
  'route53domains:*',
  'route53-recovery-cluster:*',
  'route53-recovery-control-config:*',
  'route53-recovery-readiness:*',
  's3:GetAccountPublic*',
  's3:ListAllMyBuckets',
  's3:ListMultiRegionAccessPoints',
  's3:PutAccountPublic*',
  'shield:*',
  'sts:*',
  'support:*',
  'trustedadvisor:*',
  'waf-regional:*',
  'waf:*',
  'wafv2:*',
  'wellarchitected:*',
];

interface RegionParameters {
  /** Defaults to organization.allowedRegions. */
  regions?: string[];
  exemptActions: string[];
}

export const regionRestriction: Guardrail<RegionParameters> = {
  id: 'region-restriction',
  title: "Only the organization's allowed regions can be used",
  reason: 'Network isolation and default deny: nothing runs where nobody is watching.',
  area: 'network',
  severity: 'high',
  benchmarks: [],
  remediation:
    "Move or delete resources created outside the allowed regions; ask for a new region by adding it to organization.allowedRegions (or the entry's `regions`) in a spec change.",
  parameters: {
    type: 'object',
    properties: {
      regions: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'Defaults to organization.allowedRegions.' },
      exemptActions: { type: 'array', items: { type: 'string' }, default: [], description: 'More global actions to exempt.' },
    },
    additionalProperties: false,
  },
  check: ({ regions }, spec) =>
    (regions ?? [])
      .map((region, i) => ({ region, i }))
      .filter(({ region }) => !spec.organization.allowedRegions.includes(region))
      .map(({ region, i }) => ({
        path: ['regions', i],
        message: `region "${region}" is outside organization.allowedRegions`,
        hint: 'the organization would deploy baselines there that this SCP then blocks',
      })),
  scp: ({ regions, exemptActions }, ctx) => [
    exempt(
      {
        Sid: 'DenyOutsideAllowedRegions',
        Effect: 'Deny',
        NotAction: [...new Set([...GLOBAL_SERVICE_ACTIONS, ...exemptActions])],
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': regions ?? ctx.allowedRegions } },
      },
      // The baseline records Config in every allowed region, also where an account may not run workloads.
      [...ctx.breakGlass, ...ctx.automation],
    ),
  ],
  cases: [
    { name: 'EC2 outside the allowed regions is denied', action: 'ec2:RunInstances', region: 'ap-southeast-2', expect: 'deny' },
    { name: 'EC2 inside is allowed', action: 'ec2:RunInstances', region: 'us-east-1', expect: 'allow' },
    { name: 'IAM is global and exempt', action: 'iam:CreateRole', region: 'ap-southeast-2', expect: 'allow' },
    { name: 'exempt prefix wildcard: s3:PutAccountPublic*', action: 's3:PutAccountPublicAccessBlock', region: 'sa-east-1', expect: 'allow' },
    { name: 'other S3 calls are regional', action: 's3:CreateBucket', region: 'sa-east-1', expect: 'deny' },
    {
      name: "explicit region list overrides the organization's",
      action: 'ec2:RunInstances',
      region: 'us-east-1',
      with: { regions: ['eu-west-1'] },
      expect: 'deny',
    },
    { name: 'break-glass works anywhere', principal: 'role/BreakGlass', action: 'ec2:RunInstances', region: 'ap-southeast-2', expect: 'allow' },
  ],
};
