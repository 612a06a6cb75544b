// Readiness (GET /api/ready, lib/readiness.ts) on real SQLite and PostgreSQL databases and a real Redis: ready when
// all is well; 503 with the reason for a database missing its last migration, an unreachable database, an unreachable
// Redis, an app that is not ready; and an answer within the time limit from a database or Redis that never answers.
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../testing/databases';
import { createDb, type Db } from '../db';
import { parseDatabaseUrl } from '../database-url';
import { listMigrationNames } from '../migration-files';
import { checkReadiness } from '../readiness';
import { clearAppReadiness, registerAppReadiness } from '../server/readiness.mjs';

const root = process.env.MANIFOLD_ROOT || path.resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
// Ports of this test's own (the helper range 3121..3129): nothing listens on CLOSED; SILENT accepts and never answers.
const CLOSED = 3128;
const SILENT = 3127;
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let silent: net.Server;
const sockets = new Set<net.Socket>();
beforeAll(async () => {
  silent = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => silent.listen(SILENT, '127.0.0.1', r));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});
afterEach(() => clearAppReadiness());

describe.each(PROVIDERS)('readiness on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  const shipped = listMigrationNames(provider, root);

  beforeAll(async () => {
    database = await createTestDatabase(provider, { postMigrate: false });
    db = createDb(database.target);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('is ready when the database answers, every migration is applied and Redis answers', async () => {
    const ready = await checkReadiness({ db, provider, root, redisUrl: REDIS, timeoutMs: 2000 });
    expect(ready.reason).toBeUndefined();
    expect(ready.ok).toBe(true);
    expect(ready.checks.database).toMatchObject({ ok: true, provider });
    expect(ready.checks.migrations).toMatchObject({ ok: true, applied: shipped.length });
    expect(ready.checks.redis.ok).toBe(true);
    expect(ready.checks.redis.skipped).toBeUndefined();
  });

  it('does not ask Redis when REDIS_URL is not set', async () => {
    const ready = await checkReadiness({ db, provider, root, timeoutMs: 2000 });
    expect(ready.ok).toBe(true);
    expect(ready.checks.redis).toMatchObject({ ok: true, skipped: 'REDIS_URL is not set' });
  });

  it('is not ready, naming it, when the database is missing the last migration', async () => {
    const last = shipped.at(-1)!;
    const [row] = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM _prisma_migrations WHERE migration_name = '${last}'`);
    await db.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL WHERE id = '${row.id}'`);
    try {
      const ready = await checkReadiness({ db, provider, root, timeoutMs: 2000 });
      expect(ready.ok).toBe(false);
      expect(ready.reason).toBe(`migrations pending: 1 migration(s) not applied: ${last}; run \`manage migrate\``);
      expect(ready.checks.database.ok).toBe(true);
      expect(ready.checks.migrations).toMatchObject({ ok: false, pending: [last] });
    } finally {
      await db.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = started_at WHERE id = '${row.id}'`);
    }
    expect((await checkReadiness({ db, provider, root, timeoutMs: 2000 })).ok).toBe(true);
  });

  it('is not ready when Redis is unreachable, and says so', async () => {
    const started = performance.now();
    const ready = await checkReadiness({ db, provider, root, redisUrl: `redis://127.0.0.1:${CLOSED}`, timeoutMs: 2000 });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(ready.ok).toBe(false);
    expect(ready.reason).toMatch(/^redis unreachable: .*ECONNREFUSED/);
    expect(ready.checks.database.ok).toBe(true);
    expect(ready.checks.migrations.ok).toBe(true);
  });

  it('answers within the time limit when Redis accepts and never answers', async () => {
    const started = performance.now();
    const ready = await checkReadiness({ db, provider, root, redisUrl: `redis://127.0.0.1:${SILENT}`, timeoutMs: 400 });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(ready.ok).toBe(false);
    expect(ready.reason).toMatch(/^redis unreachable: /);
  });

  it("is not ready while an installed app's probe says so, or does not answer in time", async () => {
    let loaded = false;
    registerAppReadiness([
      { label: 'slowapp', hooks: { readiness: () => ({ ok: loaded, detail: loaded ? 'loaded' : 'still loading' }) } },
      { label: 'quiet', hooks: {} },
    ]);
    let ready = await checkReadiness({ db, provider, root, timeoutMs: 2000 });
    expect(ready.ok).toBe(false);
    expect(ready.reason).toBe('slowapp not ready: still loading');
    expect(Object.keys(ready.checks.apps)).toEqual(['slowapp']);
    loaded = true;
    ready = await checkReadiness({ db, provider, root, timeoutMs: 2000 });
    expect(ready.ok).toBe(true);
    expect(ready.checks.apps.slowapp).toMatchObject({ ok: true, detail: 'loaded' });

    registerAppReadiness([{ label: 'hung', hooks: { readiness: () => new Promise(() => {}) } }]);
    ready = await checkReadiness({ db, provider, root, timeoutMs: 300 });
    expect(ready.reason).toBe("hung not ready: The hung app's readiness did not answer within 300 ms");
  });
});

describe('readiness without a database', () => {
  const unreachable = (provider: string) =>
    provider === 'sqlite' ? `file:/nonexistent-manifold-dir/${process.pid}/db.sqlite` : `postgresql://postgres@127.0.0.1:${CLOSED}/manifold`;

  it.each(PROVIDERS)('is not ready when the %s database is unreachable, and skips the migrations', async (provider) => {
    const db = createDb(parseDatabaseUrl(unreachable(provider)));
    try {
      const ready = await checkReadiness({ db, provider, root, timeoutMs: 2000 });
      expect(ready.ok).toBe(false);
      expect(ready.reason).toMatch(/^database unreachable: \S/);
      expect(ready.checks.migrations).toMatchObject({ ok: false, skipped: 'the database is unreachable' });
    } finally {
      await db.$disconnect().catch(() => {});
    }
  });

  it('answers within the time limit when PostgreSQL accepts and never answers', async () => {
    const db = createDb(parseDatabaseUrl(`postgresql://postgres@127.0.0.1:${SILENT}/manifold`));
    try {
      const started = performance.now();
      const ready = await checkReadiness({ db, provider: 'postgresql', root, timeoutMs: 400 });
      expect(performance.now() - started).toBeLessThan(1500);
      expect(ready.reason).toBe('database unreachable: The database did not answer within 400 ms');
    } finally {
      void db.$disconnect().catch(() => {});
    }
  });
});

describe('GET /api/ready', () => {
  it.each(PROVIDERS)('answers 200 on a migrated %s database and 503 with the reason when Redis is down, never cached', async (provider) => {
    const database = await createTestDatabase(provider, { postMigrate: false });
    const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL };
    try {
      process.env.DATABASE_URL = database.url;
      delete process.env.REDIS_URL;
      vi.resetModules();
      delete (globalThis as { __manifoldDb?: unknown }).__manifoldDb;
      const { nextRoute } = await import('../endpoint.mjs');
      const { readyEndpoint } = await import('../endpoints');
      let { GET } = nextRoute([readyEndpoint]);
      let res = await GET(new Request('http://x/api/ready'));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ ok: true, checks: { database: { ok: true }, migrations: { ok: true } } });

      process.env.REDIS_URL = `redis://127.0.0.1:${CLOSED}`;
      vi.resetModules();
      // Both modules again: a Reply is recognised by its own module's class.
      ({ GET } = (await import('../endpoint.mjs')).nextRoute([(await import('../endpoints')).readyEndpoint]));
      res = await GET(new Request('http://x/api/ready'));
      expect(res.status).toBe(503);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body.ok).toBe(false);
      expect(body.reason).toMatch(/^redis unreachable: /);
      expect(body.checks.database.ok).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      await (globalThis as { __manifoldDb?: Db }).__manifoldDb?.$disconnect();
      delete (globalThis as { __manifoldDb?: unknown }).__manifoldDb;
      await database.drop();
    }
  });
});
