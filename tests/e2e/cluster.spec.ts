// The production server on every core (WEB_CONCURRENCY=2, lib/server/cluster.mjs): both workers answer, a content
// change handled by one of them (manage loadcontent → POST /api/revalidate) purges the cached page in every worker
// before manage is answered, a worker that dies is replaced, and SIGTERM stops the primary and all its workers.
// It runs its own server.mjs on the e2e build, on a copy of the e2e database (its edits stay out of the other specs).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { copyE2eDatabase } from './db-copy';
import { serverScript } from 'manifold/testing/serve';
import { manageSync } from 'manifold/testing/manage';

const root = process.cwd();
const port = Number(process.env.E2E_PORT ?? 3107) + 300;
const WORKERS = 2;
const fixtures = path.join(root, 'tests', 'fixtures', 'e2e-posts');
const POST = '/posts/e2e-extra-one';
const TITLE = 'E2E 보조 글 하나: 리스트 컴프리헨션';
const EDITED = `${TITLE} (클러스터)`;

let dir: string;
let databaseUrl: string;
let primary: ChildProcess;
let output = '';

test.describe.configure({ mode: 'serial' });

/** One request on a connection of its own (the primary hands each new connection to the next worker). */
function get(urlPath: string) {
  return new Promise<{ status: number; worker: string; cache: string; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { 'accept-encoding': 'identity' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, worker: String(res.headers['x-manifold-worker'] ?? ''), cache: String(res.headers['x-manifold-cache'] ?? ''), body }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer to ${urlPath} within 30 s`)));
    req.on('error', reject);
  });
}

/** Requests urlPath on fresh connections until every live worker has answered `rounds` times; their answers by worker. */
async function fromEveryWorker(urlPath: string, rounds = 1) {
  const seen = new Map<string, Awaited<ReturnType<typeof get>>[]>();
  for (let i = 0; i < 60 && (seen.size < WORKERS || [...seen.values()].some((a) => a.length < rounds)); i++) {
    const r = await get(urlPath);
    expect(r.worker, 'every answer says which worker gave it').toMatch(/^\d+$/);
    seen.set(r.worker, [...(seen.get(r.worker) ?? []), r]);
  }
  return seen;
}

/** The primary's children (its workers), from /proc. */
function workerPids(): number[] {
  const file = `/proc/${primary.pid}/task/${primary.pid}/children`;
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function loadcontent(from: string) {
  const r = manageSync(['loadcontent', from], { cwd: root, env: { DATABASE_URL: databaseUrl, PORT: String(port) } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  ({ dir, databaseUrl } = copyE2eDatabase('cluster', { wal: true }));
  primary = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: String(WORKERS) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary.stdout!.on('data', (d) => (output += d));
  primary.stderr!.on('data', (d) => (output += d));
  for (let i = 0; i < 600 && !output.includes('Manifold ready on'); i++) {
    if (primary.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(output, 'the start-up line says how many workers').toContain(`Manifold ready on http://127.0.0.1:${port} (${WORKERS} workers`);
});

test.afterAll(async () => {
  if (primary && primary.exitCode === null) {
    primary.kill('SIGKILL');
    for (const pid of workerPids()) process.kill(pid, 'SIGKILL');
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('every worker answers, each a process of its own', async () => {
  const seen = await fromEveryWorker('/api/health');
  expect(seen.size).toBe(WORKERS);
  for (const answers of seen.values()) expect(answers[0].status).toBe(200);
  expect(workerPids()).toHaveLength(WORKERS);
});

test('a page one worker renders is served by the other from its own cache: one render per machine', async () => {
  // A page no test asked for yet; fresh connections go to the workers in turn.
  const page = '/en/posts/django-start';
  const first = await get(page);
  expect(first.status).toBe(200);
  expect(first.cache).toBe('MISS');
  // The other worker has the page as soon as the IPC message arrives (well under a second).
  await new Promise((r) => setTimeout(r, 300));
  const seen = await fromEveryWorker(page, 2);
  expect(seen.size).toBe(WORKERS);
  for (const [worker, answers] of seen) {
    for (const a of answers) {
      expect(a.cache, `worker ${worker}`).toBe('HIT');
      expect(a.body, `worker ${worker} answers the same page`).toBe(first.body);
    }
  }
});

test('a content change handled by one worker purges the cached page in every worker', async () => {
  test.setTimeout(180_000);
  // Each worker has the post cached: its second answer comes from its page cache.
  const before = await fromEveryWorker(POST, 2);
  expect(before.size).toBe(WORKERS);
  for (const [worker, answers] of before) {
    expect(answers[0].body, `worker ${worker}`).toContain(TITLE);
    expect(answers[1].cache, `worker ${worker}`).toBe('HIT');
  }
  const edits = path.join(dir, 'edits');
  fs.mkdirSync(edits);
  fs.writeFileSync(path.join(edits, 'e2e-extra-one.mdx'), fs.readFileSync(path.join(fixtures, 'e2e-extra-one.mdx'), 'utf8').replace(`${TITLE}"`, `${EDITED}"`));
  // manage asks the server (one worker); that worker answers once every worker has purged, so no wait is needed here.
  expect(loadcontent(edits)).toContain('The running server refreshed its cached pages.');
  const after = await fromEveryWorker(POST, 2);
  expect(after.size).toBe(WORKERS);
  for (const [worker, answers] of after) for (const a of answers) expect(a.body, `worker ${worker} serves the edited post`).toContain(EDITED);
});

test('a worker that dies is replaced, and the new one serves', async () => {
  test.setTimeout(180_000);
  const [victim, survivor] = workerPids();
  expect(victim).toBeGreaterThan(0);
  process.kill(victim, 'SIGKILL');
  let pids: number[] = [];
  for (let i = 0; i < 600; i++) {
    pids = workerPids();
    if (pids.length === WORKERS && !pids.includes(victim)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(pids).toHaveLength(WORKERS);
  expect(pids).toContain(survivor);
  expect(pids).not.toContain(victim);
  expect(output).toMatch(new RegExp(`Worker \\d+ \\(pid ${victim}\\) died \\(SIGKILL\\)`));
  // The replacement (a new worker id, past the first WORKERS) answers once it listens, with the edited post.
  let answer: Awaited<ReturnType<typeof get>> | undefined;
  for (let i = 0; i < 600 && !(answer && Number(answer.worker) > WORKERS); i++) {
    answer = await get(POST).catch(() => undefined);
    if (!(answer && Number(answer.worker) > WORKERS)) await new Promise((r) => setTimeout(r, 200));
  }
  expect(Number(answer?.worker)).toBeGreaterThan(WORKERS);
  expect(answer?.status).toBe(200);
  expect(answer?.body).toContain(EDITED);
});

test('SIGTERM stops the primary and every worker', async () => {
  test.setTimeout(60_000);
  const pids = workerPids();
  expect(pids).toHaveLength(WORKERS);
  const exited = new Promise<number | null>((r) => primary.once('exit', (code) => r(code)));
  primary.kill('SIGTERM');
  expect(await exited).toBe(0);
  for (const pid of pids) expect(alive(pid), `worker ${pid}`).toBe(false);
});
