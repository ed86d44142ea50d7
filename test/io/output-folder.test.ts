import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeRelativePath, safeSegment, writeOutputFolder } from '../../src/io/output-folder.ts';

describe('output folder', () => {
  it('makes every name a file name that means only itself', () => {
    expect(safeRelativePath('scp/../../etc/passwd')).toBe('scp/%2E%2E/%2E%2E/etc/passwd');
    expect(safeSegment('.')).toBe('%2E');
    expect(safeSegment('a\\b:c*')).toBe('a%5Cb%3Ac%2A');
    expect(safeSegment('Prod')).toBe('Prod');
    expect(safeSegment('a/b')).not.toBe(safeSegment('a_b'));
    const long = safeSegment('é'.repeat(128));
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(120);
    expect(long).not.toBe(safeSegment(`${'é'.repeat(127)}e`));
  });

  it('a failure midway leaves the earlier folder as it was and no temporary folder behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'out-'));
    const dir = join(root, 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, 'plan.json'), 'earlier');
    // "a" is a file, then a folder: the second write fails.
    await expect(
      writeOutputFolder(
        dir,
        [
          { path: 'plan.json', content: 'new' },
          { path: 'a', content: 'x' },
          { path: 'a/b', content: 'y' },
        ],
        'plan.json',
      ),
    ).rejects.toThrow();
    expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe('earlier');
    expect(readdirSync(root)).toEqual(['out']);
  });
});
