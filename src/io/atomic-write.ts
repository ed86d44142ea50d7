/** Writing a file so readers see the old content or the new, never half: a temp file beside it, then a rename (atomic within one directory). */
import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';

export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  // An existing file keeps its mode; a new one gets the default.
  const mode = await stat(file).then(
    (s) => s.mode,
    () => undefined,
  );
  await writeFile(temp, text, { flag: 'wx', ...(mode === undefined ? {} : { mode }) });
  try {
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
