// Test helpers for manage: run it as a child process (as people do) and make throwaway copies of the project.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The framework package (packages/manifold). */
export const frameworkRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
/** The site the framework's tests run against: MANIFOLD_ROOT, else the workspace's (this repository's root). */
export const repoRoot = process.env.MANIFOLD_ROOT || path.resolve(frameworkRoot, '..', '..');

export interface ManageRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run manage -- <args>` in `cwd` (the site's `manage` script is `manifold`: its node_modules/.bin/manifold, so a
 * copy of the project runs the framework its node_modules links to), with `env` on top of a clean environment (no
 * inherited DATABASE_URL or MANIFOLD_ROOT).
 */
export function manage(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<ManageRun> {
  const cwd = opts.cwd ?? repoRoot;
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, MANIFOLD_ROOT: undefined, CI: '1', ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve) => {
    // Outside a project (startproject), the framework's own bin, as `npx manifold` runs it.
    const local = path.join(cwd, 'node_modules', '.bin', 'manifold');
    const child = execFile(
      process.execPath,
      [fs.existsSync(local) ? local : path.join(frameworkRoot, 'bin', 'manifold.mjs'), ...args],
      { cwd, env: env as NodeJS.ProcessEnv, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

const SKIP = new Set(['node_modules', '.next', 'data', '.git', 'test-results', 'playwright-report', 'coverage']);

/**
 * A copy of the project in a temporary folder, for commands that write files. node_modules is symlinked, so the copy's
 * `manifold` is the workspace's framework (node_modules/manifold → ../packages/manifold, resolved in the real folder).
 */
export function copyProject(): { root: string; remove(): void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-project-'));
  const root = path.join(base, 'site');
  fs.cpSync(repoRoot, root, {
    recursive: true,
    filter: (src) => {
      const rel = path.relative(repoRoot, src);
      return !SKIP.has(rel.split(path.sep)[0]);
    },
  });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'));
  return { root, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** Every file under `dir` (relative, sorted), skipping node_modules: to prove a refused command wrote nothing. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (d.name === 'node_modules') continue;
      const child = rel ? path.join(rel, d.name) : d.name;
      if (d.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}
