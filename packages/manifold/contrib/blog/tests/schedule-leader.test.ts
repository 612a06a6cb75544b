// Scheduled publishing runs once across instances (contrib/blog/node.mjs with REDIS_URL): the Node timer calls its
// cron route only while it holds the leader lock on the real Redis; while another process holds it the timer's ticks
// do nothing, it takes over when that one lets go, and it lets go itself when stopped.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { leaderLock } from '../../../lib/server/leader.mjs';
import { memoryLog, REDIS_URL, uniquePrefix, until } from '../../../lib/server/tests/redis-support';
import { PUBLISH_LOCK, startScheduledPublishing } from '../node.mjs';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  vi.unstubAllEnvs();
});

describe('scheduled publishing across instances', () => {
  it('calls the cron route only while this process holds the lock', async () => {
    const prefix = uniquePrefix('schedule');
    vi.stubEnv('REDIS_URL', REDIS_URL);
    vi.stubEnv('MANIFOLD_REDIS_PREFIX', prefix);
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ published: [], nextDueAt: null }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cron/publish-scheduled`;

    // Another instance leads.
    const other = leaderLock(PUBLISH_LOCK, { redis: { url: REDIS_URL, prefix }, ttlMs: 400, log: memoryLog() });
    cleanups.push(() => other.close());
    await until(() => other.state() === 'held', 3000, 'the other instance to lead');

    const timer = startScheduledPublishing({ url, everyMs: 100, lockTtlMs: 400 });
    cleanups.push(() => timer.stop());
    expect(timer.lock.kind).toBe('redis');
    // The first tick comes after 1 s, then one every 100 ms: all skipped.
    await new Promise((r) => setTimeout(r, 1600));
    expect(calls).toBe(0);
    expect(timer.lock.state()).toBe('other');

    await other.close();
    await until(() => calls > 0, 2000, 'the timer to take over');
    expect(timer.lock.state()).toBe('held');
    const third = leaderLock(PUBLISH_LOCK, { redis: { url: REDIS_URL, prefix }, ttlMs: 400, log: memoryLog() });
    cleanups.push(() => third.close());
    expect(await third.check()).toBe('other');

    // Stopped (the server's SIGTERM): the lock is free at once.
    await timer.stop();
    expect(await third.check()).toBe('held');
    const after = calls;
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(after);
  });
});
