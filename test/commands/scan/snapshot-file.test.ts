import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readConfigurationItems } from '../../../src/commands/scan/snapshot-file.ts';

const snapshot = (count: number) =>
  JSON.stringify({
    fileVersion: '1.0',
    configurationItems: Array.from({ length: count }, (_, i) => ({ awsAccountId: '666666666666', resourceType: 'AWS::S3::Bucket', resourceId: `b${i}` })),
  });

describe('snapshot files', () => {
  it('reads plain and gzip-compressed files, in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
    writeFileSync(join(dir, 'a.json'), snapshot(2));
    writeFileSync(join(dir, 'b.json.gz'), gzipSync(snapshot(3)));
    const items = await readConfigurationItems([join(dir, 'a.json'), join(dir, 'b.json.gz')]);
    expect(items.map((i) => i.resourceId)).toEqual(['b0', 'b1', 'b0', 'b1', 'b2']);
  });

  it('reads a snapshot of hundreds of thousands of items (more than a call takes as arguments)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
    writeFileSync(join(dir, 'large.json.gz'), gzipSync(snapshot(250_000)));
    expect((await readConfigurationItems([join(dir, 'large.json.gz')])).length).toBe(250_000);
  });
});
