import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.ts';
import { EXAMPLE_FILE, exampleText, exampleWithProdDataEuOnly } from './helpers.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'guardrails-'));

describe('guardrails CLI', () => {
  it('validate: exit 0 on the example', async () => {
    const r = await run('validate', EXAMPLE_FILE);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/valid \(9 accounts, 6 OUs, 43 guardrail entries\)/);
  });

  it('validate: positioned errors, exit 1, no stack trace, nothing written', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      exampleText().replace('on: [Workloads/Prod, Infrastructure]', 'on: [Workloads/Prd, Infrastructure]').replace('use: kms-keys', 'use: kms-key'),
    );
    const r = await run('plan', file, '--out', join(dir, 'plan'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${file}:\\d+:\\d+: unknown guardrail "kms-key" \\(did you mean "kms-keys"\\?\\)$`, 'm'));
    expect(r.err).toMatch(/unknown target "Workloads\/Prd" \(did you mean "Workloads\/Prod"\?\)/);
    expect(r.err).toMatch(/2 errors; nothing was changed/);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(join(dir, 'plan'))).toBe(false);
  });

  it('validate --json: errors as data with positions', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, exampleText().replace('use: kms-keys', 'use: kms-key'));
    const r = await run('validate', file, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out);
    expect(out).toMatchObject({
      valid: false,
      errors: [{ file, line: expect.any(Number), col: expect.any(Number), message: 'unknown guardrail "kms-key"', hint: 'did you mean "kms-keys"?' }],
    });
    expect(JSON.parse((await run('validate', EXAMPLE_FILE, '--json')).out)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('a missing file is one line and exit 1', async () => {
    expect(await run('validate', 'no-such.yaml')).toEqual({ code: 1, out: '', err: 'error: no-such.yaml: no such file' });
  });

  it('plan --out writes the exact SCP documents and plan.json', async () => {
    const dir = tmp();
    const r = await run('plan', EXAMPLE_FILE, '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/guardrails-Root-1\s+\d+\s+\d+/);
    const doc = readFileSync(join(dir, 'scp/Root/guardrails-Root-1.json'), 'utf8');
    expect(doc).toBe(JSON.stringify(JSON.parse(doc)));
    expect(JSON.parse(doc).Version).toBe('2012-10-17');
    const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'));
    const policy = plan.resources.find((r: any) => r.type === 'aws:organizations/policy:Policy' && r.inputs.name === 'guardrails-Root-1');
    expect(policy).toMatchObject({ type: 'aws:organizations/policy:Policy', account: 'management', region: 'us-east-1' });
    expect(policy.inputs.content).toBe(doc);
    expect(existsSync(join(dir, 'scp/Workloads/guardrails-Workloads-1.json'))).toBe(true);
    expect(plan.rehearsal).toEqual({ seeds: [0, 1, 2, 3], problems: [], notes: [] });
    expect(r.out).toMatch(/Rehearsal against AWS's documented rules \(creation orders of seeds 0, 1, 2, 3\): clean/);
  });

  it('plan of a spec whose guardrails would block the baseline exits 1 naming the blocked call at the SCP that blocks it', async () => {
    const dir = tmp();
    const file = join(dir, 'blocked.yaml');
    writeFileSync(file, exampleWithProdDataEuOnly());
    const r = await run('plan', file, '--out', join(dir, 'plan'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(
        `^${file}:\\d+:\\d+: baseline ConfigurationRecorder: role/stacksets-exec-\\w+ \\(baseline ConfigurationRecorder\\) may not call config:PutConfigurationRecorder in prod-data`,
        'm',
      ),
    );
    const plan = JSON.parse(readFileSync(join(dir, 'plan/plan.json'), 'utf8'));
    expect(plan.rehearsal.problems.some((p: any) => p.rule === 'scp:self-lockout' && p.doc.startsWith('https://docs.aws.amazon.com/'))).toBe(true);
  });

  it('plan of a spec not yet deployable (no organization id) warns and still plans the organization part', async () => {
    const dir = tmp();
    const file = join(dir, 'no-id.yaml');
    // Without an organization id the RCP identity perimeter cannot be written either (validate says so): drop it too.
    writeFileSync(
      file,
      exampleText()
        .replace('  id: o-a1b2c3d4e5\n', '')
        .replace(/ {2}- use: resource-identity-perimeter\n.*\n.*\n/, ''),
    );
    const r = await run('plan', file, '--out', join(dir, 'plan'));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: organization\.id \(o-\.\.\.\) is required to deploy.*; planning the organization part only$/m);
    const plan = JSON.parse(readFileSync(join(dir, 'plan/plan.json'), 'utf8'));
    // The same program's organization part: the policies with their real names, nothing that needs the missing id.
    const types = new Set(plan.resources.map((x: any) => x.type));
    expect(types).toContain('aws:organizations/policy:Policy');
    expect(types).toContain('aws:organizations/policyAttachment:PolicyAttachment');
    expect([...types].filter((t) => /cloudtrail|cfg|guardduty|kms/.test(String(t)))).toEqual([]);
    expect(plan.resources.map((x: any) => x.name)).toContain('scp:guardrails-Workloads-1');
  });

  it('test: pass/fail per assertion; --json shape; exit 1 on failure', async () => {
    const ok = await run('test', EXAMPLE_FILE, '--json');
    expect(ok.code).toBe(0);
    const { results } = JSON.parse(ok.out);
    expect(results.length).toBe(12);
    expect(results[0]).toMatchObject({ name: 'root cannot act in production', expect: 'deny', decision: 'explicit-deny', pass: true });
    const dir = tmp();
    const file = join(dir, 'failing.yaml');
    writeFileSync(
      file,
      exampleText().replace(
        /name: sandboxes can use S3\n(\s+)account: sandbox-alice\n\s+principal: role\/Developer\n\s+action: s3:CreateBucket/,
        'name: sandboxes can use S3\n$1account: sandbox-alice\n$1principal: role/Developer\n$1action: redshift:CreateCluster',
      ),
    );
    const failing = await run('test', file);
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/FAIL {2}sandboxes can use S3: expected allow, got implicit-deny \(no SCP attached to Sandbox allows redshift:CreateCluster\)/);
    expect(failing.out).toMatch(/^11 passed, 1 failed$/m);
  });

  it('simulate --json: decision and decidedBy', async () => {
    const r = await run('simulate', EXAMPLE_FILE, '--account', 'prod-app', '--principal', 'role/Admin', '--action', 'cloudtrail:StopLogging', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      decision: 'explicit-deny',
      decidedBy: { target: 'Root', policy: 'guardrails-Root-1', sources: ['protect-cloudtrail'] },
    });
    const allowed = await run(
      'simulate',
      EXAMPLE_FILE,
      '--account',
      'dev-app',
      '--principal',
      'role/Dev',
      '--action',
      'ec2:CreateVolume',
      '--region',
      'eu-west-1',
      '--context',
      'ec2:Encrypted=true',
      '--json',
    );
    expect(JSON.parse(allowed.out).decision).toBe('allowed');
    const denied = await run(
      'simulate',
      EXAMPLE_FILE,
      '--account',
      'dev-app',
      '--principal',
      'role/Dev',
      '--action',
      'ec2:CreateVolume',
      '--context',
      'ec2:Encrypted=false',
    );
    expect(denied.out).toMatch(/^explicit-deny: .*DenyUnencryptedVolumes/);
  });

  it("simulate --resource-account: the resource owner's RCPs apply, and decidedBy names the policy type", async () => {
    const args = ['--principal', 'arn:aws:iam::999999999999:role/Partner', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::prod-data-lake/x'];
    const denied = await run('simulate', EXAMPLE_FILE, ...args, '--resource-account', 'prod-data', '--json');
    expect(denied.code).toBe(0);
    expect(JSON.parse(denied.out)).toMatchObject({
      decision: 'explicit-deny',
      decidedBy: { target: 'Workloads', policyType: 'RESOURCE_CONTROL_POLICY', sid: 'EnforceOrgIdentities', sources: ['resource-identity-perimeter'] },
    });
    // The same bucket owned by an account of the Security OU: no identity perimeter there. By id as well as by name.
    expect(JSON.parse((await run('simulate', EXAMPLE_FILE, ...args, '--resource-account', '333333333333', '--json')).out).decision).toBe('allowed');
    const scp = await run('simulate', EXAMPLE_FILE, '--account', 'prod-app', '--principal', 'role/Admin', '--action', 'cloudtrail:StopLogging', '--json');
    expect(JSON.parse(scp.out).decidedBy.policyType).toBe('SERVICE_CONTROL_POLICY');
    expect((await run('simulate', EXAMPLE_FILE, '--principal', 'role/x', '--action', 's3:GetObject')).err).toBe(
      'error: --account is needed for principal "role/x" (give --account NAME, or the principal as a full ARN)',
    );
  });

  it('simulate: bad arguments are one line each', async () => {
    expect((await run('simulate', EXAMPLE_FILE, '--account', 'prod-ap', '--principal', 'root', '--action', 's3:GetObject')).err).toBe(
      'error: unknown account "prod-ap" (did you mean "prod-app"?)',
    );
    expect((await run('simulate', EXAMPLE_FILE, '--account', 'prod-app', '--principal', 'root', '--action', 's3:GetObject', '--region', 'us-est-1')).err).toBe(
      'error: unknown AWS region "us-est-1" (did you mean "us-east-1"?)',
    );
    expect((await run('simulate', EXAMPLE_FILE, '--account', 'prod-app', '--principal', 'root', '--action', 's3:GetObject', '--context', 'novalue')).code).toBe(
      1,
    );
  });

  it('the installed binary runs without a build step', async () => {
    const bin = new URL('../bin/guardrails.mjs', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'validate', EXAMPLE_FILE]);
    expect(stdout).toMatch(/valid/);
    const failed = await promisify(execFile)(process.execPath, [bin, 'validate', '/nonexistent.yaml']).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe('error: /nonexistent.yaml: no such file\n');
  });
});
