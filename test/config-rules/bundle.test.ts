import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bundleConfigRule, LAMBDA_RUNTIME } from '../../config-rules/bundle.ts';
import { configRules } from '../../config-rules/rules/index.ts';

/** Budget per rule zip: one or two SDK clients, minified. */
const ZIP_BUDGET_BYTES = 160 * 1024;

describe('rule bundles', () => {
  it('target a supported Lambda runtime', () => {
    expect(Number(/^nodejs(\d+)\.x$/.exec(LAMBDA_RUNTIME)![1])).toBeGreaterThanOrEqual(22);
  });

  for (const rule of configRules) {
    it(`${rule.id}: small, with only the clients it uses, and loadable`, async () => {
      const bundle = await bundleConfigRule(rule.id);
      expect(bundle.zip.length).toBeLessThan(ZIP_BUDGET_BYTES);
      expect(Object.keys(unzipSync(bundle.zip))).toEqual(['index.js']);
      // The KMS client belongs to the KMS rule alone.
      expect(bundle.code.includes('TrentService')).toBe(rule.id === 'kms-key-hygiene');
      const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
      writeFileSync(join(dir, 'index.js'), bundle.code);
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', `console.log(typeof require(${JSON.stringify(join(dir, 'index.js'))}).handler)`]);
      expect(stdout.trim()).toBe('function');
    });
  }

  it('is deterministic', async () => {
    const [a, b] = await Promise.all([bundleConfigRule('s3-bucket-public'), bundleConfigRule('s3-bucket-public')]);
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });
});

describe('permissions of the rule Lambdas', () => {
  it('the member role and the Lambda role grant every AWS API call the rules make', async () => {
    const { CONFIG_RULES_ACTIONS } = await import('../../src/deployment/baseline-template.ts');
    const dir = new URL('../../config-rules/', import.meta.url).pathname;
    const files = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'));
    const prefixes: Record<string, string> = { iam: 'iam', kms: 'kms', 'config-service': 'config' };
    const called = new Set<string>();
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const m of text.matchAll(/import \{([^}]+)\} from '@aws-sdk\/client-(iam|kms|config-service)'/g)) {
        for (const name of m[1].split(',').map((n) => n.trim())) {
          const action = /^paginate(\w+)$/.exec(name)?.[1] ?? /^(\w+)Command$/.exec(name)?.[1];
          if (action) called.add(`${prefixes[m[2]]}:${action}`);
        }
      }
    }
    expect(called.size).toBeGreaterThan(8);
    expect([...called].filter((a) => !CONFIG_RULES_ACTIONS.includes(a))).toEqual([]);
  });

  it("the function role's own calls, which the lockout proof asks, include the handler's STS calls", async () => {
    const { CONFIG_RULES_FUNCTION_ACTIONS } = await import('../../src/deployment/baseline-template.ts');
    const handler = readFileSync(new URL('../../config-rules/framework/handler.ts', import.meta.url), 'utf8');
    const sts = [...handler.matchAll(/import \{([^}]+)\} from '@aws-sdk\/client-sts'/g)].flatMap((m) => m[1].split(',').map((n) => n.trim()));
    const actions = sts.flatMap((n) => /^(\w+)Command$/.exec(n)?.slice(1) ?? []).map((a) => `sts:${a}`);
    expect(actions).toContain('sts:AssumeRole');
    expect(actions.filter((a) => !CONFIG_RULES_FUNCTION_ACTIONS.includes(a))).toEqual([]);
  });
});
