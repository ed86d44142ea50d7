import { cis, exempt, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const s3RequireTls: Guardrail = {
  id: 's3-require-tls',
  title: 'S3 requests use TLS: bucket policies deny aws:SecureTransport false',
  reason: 'Data in transit is encrypted.',
  area: 'encryption',
  severity: 'medium',
  benchmarks: [...cis('2.1.1'), ...fsbp('S3.5')],
  remediation:
    'Add a statement to the bucket policy: {"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::BUCKET","arn:aws:s3:::BUCKET/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}} (`aws s3api put-bucket-policy`).',
  parameters: noParameters,
  // The organization's own principals cannot use plain HTTP; the bucket policy (checked by the rule) covers everyone else.
  scp: (_p, ctx) => [
    exempt({ Sid: 'DenyS3WithoutTls', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }, ctx.breakGlass),
  ],
  configRule: { kind: 'managed', identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY' },
  cases: [
    { name: 'plain HTTP is refused', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: { 'aws:SecureTransport': 'false' }, expect: 'deny' },
    { name: 'TLS is fine', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: { 'aws:SecureTransport': 'true' }, expect: 'allow' },
  ],
};
