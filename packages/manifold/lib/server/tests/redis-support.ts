// For the Redis tests: the real Redis of the test machine, a name prefix per test (parallel runs share that Redis),
// a TCP proxy in front of it that a test can cut and restore (Redis "going away" for one client only), and a logger
// that keeps its lines.
import crypto from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

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
  const sockets = new Set<net.Socket>();
  // While cut it keeps listening (so no other test's proxy gets this port meanwhile) and resets every connection.
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return void client.resetAndDestroy();
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    async cut() {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    async restore() {
      cut = false;
    },
    async close() {
      cut = true;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
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
