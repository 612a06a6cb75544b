// Issue 16: what the reader pages read (the sidebar, each post with its neighbours and series, each list page) is kept
// in memory while server.mjs's purge broadcast runs in the process (memo.ts), and read every time without it. Checked
// through the pages' getServerSideProps on SQLite and PostgreSQL, on the statements Prisma sends: a kept page sends
// none; an edit, a publication, a deletion, a schedule and an admin rename are seen by the first render after their
// purge (lib/cache.ts' revalidateContent, the admin's hooks, or another instance's purge over the real Redis); a read
// in flight when the purge comes is not kept; a scheduled post shows at its time with no purge; the memory is bounded.
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { revalidateContent } from '../../../lib/cache';
import type { Db } from '../../../lib/db';
import { localBroadcast } from '../../../lib/server/broadcast.mjs';
import { redisBroadcast } from '../../../lib/server/redis-broadcast.mjs';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import hooks from '../admin-hooks';
import { blogTags } from '../cache';
import { getCategoryTree, getPublishedPost } from '../data';
import { MEMO_MAX_BYTES, MEMO_MAX_ENTRIES, remember } from '../memo';
import { categoryPageProps, homePageProps, postPageProps } from '../pages';
import type { PostDetail } from '../queries';
import { blogFactory, emptyBlog, loggedClient, seoulDay as day, pageContext as ctx } from './factories';

const g = globalThis as { __manifoldPurges?: unknown; __manifoldDb?: unknown };

type ListProps = { result: { total: number; posts: { slug: string; title: string }[] }; chrome: { tree: { total: number; roots: { name: string; count: number }[] } } };
const listOf = (r: unknown) => {
  const p = (r as { props: ListProps }).props;
  return { total: p.result.total, sidebar: p.chrome.tree.total, posts: p.result.posts.map((x) => `${x.slug}:${x.title}`) };
};
const home = async () => listOf(await homePageProps(ctx({ lang: 'ko' })));
const category = async (path: string) => listOf(await categoryPageProps(ctx({ lang: 'ko', path: [path] })));
/** A post page's post, or null when the page is a 404. */
async function post(slug: string): Promise<PostDetail | null> {
  const r = (await postPageProps(ctx({ lang: 'ko', slug }))) as { props?: { post?: PostDetail } };
  return r.props?.post ?? null;
}
const link = (l: { slug: string; title: string } | null | undefined) => (l ? `${l.slug}:${l.title}` : null);

const purge = (slug: string) => revalidateContent({ tags: [blogTags.posts, blogTags.post(slug)], paths: ['/'], posts: [slug] });

