// Several instances sharing one Redis (REDIS_URL): instance A (one process) and instance B (a two-worker cluster,
// whose primary bridges Redis and its workers), two real server.mjs on the same database. A content change made
// through A (manage loadcontent → A's POST /api/revalidate) has purged the cached page in both of B's workers by the
// time A answers; the purge's way from A to B is measured; only one of the three server processes runs the
// scheduled-publishing timer (the leader lock). Each start-up line says which broadcast is in use, without the
// password. It runs on a copy of the e2e database, with a Redis prefix of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { Redis } from 'ioredis';
import { expect, test } from '@playwright/test';
import { copyE2eDatabase } from './db-copy';
import { serverScript } from 'manifold/testing/serve';
import { manageSync } from 'manifold/testing/manage';

const root = process.cwd();
const base = Number(process.env.E2E_PORT ?? 3107);
const PORT_A = base + 4;
const PORT_B = base + 5;
const B_WORKERS = 2;
const fixtures = path.join(root, 'tests', 'fixtures', 'e2e-posts');
const POST = '/posts/e2e-extra-one';
const TITLE = 'E2E 보조 글 하나: 리스트 컴프리헨션';
const EDITED = `${TITLE} (인스턴스)`;
const PREFIX = `manifold-e2e-${crypto.randomBytes(4).toString('hex')}`;
const TOKEN = crypto.randomBytes(32).toString('hex');
// A password Redis does not ask for (ioredis warns and goes on): only to show the start-up line leaves it out.
const REDIS_URL = 'redis://:e2e-secret@127.0.0.1:6379';

let dir: string;
let databaseUrl: string;
const servers: { name: string; port: number; child: ChildProcess; output: string }[] = [];

test.describe.configure({ mode: 'serial' });

/** One GET on a connection of its own (a cluster hands each new connection to the next worker). */
function get(port: number, urlPath: string) {
  return new Promise<{ status: number; worker: string; cache: string; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { 'accept-encoding': 'identity' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-manifold-worker'] ?? '-'), cache: String(res.headers['x-manifold-cache'] ?? ''), body }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${urlPath} within 30 s`)));
    req.on('error', reject);
  });
}

/** Asks B until each of its workers answered `rounds` times; the answers by worker. */
async function fromEveryWorkerOfB(rounds: number) {
  const seen = new Map<string, Awaited<ReturnType<typeof get>>[]>();
  for (let i = 0; i < 80 && (seen.size < B_WORKERS || [...seen.values()].some((a) => a.length < rounds)); i++) {
    const r = await get(PORT_B, POST);
    seen.set(r.worker, [...(seen.get(r.worker) ?? []), r]);
  }
  expect(seen.size).toBe(B_WORKERS);
  return seen;
}

async function start(name: string, port: number, workers: number) {
  const s = { name, port, output: '', child: undefined as unknown as ChildProcess };
  s.child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      WEB_CONCURRENCY: String(workers),
      REDIS_URL,
      MANIFOLD_REDIS_PREFIX: PREFIX,
      MANIFOLD_REVALIDATE_TOKEN: TOKEN,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  s.child.stdout!.on('data', (d) => (s.output += d));
  s.child.stderr!.on('data', (d) => (s.output += d));
  servers.push(s);
  return s;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ({ dir, databaseUrl } = copyE2eDatabase('instances', { wal: true }));
  const started = [await start('A', PORT_A, 1), await start('B', PORT_B, B_WORKERS)];
  for (let i = 0; i < 900 && started.some((s) => !s.output.includes('Manifold ready on')); i++) {
    if (started.some((s) => s.child.exitCode !== null)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const s of started) expect(s.output, `instance ${s.name} started`).toContain(`Manifold ready on http://127.0.0.1:${s.port}`);
});

test.afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode !== null) continue;
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('each instance says it purges through Redis, without the password', () => {
  for (const s of servers) {
    expect(s.output).toContain(`purges: redis redis://127.0.0.1:6379 (channel ${PREFIX}:purges)`);
    expect(s.output).not.toContain('e2e-secret');
  }
});

