import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSpec } from '../../../src/commands/vend/edges.ts';

describe('spec file edge', () => {
  it('writes atomically through a temp file, keeping the file mode and leaving nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spec-'));
    const file = join(dir, 'spec.yaml');
    writeFileSync(file, 'version: 1\n');
    chmodSync(file, 0o640);
    const spec = fileSpec(file);
    await spec.writeAtomically('version: 1\n# added\n');
    expect(await spec.read()).toBe('version: 1\n# added\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(['spec.yaml']);
    expect(readFileSync(file, 'utf8')).toContain('# added');
  });
});
