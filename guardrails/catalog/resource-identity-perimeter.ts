import type { Guardrail } from '../guardrail.ts';
import { DATA_PERIMETER_SERVICES, needsOrganizationId, outsidePerimeter, perimeterParameters, scopeOf } from '../data-perimeter.ts';

/**
 * AWS's data-perimeter example identity_perimeter_rcp.json, statement EnforceOrgIdentities: only
 * principals of the organization, or of listed trusted accounts, may access the organization's
 * resources; AWS service principals are left to resource-confused-deputy (aws:PrincipalIsAWSService).
 * STS actions are the example's list: AssumeRoleWithSAML/WebIdentity carry no PrincipalOrgID and
 * GetCallerIdentity needs no permission, so they are not listed.
 */
export const resourceIdentityPerimeter: Guardrail<{ trustedAccounts: string[]; exemptResources: string[] }> = {
  id: 'resource-identity-perimeter',
  title: "Only the organization's principals (and trusted accounts) may access its resources",
  reason: 'A bucket, key or queue policy that grants a stranger access cannot take data outside the organization.',
  area: 'least-privilege',
  severity: 'high',
  remediation:
    "A denied caller is outside the organization: grant access through a principal of the organization, or add the caller's account to `trustedAccounts` (or tag the resource `dp:exclude:identity=true`) in the spec and run `pulumi up`.",
  parameters: perimeterParameters(),
  rcp: ({ trustedAccounts, exemptResources }, ctx) => [
    {
      Sid: 'EnforceOrgIdentities',
      Effect: 'Deny',
      Principal: '*',
      Action: [
        ...DATA_PERIMETER_SERVICES.filter((s) => s !== 'sts').map((s) => `${s}:*`),
        'sts:AssumeRole',
        'sts:DecodeAuthorizationMessage',
        'sts:GetAccessKeyInfo',
        'sts:GetFederationToken',
        'sts:GetServiceBearerToken',
        'sts:GetSessionToken',
        'sts:SetContext',
      ],
      ...scopeOf(exemptResources),
      Condition: {
        ...outsidePerimeter('aws:PrincipalOrgID', 'aws:PrincipalAccount', ctx.organizationId, trustedAccounts),
        BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
      },
    },
  ],
  check: needsOrganizationId,
  cases: [
    { name: "a role of the organization reads the organization's bucket", action: 's3:GetObject', resource: 'arn:aws:s3:::data/report.csv', expect: 'allow' },
    {
      name: 'a role of another account is refused',
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/report.csv',
      expect: 'deny',
    },
    {
      name: 'a trusted external account is let through',
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::data/report.csv',
      with: { trustedAccounts: ['999999999999'] },
      expect: 'allow',
    },
    {
      name: 'a resource tagged dp:exclude:identity=true is exempt',
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:555555555555:inbox',
      context: { 'aws:ResourceTag/dp:exclude:identity': 'true' },
      expect: 'allow',
    },
    {
      name: 'an exempt resource is left alone',
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::public-site/index.html',
      with: { exemptResources: ['arn:aws:s3:::public-site/*'] },
      expect: 'allow',
    },
    {
      name: 'an AWS service principal is not judged by the identity perimeter',
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::trail-logs/AWSLogs/x',
      expect: 'allow',
    },
    {
      name: "another account's resource is outside the organization's RCPs",
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::theirs/x',
      resourceAccount: '999999999999',
      expect: 'allow',
    },
  ],
};
