// End-to-end tests: a real `next start` on a fresh SQLite database loaded with the sample content, driven by Debian's Chromium.
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3107);
// The server's database; specs that change content through manage point at the same file.
process.env.E2E_DATABASE_URL ??= `file:${path.join(process.cwd(), 'data', 'e2e', 'e2e.db')}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
  },
  // E2E_EXTERNAL_SERVER=1 drives a server you started yourself on E2E_PORT (for debugging a spec).
  webServer: process.env.E2E_EXTERNAL_SERVER ? undefined : {
    command: `node scripts/e2e-server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
