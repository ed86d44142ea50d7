import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: () => {} });
  return { code, out: out.join('\n') };
}

describe('guardrails catalog', () => {
  it('--json lists benchmark controls, remediation and the input scan needs, for every guardrail', async () => {
    const r = await run('catalog', '--json');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out);
    for (const row of rows) expect(row.remediation.length, row.id).toBeGreaterThan(20);
    expect(rows.find((g: any) => g.id === 's3-require-tls')).toMatchObject({
      detective: 'S3_BUCKET_SSL_REQUESTS_ONLY',
      benchmarks: [
        { framework: 'CIS AWS Foundations Benchmark v5.0.0', id: '2.1.1' },
        { framework: 'AWS Foundational Security Best Practices', id: 'S3.5' },
      ],
      scanInput: 'AWS::S3::Bucket',
    });
    expect(rows.find((g: any) => g.id === 'console-mfa').scanInput).toBe('IAM credential report');
    expect(rows.find((g: any) => g.id === 'security-hub-enabled').scanInput).toBe('live only: securityhub:DescribeHub');
    expect(rows.find((g: any) => g.id === 'deny-root-user').scanInput).toBe('');
    expect(rows.find((g: any) => g.id === 'kms-keys').scanInput).toBe(
      'AWS::KMS::Key; the items lack the key policy (kms:GetKeyPolicy), so no key is COMPLIANT offline',
    );
  });
});
