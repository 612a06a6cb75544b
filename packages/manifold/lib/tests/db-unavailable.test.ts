// A database out of reach (restarting, failing over, connections cut) against a real PostgreSQL through a TCP proxy
// the test cuts and restores: every error Prisma raises then is recognised (lib/db-errors.mjs), an endpoint answers
// 503 with Retry-After and a message instead of a 500 (the error page's side: contrib/blog/tests/error-page.test.ts), and the same client
// serves again by itself once the database is back (the pg pool reconnects); an ordinary error stays a 500.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/databases';
import { parseDatabaseUrl } from '../database-url';
import { createDb, type Db } from '../db';
import { databaseUnavailable, UNAVAILABLE_MESSAGE } from '../db-errors.mjs';
import { defineEndpoint, nextRoute } from '../endpoint.mjs';
// A plain TCP proxy that a test can cut (it was written for Redis; nothing in it is Redis's).
import { redisProxy as tcpProxy, type Proxy } from '../server/tests/redis-support';

let database: TestDatabase;
let proxy: Proxy;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase('postgresql');
  proxy = await tcpProxy(new URL('postgresql://127.0.0.1:5432'));
  const url = new URL(database.url);
  url.port = new URL(proxy.url).port;
  db = createDb(parseDatabaseUrl(url.toString()));
});
afterAll(async () => {
  await db?.$disconnect();
  await proxy?.close();
  await database?.drop();
});

/** The error a query raises now, or null when it succeeds. */
const failure = () => db.post.count().then(() => null, (e: unknown) => e);

async function recovered(ms = 5000) {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await failure()) === null) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the client did not recover within ${ms} ms`);
}

describe('a database out of reach', () => {
  it('raises errors that are all recognised, and the client serves again within 5 s of the database returning', async () => {
    expect(await failure()).toBeNull();
    await proxy.cut();
    // The pooled connection dies mid-use ("Connection terminated"), then new ones are reset (P1017 / ECONNRESET).
    const errors = [];
    for (let i = 0; i < 4; i++) errors.push(await failure());
    expect(errors.every((e) => e !== null)).toBe(true);
    for (const e of errors) expect(databaseUnavailable(e), String((e as Error).message)).toBe(true);
    await proxy.restore();
    expect(await recovered()).toBeLessThan(5000);
  });

  it('recognises a connection the server ended (pg_terminate_backend: what a restart or a failover does)', async () => {
    expect(await failure()).toBeNull();
    const admin = createDb(parseDatabaseUrl(database.url));
    try {
      // Every other session of this test database: the client's pooled connections.
      await admin.$queryRawUnsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    } finally {
      await admin.$disconnect();
    }
    // The pool may have noticed already (an idle client's error event) and reconnect; a query that did meet the dead
    // connection failed as unavailable.
    const e = await failure();
    if (e !== null) expect(databaseUnavailable(e)).toBe(true);
    expect(await recovered()).toBeLessThan(5000);
  });

  it('recognises what a transaction whose connection dies raises, its later queries included ("not queryable")', async () => {
    expect(await failure()).toBeNull();
    const seen: unknown[] = [];
    const outcome = await db
      .$transaction(async (tx) => {
        await tx.$queryRawUnsafe('SELECT 1');
        await proxy.cut();
        // Several queries at once on the one connection, as a page's data loader sends them: the first meets the
        // dead socket, the others a client pg has already marked unusable.
        for (const r of await Promise.allSettled([0, 1, 2].map((i) => tx.$queryRawUnsafe(`SELECT ${i}`)))) if (r.status === 'rejected') seen.push(r.reason);
        await tx.$queryRawUnsafe('SELECT 3');
      })
      .then(() => null, (e: unknown) => e);
    await proxy.restore();
    expect(outcome).not.toBeNull();
    seen.push(outcome);
    expect(seen.length).toBeGreaterThan(1);
    for (const e of seen) expect(databaseUnavailable(e), String((e as Error).message)).toBe(true);
    expect(await recovered()).toBeLessThan(5000);
  });

  it('leaves ordinary errors alone: a constraint, bad SQL, a plain error, nothing, a cycle', async () => {
    await db.category.create({ data: { name: 'a', slug: 'a-unique' } });
    const clash = await db.category.create({ data: { name: 'b', slug: 'a-unique' } }).catch((e: unknown) => e);
    expect((clash as { code?: string }).code).toBe('P2002');
    expect(databaseUnavailable(clash)).toBe(false);
    const syntax = await db.$queryRawUnsafe('SELEKT 1').catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(Error);
    expect(databaseUnavailable(syntax)).toBe(false);
    expect(databaseUnavailable(new Error('render failed'))).toBe(false);
    expect(databaseUnavailable(null)).toBe(false);
    expect(databaseUnavailable('ECONNREFUSED')).toBe(false);
    const loop: { message: string; cause?: unknown } = { message: 'x' };
    loop.cause = loop;
    expect(databaseUnavailable(loop)).toBe(false);
    // The codes a refused connection or a shutting-down server give.
    expect(databaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(databaseUnavailable({ name: 'PrismaClientKnownRequestError', code: 'P1001', message: "Can't reach database server" })).toBe(true);
    expect(databaseUnavailable({ message: 'wrapped', cause: { kind: 'postgres', code: '57P03', message: 'the database system is starting up' } })).toBe(true);
    expect(databaseUnavailable({ code: 'SQLITE_BUSY', message: 'database is locked' })).toBe(true);
  });
});

describe('what the reader and the API client get', () => {
  const endpoints = [
    defineEndpoint({ method: 'GET', path: '/t/count', handler: async () => ({ posts: await db.post.count() }) }),
    defineEndpoint({
      method: 'GET',
      path: '/t/broken',
      handler: () => {
        throw new Error('a bug, with /secret/path in it');
      },
    }),
  ];
  const route = nextRoute(endpoints);
  const call = (path: string) => route.GET(new Request(`http://localhost${path}`));

  it('an endpoint answers 503 with Retry-After and a message while the database is away, then 200 again', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect((await call('/t/count')).status).toBe(200);
    await proxy.cut();
    try {
      for (let i = 0; i < 2; i++) {
        const r = await call('/t/count');
        expect(r.status).toBe(503);
        expect(r.headers.get('retry-after')).toBe('5');
        expect(await r.json()).toEqual({ error: UNAVAILABLE_MESSAGE });
      }
    } finally {
      await proxy.restore();
    }
    await recovered();
    expect((await call('/t/count')).status).toBe(200);
    // Any other failure stays a 500 that tells nothing of it.
    const broken = await call('/t/broken');
    expect(broken.status).toBe(500);
    expect(JSON.stringify(await broken.json())).not.toContain('secret');
    vi.restoreAllMocks();
  });
});
