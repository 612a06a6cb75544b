// Models are data, against the production server: server.mjs (on the e2e build and database, two ML worker threads)
// serves the demo models from a temporary copy of content/models (MANIFOLD_ML_MODELS_DIR; the committed weights are
// never touched). `manage train autoencoder --tiny` writes a new version there, and the running server answers with
// it, from every worker, without a restart. Corrupt files are then refused with one log line naming the model and the
// file, and the new version keeps answering exactly as before.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { serverScript } from 'manifold/testing/serve';

const root = process.cwd();
const port = Number(process.env.E2E_PORT ?? 3107) + 103;
const base = `http://127.0.0.1:${port}`;
const committed = path.join(root, 'content', 'models');
const MODEL = 'autoencoder';
let models: string;
let child: ChildProcess;
let log = '';

test.describe.configure({ mode: 'serial' });
test.skip(() => test.info().project.metadata.provider !== 'sqlite', 'one server of its own is enough');

/** The digest of every committed model file, to show the test left them alone. */
function committedDigest() {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(committed).sort())
    for (const f of fs.readdirSync(path.join(committed, name)).sort()) hash.update(`${name}/${f}`).update(fs.readFileSync(path.join(committed, name, f)));
  return hash.digest('hex');
}
let digestBefore: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  digestBefore = committedDigest();
  models = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-models-'));
  fs.cpSync(committed, models, { recursive: true });
  child = spawn(process.execPath, [serverScript], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: String(test.info().project.metadata.databaseUrl),
      HOST: '127.0.0.1',
      PORT: String(port),
      MANIFOLD_ML_MODELS_DIR: models,
      MANIFOLD_ML_THREADS: '2',
      MANIFOLD_ML_RATE_LIMIT: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`${base}/api/ml`, { signal: AbortSignal.timeout(5000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server.mjs did not start: ${log}`);
});

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (models) fs.rmSync(models, { recursive: true, force: true });
  // The committed weights are as they were.
  expect(committedDigest()).toBe(digestBefore);
});

let example: unknown;
async function call() {
  example ??= (await (await fetch(`${base}/api/ml/${MODEL}`)).json()).example;
  const res = await fetch(`${base}/api/ml/${MODEL}`, { method: 'POST', body: JSON.stringify(example), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(200);
  const body = await res.json();
  const { inferenceMs: _ms, ...rest } = body;
  return rest as { version: string } & Record<string, unknown>;
}

/** Enough calls that both workers answer some (batches go to whichever thread is free). */
async function calls(n = 12) {
  return Promise.all(Array.from({ length: n }, () => call()));
}

const servedVersion = () => JSON.parse(fs.readFileSync(path.join(models, MODEL, 'model.json'), 'utf8')).modelTopology.version as string;

/** The server's log lines (JSON in production) whose message matches. */
function logLines(match: RegExp): { level: string; message: string }[] {
  return log
    .split('\n')
    .flatMap((l) => {
      try {
        return l.startsWith('{') ? [JSON.parse(l) as { level: string; message: string }] : [];
      } catch {
        return []; // a line still being written
      }
    })
    .filter((l) => match.test(l.message));
}

let trained: { version: string; answer: Record<string, unknown> };

test('a retrained model is served by the running server, from every worker, with its new version', async () => {
  test.setTimeout(120_000);
  const before = await calls();
  expect(new Set(before.map((a) => a.version))).toEqual(new Set([servedVersion()]));
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'manifold', 'bin', 'manifold.mjs'), 'train', MODEL, '--tiny', '--seed', '11', '--out', models], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const version = servedVersion();
  expect(version).not.toBe(before[0].version);
  expect(r.stdout).toContain(`✓ ${MODEL} ${version}`);
  // Each worker reads the files again at its first task after they changed (the main thread's watcher tells it), so
  // calls keep coming until both have said so; from then on every answer is the new version's.
  await expect
    .poll(
      async () => {
        await calls();
        return logLines(/now serving/).map((l) => l.message);
      },
      { timeout: 30_000 },
    )
    .toEqual([`${MODEL}: now serving ${version} (was ${before[0].version})`, `${MODEL}: now serving ${version} (was ${before[0].version})`]);
  const after = await calls();
  expect(new Set(after.map((a) => a.version))).toEqual(new Set([version]));
  expect(new Set(after.map((a) => JSON.stringify(a))).size).toBe(1);
  expect(JSON.stringify(after[0])).not.toBe(JSON.stringify({ ...before[0], version }));
  trained = { version, answer: after[0] };
  // GET describes the new version too (from its meta.json).
  await expect.poll(async () => (await (await fetch(`${base}/api/ml/${MODEL}`)).json()).version, { timeout: 10_000 }).toBe(version);
});

const weightsPath = () => {
  const j = JSON.parse(fs.readFileSync(path.join(models, MODEL, 'model.json'), 'utf8'));
  return path.join(models, MODEL, j.weightsManifest[0].paths[0]);
};

const corruptions: [string, () => string, RegExp][] = [
  [
    'a truncated weights file',
    () => {
      const f = weightsPath();
      fs.truncateSync(f, 4096);
      return path.basename(f);
    },
    /it has 4096 bytes where model\.json's shapes need \d+/,
  ],
  [
    'model.json that is not JSON',
    () => {
      fs.writeFileSync(path.join(models, MODEL, 'model.json'), '{"format":"manifold-ops",');
      return 'model.json';
    },
    /it is not valid JSON/,
  ],
];

for (const [what, corrupt, reason] of corruptions) {
  test(`${what} is refused with one line naming the model and the file, and the version before keeps serving`, async () => {
    test.setTimeout(60_000);
    const seen = logLines(/refused/).length;
    const file = corrupt();
    // Each worker refuses it once, at its first task after the change.
    await expect
      .poll(
        async () => {
          await calls();
          return logLines(/refused/).length - seen;
        },
        { timeout: 30_000 },
      )
      .toBe(2);
    for (const line of logLines(/refused/).slice(seen)) {
      expect(line.level).toBe('error');
      expect(line.message).not.toContain('\n');
      expect(line.message.startsWith(`${MODEL}: ${path.join(models, MODEL, file)} refused: `)).toBe(true);
      expect(line.message).toMatch(reason);
      expect(line.message.endsWith(`; still serving ${trained.version}`)).toBe(true);
    }
    for (const a of await calls()) expect(a).toEqual(trained.answer);
  });
}

test('after the refusals, a good version is served again', async () => {
  test.setTimeout(120_000);
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'manifold', 'bin', 'manifold.mjs'), 'train', MODEL, '--tiny', '--seed', '12', '--out', models], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  const version = servedVersion();
  expect(version).not.toBe(trained.version);
  await expect
    .poll(
      async () => {
        await calls();
        return logLines(/now serving/).filter((l) => l.message === `${MODEL}: now serving ${version} (was ${trained.version})`).length;
      },
      { timeout: 30_000 },
    )
    .toBe(2);
  expect(new Set((await calls()).map((a) => a.version))).toEqual(new Set([version]));
  // The server kept running all along.
  expect(child.exitCode).toBeNull();
});
