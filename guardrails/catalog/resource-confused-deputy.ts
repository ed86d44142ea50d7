import type { Guardrail } from '../guardrail.ts';
import { DATA_PERIMETER_SERVICES, needsOrganizationId, outsidePerimeter, perimeterParameters, scopeOf } from '../data-perimeter.ts';

/**
 * AWS's data-perimeter example identity_perimeter_rcp.json, statement EnforceConfusedDeputyProtection
 * (also the RCP example "Cross-service confused deputy protection" of the AWS Organizations User Guide):
 * an AWS service principal may act on the organization's resources only on behalf of the organization
 * (aws:SourceOrgID) or of trusted accounts (aws:SourceAccount). Applies only when the service sends
 * aws:SourceAccount (Null = false), so integrations that do not (service roles, KMS grants) keep working.
 */
export const resourceConfusedDeputy: Guardrail<{ trustedAccounts: string[]; exemptResources: string[] }> = {
  id: 'resource-confused-deputy',
  title: "AWS services act on the organization's resources only on its behalf",
  reason: "Another customer cannot make an AWS service (CloudTrail, Config, SNS...) write into or read from the organization's resources.",
  area: 'least-privilege',
  severity: 'high',
  remediation:
    "An AWS service acting for another organization was denied: make the service act on behalf of one of the organization's accounts, or exempt the resource with `exemptResources` in the spec and run `pulumi up`.",
  parameters: perimeterParameters(),
  rcp: ({ trustedAccounts, exemptResources }, ctx) => [
    {
      Sid: 'EnforceConfusedDeputyProtection',
      Effect: 'Deny',
      Principal: '*',
      Action: DATA_PERIMETER_SERVICES.map((s) => `${s}:*`),
      ...scopeOf(exemptResources),
      Condition: {
        ...outsidePerimeter('aws:SourceOrgID', 'aws:SourceAccount', ctx.organizationId, trustedAccounts),
        Null: { 'aws:SourceAccount': 'false' },
        Bool: { 'aws:PrincipalIsAWSService': 'true' },
      },
    },
  ],
  check: needsOrganizationId,
  cases: [
    {
      name: 'CloudTrail delivering for a trail of the organization',
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::trail-logs/AWSLogs/555555555555/x',
      context: { 'aws:SourceAccount': '555555555555', 'aws:SourceOrgID': 'o-exampleorgid' },
      expect: 'allow',
    },
    {
      name: "CloudTrail delivering for another customer's trail is refused",
      principal: 'cloudtrail.amazonaws.com',
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::trail-logs/AWSLogs/999999999999/x',
      context: { 'aws:SourceAccount': '999999999999', 'aws:SourceOrgID': 'o-otherorgid1' },
      expect: 'deny',
    },
    {
      name: 'a trusted third-party account is let through',
      principal: 'sns.amazonaws.com',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:555555555555:inbox',
      context: { 'aws:SourceAccount': '999999999999' },
      with: { trustedAccounts: ['999999999999'] },
      expect: 'allow',
    },
    {
      name: 'a service call without aws:SourceAccount (a service role, a KMS grant) is not judged',
      principal: 'ec2.amazonaws.com',
      action: 'kms:Decrypt',
      resource: 'arn:aws:kms:us-east-1:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      expect: 'allow',
    },
    {
      name: 'IAM principals are not judged by this control',
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:555555555555:inbox',
      context: { 'aws:SourceAccount': '999999999999' },
      expect: 'allow',
    },
  ],
};
