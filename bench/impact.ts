/**
 * `guardrails impact` over N synthetic CloudTrail events (default 10,000,000) in gzip log files
 * of 10,000 records each, beside the floor: a bare stream-gunzip + JSON.parse of the same files.
 * Goal: impact ≤ 2× the floor's time; peak memory independent of the number of events (it is
 * measured on a tenth of the files and on all of them). Each phase runs in its own process, so
 * its peak RSS is its own; everything runs on one core.
 *
 *   npx tsx bench/impact.ts [EVENTS] [--per-file N]
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip, gzipSync } from 'node:zlib';
import { parse, stringify } from 'yaml';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { impact } from '../src/commands/impact/impact.ts';
import { readCloudTrail } from '../src/commands/impact/cloudtrail-files.ts';
import { syntheticSpec } from '../test/fixtures/synthetic-spec.ts';

const ACCOUNTS = 200;
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);

/** The base spec and the change: region-restriction drops us-west-2. */
function specs() {
  const { text, accountNames } = syntheticSpec(ACCOUNTS, 20);
  const changed = parse(text);
  changed.guardrails = changed.guardrails.map((g: { use?: string }) =>
    g.use === 'region-restriction' ? { ...g, with: { regions: ['us-east-1', 'eu-west-1'] } } : g,
  );
  return { base: text, changed: stringify(changed, { lineWidth: 0 }), accountNames };
}

