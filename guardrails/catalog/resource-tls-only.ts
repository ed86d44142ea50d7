import type { Guardrail } from '../guardrail.ts';
import { exemptResourcesParameter, scopeOf } from '../data-perimeter.ts';

/**
 * AWS's RCP example "Enforce secure transport" (AWS Organizations User Guide, resource control policy
 * examples): requests to the organization's resources over plain HTTP are refused, whatever a
 * bucket or queue policy says. BoolIfExists: a request without aws:SecureTransport is refused too.
 */
export const resourceTlsOnly: Guardrail<{ exemptResources: string[] }> = {
  id: 'resource-tls-only',
  title: "The organization's S3, STS, SQS, Secrets Manager and KMS resources accept TLS only",
  reason: 'Data in transit is encrypted: no client can read or write it over plain HTTP.',
  area: 'encryption',
  severity: 'medium',
  remediation:
    "Clients must use HTTPS: point the client or SDK at the service's HTTPS endpoint (every current AWS SDK does by default); exempt a resource only through `exemptResources` in the spec.",
  benchmarks: [{ framework: 'AWS Foundational Security Best Practices', id: 'S3.5' }],
  parameters: { type: 'object', properties: { exemptResources: exemptResourcesParameter }, additionalProperties: false },
  rcp: ({ exemptResources }) => [
    {
      Sid: 'EnforceSecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: ['sts:*', 's3:*', 'sqs:*', 'secretsmanager:*', 'kms:*'],
      ...scopeOf(exemptResources),
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    },
  ],
  cases: [
    { name: 'HTTPS is served', action: 's3:GetObject', resource: 'arn:aws:s3:::data/x', context: { 'aws:SecureTransport': 'true' }, expect: 'allow' },
    { name: 'plain HTTP is refused', action: 's3:GetObject', resource: 'arn:aws:s3:::data/x', context: { 'aws:SecureTransport': 'false' }, expect: 'deny' },
    {
      name: 'plain HTTP to a queue is refused, even for another account',
      principal: 'arn:aws:iam::999999999999:role/Partner',
      action: 'sqs:SendMessage',
      resource: 'arn:aws:sqs:us-east-1:555555555555:inbox',
      context: { 'aws:SecureTransport': 'false' },
      expect: 'deny',
    },
    {
      name: 'an exempt resource may be read over HTTP',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::legacy/x',
      context: { 'aws:SecureTransport': 'false' },
      with: { exemptResources: ['arn:aws:s3:::legacy/*'] },
      expect: 'allow',
    },
  ],
};
