import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_FILE, runCli } from '../../helpers.ts';

const EXAMPLES = new URL('../../../examples', import.meta.url).pathname;
const TIGHTENED = `${EXAMPLES}/example-regions-tightened.yaml`;

const run = runCli;

describe('guardrails impact', () => {
  it('--json follows the product contract', async () => {
    const r = await run('impact', TIGHTENED, '--base', EXAMPLE_FILE, '--cloudtrail', `${EXAMPLES}/cloudtrail`, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report.summary)).toEqual(expect.arrayContaining(['events', 'evaluated', 'skipped']));
    for (const c of [...report.changes, ...report.uncertain])
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['account', 'principal', 'action', 'region', 'count', 'firstSeen', 'lastSeen', 'sampleEventId', 'before', 'after', 'decidedBy']),
      );
    expect(report.uncertain[0].missingKeys).toEqual(['aws:PrincipalTag/team']);
    expect(['allowed', 'explicit-deny', 'implicit-deny']).toContain(report.changes[0].before);
  });

  it('--fail-on new-denies exits 1 when a call would be newly denied, 0 when nothing changes', async () => {
    const failing = await run('impact', TIGHTENED, '--base', EXAMPLE_FILE, '--cloudtrail', `${EXAMPLES}/cloudtrail`, '--fail-on', 'new-denies');
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(/11 would be newly denied, 0 newly allowed, 1 uncertain, 1 already denied/);
    const same = await run('impact', EXAMPLE_FILE, '--base', EXAMPLE_FILE, '--cloudtrail', `${EXAMPLES}/cloudtrail`, '--fail-on', 'new-denies');
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/0 would be newly denied/);
  });

  it('writes md and html with --out; the html page runs nothing and escapes what the records say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'impact-'));
    const hostile = join(dir, 'hostile.json');
    const name = '<img src=x onerror=alert(1)>';
    writeFileSync(
      hostile,
      JSON.stringify({
        Records: [
          {
            eventVersion: '1.11',
            userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::666666666666:user/${name}`, accountId: '666666666666' },
            eventTime: '2026-11-02T09:00:00Z',
            eventSource: 'ec2.amazonaws.com',
            eventName: 'DescribeInstances',
            awsRegion: 'us-west-2',
            eventID: '"><script>alert(2)</script>',
            eventType: 'AwsApiCall',
            recipientAccountId: '666666666666',
          },
        ],
      }),
    );
    const html = join(dir, 'out', 'impact.html');
    const r = await run('impact', TIGHTENED, '--base', EXAMPLE_FILE, '--cloudtrail', hostile, '--format', 'html', '--out', html);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/impact\.html: read 1 event from 1 file/);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain("default-src 'none'");
    const md = await run('impact', TIGHTENED, '--base', EXAMPLE_FILE, '--cloudtrail', hostile, '--format', 'md');
    expect(md.out).not.toMatch(/<script|<img/i);
    expect(md.out).toMatch(/^\| dev-app \| arn:aws:iam::666666666666:user\/&lt;img/m);
  });

  it('bad input: one line, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'impact-'));
    writeFileSync(join(dir, 'broken.json'), '{"Records": [');
    const truncated = await run('impact', TIGHTENED, '--base', EXAMPLE_FILE, '--cloudtrail', join(dir, 'broken.json'));
    expect(truncated).toMatchObject({ code: 1, err: `error: ${join(dir, 'broken.json')}: truncated JSON (the document does not end)` });
    const badBase = await run('impact', TIGHTENED, '--base', '--output=/tmp/x', '--cloudtrail', dir);
    expect(badBase.code).toBe(1);
    expect(badBase.err).toMatch(/^error: --base "--output=\/tmp\/x" is neither a file nor a git revision$/);
  });
});
