// End-to-end tests: real servers (server.mjs + `next start`) on fresh databases loaded with the sample content,
// driven by Debian's Chromium. Two projects:
// - sqlite: every spec, against the default setup (SQLite, server.mjs's fast paths on);
// - postgresql: the reader and ML specs again, on PostgreSQL, with server.mjs's fast paths off
//   (MANIFOLD_FAST_PATHS=0), so pages and /api/ml go through Next's own route handlers.
// E2E_PG=0 leaves the second project (and its server) out.
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3107);
const pgPort = Number(process.env.E2E_PG_PORT ?? port + 2);
const withPostgres = process.env.E2E_PG !== '0';
// The servers' databases; specs that change content through manage point at the same ones (project metadata).
process.env.E2E_DATABASE_URL ??= `file:${path.join(process.cwd(), 'data', 'e2e', 'e2e.db')}`;
process.env.E2E_PG_DATABASE_URL ??= `postgresql://postgres@127.0.0.1:5432/manifold_e2e_${pgPort}`;
// One server process unless told otherwise: specs count a server's sockets and per-process limits (the ML rate
// limit); cluster.spec.ts starts its own two-worker server for what the cluster adds.
process.env.WEB_CONCURRENCY ??= '1';

const server = (p: number, extra: string, env: Record<string, string> = {}) => ({
  command: `node scripts/e2e-server.mjs ${p}${extra}`,
  url: `http://127.0.0.1:${p}/api/health`,
  timeout: 900_000,
  reuseExistingServer: false,
  stdout: 'pipe' as const,
  stderr: 'pipe' as const,
  env: { ...(process.env as Record<string, string>), ...env },
});

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  },
  projects: [
    {
      name: 'sqlite',
      use: { baseURL: `http://127.0.0.1:${port}` },
      metadata: { provider: 'sqlite', databaseUrl: process.env.E2E_DATABASE_URL },
    },
    ...(withPostgres
      ? [
          {
            name: 'postgresql',
            use: { baseURL: `http://127.0.0.1:${pgPort}` },
            metadata: { provider: 'postgresql', databaseUrl: process.env.E2E_PG_DATABASE_URL, fastPaths: false },
            // The reader flows, the ML API and the admin; the heavier browser specs (live refresh, ML islands, axe) run
            // once, above, and so does the admin's page-by-role matrix (2.5 min here): its rules are the database's
            // business only through the queries, which contrib/admin/tests/permission-matrix.test.ts runs on both.
            testMatch: ['reader.spec.ts', 'visibility.spec.ts', 'seo.spec.ts', 'pagination.spec.ts', 'search.spec.ts', 'ml.spec.ts', 'admin.spec.ts', 'comments.spec.ts'],
            grepInvert: /@sqlite-only/,
          },
        ]
      : []),
  ],
  // E2E_EXTERNAL_SERVER=1 drives a server you started yourself on E2E_PORT (for debugging a spec).
  webServer: process.env.E2E_EXTERNAL_SERVER
    ? undefined
    : [server(port, ''), ...(withPostgres ? [server(pgPort, ' --postgres', { MANIFOLD_FAST_PATHS: '0' })] : [])],
});