test('a content change made through A has purged B’s cached page in every worker when A answers', async () => {
  test.setTimeout(120_000);
  const before = await fromEveryWorkerOfB(2);
  for (const [worker, answers] of before) {
    expect(answers[0].body, `B worker ${worker}`).toContain(TITLE);
    expect(answers[1].cache, `B worker ${worker}`).toBe('HIT');
  }
  const edits = path.join(dir, 'edits');
  fs.mkdirSync(edits);
  fs.writeFileSync(path.join(edits, 'e2e-extra-one.mdx'), fs.readFileSync(path.join(fixtures, 'e2e-extra-one.mdx'), 'utf8').replace(`${TITLE}"`, `${EDITED}"`));
  // manage tells A (PORT); A answers once B (through Redis, then its primary) has purged both its workers.
  const r = manageSync(['loadcontent', edits], { cwd: root, env: { DATABASE_URL: databaseUrl, PORT: String(PORT_A), MANIFOLD_REVALIDATE_TOKEN: TOKEN } });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toContain('The running server refreshed its cached pages.');
  // No wait: the very first answer of each of B's workers is the edited post.
  const after = await fromEveryWorkerOfB(1);
  for (const [worker, answers] of after) expect(answers[0].body, `B worker ${worker} serves the edited post`).toContain(EDITED);
});

test('the purge reaches B well within a second of the change on A', async () => {
  test.setTimeout(120_000);
  const samples: { answered: number; purged: number }[] = [];
  for (let round = 0; round < 5; round++) {
    // B's workers hold the page again.
    await fromEveryWorkerOfB(2);
    expect((await get(PORT_B, POST)).cache).toBe('HIT');
    const t0 = performance.now();
    let purgedAt = 0;
    let purgedWorker = '';
    // B asked over and over while A handles the change (as the readers would): when it first renders afresh.
    let watching = true;
    const watch = (async () => {
      while (watching && !purgedAt) {
        // The purge came after the previous request's cache lookup and before this one's, made as it is sent.
        const sent = performance.now();
        const r = await get(PORT_B, POST);
        if (r.cache !== 'HIT' && r.cache !== 'STALE') {
          purgedAt = sent;
          purgedWorker = r.worker;
        }
      }
    })();
    const res = await fetch(`http://127.0.0.1:${PORT_A}/api/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-manifold-token': TOKEN },
      body: JSON.stringify({ tags: ['blog:posts'], paths: [POST], posts: ['e2e-extra-one'] }),
    });
    const answered = performance.now() - t0;
    expect(res.status).toBe(200);
    // Purged before A answered: the next request to B is a fresh render, or a hit on what a render after the purge
    // stored — in the worker that rendered it or, shared between B's workers (page-cache.mjs share()), in the other.
    // The watch's one request in flight may be that render: its answer can reach this process after this request's
    // (it is still being written when the page is stored), so it is judged once the watch has ended. That each worker
    // itself was purged is the test above's (the edited text from every worker).
    const nextSent = performance.now();
    const next = await get(PORT_B, POST);
    await Promise.race([watch, new Promise((r) => setTimeout(r, 1000))]);
    watching = false;
    await watch;
    const refilled = purgedAt > 0 && purgedAt <= nextSent;
    expect(next.cache === 'HIT' && !refilled, `B still served the cached page after A answered (worker ${next.worker}; the watch saw a render on ${purgedWorker || 'none'})`).toBe(false);
    expect(purgedAt, 'B purged').toBeGreaterThan(0);
    samples.push({ answered, purged: purgedAt - t0 });
  }
  const purged = samples.map((s) => s.purged).sort((a, b) => a - b);
  const answered = samples.map((s) => s.answered).sort((a, b) => a - b);
  console.log(`[instances] A→B purge (A's revalidate sent → B's first request that missed the cache), 5 runs: median ${purged[2].toFixed(0)} ms, max ${purged[4].toFixed(0)} ms; A answered after median ${answered[2].toFixed(0)} ms, max ${answered[4].toFixed(0)} ms`);
  expect(purged[4]).toBeLessThan(1000);
});

test('one scheduled-publishing timer across the instances: one process holds the leader lock', () => {
  const leaders = servers.flatMap((s) => s.output.split('\n').filter((l) => l.includes('this process now runs the background work') && l.includes(`${PREFIX}:lock:blog:scheduled-publishing`)).map(() => s.name));
  expect(leaders).toHaveLength(1);
});

test('SIGTERM stops every instance and gives the lock up at once (not at its expiry)', async () => {
  test.setTimeout(60_000);
  const redis = new Redis('redis://127.0.0.1:6379');
  try {
    const key = `${PREFIX}:lock:blog:scheduled-publishing`;
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    await Promise.all(
      servers.map((s) => {
        const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
        s.child.kill('SIGTERM');
        return exited;
      }),
    );
    for (const s of servers) expect(s.child.exitCode, `instance ${s.name}`).toBe(0);
    expect(await redis.exists(key)).toBe(0);
  } finally {
    redis.disconnect();
  }
});
