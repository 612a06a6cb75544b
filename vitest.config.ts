import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The tests of apps that are under apps/ but not installed are skipped: their code is not part of the site. The list
 * comes from the generated registry (`manage sync`); before the first sync every app's tests run.
 */
function uninstalledAppTests(): string[] {
  const file = path.resolve('.manifold', 'registry.json');
  if (!fs.existsSync(file)) return [];
  const { uninstalledApps = [] } = JSON.parse(fs.readFileSync(file, 'utf8')) as { uninstalledApps?: string[] };
  return uninstalledApps.map((label) => `apps/${label}/**`);
}

export default defineConfig({
  resolve: {
    alias: {
      // Tests run outside React's server environment; the guard is Next's to enforce.
      'server-only': path.resolve('node_modules/server-only/empty.js'),
      '@': path.resolve('.'),
    },
  },
  test: {
    include: ['apps/**/tests/**/*.test.ts', 'lib/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.git/**', ...uninstalledAppTests()],
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['tests/support/vitest-global-setup.ts'],
  },
});
