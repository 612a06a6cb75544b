// Test helpers for manage, over the framework's testing/manage.ts: the project under test is the workspace's site
// (MANIFOLD_ROOT, else the workspace's site: this repository's root).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyProject as copyAnyProject, manage as manageIn, type ManageOptions, type ManageRun } from '../../../testing/manage';

export type { ManageRun };

/** The framework package (packages/manifold). */
export const frameworkRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** The site the framework's tests run against: MANIFOLD_ROOT, else the workspace's (this repository's root). */
export const repoRoot = process.env.MANIFOLD_ROOT || path.resolve(frameworkRoot, '..', '..');

/** `manifold <args>` in `cwd` (default: the project under test), with `env` on top of a clean environment. */
export function manage(args: string[], opts: ManageOptions = {}): Promise<ManageRun> {
  return manageIn(args, { ...opts, cwd: opts.cwd ?? repoRoot });
}

/** A copy of the project under test in a temporary folder, for commands that write files. */
export function copyProject(options?: { framework?: boolean }): { root: string; remove(): void } {
  return copyAnyProject(repoRoot, options);
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
