/**
 * Scans a synthetic snapshot of 200,000 configuration items and prints items per second;
 * then each rule's bundle size and cold import time next to importing the unbundled SDK clients.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleConfigRule } from '../config-rules/bundle.ts';
import { normalizeConfigurationItem } from '../config-rules/framework/configuration-item.ts';
import { configRules } from '../config-rules/rules/index.ts';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { scan } from '../src/commands/scan/scan.ts';
import { median, syntheticSpec } from './synthetic.ts';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const { text } = syntheticSpec(2000, 200);
const analyzed = await analyzeSpec('bench.yaml', text);
if (!analyzed.ok) throw new Error('synthetic spec is invalid');
const total = Number(process.env.ITEMS ?? 200_000);
const raw = Array.from({ length: total }, (_, i) => {
  const accountId = String(100000000000 + (i % 2000));
  const kind = i % 3;
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
});

const start = performance.now();
const items = raw.map(normalizeConfigurationItem);
const result = scan(analyzed.analysis, { items, now: new Date('2026-11-29T00:00:00Z') });
const seconds = (performance.now() - start) / 1000;
console.log(
  `scanned ${total} configuration items (${result.evaluations.length} evaluations) in ${seconds.toFixed(2)} s: ${Math.round(total / seconds)} items/s`,
);

const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
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
