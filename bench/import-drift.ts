/**
 * Import and drift of synthetic organizations of 100, 1,000 and 5,000 accounts (one OU per 10
 * accounts, custom SCPs on 30% of targets, every catalog guardrail on the root: SCPs, RCPs and
 * declarative policies) against the stand-in Organizations endpoint on 127.0.0.1,
 * each size in its own process. Prints time and requests (Organizations, plus CloudTrail's DescribeTrails
 * for import and CloudFormation's ListStackInstances for drift, counted apart too); requests per account
 * should stay flat (linear growth), and "at 10/s" is how long the same requests take at AWS's
 * documented rate, which the CLI keeps to by default (--rate 10).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeSpec } from '../src/deployment/analyze.ts';
import { deployedOrganization } from '../test/aws/deployed-organization.ts';
import { runCli, withOrganization } from '../test/aws/loopback.ts';
import { syntheticOrganizationSpec } from '../test/aws/synthetic-organization.ts';

const size = process.argv[2];
if (size) {
  const accounts = Number(size);
  const analyzed = await analyzeSpec(
    'bench.yaml',
    syntheticOrganizationSpec({ accounts, units: Math.round(accounts / 10), customPolicies: Math.round(accounts * 0.3) }),
  );
  if (!analyzed.ok) throw new Error('synthetic spec is invalid');
  const org = deployedOrganization(analyzed.analysis);
  const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'imported.yaml');
  const result = await withOrganization(org, async (server) => {
    const calls = () => [...server.calls.values()].reduce((a, b) => a + b, 0);
    let start = performance.now();
    const imported = await runCli(['import', '--out', out, '--rate', '100000', '--json', '--no-config-rules']);
    if (imported.code !== 0) throw new Error(imported.err);
    const importMs = performance.now() - start;
    const importCalls = calls();
    const { roundTrip } = JSON.parse(imported.out);
    start = performance.now();
    // With the services: the baseline StackSet's instances are read (the stand-in denies the audit account, so Config rules and GuardDuty are not).
    const drift = await runCli(['drift', out, '--rate', '100000', '--json']);
    const driftMs = performance.now() - start;
    if (JSON.parse(drift.out).drift.length) throw new Error(`drift right after import: ${drift.out.slice(0, 500)}`);
    return {
      importMs,
      importCalls,
      driftMs,
      driftCalls: calls() - importCalls,
      roundTripRequests: roundTrip.requests,
      describeTrails: server.calls.get('DescribeTrails') ?? 0,
      listStackInstances: server.calls.get('ListStackInstances') ?? 0,
    };
  });
  console.log(JSON.stringify({ accounts, units: org.units.length, policies: org.policies.length, ...result }));
} else {
  console.log(
    'accounts   OUs  policies   import (s)  requests  per account  at 10/s (s)   drift (s)  requests  per account  round-trip requests  DescribeTrails  ListStackInstances',
  );
  for (const n of [100, 1000, 5000]) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(n)], {
      encoding: 'utf8',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 1 << 26,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    console.log(
      [
        String(r.accounts).padStart(8),
        String(r.units).padStart(5),
        String(r.policies).padStart(9),
        (r.importMs / 1000).toFixed(1).padStart(12),
        String(r.importCalls).padStart(9),
        (r.importCalls / r.accounts).toFixed(2).padStart(12),
        (r.importCalls / 10).toFixed(0).padStart(12),
        (r.driftMs / 1000).toFixed(1).padStart(11),
        String(r.driftCalls).padStart(9),
        (r.driftCalls / r.accounts).toFixed(2).padStart(12),
        String(r.roundTripRequests).padStart(20),
        String(r.describeTrails).padStart(16),
        String(r.listStackInstances).padStart(20),
      ].join(''),
    );
  }
}
