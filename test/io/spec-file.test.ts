import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, readSpecText } from '../../src/io/spec-file.ts';

describe('reading input files', () => {
  it('refuses bytes that are not UTF-8 with the position of the first one', () => {
    const bytes = Buffer.concat([Buffer.from('version: 1\norganization:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(() => decodeUtf8('spec.yaml', bytes)).toThrow(/^spec\.yaml:3:12: not UTF-8 text \(byte 0xe9 at offset 36\)$/);
  });

  it('keeps valid UTF-8, including U+FFFD written on purpose', () => {
    expect(decodeUtf8('spec.yaml', Buffer.from('name: caf\u00e9 \ufffd\n'))).toBe('name: caf\u00e9 \ufffd\n');
  });

  it('refuses a spec file over the size cap before reading it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spec-')), 'big.yaml');
    writeFileSync(file, Buffer.alloc(8 * 1024 * 1024 + 1, 0x20));
    await expect(readSpecText(file)).rejects.toThrow(/big\.yaml: 8388609 bytes is larger than the 8388608 bytes a spec may have/);
  });
});
