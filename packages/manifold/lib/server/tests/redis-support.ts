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
  /** Cuts every connection and stops listening: Redis is unreachable through this proxy. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function redisProxy(target = new URL(REDIS_URL)): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
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
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return { url: `redis://127.0.0.1:${port}`, cut, restore: listen, close: cut };
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
