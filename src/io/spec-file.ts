/** Reading input files is the only file-system step before the pure core. */
import { readFile, stat } from 'node:fs/promises';
import { analyzeSpec, type Analysis } from '../deployment/analyze.ts';
import { SpecError } from '../core/diagnostics.ts';
import { UserError } from '../core/errors.ts';
import { MAX_SPEC_BYTES } from '../spec/load.ts';

const fileError = (file: string, e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return new UserError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : ((e as Error).message ?? 'cannot be read')}`);
};

const decodes = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/**
 * The text of UTF-8 bytes; anything else is refused with the position of the first byte that is
 * not UTF-8 (read as U+FFFD it would be rewritten silently by `vend` and compared wrongly everywhere).
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // The longest prefix that decodes (a sequence cut at the end is held back in stream mode): the bad byte follows it.
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        good = mid;
      } catch {
        bad = mid;
      }
    }
    // Stream mode holds back an unfinished sequence (up to 3 bytes): the bad one starts where a complete prefix ends.
    let start = good;
    while (start > Math.max(0, good - 3) && !decodes(bytes.subarray(0, start))) start--;
    const lines = new TextDecoder('utf-8').decode(bytes.subarray(0, start)).split('\n');
    const byte = bytes[start];
    throw new UserError(
      `${file}:${lines.length}:${[...lines[lines.length - 1]].length + 1}: not UTF-8 text (byte 0x${byte.toString(16).padStart(2, '0')} at offset ${start})`,
      'save the file as UTF-8',
    );
  }
}

/** A text input file: UTF-8, and at most `maxBytes` when given (checked before reading it all). */
export async function readTextFile(file: string, maxBytes?: number): Promise<string> {
  let bytes: Buffer;
  try {
    if (maxBytes !== undefined) {
      const { size } = await stat(file);
      if (size > maxBytes)
        throw new UserError(
          `${file}: ${size} bytes is larger than the ${maxBytes} bytes a spec may have`,
          'split the organization or check that this is the spec',
        );
    }
    bytes = await readFile(file);
  } catch (e) {
    throw e instanceof UserError ? e : fileError(file, e);
  }
  return decodeUtf8(file, bytes);
}

export const readSpecText = (file: string): Promise<string> => readTextFile(file, MAX_SPEC_BYTES);

/** Reads, validates, compiles and lints a spec; throws SpecError with every problem. */
export async function analyzeSpecFile(file: string): Promise<Analysis> {
  const result = await analyzeSpec(file, await readSpecText(file));
  if (!result.ok) throw new SpecError(result.diagnostics);
  return result.analysis;
}

/** Reads a JSON input file; a parse error is the user's, positioned where JSON.parse says. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readTextFile(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}
