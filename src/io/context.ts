/** What every command registration gets: the program, the output streams and the exit code it may set. */
import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../core/diagnostics.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface CommandContext {
  cli: Command;
  io: Io;
  exit: { code: number };
}

/** For repeatable options (`--tag a=b --tag c=d`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function printWarnings(io: Io, diagnostics: Diagnostic[]) {
  for (const d of diagnostics) if (d.severity === 'warning') io.err(formatDiagnostic(d));
}
