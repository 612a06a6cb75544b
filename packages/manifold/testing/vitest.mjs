// Vitest settings every Manifold project's tests need: the `@site/…` alias (lib/node/hooks.mjs says why) pointing at
// the project under test, `server-only` as a no-op, Node as the environment, forks (tests that open SQLite files and
// start servers need their own processes) and the framework's PostgreSQL check before the run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The tests of apps that are in the project but not installed are skipped: their code is not part of the site. The
 * list comes from the generated registry (`manage sync`); before the first sync every app's tests run.
 * @param {string} siteRoot
 * @returns {string[]}
 */
export function uninstalledAppTests(siteRoot) {
  const file = path.join(siteRoot, '.manifold', 'registry.json');
  if (!fs.existsSync(file)) return [];
  /** @type {{ uninstalledApps?: string[] }} */
  const { uninstalledApps = [] } = JSON.parse(fs.readFileSync(file, 'utf8'));
  return uninstalledApps.map((label) => `apps/${label}/**`);
}

/**
 * @param {{ name: string, root: string, siteRoot: string, include: string[], exclude?: string[] }} options
 *   root: the folder whose tests these are; siteRoot: the project `@site/…` means
 * @returns {import('vitest/config').UserWorkspaceConfig}
 */
export function manifoldTestProject({ name, root, siteRoot, include, exclude = [] }) {
  return {
    root,
    resolve: {
      alias: [
        { find: /^@site\/(.*)$/, replacement: `${siteRoot}/$1` },
        // Tests run outside React's server environment; the guard is Next's to enforce.
        { find: /^server-only$/, replacement: fileURLToPath(new URL('./empty.mjs', import.meta.url)) },
        { find: /^@\/(.*)$/, replacement: `${siteRoot}/$1` },
      ],
    },
    test: {
      name,
      include,
      exclude: ['**/node_modules/**', '**/.git/**', '**/template/**', ...exclude],
      environment: 'node',
      pool: 'forks',
      testTimeout: 120_000,
      hookTimeout: 180_000,
      globalSetup: [fileURLToPath(new URL('./vitest-global-setup.ts', import.meta.url))],
    },
  };
}

export { longestFirstSequencer } from './sequencer.mjs';
