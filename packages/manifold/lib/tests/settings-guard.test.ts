// Every environment variable is read in one place (lib/settings.ts, or lib/server/settings.mjs for plain-Node
// server.mjs) and listed in the README's settings table. A new `process.env.X` anywhere else fails here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS_VARIABLES } from '../settings';

// The whole workspace: the framework and the site that runs its tests.
const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: __dirname, encoding: 'utf8' }).trim();
const SETTINGS_MODULES = new Set(['packages/manifold/lib/settings.ts', 'packages/manifold/lib/server/settings.mjs']);

/** Tools, tests and benchmarks read their own variables (each has a README line in the second table). */
const TOOLING: Record<string, string[]> = {
  'playwright.config.ts': ['E2E_PORT', 'E2E_PG_PORT', 'E2E_PG', 'E2E_DATABASE_URL', 'E2E_PG_DATABASE_URL', 'PLAYWRIGHT_JSON_OUTPUT_NAME', 'CHROMIUM_PATH', 'E2E_EXTERNAL_SERVER', 'WEB_CONCURRENCY'],
  'scripts/e2e-server.mjs': ['E2E_PG_DATABASE_URL', 'E2E_DATABASE_URL'],
  'scripts/bench.mjs': ['BENCH_PORT', 'BENCH_SECONDS', 'BENCH_CLIENT'],
  'scripts/bench-ml.mjs': ['BENCH_ML_PORT', 'BENCH_ML_SECONDS', 'BENCH_ML_BACKENDS'],
  'scripts/bench-search.mjs': ['SEARCH_POSTS', 'SEARCH_ROUNDS'],
  'scripts/bench-scale.mjs': ['BENCH_PORT', 'SCALE_DB', 'SCALE_JSON', 'SCALE_POSTS', 'SCALE_ROUNDS', 'SCALE_SMALL'],
  'scripts/profile-render.mjs': ['BENCH_PORT'],
  'scripts/bench-lighthouse.mjs': ['LIGHTHOUSE_PORT', 'LIGHTHOUSE_MIN', 'CHROMIUM_PATH'],
  // Read before any module loads: whether to keep tsx's source maps on (README, settings table).
  'packages/manifold/bin/manifold.mjs': ['MANIFOLD_SOURCE_MAPS'],
  // Prisma's own variable, handed on to the engine it configures.
  'packages/manifold/scripts/setup.mjs': ['PRISMA_SCHEMA_ENGINE_BINARY'],
  // esbuild's `define` key (a string naming the expression it replaces), not a read.
  'packages/manifold/lib/islands/build.ts': ['NODE_ENV'],
  'packages/manifold/lib/mdx/worker-build.ts': ['NODE_ENV'],
  // The test helpers' PostgreSQL server (README, second table).
  'packages/manifold/testing/databases.ts': ['TEST_POSTGRES_URL', 'TEST_PROVIDERS'],
  // Which project the framework's own tests run against, before any settings module can load.
  'packages/manifold/vitest.config.ts': ['MANIFOLD_ROOT'],
};

/** Reads waiting to move into the settings modules (none now); the test fails on an entry that no longer matches. */
const PENDING: Record<string, string[]> = {};

/** Every `process.env.X` / `process.env[...]` in the project's own code (tests excepted: they set up environments). */
function envReads(): Map<string, string[]> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|tsx|mts|mjs|js|cjs)$/.test(f) && !/(^|\/)tests?\/|\.(test|spec)\.[cm]?[jt]sx?$|^prisma\/generated\//.test(f))
    .filter((f) => fs.existsSync(path.join(root, f)));
  const reads = new Map<string, string[]>();
  for (const file of files) {
    if (SETTINGS_MODULES.has(file)) continue;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const found = [...text.matchAll(/process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\s*\[)/g)].map((m) => m[1] ?? '[dynamic]');
    if (found.length) reads.set(file, [...new Set(found)].sort());
  }
  return reads;
}

const readmeRows = (() => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Configuration'), readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1));
  return new Set([...section.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
})();

describe('environment variables', () => {
  it('are read only in the settings modules (tools and not-yet-switched files excepted, by name)', () => {
    const reads = envReads();
    const allowed = new Map<string, string[]>();
    for (const list of [TOOLING, PENDING]) for (const [file, vars] of Object.entries(list)) allowed.set(file, [...new Set([...(allowed.get(file) ?? []), ...vars])].sort());
    const unexpected = [...reads].flatMap(([file, vars]) => vars.filter((v) => !allowed.get(file)?.includes(v)).map((v) => `${file}: process.env.${v}`));
    expect(unexpected, 'read it through settings() (lib/settings.ts) or loadServerSettings() (lib/server/settings.mjs)').toEqual([]);
    const stale = [...allowed].flatMap(([file, vars]) => vars.filter((v) => !reads.get(file)?.includes(v)).map((v) => `${file}: ${v}`));
    expect(stale, 'these reads are gone: remove them from the allow-list').toEqual([]);
  });

  it('are all declared by the settings modules, or are tools\' own', () => {
    for (const vars of Object.values(PENDING)) for (const v of vars) if (v !== '[dynamic]') expect(SETTINGS_VARIABLES).toContain(v);
    for (const v of ['MANIFOLD_ML_THREADS', 'MANIFOLD_ML_TIMEOUT_MS']) expect(SETTINGS_VARIABLES).toContain(v);
  });

  it('each have a README line, and the README lists none that nothing reads', () => {
    // TEST_STANDALONE: read by tests/integration/standalone.test.ts alone (the opt-in standalone build and boot).
    const tooling = new Set([...Object.values(TOOLING).flat().filter((v) => v !== 'NODE_ENV'), 'TEST_POSTGRES_URL', 'TEST_PROVIDERS', 'TEST_STANDALONE']);
    const missing = [...SETTINGS_VARIABLES, ...tooling].filter((v) => !readmeRows.has(v));
    expect(missing, 'add a row to the README settings table').toEqual([]);
    const unknown = [...readmeRows].filter((v) => !SETTINGS_VARIABLES.includes(v) && !tooling.has(v));
    expect(unknown).toEqual([]);
  });

  it('the guard sees a read it has not been told about', () => {
    const probe = path.join(root, 'packages', 'manifold', 'lib', `settings-guard-probe-${process.pid}.ts`);
    fs.writeFileSync(probe, 'export const x = process.env.SOMETHING_NEW;\n');
    try {
      expect(envReads().get(path.relative(root, probe))).toEqual(['SOMETHING_NEW']);
    } finally {
      fs.rmSync(probe);
    }
  });
});
