/**
 * Scans a synthetic snapshot of 200,000 configuration items with every catalog guardrail enabled
 * and prints items per second (wall clock, and per CPU second, which other load on the machine
 * disturbs less), reading the snapshot from disk as plain JSON and as the .json.gz Config
 * delivers, side by side, the way `scan --snapshot` does; then each rule's bundle size and cold
 * import time next to importing the unbundled SDK clients. SCAN_ONLY=1 skips the bundles.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleConfigRule } from '../config-rules/bundle.ts';
import { configRules } from '../config-rules/rules/index.ts';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { scan } from '../src/commands/scan/scan.ts';
import { readConfigurationItems } from '../src/commands/scan/snapshot-file.ts';
import { median, syntheticSpec } from '../test/fixtures/synthetic-spec.ts';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const { text } = syntheticSpec(2000, 200);
const analyzed = await analyzeSpec('bench.yaml', text);
if (!analyzed.ok) throw new Error('synthetic spec is invalid');
const total = Number(process.env.ITEMS ?? 200_000);
const itemAt = (i: number) => {
  const accountId = String(100000000000 + (i % 2000));
  const kind = i % 8;
  const base = {
    configurationItemCaptureTime: '2026-11-20T09:12:44.000Z',
    awsAccountId: accountId,
    awsRegion: 'us-east-1',
    configurationItemStatus: 'OK',
    tags: {},
  };
  if (kind === 0)
    return {
      ...base,
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: `sg-${i}`,
      configuration: {
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: i % 2 ? 22 : 443,
            toPort: i % 2 ? 22 : 443,
            ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
            ipRanges: ['0.0.0.0/0'],
            ipv6Ranges: [],
          },
        ],
      },
    };
  if (kind === 1)
    return {
      ...base,
      resourceType: 'AWS::S3::Bucket',
      resourceId: `bucket-${i}`,
      configuration: { name: `bucket-${i}` },
      supplementaryConfiguration: {
        BucketPolicy: {
          policyText: JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: '*',
                ...(i % 2 ? {} : { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } } }),
              },
            ],
          }),
        },
        ServerSideEncryptionConfiguration: { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] },
      },
    };
  if (kind === 3)
    return {
      ...base,
      resourceType: 'AWS::KMS::Key',
      resourceId: `key-${i}`,
      configuration: {
        keyId: `key-${i}`,
        keyManager: 'CUSTOMER',
        keyState: 'Enabled',
        keySpec: 'SYMMETRIC_DEFAULT',
        origin: 'AWS_KMS',
        multiRegion: i % 2 === 0,
      },
      supplementaryConfiguration: { KeyRotationStatus: String(i % 2 === 0) },
    };
  if (kind === 4)
    return {
      ...base,
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: `db-${i}`,
      configuration: { dBInstanceIdentifier: `db-${i}`, storageEncrypted: i % 2 === 0, publiclyAccessible: i % 3 === 0 },
    };
  if (kind === 5)
    return {
      ...base,
      resourceType: 'AWS::EC2::NetworkAcl',
      resourceId: `acl-${i}`,
      configuration: {
        entries: [
          { cidrBlock: '0.0.0.0/0', egress: false, protocol: '6', ruleAction: 'allow', ruleNumber: 100, portRange: { from: 22, to: 22 } },
          { cidrBlock: '0.0.0.0/0', egress: false, protocol: '-1', ruleAction: 'deny', ruleNumber: 32767 },
        ],
      },
    };
  if (kind === 6)
    return {
      ...base,
      resourceType: 'AWS::EC2::Instance',
      resourceId: `i-${i}`,
      configuration: { instanceId: `i-${i}`, metadataOptions: { httpTokens: i % 2 ? 'required' : 'optional' } },
    };
  return {
    ...base,
    awsRegion: 'global',
    resourceType: 'AWS::IAM::Policy',
    resourceId: `ANPA${i}`,
    configuration: {
      policyVersionList: [
        {
          isDefaultVersion: true,
          versionId: 'v1',
          document: encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: i % 5 ? 's3:GetObject' : '*', Resource: '*' }] })),
        },
      ],
    },
  };
};

// The snapshot as Config delivers it, on disk: a JSON document, and the same gzip-compressed. The
// generator's objects are gone before the scan, as they are in a CLI run (the heap holds only what scan reads).
const dir = mkdtempSync(join(tmpdir(), 'bench-scan-'));
// The snapshot files are 80 MiB: gone when the bench ends.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const plainFile = join(dir, 'snapshot.json');
const gzipFile = join(dir, 'snapshot.json.gz');
{
  const plain = Buffer.from(JSON.stringify({ fileVersion: '1.0', configurationItems: Array.from({ length: total }, (_, i) => itemAt(i)) }));
  writeFileSync(plainFile, plain);
  writeFileSync(gzipFile, gzipSync(plain));
}
// What `guardrails scan --snapshot FILE` does, less printing: read (and gunzip), normalize, evaluate every rule.
const scanFile = async (file: string) => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const items = await readConfigurationItems([file]);
  const read = performance.now();
  const result = scan(analyzed.analysis, { items, now: new Date('2026-11-29T00:00:00Z') });
  const end = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  return { seconds: (end - start) / 1000, readSeconds: (read - start) / 1000, cpuSeconds: (user + system) / 1e6, evaluations: result.evaluations.length };
};
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${availableParallelism()} cores`,
);
for (const [label, file] of [
  ['plain JSON', plainFile],
  ['.json.gz', gzipFile],
] as const) {
  const runs: Awaited<ReturnType<typeof scanFile>>[] = [];
  for (let i = 0; i < 3; i++) runs.push(await scanFile(file));
  const seconds = median(runs.map((r) => r.seconds));
  const read = median(runs.map((r) => r.readSeconds));
  const cpu = median(runs.map((r) => r.cpuSeconds));
  console.log(
    `${label.padEnd(11)} ${total} items, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB on disk, every catalog guardrail (${runs[0].evaluations} evaluations): ` +
      `read+normalize ${read.toFixed(2)} s, rules ${(seconds - read).toFixed(2)} s; end to end ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} items/s ` +
      `(${Math.round(total / cpu)} items per CPU second)`,
  );
}

const coldImport = (file: string) => {
  const runs = Array.from({ length: 5 }, () => {
    const out = execFileSync(
      process.execPath,
      ['-e', `const t=process.hrtime.bigint();require(${JSON.stringify(file)});console.log(Number(process.hrtime.bigint()-t)/1e6)`],
      { cwd: process.cwd() },
    );
    return Number(out.toString().trim());
  });
  return median(runs);
};
const clientsOf: Record<string, string[]> = {
  'kms-key-hygiene': ['@aws-sdk/client-config-service', '@aws-sdk/client-sts', '@aws-sdk/client-kms'],
  'root-credentials': ['@aws-sdk/client-config-service', '@aws-sdk/client-sts', '@aws-sdk/client-iam'],
  'iam-user-mfa': ['@aws-sdk/client-config-service', '@aws-sdk/client-sts', '@aws-sdk/client-iam'],
  'access-key-age': ['@aws-sdk/client-config-service', '@aws-sdk/client-sts', '@aws-sdk/client-iam'],
};
if (process.env.SCAN_ONLY) process.exit(0);
console.log('\nrule                          zip KiB   bundle import ms   unbundled SDK clients import ms');
for (const rule of configRules) {
  const bundle = await bundleConfigRule(rule.id);
  const file = join(dir, `${rule.id}.js`);
  writeFileSync(file, bundle.code);
  const unbundledFile = join(dir, `${rule.id}-unbundled.cjs`);
  const clients = clientsOf[rule.id] ?? ['@aws-sdk/client-config-service', '@aws-sdk/client-sts'];
  writeFileSync(unbundledFile, clients.map((c) => `require(${JSON.stringify(require.resolve(c))});`).join('\n'));
  console.log(
    `${rule.id.padEnd(30)}${(bundle.zip.length / 1024).toFixed(0).padStart(7)}${coldImport(file).toFixed(0).padStart(19)}${coldImport(unbundledFile).toFixed(0).padStart(34)}`,
  );
}
