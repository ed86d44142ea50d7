/**
 * Backoff past the SDK's own retries, for long runs where AWS keeps throttling (Organizations
 * allows about 10 requests/s per account for most calls; Config's aggregator APIs less).
 * Full-jitter exponential backoff, as AWS's Builders' Library "Timeouts, retries and backoff with
 * jitter" recommends; the SDK has already retried each call `maxAttempts` times underneath.
 */

/** Error names AWS services use for throttling and transient conflicts. */
export const RETRYABLE_AWS_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'ConcurrentModificationException',
  'ServiceException',
]);

export interface BackoffOptions {
  /** Attempts after the first (default 8). */
  retries?: number;
  /** First delay before jitter (default 1 s), doubled each attempt up to `capMs` (default 30 s). */
  baseMs?: number;
  capMs?: number;
  sleep?: (ms: number) => Promise<void>;
  retryable?: (e: unknown) => boolean;
}

export const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const isRetryableAwsError = (e: unknown): boolean => RETRYABLE_AWS_ERRORS.has((e as { name?: string })?.name ?? '');

export async function withBackoff<T>(fn: (attempt: number) => Promise<T>, options: BackoffOptions = {}): Promise<T> {
  const { retries = 8, baseMs = 1000, capMs = 30_000, sleep = sleepMs, retryable = isRetryableAwsError } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!retryable(e) || attempt >= retries) throw e;
      await sleep(Math.min(baseMs * 2 ** attempt, capMs) * (0.5 + Math.random() / 2));
    }
  }
}
