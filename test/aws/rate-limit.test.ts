import { describe, expect, it } from 'vitest';
import { rateLimiter } from '../../src/aws/rate-limit.ts';

describe('request budget', () => {
  it('never has more than `concurrency` requests in flight', async () => {
    const limiter = rateLimiter({ concurrency: 3, perSecond: 1_000_000 }, async () => undefined);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          peak = Math.max(peak, ++active);
          await new Promise((r) => setImmediate(r));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('spaces request starts by 1/perSecond', async () => {
    const waits: number[] = [];
    const limiter = rateLimiter({ concurrency: 100, perSecond: 10 }, async (ms) => void waits.push(ms));
    await Promise.all(Array.from({ length: 5 }, () => limiter.run(async () => undefined)));
    // The first starts at once; each next one waits about 100 ms more than the one before.
    expect(waits).toHaveLength(4);
    waits.forEach((ms, i) => expect(ms).toBeGreaterThan(100 * (i + 1) - 50));
  });
});
