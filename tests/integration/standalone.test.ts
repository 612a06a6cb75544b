// Issue 13 (Vercel): `output: 'standalone'` (MANIFOLD_OUTPUT=standalone) builds and runs, and each route's function fits
// Vercel's limit with what it needs at run time.
// - The size check reads the traces of whatever build .next holds (a normal one will do: the .nft.json files are the
//   same), through scripts/vercel-size.mjs; it is skipped, saying so, when nothing is built.
// - The boot test needs a standalone build, a separate `next build` of about five minutes on two busy cores, so it is
//   opt-in: TEST_STANDALONE=1 runs it on .next/standalone as it is (building it first when missing), TEST_STANDALONE=build
//   builds it again first. It copies .next/standalone out of the project (inside it, Node would find the project's own
//   node_modules by walking up, and a missing file would go unnoticed), with .next/static as Next's docs say, and serves
//   the sample blog from `node server.js` there (no server.mjs, as a container or Vercel would run it) on SQLite: the
//   home page, a post, two demo models (one with trained weights) and the cron route with and without CRON_SECRET.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from 'manifold/testing';

const root = process.cwd();
const standaloneDir = path.join(root, '.next', 'standalone');
const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID'));
const wanted = process.env.TEST_STANDALONE ?? '';
const PORT = 3142;
const base = `http://127.0.0.1:${PORT}`;
const CRON_SECRET = 'standalone-test-cron-secret-0123456789';

describe.skipIf(!built)('Vercel function sizes (scripts/vercel-size.mjs over .next/server/**/*.nft.json)', () => {
  it('every function is within 250 MB, and the ML route carries the tfjs wasm binaries, the weights and what the worker imports', () => {
    const out = path.join(root, 'data', 'vercel-size.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'vercel-size.mjs'), '--json', out], { cwd: root, encoding: 'utf8' });
    expect(r.stdout).toContain('✓ every function within 250 MB');
    expect(r.status).toBe(0);
    const { functions } = JSON.parse(fs.readFileSync(out, 'utf8')) as { functions: { route: string; bytes: number }[] };
    const ml = functions.find((f) => f.route === '/app/api/ml/[model]/route');
    expect(ml?.bytes).toBeLessThan(250 * 1024 * 1024);
    // The worker is started by path, so tracing alone would miss tfjs itself (manifold build adds it).
    const trace = JSON.parse(fs.readFileSync(path.join(root, '.next', 'server', 'app', 'api', 'ml', '[model]', 'route.js.nft.json'), 'utf8')) as { files: string[] };
    for (const needed of ['@tensorflow/tfjs/dist/tf.node.js', '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'contrib/ml/runtime/worker.mjs', 'content/models/autoencoder/weights.bin', '.manifold/registry.json']) {
      expect(trace.files.some((f) => f.endsWith(needed)), needed).toBe(true);
    }
  });
});

describe.skipIf(!wanted)('the standalone output (TEST_STANDALONE)', () => {
  let database: TestDatabase;
  let server: ChildProcess | undefined;
  let output = '';
  let copy = '';

  beforeAll(async () => {
    if (wanted === 'build' || !fs.existsSync(path.join(standaloneDir, 'server.js'))) {
      const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'manifold', 'bin', 'manifold.mjs'), 'build'], {
        cwd: root,
        env: { ...process.env, MANIFOLD_OUTPUT: 'standalone' },
        stdio: 'inherit',
        timeout: 20 * 60_000,
      });
      if (r.status !== 0) throw new Error(`MANIFOLD_OUTPUT=standalone manifold build failed (${r.status})`);
    }
    database = await createTestDatabase('sqlite');
    const load = spawnSync(process.execPath, [path.join(root, 'node_modules', 'manifold', 'bin', 'manifold.mjs'), 'loadcontent'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: 'utf8',
    });
    if (load.status !== 0) throw new Error(`loadcontent failed: ${load.stderr}`);
    // Only the standalone folder, outside the project: the process finds nothing of it but what was traced.
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-standalone-'));
    fs.cpSync(standaloneDir, copy, { recursive: true, verbatimSymlinks: true });
    fs.cpSync(path.join(root, '.next', 'static'), path.join(copy, '.next', 'static'), { recursive: true });
    server = spawn(process.execPath, ['server.js'], {
      cwd: copy,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(PORT), HOSTNAME: '127.0.0.1', DATABASE_URL: database.url, CRON_SECRET, MANIFOLD_ML_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    const until = Date.now() + 60_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`server.js exited (${server.exitCode}):\n${output}`);
      const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > until) throw new Error(`server.js did not answer /api/health in 60 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 25 * 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const gone = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await gone;
    }
    await database?.drop();
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('holds the packages the ML worker imports, and only their traced files', () => {
    expect(fs.existsSync(path.join(copy, 'node_modules', '@tensorflow', 'tfjs', 'dist', 'tf.node.js'))).toBe(true);
    // The demos import the framework as `manifold/…`: the workspace link must be there too.
    expect(fs.existsSync(path.join(copy, 'node_modules', 'manifold', 'contrib', 'ml', 'models', 'common.mjs'))).toBe(true);
    // Traced files only: the browser bundles of tfjs (tens of MB) are not there.
    expect(fs.existsSync(path.join(copy, 'node_modules', '@tensorflow', 'tfjs', 'dist', 'tf.min.js'))).toBe(false);
  });

  it('serves the home page and a post', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('/posts/django-start');
    const post = await fetch(`${base}/posts/django-start`);
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('<article');
  });

  it('runs the demo models in its worker: one computed, one from its trained weights', async () => {
    const conv = await fetch(`${base}/api/ml/convolution`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }) });
    const convBody = (await conv.json()) as { output: number[] };
    expect(conv.status, JSON.stringify(convBody) + output).toBe(200);
    expect(convBody.output[0]).toBeCloseTo(3.6667, 3);
    const ae = await fetch(`${base}/api/ml/autoencoder`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ points: [[1, 2, 3]] }) });
    const aeBody = (await ae.json()) as Record<string, unknown>;
    expect(ae.status, JSON.stringify(aeBody)).toBe(200);
    expect(aeBody.model).toBe('autoencoder');
    expect(String(aeBody.version)).not.toBe('');
    expect(ae.headers.get('content-type')).toContain('application/json');
  }, 60_000);

  it('publishes scheduled posts only for Authorization: Bearer CRON_SECRET (Vercel Cron)', async () => {
    expect((await fetch(`${base}/api/cron/publish-scheduled`)).status).toBe(401);
    expect((await fetch(`${base}/api/cron/publish-scheduled`, { headers: { authorization: 'Bearer not-the-secret-at-all-000' } })).status).toBe(403);
    const ok = await fetch(`${base}/api/cron/publish-scheduled`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
    expect(ok.status).toBe(200);
  });
});
