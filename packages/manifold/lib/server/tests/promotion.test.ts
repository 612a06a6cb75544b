// What an answer leaves in V8's old generation, measured where it happens: server.mjs' request listener on a real
// server in a process of its own, loaded from this one (16 keep-alive connections), and v8.GCProfiler's record of
// every young collection (scavenge) while it runs. What a scavenge moves to the old generation stays there until a
// full collection; per request it should be nothing but the few answers in flight at that moment.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { describe, expect, it } from 'vitest';

const probe = `
  import http from 'node:http';
  import v8 from 'node:v8';
  const { createRequestListener } = await import(${JSON.stringify(new URL('../handler.mjs', import.meta.url).href)});
  const { PageCache } = await import(${JSON.stringify(new URL('../page-cache.mjs', import.meta.url).href)});
  const { defineEndpoint, nodeHandler } = await import(${JSON.stringify(new URL('../../endpoint.mjs', import.meta.url).href)});
  const cache = new PageCache({ maxBytes: 8 * 1024 * 1024 });
  let renders = 0;
  const listener = createRequestListener({
    cache,
    fastPath: nodeHandler([defineEndpoint({ method: 'POST', path: '/api/echo', fast: true, handler: () => ({ ok: true, text: 'x'.repeat(100) }) })]),
    handle: (req, res) => {
      renders++;
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'public, s-maxage=60, stale-while-revalidate=300');
      res.end('<!doctype html><html><head><title>x</title></head><body>' + '안녕 '.repeat(3000) + '</body></html>');
    },
  });
  const server = http.createServer(listener);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  let profiler;
  process.on('message', (m) => {
    if (m === 'start') {
      profiler = new v8.GCProfiler();
      profiler.start();
      process.send('started');
    } else if (m === 'stop') {
      const { statistics } = profiler.stop();
      const old = (s) => s.heapSpaceStatistics.find((x) => x.spaceName === 'old_space').spaceUsedSize;
      const scavenges = statistics.filter((s) => s.gcType === 'Scavenge');
      process.send({ scavenges: scavenges.length, promoted: scavenges.reduce((a, s) => a + Math.max(0, old(s.afterGC) - old(s.beforeGC)), 0), renders });
      server.close();
      process.disconnect();
    }
  });
  process.send({ port: server.address().port });
`;

/** Starts the probe, sends `warm` then `n` requests, and returns the bytes its scavenges promoted per request of the `n`. */
async function promotedPerRequest(request: { method: 'GET' | 'POST'; path: string }, n: number, warm = 3000) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', probe], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<unknown>((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the probe exited with ${code}`)));
  });
  try {
    const { port } = (await next()) as { port: number };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const answers: Record<string, number> = {};
    const one = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, agent, ...request }, (res) => {
          const label = `${res.statusCode} ${res.headers['x-manifold-cache'] ?? ''}`.trim();
          answers[label] = (answers[label] ?? 0) + 1;
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    const batch = async (count: number) => {
      let left = count;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (left-- > 0) await one();
      }));
    };
    await batch(warm);
    child.send('start');
    await next();
    await batch(n);
    child.send('stop');
    const r = (await next()) as { scavenges: number; promoted: number; renders: number };
    agent.destroy();
    return { ...r, perRequest: r.promoted / n, answers };
  } finally {
    child.kill();
  }
}

describe('what an answer leaves in the old generation', () => {
  // A cached page, 8,000 hits. ~485 bytes a hit were promoted when each hit spread the entry's headers into a new
  // object for writeHead; ~2 bytes now. Under load that was the main thread's old generation growing by MBs a
  // second, and the full collections that followed.
  it('a page-cache hit: nothing but what is in flight', async () => {
    const r = await promotedPerRequest({ method: 'GET', path: '/posts/a' }, 8000);
    expect(r.renders).toBe(1);
    expect(r.answers).toEqual({ '200 HIT': 10999, '200 MISS': 1 });
    expect(r.scavenges).toBeGreaterThan(3);
    expect(r.perRequest).toBeLessThan(50);
  }, 60_000);

  // A fast endpoint (lib/endpoint.mjs' nodeHandler, the demo routes' path), 8,000 answers: ~95 bytes each promoted
  // when its headers were spread into a new object for writeHead; ~2-3 now.
  it('a fast endpoint: nothing but what is in flight', async () => {
    const r = await promotedPerRequest({ method: 'POST', path: '/api/echo' }, 8000);
    expect(r.answers).toEqual({ '200': 11000 });
    expect(r.scavenges).toBeGreaterThan(3);
    expect(r.perRequest).toBeLessThan(30);
  }, 60_000);
});
