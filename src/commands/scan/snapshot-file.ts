/** Reading the configuration items `scan` evaluates from the snapshot and history files Config delivers. */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { configurationItemsOf } from '../../../config-rules/framework/configuration-item.ts';
import type { ConfigurationItem } from '../../../config-rules/framework/types.ts';
import { UserError } from '../../core/errors.ts';
import { isGzipped } from '../../io/render.ts';

/** A bound on what one decompressed file may occupy, so a hostile archive cannot exhaust memory. */
const MAX_SNAPSHOT_BYTES = 1024 * 1024 * 1024;

/** Config delivers snapshot and history files gzip-compressed (.json.gz); they are read as delivered. */
export async function readSnapshotFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new UserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (isGzipped(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_SNAPSHOT_BYTES });
    } catch (e) {
      throw new UserError(`${file}: not a readable gzip file (${(e as Error).message})`);
    }
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** The items of every file, in order (a snapshot holds hundreds of thousands: appended one by one, not spread as call arguments). */
export async function readConfigurationItems(files: string[]): Promise<ConfigurationItem[]> {
  const items: ConfigurationItem[] = [];
  for (const file of files) {
    const found = configurationItemsOf(await readSnapshotFile(file));
    if (!found) throw new UserError(`${file}: not a Config snapshot (no configurationItems) nor a JSON list of configuration items`);
    for (const item of found) items.push(item);
  }
  return items;
}
