import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
