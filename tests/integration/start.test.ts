// `npm start` as a user runs it: on PostgreSQL from scratch, a second time on the same database, and with a bad DATABASE_URL.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from 'manifold/testing';

const root = process.cwd();
// What `npm start` runs (`manifold start`).
const startScript = path.join(root, 'node_modules', 'manifold', 'bin', 'manifold.mjs');
// The posts `npm start` loads on a fresh database: the sample blog here, none in a new `startproject` site.
const contentFiles = fs.existsSync(path.join(root, 'content', 'posts')) ? fs.readdirSync(path.join(root, 'content', 'posts')).filter((f) => /\.mdx?$/.test(f)) : [];

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [startScript, 'start'], { cwd: root, env: { ...process.env, ...env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitForHealth(port: number, child: ChildProcess, timeoutMs = 600_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return res.json();
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not come up');
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('npm start', () => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.drop());

  it('stops with one clear line when DATABASE_URL is malformed', () => {
    const r = spawnSync(process.execPath, [startScript, 'start'], { cwd: root, env: { ...process.env, DATABASE_URL: 'mysql://localhost/blog' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual(['Configuration error: DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "mysql://localhost/blog"']);
  });

  it('runs the sample blog on PostgreSQL, and a second start reuses the database and the build', async () => {
    database = await createTestDatabase('postgresql', { migrate: false });
    const port = 3181;
    const first = start({ DATABASE_URL: database.url, PORT: String(port) });
    try {
      expect(await waitForHealth(port, first.child)).toEqual({ ok: true, database: 'postgresql' });
      // React separates text and numbers with <!-- --> in server HTML.
      const home = (await (await fetch(`http://127.0.0.1:${port}/`)).text()).replaceAll('<!-- -->', '');
      expect(home).toContain(`<h1 class="list-heading">분류 전체보기 <span class="count">(${contentFiles.length})</span></h1>`);
      if (contentFiles.includes('cnn-convolution.mdx')) {
        const post = await fetch(`http://127.0.0.1:${port}/posts/cnn-convolution`);
        expect(post.status).toBe(200);
        expect(await post.text()).toContain('class="katex"');
      }
    } finally {
      await stop(first.child);
    }
    expect(first.output()).toContain('Applying');
    expect(first.output()).toContain(`Loaded ${contentFiles.length} new`);

    const second = start({ DATABASE_URL: database.url, PORT: String(port) });
    try {
      await waitForHealth(port, second.child, 120_000);
    } finally {
      await stop(second.child);
    }
    expect(second.output()).toContain('No migrations to apply.');
    expect(second.output()).toContain('The database already has posts; sample content not loaded.');
    expect(second.output()).toContain('Build is up to date');
    // The first start builds the site when no build is current (a fresh checkout, or sources changed), which on two
    // busy cores takes minutes; waitForHealth bounds each wait.
  }, 900_000);
});
