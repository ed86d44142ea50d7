import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main.ts';
import { EXAMPLE_FILE } from '../../helpers.ts';

const examples = (f: string) => new URL(`../../../examples/${f}`, import.meta.url).pathname;
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('guardrails scan', () => {
  it("evaluates the example snapshot and credential reports with the rules' own code", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scan-')), 'evaluations.json');
    const r = await run(
      'scan',
      EXAMPLE_FILE,
      '--snapshot',
      examples('config-snapshot.json'),
      '--snapshot',
      examples('config-history.json.gz'),
      '--credential-report',
      examples('credential-report-dev-app.csv'),
      '--credential-report',
      examples('credential-report-prod-app.csv'),
      '--out',
      file,
      '--now',
      '2026-11-29T00:00:00Z',
    );
    expect(r.code).toBe(0);
    const { version, evaluations, skipped } = JSON.parse(readFileSync(file, 'utf8'));
    expect(version).toBe(1);
    for (const e of evaluations)
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining(['guardrail', 'configRule', 'accountId', 'region', 'resourceType', 'resourceId', 'complianceType']),
      );
    const find = (rule: string, id: string) => evaluations.find((e: any) => e.configRule === rule && e.resourceId === id);
    expect(find('guardrails-security-group-admin-ports', 'sg-0d44e55f66a77b88c')).toMatchObject({
      guardrail: 'security-group-admin-ports',
      accountId: '666666666666',
      region: 'us-west-2',
      complianceType: 'NON_COMPLIANT',
    });
    expect(find('guardrails-security-group-admin-ports', 'sg-0a11b22c33d44e55f').complianceType).toBe('COMPLIANT');
    expect(find('guardrails-security-group-admin-ports', 'sg-0e55f66a77b88c99d')).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      exemption: { until: '2027-01-31' },
    });
    expect(find('guardrails-s3-bucket-not-public', 'dev-static-site').complianceType).toBe('NON_COMPLIANT');
    expect(find('guardrails-s3-bucket-not-public', 'data-lake-shared').complianceType).toBe('COMPLIANT');
    expect(find('guardrails-root-credentials', '666666666666').annotation).toBe('root access key 1 is active; root has no MFA');
    expect(find('guardrails-root-credentials', '555555555555').complianceType).toBe('COMPLIANT');
    // IAM users' exemptions come from the snapshot's AWS::IAM::User items.
    // Users are reported under the id AWS Config records for them (the snapshot's AWS::IAM::User items join names to ids).
    expect(find('guardrails-access-key-rotation', 'AIDAEXAMPLECARL00001').exemption).toEqual({
      reason: 'MIG-88 legacy CI, replaced by OIDC in December',
      until: '2026-12-20',
    });
    // no-admin-policies targets Workloads and Sandbox only: nothing evaluated elsewhere.
    expect(
      evaluations
        .filter((e: any) => e.configRule === 'guardrails-no-admin-policies')
        .map((e: any) => e.accountId)
        .sort(),
    ).toEqual(['666666666666', '666666666666', '666666666666', '777777777777']);
    // KMS keys are judged from their AWS::KMS::Key items (rotation status), multi-Region keys too; the items carry no
    // key policy, so no key is COMPLIANT offline.
    expect(find('guardrails-kms-keys', '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: expect.stringMatching(/^automatic rotation is off; could not evaluate the key policy: /),
    });
    expect(find('guardrails-kms-keys', 'mrk-1a2b3c4d5e6f47a8b9c0d1e2f3a4b5c6')).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: expect.stringMatching(/^could not evaluate the key policy: /),
    });
    // The history file (.json.gz, API dialect): the newest item of dev-exports wins, and its ACL is encoded twice.
    expect(find('guardrails-s3-bucket-not-public', 'dev-exports')).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'ACL grants Read to AllUsers',
    });
    expect(evaluations.filter((e: any) => e.resourceId === 'dev-exports' && e.configRule === 'guardrails-s3-bucket-not-public')).toHaveLength(1);
    expect(find('guardrails-s3-bucket-not-public', 'dev-retired')).toMatchObject({ complianceType: 'NOT_APPLICABLE' });
    // AWS managed rules are evaluated offline, following their documented behaviour.
    expect(find('guardrails-rds-encrypted', 'db-ZYXWVUTSRQPONMLKJIHGFEDCB2')).toMatchObject({ complianceType: 'NON_COMPLIANT' });
    expect(find('guardrails-rds-encrypted', 'db-ABCDEFGHIJKLMNOPQRSTUVWXY1')).toMatchObject({ complianceType: 'COMPLIANT' });
    expect(find('guardrails-nacl-admin-ports', 'acl-0a1b2c3d4e5f60718')).toMatchObject({
      complianceType: 'NON_COMPLIANT',
      annotation: 'rule 100 allows 0.0.0.0/0 to port 22',
    });
    expect(find('guardrails-nacl-admin-ports', 'acl-0b2c3d4e5f6071829')).toMatchObject({ complianceType: 'COMPLIANT' });
    expect(find('guardrails-s3-require-tls', 'payments-prod-receipts')).toMatchObject({ complianceType: 'COMPLIANT' });
    expect(find('guardrails-vpc-flow-logs', 'vpc-0b2c3d4e5f6071829')).toMatchObject({ complianceType: 'NON_COMPLIANT' });
    expect(find('guardrails-protect-cloudtrail', '555555555555')).toMatchObject({
      complianceType: 'COMPLIANT',
      annotation: 'multi-Region trail organization-trail',
    });
    expect(find('guardrails-unused-credentials', 'AIDAEXAMPLEBOB000001')).toBeDefined();
    // Every deployed check is evaluated unless it needs an API no item carries; those say which.
    expect(skipped.map((s: any) => s.guardrail).sort()).toEqual([
      'ebs-encryption',
      'ebs-snapshots-not-public',
      'iam-password-policy',
      'root-hardware-mfa',
      'security-hub-enabled',
      'waf-public-load-balancers',
    ]);
    expect(skipped).toContainEqual({
      guardrail: 'ebs-encryption',
      configRule: 'guardrails-ebs-encryption',
      reason: 'AWS managed rule EC2_EBS_ENCRYPTION_BY_DEFAULT needs ec2:GetEbsEncryptionByDefault, which no configuration item carries',
    });
    expect(r.out).toMatch(/NON_COMPLIANT \d+ \(4 exempted\)/);
    // What scan writes, report reads.
    expect((await run('report', EXAMPLE_FILE, '--input', file, '--format', 'json', '--now', '2026-11-29T00:00:00Z')).code).toBe(0);
  });

  it('says which rules it could not evaluate without a credential report', async () => {
    const r = await run('scan', EXAMPLE_FILE, '--snapshot', examples('config-snapshot.json'));
    expect(r.out).toMatch(/not evaluated: guardrails-root-credentials: needs the IAM credential report; no --credential-report was given/);
  });

  it('bad inputs are one line, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'));
    writeFileSync(join(dir, 'x.json'), '{"items": []}');
    writeFileSync(join(dir, 'broken.json'), '{');
    writeFileSync(join(dir, 'r.csv'), 'a,b\n1,2\n');
    expect(await run('scan', EXAMPLE_FILE, '--snapshot', join(dir, 'x.json'))).toMatchObject({
      code: 1,
      err: `error: ${join(dir, 'x.json')}: not a Config snapshot (no configurationItems) nor a JSON list of configuration items`,
    });
    expect((await run('scan', EXAMPLE_FILE, '--snapshot', join(dir, 'broken.json'))).err).toMatch(/broken\.json: not valid JSON/);
    writeFileSync(join(dir, 'truncated.json.gz'), gzipSync('{"configurationItems": []}').subarray(0, 20));
    expect((await run('scan', EXAMPLE_FILE, '--snapshot', join(dir, 'truncated.json.gz'))).err).toMatch(/truncated\.json\.gz: not a readable gzip file/);
    expect((await run('scan', EXAMPLE_FILE, '--snapshot', examples('config-snapshot.json'), '--credential-report', join(dir, 'r.csv'))).err).toMatch(
      /r\.csv: not an IAM credential report: no "user" column/,
    );
  });
});