describe.each(PROVIDERS)('reader data kept until content changes, on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let statements: string[] = [];
  let ids: { dl: number; series: number; b: number; c: number };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    ({ db, statements } = loggedClient(database.target));
  });
  beforeEach(async () => {
    await emptyBlog(db);
    await db.series.deleteMany();
    const f = blogFactory(db);
    const dl = await f.category('딥러닝', { order: 1 });
    const series = await db.series.create({ data: { title: '시리즈', slug: 'series' } });
    await f.post('a', day('2019-11-17'), { categoryId: dl.id });
    const b = await f.post('b', day('2020-02-16'), { categoryId: dl.id });
    const c = await f.post('c', day('2020-04-26'));
    await db.post.updateMany({ where: { id: { in: [b.id, c.id] } }, data: { seriesId: series.id } });
    ids = { dl: dl.id, series: series.id, b: b.id, c: c.id };
    // As server.mjs runs the pages: the site's client is this one, and content changes are announced by a broadcast.
    g.__manifoldDb = db;
    g.__manifoldPurges = localBroadcast();
    statements.length = 0;
  });
  afterEach(() => {
    (g.__manifoldPurges as { close?: () => void } | undefined)?.close?.();
    delete g.__manifoldPurges;
    delete g.__manifoldDb;
    vi.useRealTimers();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('a page read once is rendered again without a statement, with the same data', async () => {
    const first = [await home(), await category('딥러닝'), await post('b')] as const;
    expect(first[0].posts).toEqual(['c:c', 'b:b', 'a:a']);
    expect(link(first[2]?.next)).toBe('c:c');
    expect(first[2]?.series?.posts.map((p) => p.slug)).toEqual(['b', 'c']);
    statements.length = 0;
    for (let i = 0; i < 3; i++) expect([await home(), await category('딥러닝'), await post('b')]).toEqual(first);
    expect(statements).toEqual([]);
  });

  it('without the broadcast every render reads the database', async () => {
    delete g.__manifoldPurges;
    for (let i = 0; i < 2; i++) {
      statements.length = 0;
      expect((await post('b'))?.title).toBe('b');
      expect(statements.filter((sql) => /["`]Post["`]/.test(sql)).length).toBeGreaterThan(3);
    }
  });

  it("a post read for the first time takes its and its related posts' categories from the kept tree, not from a query", async () => {
    await getCategoryTree();
    statements.length = 0;
    const b = await post('b');
    expect(b?.category).toEqual({ name: '딥러닝', path: ['딥러닝'] });
    expect(b?.related?.find((p) => p.slug === 'a')?.category).toEqual({ name: '딥러닝', path: ['딥러닝'] });
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((q) => /\bFROM\s+(?:[`"][^`"]+[`"]\.)?[`"]?Category[`"]?(?:\s|$)/.test(q))).toEqual([]);
  });

  it("a tag's related-post candidates are read once for all the posts that have it, and again after a purge", async () => {
    const f = blogFactory(db);
    const tag = await f.tag('공통');
    for (const slug of ['t1', 't2', 't3']) await f.post(slug, day('2021-01-0' + slug[1]), { tagIds: [tag.id] });
    statements.length = 0;
    const tagReads = () => statements.filter((q) => q.includes('FROM "_PostToTag" WHERE "B"')).length;
    expect((await post('t1'))?.related?.map((p) => p.slug)).toEqual(['t3', 't2', 'c', 'b']);
    expect(tagReads()).toBe(1);
    // Another post of the tag, read for the first time: its candidates are the ones already read.
    expect((await post('t2'))?.related?.map((p) => p.slug)).toEqual(['t3', 't1', 'c', 'b']);
    expect(tagReads()).toBe(1);
    // A new post given the tag is one of them once its publication is purged.
    await f.post('t4', day('2021-01-04'), { tagIds: [tag.id] });
    await purge('t4');
    expect((await post('t3'))?.related?.map((p) => p.slug)).toEqual(['t4', 't2', 't1', 'c']);
    expect(tagReads()).toBe(2);
  });

  it('an edit is seen by the first render after its purge: the post, its neighbours, the series, the lists', async () => {
    await Promise.all([post('a'), post('b'), post('c'), home()]);
    await db.post.update({ where: { id: ids.b }, data: { title: '고친 제목', version: { increment: 1 } } });
    // Nothing announced it yet: the kept data is still served (this is what the purge is for).
    expect((await post('b'))?.title).toBe('b');
    await purge('b');
    expect((await post('b'))?.title).toBe('고친 제목');
    expect(link((await post('a'))?.next)).toBe('b:고친 제목');
    expect(link((await post('c'))?.previous)).toBe('b:고친 제목');
    expect((await post('c'))?.series?.posts.map((p) => p.title)).toEqual(['고친 제목', 'c']);
    expect((await home()).posts).toContain('b:고친 제목');
  });

  it('a publication shows in the lists, the sidebar and as a neighbour after its purge; a deletion is gone after its', async () => {
    await blogFactory(db).post('d', day('2020-03-01'), { categoryId: ids.dl, status: 'draft' });
    expect([await post('d'), link((await post('b'))?.next), (await home()).total]).toEqual([null, 'c:c', 3]);
    await db.post.update({ where: { slug: 'd' }, data: { status: 'published', version: { increment: 1 } } });
    await purge('d');
    expect((await post('d'))?.title).toBe('d');
    expect(link((await post('b'))?.next)).toBe('d:d');
    expect(await home()).toMatchObject({ total: 4, sidebar: 4, posts: ['c:c', 'd:d', 'b:b', 'a:a'] });
    expect(await category('딥러닝')).toMatchObject({ total: 3, posts: ['d:d', 'b:b', 'a:a'] });

    await db.post.delete({ where: { slug: 'd' } });
    await purge('d');
    expect(await post('d')).toBeNull();
    expect(link((await post('b'))?.next)).toBe('c:c');
    expect(await home()).toMatchObject({ total: 3, sidebar: 3, posts: ['c:c', 'b:b', 'a:a'] });
    expect((await category('딥러닝')).total).toBe(2);
  });

  it('a scheduled post shows at its time with no purge, and not a moment before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = new Date(Math.ceil((Date.now() + 10 * 60_000) / 1000) * 1000);
    await blogFactory(db).post('e', at, { status: 'scheduled' });
    await purge('e');
    expect([await post('e'), link((await post('c'))?.next), (await home()).total]).toEqual([null, null, 3]);
    vi.setSystemTime(at.getTime() - 1000);
    statements.length = 0;
    expect([link((await post('c'))?.next), (await home()).total]).toEqual([null, 3]);
    expect(statements).toEqual([]);
    vi.setSystemTime(at);
    expect(link((await post('c'))?.next)).toBe('e:e');
    expect(await home()).toMatchObject({ total: 4, sidebar: 4, posts: ['e:e', 'c:c', 'b:b', 'a:a'] });
    expect((await post('e'))?.title).toBe('e');
  });

  it('admin renames of a category and a series are seen after their hooks; a read given the tree of before is not kept', async () => {
    const before = await getCategoryTree();
    await post('b');
    const renamed = await db.category.update({ where: { id: ids.dl }, data: { name: '심층학습', slug: 'deep' } });
    await hooks.Category!.afterSave!({ object: renamed as unknown as Record<string, unknown>, created: false, db });
    // A render that had read the tree before the rename gets its post's category as that tree has it (its name and path,
    // consistent with the rest of that render), and it is not kept.
    expect((await getPublishedPost('b', before))?.category).toEqual({ name: '딥러닝', path: ['딥러닝'] });
    expect((await post('b'))?.category).toEqual({ name: '심층학습', path: ['deep'] });
    expect((await category('deep')).posts).toEqual(['b:b', 'a:a']);

    const series = await db.series.update({ where: { id: ids.series }, data: { title: '새 시리즈' } });
    await hooks.Series!.afterSave!({ object: series as unknown as Record<string, unknown>, created: false, db });
    expect((await post('c'))?.series?.title).toBe('새 시리즈');
  });

  it('a read in flight when content changes is answered but not kept', async () => {
    await post('b');
    await purge('b');
    // The post's row read returns, then waits for the test: the change and its purge come meanwhile.
    let reached!: () => void;
    const atRow = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const postDelegate = db.post;
    g.__manifoldDb = new Proxy(db, {
      get(target, prop) {
        if (prop !== 'post') return Reflect.get(target, prop);
        return new Proxy(postDelegate, {
          get(delegate, method) {
            const fn = Reflect.get(delegate, method) as (args?: { where?: { slug?: string } }) => Promise<unknown>;
            if (method !== 'findFirst') return fn;
            return async (args?: { where?: { slug?: string } }) => {
              const row = await fn.call(delegate, args);
              if (args?.where?.slug === 'b') {
                reached();
                await gate;
              }
              return row;
            };
          },
        });
      },
    });
    const inFlight = post('b');
    await atRow;
    await db.post.update({ where: { id: ids.b }, data: { title: '새 제목', version: { increment: 1 } } });
    await purge('b');
    release();
    expect((await inFlight)?.title).toBe('b');
    g.__manifoldDb = db;
    expect((await post('b'))?.title).toBe('새 제목');
  });

  it("another instance's change, purged over the real Redis, is seen here once its publish resolves", async () => {
    const prefix = `manifold-test-memo-${crypto.randomBytes(6).toString('hex')}`;
    const here = redisBroadcast('redis://127.0.0.1:6379', { prefix });
    const there = redisBroadcast('redis://127.0.0.1:6379', { prefix });
    try {
      await Promise.all([here.ready(), there.ready()]);
      g.__manifoldPurges = here;
      expect((await post('b'))?.title).toBe('b');
      statements.length = 0;
      expect((await post('b'))?.title).toBe('b');
      expect(statements).toEqual([]);
      await db.post.update({ where: { id: ids.b }, data: { title: '다른 서버에서', version: { increment: 1 } } });
      await there.publish({ tags: [blogTags.post('b')], paths: [], posts: ['b'] });
      expect((await post('b'))?.title).toBe('다른 서버에서');
    } finally {
      there.close();
    }
  });

  it('keeps at most MEMO_MAX_BYTES and MEMO_MAX_ENTRIES, the least recently read going first', async () => {
    const reads: string[] = [];
    const big = (key: string) => remember(key, async () => (reads.push(key), { text: 'x'.repeat(MEMO_MAX_BYTES / 2 / 5) }));
    for (let i = 0; i < 6; i++) await big(`big:${i}`);
    await big('big:5');
    await big('big:0');
    expect(reads).toEqual(['big:0', 'big:1', 'big:2', 'big:3', 'big:4', 'big:5', 'big:0']);

    reads.length = 0;
    const small = (i: number) => remember(`small:${i}`, async () => (reads.push(String(i)), { i }));
    for (let i = 0; i <= MEMO_MAX_ENTRIES; i++) await small(i);
    await small(MEMO_MAX_ENTRIES);
    await small(0);
    expect(reads.length).toBe(MEMO_MAX_ENTRIES + 2);
    expect(reads.at(-1)).toBe('0');
    // Kept values are shared by every request, so they are frozen.
    expect(Object.isFrozen(await small(0))).toBe(true);
  });
});
