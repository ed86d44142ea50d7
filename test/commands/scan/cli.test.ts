import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(find('guardrails-access-key-rotation', 'carl-legacy-ci').exemption).toEqual({
      reason: 'MIG-88 legacy CI, replaced by OIDC in December',
      until: '2026-12-20',
    });
    // no-admin-policies targets Workloads and Sandbox only: nothing evaluated elsewhere.
    expect(
      evaluations
        .filter((e: any) => e.configRule === 'guardrails-no-admin-policies')
        .map((e: any) => e.accountId)
        .sort(),
    ).toEqual(['666666666666', '666666666666', '777777777777']);
    expect(skipped).toContainEqual({
      guardrail: 'kms-keys',
      configRule: 'guardrails-kms-keys',
      reason: expect.stringMatching(/^needs kms:ListKeys.*configuration items do not carry it$/),
    });
    expect(r.out).toMatch(/NON_COMPLIANT \d+ \(2 exempted\)/);
    // What scan writes, report reads.
    expect((await run('report', EXAMPLE_FILE, '--input', file, '--format', 'json', '--now', '2026-11-29T00:00:00Z')).code).toBe(0);
  });

  it('says which rules it could not evaluate without a credential report', async () => {
    const r = await run('scan', EXAMPLE_FILE, '--snapshot', examples('config-snapshot.json'));
    expect(r.out).toMatch(
      /not evaluated: guardrails-root-credentials: needs iam:GenerateCredentialReport and iam:GetCredentialReport; no --credential-report was given/,
    );
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
    expect((await run('scan', EXAMPLE_FILE, '--snapshot', examples('config-snapshot.json'), '--credential-report', join(dir, 'r.csv'))).err).toMatch(
      /r\.csv: not an IAM credential report: no "user" column/,
    );
  });
});