function generate(dir: string, total: number, perFile: number) {
  mkdirSync(dir, { recursive: true });
  const roles = ['Developer', 'deployer', 'ReadOnly', 'BreakGlass', 'app-server', 'data-pipeline', 'AWSReservedSSO_Admin_0123456789abcdef'];
  const calls = [
    ['ec2.amazonaws.com', 'DescribeInstances'],
    ['ec2.amazonaws.com', 'RunInstances'],
    ['s3.amazonaws.com', 'GetObject'],
    ['s3.amazonaws.com', 'PutObject'],
    ['kms.amazonaws.com', 'Decrypt'],
    ['sts.amazonaws.com', 'AssumeRole'],
    ['monitoring.amazonaws.com', 'PutMetricData'],
    ['lambda.amazonaws.com', 'Invoke'],
    ['iam.amazonaws.com', 'GetRole'],
    ['dynamodb.amazonaws.com', 'GetItem'],
  ];
  const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'us-east-1'];
  let n = 0;
  for (let f = 0; n < total; f++) {
    const records = [];
    for (let i = 0; i < perFile && n < total; i++, n++) {
      const account = String(100000000000 + (n % ACCOUNTS));
      const role = roles[(n >> 3) % roles.length];
      const [eventSource, eventName] = calls[(n * 7) % calls.length];
      const region = regions[(n >> 1) % regions.length];
      const s3 = eventSource.startsWith('s3');
      records.push({
        eventVersion: '1.11',
        userIdentity: {
          type: 'AssumedRole',
          principalId: `AROAEXAMPLE${n % 1000}:session-${n % 97}`,
          arn: `arn:aws:sts::${account}:assumed-role/${role}/session-${n % 97}`,
          accountId: account,
          accessKeyId: 'ASIAEXAMPLE000000001',
          sessionContext: {
            sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLE', arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role },
            attributes: { creationDate: '2026-11-02T08:00:00Z', mfaAuthenticated: 'false' },
          },
        },
        eventTime: new Date(Date.UTC(2026, 10, 1) + n * 250).toISOString().replace(/\.\d+Z$/, 'Z'),
        eventSource,
        eventName,
        awsRegion: region,
        sourceIPAddress: `203.0.113.${n % 250}`,
        userAgent: 'aws-sdk-js/3.700.0 ua/2.1 os/linux lang/js md/nodejs#22.11.0',
        requestParameters: s3
          ? { bucketName: `bucket-${n % 50}`, key: `objects/${n}.json`, Host: `bucket-${n % 50}.s3.${region}.amazonaws.com` }
          : { maxResults: 100 },
        responseElements: null,
        requestID: `REQ${n.toString(16).padStart(12, '0')}`,
        eventID: `e1a7c0de-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
        readOnly: true,
        ...(s3
          ? {
              resources: [
                { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::bucket-${n % 50}/objects/${n}.json` },
                { accountId: account, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::bucket-${n % 50}` },
              ],
            }
          : {}),
        eventType: 'AwsApiCall',
        managementEvent: !s3,
        recipientAccountId: account,
        eventCategory: s3 ? 'Data' : 'Management',
        tlsDetails: {
          tlsVersion: 'TLSv1.3',
          cipherSuite: 'TLS_AES_128_GCM_SHA256',
          clientProvidedHostHeader: `${eventSource.split('.')[0]}.${region}.amazonaws.com`,
        },
      });
    }
    writeFileSync(join(dir, `${String(f).padStart(6, '0')}_CloudTrail.json.gz`), gzipSync(JSON.stringify({ Records: records }), { level: 6 }));
  }
}

async function floor(files: string[]): Promise<number> {
  let events = 0;
  for (const file of files) {
    const chunks: Buffer[] = [];
    for await (const chunk of createReadStream(file).pipe(createGunzip())) chunks.push(chunk as Buffer);
    events += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Records: unknown[] }).Records.length;
  }
  return events;
}

async function runImpact(files: string[]): Promise<number> {
  const { base, changed } = specs();
  const [before, after] = await Promise.all([analyzeSpec('base.yaml', base), analyzeSpec('changed.yaml', changed)]);
  if (!before.ok || !after.ok) throw new Error('synthetic specs are invalid');
  const report = await impact(before.analysis, after.analysis, readCloudTrail(files));
  if (report.summary.newDenies === 0) throw new Error('the change denies nothing: the bench measures nothing');
  return report.summary.events;
}

const listFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json.gz'))
    .sort()
    .map((f) => join(dir, f));

if (args[0] === '--phase') {
  // Child: one phase over the first `limit` files; prints {events, seconds, peakRss}.
  const [, phase, dir, limit] = args;
  const files = listFiles(dir).slice(0, Number(limit));
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const events = phase === 'floor' ? await floor(files) : await runImpact(files);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({ events, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRss: process.resourceUsage().maxRSS * 1024 }));
} else {
  const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000_000);
  const perFile = flag('--per-file', 10_000);
  const dir = join(tmpdir(), `guardrails-bench-impact-${total}-${perFile}`);
  if (!existsSync(join(dir, 'done'))) {
    rmSync(dir, { recursive: true, force: true });
    const t = performance.now();
    generate(dir, total, perFile);
    writeFileSync(join(dir, 'done'), '');
    console.log(
      `generated ${total.toLocaleString('en')} events in ${listFiles(dir).length} gzip files (${dir}) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  const all = listFiles(dir).length;
  const phase = (name: string, limit: number) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--phase', name, dir, String(limit)], {
      encoding: 'utf8',
    });
    return JSON.parse(out.trim().split('\n').pop()!) as { events: number; seconds: number; cpuSeconds: number; peakRss: number };
  };
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  // Per core: CPU seconds (one thread does the work), so other load on the machine weighs less than on wall time.
  const rate = (p: { events: number; cpuSeconds: number }) => `${Math.round(p.events / p.cpuSeconds).toLocaleString('en')} events/s per core`;
  const f = phase('floor', all);
  console.log(
    `floor (stream-gunzip + JSON.parse): ${f.events.toLocaleString('en')} events in ${f.seconds.toFixed(1)} s (${f.cpuSeconds.toFixed(1)} s CPU), ${rate(f)}, peak ${mib(f.peakRss)}`,
  );
  const tenth = phase('impact', Math.max(1, Math.floor(all / 10)));
  const i = phase('impact', all);
  console.log(
    `impact: ${i.events.toLocaleString('en')} events in ${i.seconds.toFixed(1)} s (${i.cpuSeconds.toFixed(1)} s CPU), ${rate(i)}, peak ${mib(i.peakRss)}`,
  );
  console.log(`impact / floor: ${(i.cpuSeconds / f.cpuSeconds).toFixed(2)}× CPU time, ${(i.seconds / f.seconds).toFixed(2)}× wall time (goal ≤ 2×)`);
  console.log(
    `peak memory: ${mib(tenth.peakRss)} for ${tenth.events.toLocaleString('en')} events, ${mib(i.peakRss)} for ${i.events.toLocaleString('en')} events`,
  );
}
