import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cloudTrailFiles, readCloudTrail, readCloudTrailFile } from '../../../src/commands/impact/cloudtrail-files.ts';

const EXAMPLES = new URL('../../../examples/cloudtrail', import.meta.url).pathname;

async function all(files: string[]) {
  const out: { file: string; eventID: unknown }[] = [];
  for await (const batch of readCloudTrail(files)) for (const r of batch.records) out.push({ file: batch.file, eventID: r.eventID });
  return out;
}

describe('CloudTrail files', () => {
  it('walks directories recursively, in a stable order, leaving digest files out', async () => {
    const files = await cloudTrailFiles([EXAMPLES]);
    expect(files.some((f) => f.includes('CloudTrail-Digest'))).toBe(false);
    expect(files.filter((f) => f.endsWith('.json.gz'))).toHaveLength(1);
    expect(files).toEqual([...files].sort());
    expect(files).toHaveLength(7);
  });

  it('reads S3-delivered files (gzip found by its magic bytes) and lookup-events output (CloudTrailEvent strings)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'log.json.gz'), gzipSync(JSON.stringify({ Records: [{ eventID: 'gz-1' }, { eventID: 'gz-2' }] })));
    writeFileSync(join(dir, 'lookup.json'), JSON.stringify({ Events: [{ EventId: 'l-1', CloudTrailEvent: JSON.stringify({ eventID: 'l-1' }) }] }));
    writeFileSync(join(dir, 'notes.txt'), 'not a log');
    const records = await all(await cloudTrailFiles([dir]));
    expect(records.map((r) => r.eventID)).toEqual(['gz-1', 'gz-2', 'l-1']);
  });

  it('names the file of a broken gzip, a broken record or a missing path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-'));
    const gz = gzipSync(JSON.stringify({ Records: [{ eventID: '1' }] }));
    writeFileSync(join(dir, 'cut.json.gz'), gz.subarray(0, gz.length - 12));
    writeFileSync(join(dir, 'bad.json'), '{"Records":[{"eventID": nope}]}');
    await expect(all([join(dir, 'cut.json.gz')])).rejects.toThrow(/cut\.json\.gz: /);
    await expect(all([join(dir, 'bad.json')])).rejects.toThrow(/bad\.json: a record is not valid JSON/);
    await expect(cloudTrailFiles([join(dir, 'missing')])).rejects.toThrow(/missing: no such file or directory/);
  });

  it('yields a batch per chunk, so memory holds one chunk of records at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-'));
    const records = Array.from({ length: 5000 }, (_, i) => ({ eventID: String(i), pad: 'x'.repeat(200) }));
    writeFileSync(join(dir, 'big.json.gz'), gzipSync(JSON.stringify({ Records: records })));
    let batches = 0;
    let count = 0;
    for await (const batch of readCloudTrailFile(join(dir, 'big.json.gz'))) {
      batches++;
      count += batch.length;
    }
    expect(count).toBe(5000);
    expect(batches).toBeGreaterThan(1);
  });
});
