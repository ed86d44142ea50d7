import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBaseSpec } from '../../../src/commands/impact/base-spec.ts';

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'impact-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir });
  git('init', '-q');
  writeFileSync(join(dir, 'org.yaml'), 'version: 1 # committed\n');
  git('add', 'org.yaml');
  git('commit', '-qm', 'spec');
  writeFileSync(join(dir, 'org.yaml'), 'version: 1 # changed in the working tree\n');
  return dir;
}

describe('--base', () => {
  it('reads a git revision of the same file, wherever the command runs from', async () => {
    const dir = repo();
    const base = await readBaseSpec('HEAD', join(dir, 'org.yaml'));
    expect(base).toEqual({ file: `HEAD:${join(dir, 'org.yaml')}`, text: 'version: 1 # committed\n' });
  });

  it('reads a file when one exists by that name', async () => {
    const dir = repo();
    expect((await readBaseSpec(join(dir, 'org.yaml'), join(dir, 'org.yaml'))).text).toBe('version: 1 # changed in the working tree\n');
  });

  it('says what is wrong with a revision git cannot show, and never passes an option to git', async () => {
    const dir = repo();
    await expect(readBaseSpec('no-such-branch', join(dir, 'org.yaml'))).rejects.toThrow(
      /--base "no-such-branch" is neither a file nor a revision git can show/,
    );
    await expect(readBaseSpec('-p', join(dir, 'org.yaml'))).rejects.toThrow('--base "-p" is neither a file nor a git revision');
    await expect(readBaseSpec('HEAD;rm -rf x', join(dir, 'org.yaml'))).rejects.toThrow('is neither a file nor a git revision');
  });
});
