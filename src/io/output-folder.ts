/**
 * Writing a folder of artifacts whose file names come from the spec (OU paths, policy names,
 * key aliases), which a hostile or careless author controls: each name is made a safe file name,
 * every path is checked to stay under the folder, and the folder appears whole or not at all
 * (written beside it under a temporary name, then renamed into place).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../core/errors.ts';

export interface OutputFile {
  /** Relative, `/`-separated; segments may be any text (an OU may be named ".."). */
  path: string;
  content: string;
}

/** Most file systems allow 255 bytes per name; leave room. */
const MAX_SEGMENT = 120;

/**
 * A path segment as a file name that means only itself: characters outside a portable set are
 * %-escaped (so distinct names stay distinct), "." and ".." are escaped, and an overlong name
 * keeps its start plus a digest of the whole.
 */
export function safeSegment(segment: string): string {
  let safe = [...segment]
    .map((c) => (/^[A-Za-z0-9._ -]$/.test(c) ? c : [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')))
    .join('');
  if (safe === '' || /^\.+$/.test(safe)) safe = safe.replace(/\./g, '%2E') || '%00';
  if (safe.startsWith(' ') || safe.endsWith(' ') || safe.endsWith('.'))
    safe = safe.replace(/^ | $|\.$/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (Buffer.byteLength(safe) > MAX_SEGMENT) safe = `${safe.slice(0, MAX_SEGMENT - 17)}~${createHash('sha256').update(segment).digest('hex').slice(0, 16)}`;
  return safe;
}

export const safeRelativePath = (path: string): string => path.split('/').map(safeSegment).join('/');

/** What `dir` may be replaced by: nothing there, an empty folder, or an earlier output (holding `marker`). */
async function replaceable(dir: string, marker: string): Promise<boolean> {
  try {
    if (!(await stat(dir)).isDirectory()) return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
  const entries = await readdir(dir);
  return entries.length === 0 || entries.includes(marker);
}

/** Refuses, before any work, a folder that holds something other than an earlier output. */
export async function checkOutputFolder(dir: string, marker: string): Promise<void> {
  if (!(await replaceable(resolve(dir), marker)))
    throw new UserError(`${dir} exists and is not an earlier output (no ${marker} in it); it was left as it is`, 'name a new or empty folder');
}

/** Writes `files` as the folder `dir`, all or nothing; `marker` is a file every output holds (e.g. plan.json). */
export async function writeOutputFolder(dir: string, files: OutputFile[], marker: string): Promise<void> {
  const target = resolve(dir);
  await checkOutputFolder(dir, marker);
  const stamp = randomBytes(4).toString('hex');
  const temp = join(dirname(target), `.${basename(target)}.${stamp}.tmp`);
  await mkdir(dirname(target), { recursive: true });
  try {
    for (const f of files) {
      const path = resolve(temp, safeRelativePath(f.path));
      const rel = relative(temp, path);
      // Belt and braces: a path that still leaves the folder is a bug, never written.
      if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(temp, rel) !== path || !path.startsWith(`${temp}${sep}`))
        throw new Error(`artifact path ${JSON.stringify(f.path)} leaves the output folder`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.content, { flag: 'wx' });
    }
    const old = join(dirname(target), `.${basename(target)}.${stamp}.old`);
    const hadOld = await rename(target, old).then(
      () => true,
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return false;
        throw e;
      },
    );
    await rename(temp, target);
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
}
