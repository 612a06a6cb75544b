// Test helpers for manage: run it as a child process (as people do) and make throwaway copies of the project.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

export interface ManageRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The node flags of the `manage` npm script (e.g. `--import ./lib/node/register.mjs`), so tests run manage exactly as npm does. */
function manageFlags(root: string): string[] {
  const script: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.manage;
  const parts = script.split(/\s+/).filter(Boolean);
  return parts.slice(1, parts.indexOf('manage.ts'));
}

/** `npm run manage -- <args>` in `cwd`, with `env` on top of a clean environment (no inherited DATABASE_URL). */
export function manage(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<ManageRun> {
  const cwd = opts.cwd ?? repoRoot;
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, MANIFOLD_ROOT: undefined, CI: '1', ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return new Promise((resolve) => {
    const child = execFile(
      path.join(cwd, 'node_modules', '.bin', 'tsx'),
      [...manageFlags(cwd), 'manage.ts', ...args],
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

/** A copy of the project in a temporary folder (node_modules symlinked), for commands that write files. */
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
