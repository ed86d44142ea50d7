import { cis, exempt, fsbp, noParameters, type Guardrail } from '../guardrail.ts';

export const s3AccountPublicAccessBlock: Guardrail = {
  id: 's3-account-public-access-block',
  title: 'S3 Block Public Access is on for every account and stays on',
  reason: 'S3 buckets must never be made public by mistake.',
  area: 'encryption',
  severity: 'critical',
  benchmarks: [...cis('2.1.4'), ...fsbp('S3.1')],
  remediation:
    'Turn on all four settings for the account: `aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true` (S3 > Block Public Access settings for this account).',
  parameters: noParameters,
  // DeleteAccountPublicAccessBlock is authorized by s3:PutAccountPublicAccessBlock too.
  scp: (_p, ctx) => [
    exempt({ Sid: 'ProtectAccountPublicAccessBlock', Effect: 'Deny', Action: 's3:PutAccountPublicAccessBlock', Resource: '*' }, [
      ...ctx.breakGlass,
      ...ctx.automation,
    ]),
  ],
  configRule: {
    kind: 'managed',
    identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
    inputParameters: () => ({ BlockPublicAcls: 'True', IgnorePublicAcls: 'True', BlockPublicPolicy: 'True', RestrictPublicBuckets: 'True' }),
    maximumExecutionFrequency: 'TwentyFour_Hours',
  },
  baseline: () => ({ s3AccountPublicAccessBlock: true }),
  cases: [
    { name: 'developers cannot turn it off', action: 's3:PutAccountPublicAccessBlock', expect: 'deny' },
    { name: 'the baseline sets it', principal: 'role/stacksets-exec-0123456789abcdef', action: 's3:PutAccountPublicAccessBlock', expect: 'allow' },
    { name: 'reading it is fine', action: 's3:GetAccountPublicAccessBlock', expect: 'allow' },
  ],
};
