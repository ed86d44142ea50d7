/**
 * The one user-facing error: something the user can act on (bad flag value, missing file, an
 * AWS answer that needs their attention). The CLI prints `error: MESSAGE (HINT)` on one line,
 * exit 1, no stack; anything else that escapes is an internal error.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
