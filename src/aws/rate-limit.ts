/**
 * A client-side request budget: at most `concurrency` requests in flight and at most `perSecond`
 * started per second. AWS Organizations throttles each account to a few requests per second for
 * most calls ("Quotas for AWS Organizations", Organizations User Guide: throttling is per account,
 * about 10 requests/s for most read calls), so a reader of a large organization paces itself
 * instead of leaning on throttling errors and retries. Installed as SDK middleware inside the
 * retry step, so paginator pages and the SDK's own retries are paced and counted too.
 */
import { sleepMs } from './retry.ts';
export interface RequestBudget {
  concurrency: number;
  perSecond: number;
}

/** AWS's documented rate for most Organizations calls; 5 in flight keeps latency hidden without bursting past it. */
export const ORGANIZATIONS_BUDGET: RequestBudget = { concurrency: 5, perSecond: 10 };

export interface RateLimiter {
  run<T>(fn: () => Promise<T>): Promise<T>;
}

export function rateLimiter({ concurrency, perSecond }: RequestBudget, sleep = sleepMs): RateLimiter {
  const interval = 1000 / perSecond;
  let nextStart = 0;
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active >= concurrency) await new Promise<void>((r) => waiting.push(r));
    active++;
    const now = Date.now();
    const start = Math.max(now, nextStart);
    nextStart = start + interval;
    if (start > now) await sleep(start - now);
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run(fn) {
      await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

/** Counts requests per operation name (what the benches report). */
export type CallCounter = Map<string, number>;

export const totalCalls = (calls: CallCounter): number => [...calls.values()].reduce((a, b) => a + b, 0);

/** Paces and counts every HTTP request of a client (each page, each retry). */
/** The part of an SDK v3 client this needs (every client has it). */
export interface MiddlewareClient {
  middlewareStack: { add: (middleware: any, options: { step: 'finalizeRequest'; priority: 'low'; name: string }) => void };
}

export function paceClient(client: MiddlewareClient, limiter: RateLimiter, calls: CallCounter): void {
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      const name = String(context.commandName ?? 'request').replace(/Command$/, '');
      calls.set(name, (calls.get(name) ?? 0) + 1);
      return limiter.run(() => next(args));
    },
    { step: 'finalizeRequest', priority: 'low', name: 'guardrailsRequestBudget' },
  );
}
