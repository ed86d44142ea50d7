/** Reading the spec file is the only file-system step before the pure core. */
import { readFile } from 'node:fs/promises';
import { analyzeSpec, type Analysis } from '../deployment/analyze.ts';
import { SpecError } from '../core/diagnostics.ts';
import { UserError } from '../core/errors.ts';

export async function readSpecText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : ((e as Error).message ?? 'cannot be read')}`);
  }
}

/** Reads, validates, compiles and lints a spec; throws SpecError with every problem. */
export async function analyzeSpecFile(file: string): Promise<Analysis> {
  const result = await analyzeSpec(file, await readSpecText(file));
  if (!result.ok) throw new SpecError(result.diagnostics);
  return result.analysis;
}

/** Reads a JSON input file; a parse error is the user's, positioned where JSON.parse says. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readSpecText(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}
