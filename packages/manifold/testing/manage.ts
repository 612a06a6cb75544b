// Test helpers for a Manifold project: run `manifold <command>` as a child process (as people do) and make
// throwaway copies of a project for commands that write files.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The framework's CLI (what `npm run manage --` and `npx manifold` run). */
export const manifoldBin = fileURLToPath(new URL('../bin/manifold.mjs', import.meta.url));

export interface ManageRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ManageOptions {
  /** The project (default: the working directory). */
  cwd?: string;
  /** On top of the inherited environment; undefined removes a variable. DATABASE_URL and MANIFOLD_ROOT are removed unless given. */
  env?: Record<string, string | undefined>;
  input?: string;
  timeout?: number;
}

function childEnv(opts: ManageOptions): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, MANIFOLD_ROOT: undefined, CI: '1', ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/** `manifold <args>` in `cwd`, with `env` on top of a clean environment (no inherited DATABASE_URL). */
export function manage(args: string[], opts: ManageOptions = {}): Promise<ManageRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [manifoldBin, ...args],
      { cwd: opts.cwd ?? process.cwd(), env: childEnv(opts), maxBuffer: 64 * 1024 * 1024, timeout: opts.timeout ?? 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** The same, synchronously (for setup code). */
export function manageSync(args: string[], opts: ManageOptions = {}): ManageRun {
  const r = spawnSync(process.execPath, [manifoldBin, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: childEnv(opts),
    input: opts.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: opts.timeout ?? 120_000,
  });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const SKIP = new Set(['node_modules', '.next', 'data', '.git', 'test-results', 'playwright-report', 'coverage', 'reports', '.next-e2e-build.lock', 'packages']);

/**
 * A copy of the project at `from` in a temporary folder, for commands that write files. Its node_modules is a folder
 * of links to the original's packages, so the copy resolves exactly what the original does. With `framework: true`
 * the workspace's packages/ are copied too and node_modules/<package> points at the copies (what a Next build of the
 * copy needs: Turbopack compiles only files inside the project).
 */
export function copyProject(from: string, { framework = false }: { framework?: boolean } = {}): { root: string; remove(): void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-project-'));
  const root = path.join(base, 'site');
  fs.cpSync(from, root, { recursive: true, filter: (src) => !SKIP.has(path.relative(from, src).split(path.sep)[0]) && !path.relative(from, src).startsWith('.stryker-tmp') });
  if (framework && fs.existsSync(path.join(from, 'packages'))) {
    for (const name of fs.readdirSync(path.join(from, 'packages'))) {
      const dir = path.join(from, 'packages', name);
      if (!fs.existsSync(path.join(dir, 'package.json'))) continue;
      fs.cpSync(dir, path.join(root, 'packages', name), { recursive: true, filter: (src) => !/(^|\/)(node_modules|tests)$/.test(path.relative(dir, src)) });
    }
  }
  const modules = path.join(root, 'node_modules');
  if (framework) {
    // Hard links: a whole node_modules inside the copy (Turbopack resolves packages only inside the project) at the
    // cost of directory entries; the workspace links in it are relative, so they reach the copied packages/.
    const cp = spawnSync('cp', ['-al', path.join(from, 'node_modules'), modules]);
    if (cp.status !== 0) throw new Error(`cp -al node_modules failed: ${cp.stderr}`);
  } else {
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(path.join(from, 'node_modules'))) fs.symlinkSync(path.join(from, 'node_modules', entry), path.join(modules, entry));
  }
  // The .manifold registry points into the original's framework folder; the copy writes its own.
  fs.rmSync(path.join(root, '.manifold'), { recursive: true, force: true });
  const sync = manageSync(['sync'], { cwd: root });
  if (sync.code !== 0) throw new Error(`manifold sync in the copy failed: ${sync.stderr || sync.stdout}`);
  return { root, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}
