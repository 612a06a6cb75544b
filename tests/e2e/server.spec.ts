// The production server (manifold/server) itself over raw sockets: every request is answered, sockets are let go, a slow client is cut off.
// It starts its own server.mjs (on the e2e build and database) with short timeouts, so a test takes seconds.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serverScript } from 'manifold/testing/serve';

const root = process.cwd();
const port = Number(process.env.E2E_PORT ?? 3107) + 100;
const HEADERS_TIMEOUT_MS = 1000;
const KEEP_ALIVE_TIMEOUT_MS = 1000;
let child: ChildProcess;

test.describe.configure({ mode: 'serial' });

/** Starts server.mjs on the e2e build and database and waits until it serves the home page. */
async function startServer(serverPort: number, env: Record<string, string>) {
  let log = '';
  const proc = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: process.env.E2E_DATABASE_URL, HOST: '127.0.0.1', PORT: String(serverPort), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  proc.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 600; i++) {
    if (await home(serverPort).then((s) => s === 200, () => false)) return proc;
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill();
  throw new Error(`server.mjs did not start: ${log}`);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  child = await startServer(port, {
    MANIFOLD_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    MANIFOLD_REQUEST_TIMEOUT_MS: '2000',
    MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
  });
});

test.afterAll(() => {
  child?.kill('SIGTERM');
});

async function home(serverPort = port) {
  const res = await fetch(`http://127.0.0.1:${serverPort}/`, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status;
}

const openDescriptors = () => fs.readdirSync(`/proc/${child.pid}/fd`).length;

/** Sends raw bytes; resolves with everything received once the server has answered (or closed), and the socket. */
function exchange(raw: string, { waitForClose = false } = {}) {
  return new Promise<{ text: string; socket: net.Socket; closed: Promise<void> }>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const closed = new Promise<void>((r) => socket.on('close', () => r()));
    socket.setTimeout(10_000, () => reject(new Error(`no answer within 10 s to ${JSON.stringify(raw.slice(0, 40))}; got ${JSON.stringify(text)}`)));
    socket.on('error', reject);
    socket.on('data', (d) => {
      text += d;
      // One answer is complete once its body (always a short Content-Length here) has arrived.
      const head = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text)?.[1];
      if (!waitForClose && head >= 0 && length !== undefined && Buffer.byteLength(text) >= head + 4 + Number(length)) {
        socket.setTimeout(0);
        resolve({ text, socket, closed });
      }
    });
    closed.then(() => {
      socket.setTimeout(0);
      resolve({ text, socket, closed });
    });
    socket.write(raw);
  });
}

const MALFORMED = [
  'POST /api/ml/%E0%A4%A HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
  'GET /posts/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /category/%ZZ?q=1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'HEAD /% HTTP/1.1\r\nHost: x\r\n\r\n',
];

test('a malformed path is a 400 with a request id, fast path or not', async () => {
  for (const raw of MALFORMED) {
    const { text, socket } = await exchange(raw);
    socket.destroy();
    expect(text.split('\r\n')[0], raw).toBe('HTTP/1.1 400 Bad Request');
    expect(text).toMatch(/\r\nx-request-id: [0-9a-f-]{36}\r\n/);
    expect(text).toMatch(/\r\nx-content-type-options: nosniff\r\n/);
  }
  expect(await home()).toBe(200);
});

test('twenty malformed requests hold no descriptors once their keep-alive time is over', async () => {
  // Warm up, so descriptors the server opens once (files, workers) are counted in the baseline.
  await exchange(MALFORMED[0]).then(({ socket }) => socket.destroy());
  expect(await home()).toBe(200);
  await new Promise((r) => setTimeout(r, KEEP_ALIVE_TIMEOUT_MS + 500));
  const before = openDescriptors();
  // (HEAD is left out: its answer has no body to mark its end, so it would only resolve on close.)
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => exchange(MALFORMED[i % 3])));
  for (const { text } of answers) expect(text.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
  // The client keeps its end open; the server must close each idle connection itself.
  expect(openDescriptors()).toBeGreaterThanOrEqual(before + 20);
  await Promise.all(answers.map((a) => a.closed));
  await expect.poll(openDescriptors, { timeout: 5000 }).toBeLessThanOrEqual(before);
  expect(await home()).toBe(200);
});

test('a client that never finishes its headers is cut off after the headers timeout, while pages keep coming', async () => {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const started = Date.now();
  let received = '';
  socket.on('data', (d) => (received += d));
  const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now() - started)));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  // A header line every 200 ms, never the blank line that ends them (slowloris).
  const drip = setInterval(() => socket.writable && socket.write(`X-Drip-${Date.now()}: 1\r\n`), 200);
  try {
    // The home page is served all along.
    for (let i = 0; i < 3; i++) expect(await home()).toBe(200);
    const elapsed = await closed;
    expect(elapsed).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    // The timeout plus Node's check interval (a quarter of it) and scheduling slack.
    expect(elapsed).toBeLessThan(HEADERS_TIMEOUT_MS * 3);
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  } finally {
    clearInterval(drip);
    socket.destroy();
  }
  expect(await home()).toBe(200);
});

test('a bad page cache size stops server.mjs at start-up with one line', () => {
  for (const [value, message] of [
    ['lots', 'Configuration error: MANIFOLD_PAGE_CACHE_MB: MANIFOLD_PAGE_CACHE_MB must be a number of megabytes (0 disables the page cache)'],
    ['-5', 'Configuration error: MANIFOLD_PAGE_CACHE_MB: MANIFOLD_PAGE_CACHE_MB must not be negative (0 disables the page cache)'],
  ]) {
    const r = spawnSync(process.execPath, [serverScript], { cwd: root, env: { ...process.env, MANIFOLD_PAGE_CACHE_MB: value, PORT: String(port + 1) }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe(message);
  }
});

test('MANIFOLD_FAST_PATHS=0 sends every request through Next: no page cache, demo inference by the Next route', async () => {
  test.setTimeout(120_000);
  const otherPort = port + 2;
  const proc = await startServer(otherPort, { MANIFOLD_FAST_PATHS: '0' });
  try {
    const base = `http://127.0.0.1:${otherPort}`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/posts/cnn-convolution`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-manifold-cache')).toBeNull();
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
    // The workers warm up for a second or so (503 with Retry-After until then).
    let res: globalThis.Response | undefined;
    await expect
      .poll(async () => {
        res = await fetch(`${base}/api/ml/convolution`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }) });
        return res.status;
      }, { timeout: 30_000 })
      .toBe(200);
    expect((await res!.json()).output).toEqual([3.6667, 5.6667, 5.6667]);
    // Next's route handler says it varies on its router headers; the fast path does not.
    expect(res!.headers.get('vary')).toMatch(/\brsc\b/);
    expect((await fetch(`${base}/api/ml/%E0%A4%A`, { method: 'POST', body: '{}' })).status).toBe(400);
    // With the fast paths on (the other server), the same requests take the shortcuts.
    const fast = await fetch(`http://127.0.0.1:${port}/api/ml/convolution`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }) });
    expect(fast.status).toBe(200);
    expect(fast.headers.get('vary')).toBeNull();
    await fetch(`http://127.0.0.1:${port}/posts/cnn-convolution`).then((r) => r.arrayBuffer());
    expect((await fetch(`http://127.0.0.1:${port}/posts/cnn-convolution`)).headers.get('x-manifold-cache')).toBe('HIT');
  } finally {
    proc.kill('SIGTERM');
  }
});
