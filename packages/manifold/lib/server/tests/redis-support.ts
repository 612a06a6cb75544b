// For the Redis tests: the real Redis of the test machine, a name prefix per test (parallel runs share that Redis),
// a TCP proxy in front of it that a test can cut and restore (Redis "going away" for one client only; the one
// testing/tcp-proxy.mjs the load test and the outage e2e use too), and a logger that keeps its lines.
import crypto from 'node:crypto';
import { tcpProxy } from '../../../testing/tcp-proxy.mjs';

export const REDIS_URL = 'redis://127.0.0.1:6379';

export const uniquePrefix = (name: string) => `manifold-test-${name}-${crypto.randomBytes(6).toString('hex')}`;

export interface Proxy {
  url: string;
  /** Cuts every connection and resets new ones: Redis is unreachable through this proxy. */
  cut(): Promise<void>;
  /** Lets connections through again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function redisProxy(target = new URL(REDIS_URL)): Promise<Proxy> {
  const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
  return {
    url: `redis://127.0.0.1:${proxy.port}`,
    cut: async () => proxy.cut(),
    restore: async () => proxy.restore(),
    close: () => proxy.close(),
  };
}

export function memoryLog() {
  const lines: { level: 'info' | 'warn'; message: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message: string, fields?: Record<string, unknown>) => void lines.push({ level: 'info', message, fields }),
    warn: (message: string, fields?: Record<string, unknown>) => void lines.push({ level: 'warn', message, fields }),
  };
}

/** Waits until check() is true, or fails after `ms`. */
export async function until(check: () => boolean, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
