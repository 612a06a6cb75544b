// Sign-in rate limits (rate-limiter-flexible): failed attempts are counted per account and per client address, in
// memory by default or in Redis (REDIS_URL) so that several server processes share the count.
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { settings } from '../../lib/settings';

export interface SignInLimitOptions {
  /** Failed attempts an account may see in `seconds` before it is locked for the rest of the window. */
  accountPoints?: number;
  /** Failed attempts one address may make in `seconds` (over all the accounts it tries). */
  ipPoints?: number;
  seconds?: number;
  /** Unset: memory. */
  redisUrl?: string;
  /** Keeps apart the counts of separate limiters on one Redis (tests). */
  keyPrefix?: string;
}

export interface SignInLimiter {
  /** Milliseconds until another attempt is allowed, or 0 when one is allowed now. */
  waitFor(email: string, ip: string): Promise<number>;
  /** Counts a failed attempt; returns the wait it caused (0 while under the limits). */
  fail(email: string, ip: string): Promise<number>;
  /** A successful sign-in clears the account's count (not the address's: one good password must not reset a spray). */
  succeed(email: string): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_LIMITS = { accountPoints: 5, ipPoints: 30, seconds: 15 * 60 } as const;

const accountKey = (email: string) => `a:${email.trim().toLowerCase().slice(0, 320)}`;
const ipKey = (ip: string) => `i:${ip.slice(0, 64)}`;

export function createSignInLimiter(opts: SignInLimitOptions = {}): SignInLimiter {
  const accountPoints = opts.accountPoints ?? DEFAULT_LIMITS.accountPoints;
  const ipPoints = opts.ipPoints ?? DEFAULT_LIMITS.ipPoints;
  const duration = opts.seconds ?? DEFAULT_LIMITS.seconds;
  const prefix = opts.keyPrefix ?? 'manifold-signin';
  let redis: Redis | undefined;
  const make = (points: number, name: string): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration, keyPrefix: `${prefix}-${name}` });
    if (!opts.redisUrl) return memory;
    redis ??= new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
    // Redis unreachable: count in this process's memory rather than refuse every sign-in.
    return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: `${prefix}-${name}`, insuranceLimiter: memory });
  };
  const account = make(accountPoints, 'account');
  const ip = make(ipPoints, 'ip');

  const over = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints >= points ? Math.max(1000, res.msBeforeNext) : 0);
  const consume = async (limiter: RateLimiterAbstract, key: string, points: number) => {
    try {
      const res = await limiter.consume(key);
      return over(res, points);
    } catch (rej) {
      if (rej instanceof RateLimiterRes) return Math.max(1000, rej.msBeforeNext);
      throw rej;
    }
  };

  return {
    async waitFor(email, address) {
      const [a, i] = await Promise.all([account.get(accountKey(email)), ip.get(ipKey(address))]);
      return Math.max(over(a, accountPoints), over(i, ipPoints));
    },
    async fail(email, address) {
      const [a, i] = await Promise.all([consume(account, accountKey(email), accountPoints), consume(ip, ipKey(address), ipPoints)]);
      return Math.max(a, i);
    },
    async succeed(email) {
      await account.delete(accountKey(email));
    },
    async close() {
      await redis?.quit().catch(() => redis?.disconnect());
    },
  };
}

const globalLimiter = globalThis as unknown as { __manifoldSignInLimiter?: SignInLimiter };

/** The process's limiter, from the settings (REDIS_URL). */
export function signInLimiter(): SignInLimiter {
  globalLimiter.__manifoldSignInLimiter ??= createSignInLimiter({ redisUrl: settings().redisUrl });
  return globalLimiter.__manifoldSignInLimiter;
}

/** "N minutes", rounded up, never 0. */
export const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
