// Uninstalling an app uninstalls it: in a copy of the project, the demos app, the framework's ml runtime and its admin
// are removed from installedApps and `npm start` (sync, migrate, loadcontent, build, the production server) gives a working
// blog with no tfjs loaded and /api/ml answering 404, the demo posts listed and rendered with a placeholder naming
// the app; adding them back brings the demos back from the same database, without re-saving a post. Real production build, real server, SQLite.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { copyProject, manageSync } from 'manifold/testing/manage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = process.cwd();
const port = Number(process.env.UNINSTALL_TEST_PORT ?? 3411);
const base = `http://127.0.0.1:${port}`;

let root: string;
let removeCopy: () => void;
let moduleLog: string;

function setInstalledApps(labels: string[]) {
  const file = path.join(root, 'site.config.ts');
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(/export const installedApps = \[[^\]]*\] as const;/, `export const installedApps = [${labels.map((l) => `'${l}'`).join(', ')}] as const;`);
  expect(next).not.toBe(text);
  fs.writeFileSync(file, next);
}

function npmStart() {
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'manifold', 'bin', 'manifold.mjs'), 'start'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${path.join(root, 'data', 'uninstall.db')}`,
      MANIFOLD_MODULE_LOG: moduleLog,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${path.join(repoRoot, 'tests', 'support', 'module-log.mjs')}`.trim(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitForHealth(child: ChildProcess, output: () => string, timeoutMs = 1_200_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output().slice(-3000)}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the server did not come up:\n${output().slice(-3000)}`);
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const page = async (url: string) => {
  const res = await fetch(`${base}${url}`);
  return { status: res.status, html: (await res.text()).replaceAll('<!-- -->', '') };
};
const loaded = () => (fs.existsSync(moduleLog) ? fs.readFileSync(moduleLog, 'utf8') : '');
const postCount = (html: string) => html.match(/분류 전체보기 <span class="count">\((\d+)\)<\/span>/)?.[1];
const manage = (args: string[]) => manageSync(args, { cwd: root, env: { DATABASE_URL: `file:${path.join(root, 'data', 'uninstall.db')}` } });

describe('removing the demos and the ml runtime from installedApps, then adding them back', () => {
  beforeAll(() => {
    // With the workspace's framework copied in: the copy is built by Next, which compiles only files inside it.
    ({ root, remove: removeCopy } = copyProject(repoRoot, { framework: true }));
    moduleLog = path.join(root, 'modules.log');
  });
  afterAll(() => removeCopy?.());

  // One test, two phases: the second is about the database the first left (its posts were stored while the apps
  // were out), so they must not be two tests a shuffled run could take in either order.
  it('out, then back in: without them the blog works with placeholders and no tfjs; with them again the same stored posts show their demos', async () => {
    // Without them: the blog works, its demos are placeholders naming the demos app, /api/ml is 404 and tfjs is never loaded.
    setInstalledApps(['manifold/accounts', 'manifold/blog']);
    const started = npmStart();
    try {
      await waitForHealth(started.child, started.output);
      expect(started.output()).toContain('Not installed (under apps/ but not in installedApps): demos.');
      expect(started.output()).toContain('Loaded 10 new and 0 changed post(s); 0 unchanged; 0 failed');
      expect(postCount((await page('/')).html)).toBe('10');

      const post = await page('/posts/gradient-descent-basics');
      expect(post.status).toBe(200);
      expect(post.html).toContain('<div class="embed embed-missing" role="note" data-missing-app="demos">&lt;GradientDescent /&gt; 데모는 &#x27;demos&#x27; 앱이 설치되어 있지 않아 표시할 수 없습니다.');
      expect(post.html).not.toContain('data-embed=');

      expect((await fetch(`${base}/api/ml`)).status).toBe(404);
      expect((await fetch(`${base}/api/ml/gradient-descent`)).status).toBe(404);
      // The admin app is out too: /admin is the admin's 404, with no sign-in redirect first.
      expect((await fetch(`${base}/admin`, { redirect: 'manual' })).status).toBe(404);
      expect((await fetch(`${base}/admin/blog/post`, { redirect: 'manual' })).status).toBe(404);
      const inference = await fetch(`${base}/api/ml/gradient-descent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"w":[1,2]}' });
      expect(inference.status).toBe(404);
      expect(await inference.json()).toEqual({ error: 'The ml app is not installed.' });

      const modules = loaded();
      expect(modules).toContain('/node_modules/next/'); // the hook saw the server's modules
      // piscina may be there: the server compresses pages in a worker thread of its own (lib/server/encoding.mjs).
      // The ml app's pool, its worker and tfjs are not.
      expect(modules).not.toMatch(/@tensorflow|\/contrib\/ml\/|\/apps\/demos\//);
    } finally {
      await stop(started.child);
    }
    // manage check names the posts whose demos wait for the app.
    const check = manage(['check']);
    expect(check.stdout).toMatch(/post gradient-descent-basics: \(blog\.W001\) uses <GradientDescent \/>, an embed of the app "demos", which is not installed; readers see a placeholder there\./);
    expect(check.stdout.match(/blog\.W001/g)).toHaveLength(9);

    // With them again: the same stored posts show their demos, /api/ml answers and the worker pool starts.
    setInstalledApps(['manifold/accounts', 'manifold/admin', 'manifold/blog', 'manifold/media', 'manifold/ml', 'demos']);
    fs.rmSync(moduleLog, { force: true });
    const again = npmStart();
    try {
      await waitForHealth(again.child, again.output);
      // The database kept its posts: nothing was re-saved or reloaded.
      expect(again.output()).toContain('The database already has posts; sample content not loaded.');
      const post = await page('/posts/gradient-descent-basics');
      expect(post.status).toBe(200);
      expect(post.html).toContain('data-embed="GradientDescent" data-props="{&quot;lr&quot;:0.05}"');
      expect(post.html).not.toContain('embed-missing');
      expect(postCount((await page('/')).html)).toBe('10');
      expect((await fetch(`${base}/api/ml`)).status).toBe(200);
      const islands = await fetch(`${base}/_islands/islands.js`);
      expect(islands.status).toBe(200);
      // The same hook that saw no trace of ml before sees its Node hooks and worker pool now.
      expect(loaded()).toMatch(/\/contrib\/ml\/node\.mjs/);
      expect(loaded()).toMatch(/\/node_modules\/piscina\//);
    } finally {
      await stop(again.child);
    }
    expect(manage(['check']).stdout).not.toContain('blog.W001');
  }, 3_000_000);
});
