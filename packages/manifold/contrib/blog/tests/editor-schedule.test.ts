// Scheduled posts going live by themselves, on a real SQLite file and a real PostgreSQL database: each due post is
// published exactly once when two "processes" (two database clients) run at the same moment; the cron route's
// Bearer check; and the Node server's timer (node.mjs) driving a real HTTP server until a post due in a moment is
// published, with nothing else asking.
import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import { PageCache } from '../../../lib/server/page-cache.mjs';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { publishDueScheduled, publishScheduledEndpoints } from '../editor/schedule';
import { startScheduledPublishing } from '../node.mjs';

const TOKEN_KEY = '__manifoldCronToken';

async function empty(db: Db) {
  await db.logEntry.deleteMany();
  await db.post.deleteMany();
}

describe.each(PROVIDERS)('scheduled publishing on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let db2: Db;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    db2 = createDb(database.target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await db2?.$disconnect();
    await database?.drop();
  });
  beforeEach(() => empty(db));

  it('two processes at the same moment: every due post is published once, by one of them, and logged once', async () => {
    const now = new Date();
    const due = Array.from({ length: 12 }, (_, i) => ({ title: `예약 ${i}`, slug: `due-${i}`, status: 'scheduled', publishedAt: new Date(now.getTime() - (i + 1) * 1000), version: 1 }));
    await db.post.createMany({ data: [...due, { title: 'later', slug: 'later', status: 'scheduled', publishedAt: new Date(now.getTime() + 3_600_000) }, { title: 'draft', slug: 'draft', status: 'draft', publishedAt: new Date(now.getTime() - 5000) }] });
    const [a, b] = await Promise.all([publishDueScheduled(db, now, { revalidate: false }), publishDueScheduled(db2, now, { revalidate: false })]);
    const slugs = [...a.published, ...b.published].map((p) => p.slug).sort();
    expect(slugs).toEqual(due.map((d) => d.slug).sort());
    console.log(`[schedule] ${provider}: process A published ${a.published.length}, process B ${b.published.length} of 12`);
    expect(a.nextDueAt?.getTime()).toBe(now.getTime() + 3_600_000);
    const rows = await db.post.findMany({ where: { slug: { startsWith: 'due-' } } });
    expect(rows.every((r) => r.status === 'published' && r.version === 2)).toBe(true);
    expect(await db.logEntry.count({ where: { changeMessage: JSON.stringify({ action: 'publish_scheduled' }) } })).toBe(12);
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'draft' } })).status).toBe('draft');
    // A third run finds nothing left.
    expect((await publishDueScheduled(db, now, { revalidate: false })).published).toEqual([]);
  });

  it('the cron route wants Authorization: Bearer with the cron secret or the server timer’s token', async () => {
    const route = nextRoute(publishScheduledEndpoints(() => db)) as Record<string, (r: Request) => Promise<Response>>;
    const ask = (headers: Record<string, string> = {}, method = 'GET') => route[method](new Request('http://localhost/api/cron/publish-scheduled', { method, headers }));
    const g = globalThis as Record<string, unknown>;
    const before = g[TOKEN_KEY];
    try {
      g[TOKEN_KEY] = 'k'.repeat(40);
      expect((await ask()).status).toBe(401);
      expect((await ask({ authorization: 'Bearer wrong' })).status).toBe(403);
      await db.post.create({ data: { title: 'x', slug: 'x', status: 'scheduled', publishedAt: new Date(Date.now() - 1000) } });
      const ok = await ask({ authorization: `Bearer ${'k'.repeat(40)}` }, 'POST');
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ published: [{ slug: 'x' }], nextDueAt: null });
      expect((await ask({ authorization: `Bearer ${'k'.repeat(40)}` })).status).toBe(200);
    } finally {
      g[TOKEN_KEY] = before;
    }
  });

  it("page caches: the winner clears its own; a process that lost the post clears its own too, on its next call", async () => {
    const route = nextRoute(publishScheduledEndpoints(() => db)) as Record<string, (r: Request) => Promise<Response>>;
    const g = globalThis as Record<string, unknown>;
    const saved = { token: g[TOKEN_KEY], cache: g.__manifoldPageCache, last: g.__manifoldCronLastRun };
    const fill = () => {
      const cache = new PageCache({ maxBytes: 1 << 20 });
      cache.consider('/', { status: 200, headers: { 'content-type': 'text/html', 'cache-control': 'public, s-maxage=60' }, body: Buffer.from('<p>old home</p>') });
      g.__manifoldPageCache = cache;
      return cache;
    };
    const ask = () => route.POST(new Request('http://localhost/api/cron/publish-scheduled', { method: 'POST', headers: { authorization: `Bearer ${'k'.repeat(40)}` } }));
    try {
      g[TOKEN_KEY] = 'k'.repeat(40);
      delete g.__manifoldCronLastRun;
      // Nothing due: the cache stays.
      let cache = fill();
      expect((await ask()).status).toBe(200);
      expect(cache.entries.size).toBe(1);
      // This process wins a post: it clears its cache.
      await db.post.create({ data: { title: 'w', slug: 'won', status: 'scheduled', publishedAt: new Date(Date.now() - 10) } });
      expect(await (await ask()).json()).toMatchObject({ published: [{ slug: 'won' }] });
      expect(cache.entries.size).toBe(0);
      // Another process (another client) wins the next one; this process's next call finds it came due and clears.
      cache = fill();
      // Due after this process last asked (as any post scheduled through the editor is: schedule wants a future time).
      await db.post.create({ data: { title: 'l', slug: 'lost', status: 'scheduled', publishedAt: new Date(Date.now() + 30) } });
      await new Promise((r) => setTimeout(r, 60));
      expect((await publishDueScheduled(db2, new Date(), { revalidate: false, log: false })).published.map((p) => p.slug)).toEqual(['lost']);
      expect(await (await ask()).json()).toMatchObject({ published: [] });
      expect(cache.entries.size).toBe(0);
      // And once cleared, a quiet call leaves the cache alone again.
      cache = fill();
      await ask();
      expect(cache.entries.size).toBe(1);
    } finally {
      g[TOKEN_KEY] = saved.token;
      g.__manifoldPageCache = saved.cache;
      g.__manifoldCronLastRun = saved.last;
    }
  });

  it('the Node timer publishes a post due in a moment with nobody asking', async () => {
    const route = nextRoute(publishScheduledEndpoints(() => db)) as Record<string, (r: Request) => Promise<Response>>;
    // A real HTTP server in front of the route, as Next is in front of it in production.
    const server = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const answer = await route[req.method ?? 'GET'](new Request(`http://localhost${req.url}`, { method: req.method, headers: req.headers as Record<string, string> }));
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(await answer.text());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const post = await db.post.create({ data: { title: '곧', slug: 'soon', status: 'scheduled', publishedAt: new Date(Date.now() + 1500) } });
    const started = Date.now();
    const timer = startScheduledPublishing({ url: `http://127.0.0.1:${port}/api/cron/publish-scheduled`, everyMs: 60_000 });
    try {
      // The period is a minute: only the first call (after 1 s) and the due-time timer it sets can publish it.
      for (let i = 0; i < 100; i++) {
        if ((await db.post.findUniqueOrThrow({ where: { id: post.id } })).status === 'published') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await db.post.findUniqueOrThrow({ where: { id: post.id } })).status).toBe('published');
      console.log(`[schedule] ${provider}: published ${Date.now() - started - 1500} ms after its due time (timer at the due time, period 60 s)`);
    } finally {
      timer.stop();
      await new Promise((r) => server.close(r));
    }
  });
});
