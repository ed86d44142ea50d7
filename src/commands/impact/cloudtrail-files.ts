/**
 * CloudTrail records from files, streamed: log files as CloudTrail delivers them to S3
 * (`.json.gz`, or `.json` once unzipped: `{"Records": [...]}`), and the JSON that
 * `aws cloudtrail lookup-events` prints (`{"Events": [{"CloudTrailEvent": "<the record as a
 * JSON string>"}]}`). Directories are walked recursively (symbolic links are not followed, so a
 * link loop cannot hang it); digest files (`CloudTrail-Digest/`) carry no events and are left out.
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../core/errors.ts';
import { RecordSplitter } from './json-records.ts';
import { isGzipped } from '../../io/render.ts';

export type CloudTrailRecord = Record<string, unknown>;

const LOG_FILE = /\.json(\.gz)?$/i;
/** CloudTrail writes digest files under AWSLogs/<account>/CloudTrail-Digest/ (log file integrity validation). */
const DIGEST_PATH = /(^|[\\/])CloudTrail-Digest([\\/]|$)/;

/** Every log file named by the arguments, in a stable order; a named file is read whatever its name. */
export async function cloudTrailFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (!DIGEST_PATH.test(path)) await walk(path);
      } else if (e.isFile() && LOG_FILE.test(e.name)) out.push(path);
    }
  };
  for (const path of paths) {
    const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
      throw new UserError(`${path}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`);
    });
    if (info.isDirectory()) await walk(path);
    else out.push(path);
  }
  return out;
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return isGzipped(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/** A lookup-events element holds the record as a JSON string; an S3 log file holds it as an object. */
function recordOf(element: Record<string, unknown>): CloudTrailRecord {
  return typeof element.CloudTrailEvent === 'string' ? (JSON.parse(element.CloudTrailEvent) as CloudTrailRecord) : element;
}

/** The records of one file, a batch per chunk read (a batch never holds more than one chunk's records). */
export async function* readCloudTrailFile(file: string): AsyncGenerator<CloudTrailRecord[]> {
  let batch: CloudTrailRecord[] = [];
  const splitter = new RecordSplitter(file, (element) => {
    try {
      batch.push(recordOf(element));
    } catch (e) {
      throw new UserError(`${file}: a record is not valid JSON (${(e as Error).message})`);
    }
  });
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  // Large output chunks: the splitter's per-chunk work (a record or two followed byte by byte) is then rare.
  const stream = (await isGzip(file)) ? raw.pipe(createGunzip({ chunkSize: 256 * 1024 })) : raw;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      splitter.push(chunk);
      if (batch.length) {
        yield batch;
        batch = [];
      }
    }
  } catch (e) {
    raw.destroy();
    if (e instanceof UserError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`${file}: ${err.code === 'Z_DATA_ERROR' || err.code === 'Z_BUF_ERROR' ? 'not a valid gzip file' : err.message}`);
  }
  splitter.end();
}

/** Every record of every file, file by file. */
export async function* readCloudTrail(files: string[]): AsyncGenerator<{ file: string; records: CloudTrailRecord[] }> {
  for (const file of files) {
    yield { file, records: [] };
    for await (const records of readCloudTrailFile(file)) yield { file, records };
  }
}
