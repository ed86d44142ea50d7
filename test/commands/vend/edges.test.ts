import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSpec } from '../../../src/commands/vend/edges.ts';

const tempSpec = (text = 'version: 1\n') => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-'));
  const file = join(dir, 'spec.yaml');
  writeFileSync(file, text);
  return { dir, file };
};

describe('spec file edge', () => {
  it('writes atomically through a temp file, keeping the file mode and leaving nothing behind', async () => {
    const { dir, file } = tempSpec();
    chmodSync(file, 0o640);
    const spec = fileSpec(file);
    await spec.update(async (t) => `${t}# added\n`);
    expect(await spec.read()).toBe('version: 1\n# added\n');
    expect(statMode(file)).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
  });

  it('edits a symlinked spec where it really is, keeping the link', async () => {
    const { dir, file } = tempSpec();
    const link = join(dir, 'link.yaml');
    symlinkSync(file, link);
    await fileSpec(link).update(async (t) => `${t}# added\n`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('version: 1\n# added\n');
  });

  it('concurrent updates each see the previous one: none is lost', async () => {
    const { file } = tempSpec('');
    const spec = fileSpec(file);
    const pause = () => new Promise((r) => setTimeout(r, 5));
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        spec.update(async (t) => {
          await pause(); // the window where an unlocked read-modify-write loses the other's line
          return `${t}line ${i}\n`;
        }),
      ),
    );
    expect(readFileSync(file, 'utf8').trim().split('\n').sort()).toEqual(Array.from({ length: 8 }, (_, i) => `line ${i}`));
  });

  it('takes over a lock left by a killed run once it is stale, and says so when a live one persists', async () => {
    const { file } = tempSpec();
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    await fileSpec(file).update(async (t) => `${t}# after a crash\n`);
    expect(readFileSync(file, 'utf8')).toContain('# after a crash');

    mkdirSync(`${file}.lock`);
    await expect(fileSpec(file, { lockRetries: 0 }).update(async (t) => `${t}# never\n`)).rejects.toThrow(
      /spec\.yaml is being edited by another vend \(lock .*spec\.yaml\.lock\)/,
    );
    expect(readFileSync(file, 'utf8')).not.toContain('# never');
  });

  it('refuses a spec that is not UTF-8, with the position, and never rewrites it', async () => {
    const { file } = tempSpec();
    writeFileSync(file, Buffer.concat([Buffer.from('version: 1\n# caf'), Buffer.from([0xe9, 0x0a])]));
    await expect(fileSpec(file).read()).rejects.toThrow(/spec\.yaml:2:6: not UTF-8 text/);
    await expect(fileSpec(file).update(async (t) => `${t}x`)).rejects.toThrow(/not UTF-8/);
    expect(readFileSync(file)[16]).toBe(0xe9);
  });
});

const statMode = (file: string) => lstatSync(file).mode & 0o777;
