// The per-client rate limits (lib/http-guard.mjs createRateLimit: the demo API's and the comments') counted in the
// real Redis when the site has one: two processes' limiters (two limiters on two connections here) draw on one budget
// per client; another prefix (another site) or another limit name is another budget; with Redis unreachable each
// limiter keeps counting in its own memory instead of refusing or waving through every request.
import { afterAll, describe, expect, it } from 'vitest';
import { closeRateLimitClients, createRateLimit, HttpError } from '../../http-guard.mjs';
import { REDIS_URL, redisProxy, uniquePrefix } from './redis-support';

afterAll(async () => closeRateLimitClients());

/** The status of each of `n` consume() calls for `key`: 200, or the refusal's status. */
async function statuses(limit: ReturnType<typeof createRateLimit>, key: string, n: number) {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await limit.consume(key, 'requests').then(
        () => 200,
        (err: unknown) => (err instanceof HttpError ? err.status : -1),
      ),
    );
  return out;
}

describe('rate limits in Redis', () => {
  it('two processes share one budget per client; another client, limit name or site prefix has its own', async () => {
    const prefix = uniquePrefix('rate');
    const spec = { points: 3, seconds: 60 };
    // Two instances: separate Redis connections (one through a proxy), the same site prefix and limit name.
    const proxy = await redisProxy();
    try {
      const a = createRateLimit(spec, { name: 'ml', redis: { url: REDIS_URL, prefix } });
      const b = createRateLimit(spec, { name: 'ml', redis: { url: proxy.url, prefix } });
      expect(a.store).toBe('redis');
      await Promise.all([a.ready(), b.ready()]);
      expect(await statuses(a, '203.0.113.1', 2)).toEqual([200, 200]);
      expect(await statuses(b, '203.0.113.1', 2)).toEqual([200, 429]);
      expect(await statuses(a, '203.0.113.1', 1)).toEqual([429]);
      const refused = await a.consume('203.0.113.1', 'demo-model requests').catch((e: HttpError) => e);
      expect(refused).toBeInstanceOf(HttpError);
      expect((refused as HttpError).message).toMatch(/^Too many demo-model requests from your address \(the limit is 3 per 60 s\); try again in \d+ s\.$/);
      expect(Number((refused as HttpError).headers['Retry-After'])).toBeGreaterThan(50);
      // Another client, another limit (comments), another site on the same Redis: untouched budgets.
      expect(await statuses(b, '203.0.113.2', 3)).toEqual([200, 200, 200]);
      const comments = createRateLimit(spec, { name: 'comments', redis: { url: REDIS_URL, prefix } });
      await comments.ready();
      expect(await statuses(comments, '203.0.113.1', 1)).toEqual([200]);
      const otherSite = createRateLimit(spec, { name: 'ml', redis: { url: REDIS_URL, prefix: `${prefix}-other` } });
      expect(await statuses(otherSite, '203.0.113.1', 1)).toEqual([200]);
    } finally {
      await proxy.close();
    }
  });

  it('without Redis the limit is this process’s memory; with Redis gone it still limits, from memory', async () => {
    const spec = { points: 2, seconds: 60 };
    const local = createRateLimit(spec);
    expect(local.store).toBe('memory');
    expect(await statuses(local, 'x', 3)).toEqual([200, 200, 429]);

    const proxy = await redisProxy();
    try {
      const limit = createRateLimit(spec, { name: 'ml', redis: { url: proxy.url, prefix: uniquePrefix('rate-down') } });
      await limit.ready();
      await proxy.cut();
      const started = Date.now();
      expect(await statuses(limit, '198.51.100.7', 3)).toEqual([200, 200, 429]);
      // Answered at once from memory, not after reconnection attempts.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await proxy.close();
    }
  });
});
