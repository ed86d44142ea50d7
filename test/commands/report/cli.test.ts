import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/main.ts';
import { EXAMPLE_FILE } from '../../helpers.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const evaluation = (over: Record<string, unknown> = {}) => ({
  guardrail: 'security-group-admin-ports',
  configRule: 'guardrails-security-group-admin-ports',
  accountId: '666666666666',
  region: 'us-west-2',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-1',
  complianceType: 'NON_COMPLIANT',
  annotation: 'port 22 open to 0.0.0.0/0',
  ...over,
});

function inputFile(document: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'evaluations.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('guardrails report', () => {
  it('--fail-on noncompliant does not pass on an exemption that has expired by report time', async () => {
    const expired = inputFile({
      version: 1,
      evaluations: [
        evaluation({ annotation: 'EXEMPTED until 2020-01-31 (MIG-1 migration): port 22 open to 0.0.0.0/0' }),
        evaluation({ resourceId: 'sg-2', exemption: { reason: 'MIG-2', until: '2020-01-31' } }),
      ],
    });
    const r = await run('report', EXAMPLE_FILE, '--input', expired, '--format', 'json', '--fail-on', 'noncompliant', '--now', '2026-11-29T00:00:00Z');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.exempted).toBe(0);
    expect(json.findings.map((f: { expiredExemption?: { until: string } }) => f.expiredExemption?.until)).toEqual(['2020-01-31', '2020-01-31']);
    const html = await run('report', EXAMPLE_FILE, '--input', expired, '--format', 'html', '--now', '2026-11-29T00:00:00Z');
    expect(html.out).toContain('open (exemption expired ');
    expect(html.out).toContain('"expiredExemption":{"reason":"MIG-2","until":"2020-01-31"}');
    const valid = inputFile({ version: 1, evaluations: [evaluation({ exemption: { reason: 'MIG-3', until: '2026-12-31' } })] });
    expect((await run('report', EXAMPLE_FILE, '--input', valid, '--format', 'json', '--fail-on', 'noncompliant', '--now', '2026-11-29T00:00:00Z')).code).toBe(
      0,
    );
  });

  it('validates the evaluations file on read: version, types, exemption shape', async () => {
    const cases: [unknown, RegExp][] = [
      [{ version: 2, evaluations: [] }, /version 2 is not one this org-guardrails reads \(it reads version 1\)/],
      [{ evaluations: [] }, /no "version" \(expected the file `guardrails scan --out` writes, version 1\)/],
      [{ version: 1, evaluations: [evaluation({ annotation: { html: '<b>' } })] }, /evaluations\[0\]\.annotation: must be string/],
      [{ version: 1, evaluations: [evaluation({ exemption: true })] }, /evaluations\[0\]\.exemption: must be object/],
      [
        { version: 1, evaluations: [evaluation({ complianceType: 'COMPLIANTISH' })] },
        /evaluations\[0\]\.complianceType: must be equal to one of the allowed values/,
      ],
    ];
    for (const [document, message] of cases) {
      const r = await run('report', EXAMPLE_FILE, '--input', inputFile(document), '--format', 'md');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: .*evaluations\.json: /);
      expect(r.err).toMatch(message);
      expect(r.err.split('\n')).toHaveLength(1);
    }
  });

  it('counts rules named like Object.prototype members exactly', async () => {
    const input = inputFile({
      version: 1,
      evaluations: ['constructor', 'toString', '__proto__', 'constructor'].map((configRule, i) => evaluation({ configRule, resourceId: `r${i}` })),
    });
    const json = JSON.parse((await run('report', EXAMPLE_FILE, '--input', input, '--format', 'json')).out);
    const account = json.byAccount.find((a: { accountId: string }) => a.accountId === '666666666666');
    expect(account.noncompliantByGuardrail).toEqual({ constructor: 2, toString: 1, ['__proto__']: 1 });
    expect(json.summary.NON_COMPLIANT).toBe(4);
  });

  it('csv: cells a spreadsheet would run as formulas are neutralized (OWASP)', async () => {
    const input = inputFile({
      version: 1,
      evaluations: [
        evaluation({ resourceId: '=HYPERLINK("http://evil","x")', annotation: '+1+2', exemption: { reason: '@SUM(1)', until: '2026-12-31' } }),
        evaluation({ resourceId: '-2+3', annotation: '\t=cmd', region: '\r=1' }),
      ],
    });
    const csv = (await run('report', EXAMPLE_FILE, '--input', input, '--format', 'csv', '--now', '2026-11-29T00:00:00Z')).out;
    const cells = csv.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
    for (const cell of cells) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    expect(csv).toContain('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csv).toContain('"\'@SUM(1)"');
    expect(csv).toContain('"\'-2+3"');
  });

  it('md: no markup from resource data in any cell, region included', async () => {
    const input = inputFile({
      version: 1,
      evaluations: [
        evaluation({
          region: 'us-west-2 | <img src=x onerror=alert(1)>',
          resourceId: '![x](http://evil/i.png) [click](javascript:alert(1))',
          annotation: '@security-team see #12 <script>x</script> **bold** https://evil.example www.evil.example',
        }),
      ],
    });
    const md = (await run('report', EXAMPLE_FILE, '--input', input, '--format', 'md')).out;
    const row = md.split('\n').find((l) => l.includes('sg') || l.includes('evil'))!;
    // Seven columns (Severity … Finding, Remediation) between the outer pipes: 9 pieces when no pipe leaks.
    expect(row.split(/(?<!\\)\|/)).toHaveLength(9);
    for (const raw of ['<img', '<script', '![', '](', '@security', '**', 'https://', 'www.evil']) expect(row).not.toContain(raw);
    expect(row).not.toMatch(/(?<!&)#12/);
  });

  it('live: when AWS keeps failing, names the service, the call and the HTTP status; exit 1', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html>Service Unavailable</html>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_CONFIG_SERVICE: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
      AWS_MAX_ATTEMPTS: '1',
    });
    try {
      const r = await run('report', EXAMPLE_FILE, '--aggregator', 'org', '--format', 'json');
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: AWS Config kept failing on DescribeAggregateComplianceByConfigRules reading aggregator "org": HTTP 503 /);
      expect(r.err.split('\n')).toHaveLength(1);
    } finally {
      process.env = saved;
      server.close();
    }
  });
});
