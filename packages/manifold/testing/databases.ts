// Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL database created for the run, both migrated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl, type DatabaseTarget } from '../lib/database-url';
import { migrate } from '../lib/migrations';

const ALL_PROVIDERS = ['sqlite', 'postgresql'] as const;
/**
 * The providers every data-layer test runs on: both. `TEST_PROVIDERS=sqlite` narrows a run to one, for a mutation
 * run (`npm run mutate`), where each mutant re-runs the file and creating a PostgreSQL database doubles its cost;
 * `npm test` and CI never set it. An unknown name fails the run rather than silently testing nothing.
 */
export const PROVIDERS: readonly (typeof ALL_PROVIDERS)[number][] = selectProviders(process.env.TEST_PROVIDERS);

function selectProviders(list: string | undefined) {
  if (!list) return ALL_PROVIDERS;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(ALL_PROVIDERS as readonly string[]).includes(n));
  if (unknown.length || !names.length) throw new Error(`TEST_PROVIDERS=${list}: expected a comma list of ${ALL_PROVIDERS.join(', ')}`);
  return ALL_PROVIDERS.filter((p) => names.includes(p));
}

export function testPostgresAdminUrl() {
  return process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** Why the test PostgreSQL cannot be reached, or null when it can. */
export async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: testPostgresAdminUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return (err as Error).message || String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  url: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * Creates and migrates an empty database of the given provider, then runs the installed apps' post-migrate hooks as
 * `manage migrate` does (permissions, built-in groups); drop() removes it. `postMigrate: false` skips the hooks.
 */
export async function createTestDatabase(provider: 'sqlite' | 'postgresql', opts: { migrate?: boolean; postMigrate?: boolean } = {}): Promise<TestDatabase> {
  const id = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  let url: string;
  let drop: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-test-'));
    url = `file:${path.join(dir, 'test.db')}`;
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    const problem = await postgresProblem();
    if (problem) throw new Error(`PostgreSQL is not reachable at ${testPostgresAdminUrl()} (${problem}). Start it or set TEST_POSTGRES_URL.`);
    const admin = new URL(testPostgresAdminUrl());
    const name = `manifold_test_${id}`;
    admin.pathname = `/${name}`;
    url = admin.toString();
    drop = async () => {
      const client = new pg.Client({ connectionString: testPostgresAdminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    };
  }
  const target = parseDatabaseUrl(url);
  if (opts.migrate !== false) {
    await migrate(target);
    if (opts.postMigrate !== false) {
      const [{ createDb }, { runPostMigrate }] = await Promise.all([import('../lib/db'), import('../lib/manage/post-migrate')]);
      const db = createDb(target);
      try {
        await runPostMigrate(db);
      } finally {
        await db.$disconnect();
      }
    }
  }
  return { url, target, drop };
}
