/**
 * Errors are values until the CLI edge prints them: every check pushes
 * Diagnostics, so one run reports every problem at once.
 */
import { UserError } from './errors.ts';

export interface SourcePosition {
  file: string;
  line: number; // 1-based
  col: number; // 1-based
}

export interface Diagnostic extends SourcePosition {
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /** Which check found it (e.g. `schema`, `semantics/unique-accounts`): the rule id of SARIF output. */
  code?: string;
}

/** Marks diagnostics with the check that produced them, keeping a more specific code already set. */
export const fromCheck =
  (code: string) =>
  (d: Diagnostic): Diagnostic =>
    d.code ? d : { ...d, code };

/** FILE:LINE:COL, the place a diagnostic or a plan's note points at. */
export const formatPosition = (p: SourcePosition): string => `${p.file}:${p.line}:${p.col}`;

export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${formatPosition(d)}: ${prefix}${d.message}${hint}`;
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...list]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message))
    .filter((d) => {
      const key = formatDiagnostic(d);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

export const hasErrors = (list: Diagnostic[]): boolean => list.some((d) => d.severity === 'error');

/** Thrown only at edges (CLI, Pulumi program) to carry positioned problems out of a command. */
export class SpecError extends UserError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(sortDiagnostics(diagnostics).map(formatDiagnostic).join('\n'));
    this.name = 'SpecError';
  }
}
