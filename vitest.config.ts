import path from 'node:path';
import { defineConfig } from 'vitest/config';

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
    environment: 'node',
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['tests/support/vitest-global-setup.ts'],
  },
});
