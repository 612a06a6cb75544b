// Graceful shutdown (lib/server/shutdown.mjs, what server.mjs runs on SIGTERM) on a real HTTP server with a slow
// request in flight: new connections are refused at once, the request in flight is answered in full, the closers run
// after it (not before), and a request slower than the limit is cut off at the limit with the closers run anyway.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { gracefulShutdown } from '../shutdown.mjs';

let server: http.Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A server whose /slow?ms=N answers after N ms, in two chunks (the first at once), with a keep-alive agent's help. */
async function slowServer() {
  server = http.createServer((req, res) => {
    const ms = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('ms') ?? 0);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first ');
    setTimeout(() => res.end('last'), ms);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

function get(port: number, path: string, agent?: http.Agent) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

const connects = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

describe('graceful shutdown', () => {
  it('refuses new connections, finishes the request in flight, then closes the pools and exits 0', async () => {
    const port = await slowServer();
    const events: string[] = [];
    const exits: number[] = [];
    const { stop, inFlight } = gracefulShutdown({
      server: server!,
      timeoutMs: 5000,
      closers: [
        { name: 'pool', close: async () => void events.push('pool closed') },
        { name: 'db', close: async () => void events.push('db closed') },
      ],
      exit: (code) => void exits.push(code),
    });
    // An idle keep-alive connection, and a slow request in flight on another.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    expect((await get(port, '/slow?ms=0', agent)).status).toBe(200);
    const slow = get(port, '/slow?ms=800').then((r) => (events.push('slow answered'), r));
    await new Promise((r) => setTimeout(r, 100));
    expect(inFlight()).toBe(1);

    const started = Date.now();
    const stopped = stop('SIGTERM');
    expect(await connects(port)).toBe(false);
    expect(events).toEqual([]);
    expect(await slow).toEqual({ status: 200, body: 'first last' });
    await stopped;
    // Not the limit: the process stopped as soon as its last request was answered and its pools were closed.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(events).toEqual(['slow answered', 'pool closed', 'db closed']);
    expect(exits).toEqual([0]);
    agent.destroy();
  });

  it('cuts off a request slower than the limit, still closes the pools, and exits 1', async () => {
    const port = await slowServer();
    const events: string[] = [];
    const exits: number[] = [];
    const { stop } = gracefulShutdown({
      server: server!,
      timeoutMs: 300,
      closers: [
        { name: 'broken', close: async () => { throw new Error('already closed'); } },
        { name: 'pool', close: async () => void events.push('pool closed') },
      ],
      exit: (code) => void exits.push(code),
    });
    const slow = get(port, '/slow?ms=10000').then(
      (r) => r,
      (err: Error) => ({ status: 0, body: err.message }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await stop('SIGTERM');
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2000);
    // The client saw its connection end before the whole answer (never the "last" chunk).
    expect((await slow).body).not.toContain('last');
    // A closer that throws does not keep the next from running.
    expect(events).toEqual(['pool closed']);
    expect(exits).toEqual([1]);
  });

  it('stops once however many signals come', async () => {
    await slowServer();
    const exits: number[] = [];
    const { stop } = gracefulShutdown({ server: server!, timeoutMs: 1000, closers: [], exit: (code) => void exits.push(code) });
    await Promise.all([stop('SIGTERM'), stop('SIGINT'), stop('SIGTERM')]);
    expect(exits).toEqual([0]);
  });
});

describe('the responses in flight it keeps for the stop', () => {
  // Measured in a process of its own with --expose-gc: its young collections on demand (gc({ type: 'minor' })) and
  // the old generation's size are what the claim is about. 10,000 responses of ~8 KB each go through the tracking, 16
  // in flight at a time, with a young collection every 500; a response that has been answered must die young. With
  // a Set the old generation grew by 30 MB (the tables a long-lived Set leaves behind point to the responses they
  // held, and a young collection cannot tell they are dead); with the list threaded through the responses, by KBs.
  it('lets a finished response (and what it holds) die in a young collection, not be promoted to the old generation', () => {
    const probe = `
      import { EventEmitter } from 'node:events';
      import v8 from 'node:v8';
      const { gracefulShutdown } = await import(${JSON.stringify(new URL('../shutdown.mjs', import.meta.url).href)});
      const server = new EventEmitter();
      const { stop, inFlight } = gracefulShutdown({ server, timeoutMs: 1000, closers: [], exit: () => {} });
      const oldUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
      const open = [];
      const step = () => {
        const res = new EventEmitter();
        res.payload = new Array(1024).fill(0.5);
        server.emit('request', {}, res);
        open.push(res);
        if (open.length > 16) open.shift().emit('close');
      };
      for (let i = 0; i < 5000; i++) { step(); if (i % 500 === 0) gc({ type: 'minor' }); }
      gc();
      const before = oldUsed();
      for (let round = 0; round < 20; round++) { for (let i = 0; i < 500; i++) step(); gc({ type: 'minor' }); }
      const grown = oldUsed() - before;
      // The list still knows the 16 in flight: the stop marks each one whose headers are not sent.
      const marked = [];
      for (const res of open) { res.headersSent = false; res.setHeader = (k, v) => marked.push(k + ': ' + v); }
      server.close = () => {}; server.closeIdleConnections = () => {}; server.prependListener = () => {};
      void stop('SIGTERM');
      console.log(JSON.stringify({ grown, inFlight: inFlight(), marked: marked.length }));
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { grown, inFlight, marked } = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { grown: number; inFlight: number; marked: number };
    expect(inFlight).toBe(16);
    expect(marked).toBe(16);
    expect(grown).toBeLessThan(2_000_000);
  });
});
