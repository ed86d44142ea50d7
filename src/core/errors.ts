/** A problem with what the user asked for (bad flag value, missing file): one line, exit 1, no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
