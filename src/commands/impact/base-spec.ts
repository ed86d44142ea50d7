/**
 * The spec to compare against: a file, or a git revision of the changed spec's own file
 * (`--base origin/main` reads `git show origin/main:./SPEC` beside it). git runs without a shell.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { UserError } from '../../core/errors.ts';
import { readSpecText } from '../../io/spec-file.ts';

const run = promisify(execFile);
/** A revision as git spells one; never an option (a leading "-" would be read as one). */
const REVISION = /^[A-Za-z0-9_./@{}~^-]+$/;

export async function readBaseSpec(base: string, specFile: string): Promise<{ file: string; text: string }> {
  if (existsSync(base)) return { file: base, text: await readSpecText(base) };
  if (base.startsWith('-') || !REVISION.test(base)) throw new UserError(`--base "${base}" is neither a file nor a git revision`);
  const path = `${base}:./${basename(specFile)}`;
  try {
    const { stdout } = await run('git', ['show', path], { cwd: dirname(specFile), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return { file: `${base}:${specFile}`, text: stdout };
  } catch (e) {
    const err = e as { code?: string | number; stderr?: string };
    if (err.code === 'ENOENT') throw new UserError(`--base "${base}" is not a file, and git is not installed to read it as a revision`);
    const why = String(err.stderr ?? '')
      .trim()
      .split('\n')[0];
    throw new UserError(`--base "${base}" is neither a file nor a revision git can show ${specFile} at${why ? ` (${why})` : ''}`);
  }
}
