// Issue 13 (scale), without server.mjs (`next start`, Vercel): no purge broadcast says when content changed, so the
// sidebar's counts come from the PostCount rows (counts.ts). A render reads the posts table's stamp and the rows and
// counts no post; the posts are counted again, once, when a post is added, changed or deleted by any path (Prisma, raw
// SQL, a delete) or when a scheduled post's time comes with no write at all; another instance reads the rows a first
// one stored. Every figure is checked against counting the posts (queries.ts without stored counts), on SQLite and
// PostgreSQL, through the pages' getServerSideProps and the statements Prisma sends (its query events).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../lib/db';
import { sqlForMigration } from '../../../lib/migrations';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { storedCounts } from '../counts';
import { categoryPageProps, homePageProps } from '../pages';
import { buildCategoryTree, countVisible, queryTags } from '../queries';
import { addHiddenPosts, blogFactory, emptyBlog, loggedClient, seoulDay as day, pageContext as ctx } from './factories';

const g = globalThis as { __manifoldPurges?: unknown; __manifoldDb?: unknown };

/** A statement that counts visible posts (the tree's groupBy, the tags' counts): it filters on the compiled output. */
const counts = (sql: string) => /\bCOUNT\s*\(/i.test(sql) && /compiledCode/.test(sql);
/** The look at the posts table (posts-stamp.ts), and the read of the stored rows. */
const stamps = (sql: string) => /MAX\("updatedAt"\)/.test(sql);
const readsRows = (sql: string) => /^SELECT[\s\S]*FROM\s+\S*PostCount/.test(sql);

type Chrome = { tree: Awaited<ReturnType<typeof buildCategoryTree>>; tags: Awaited<ReturnType<typeof queryTags>> };
type ListProps = { result: { total: number }; chrome: Chrome };
const propsOf = (r: unknown) => (r as { props: ListProps }).props;
const flat = (c: Chrome) => ({
  total: c.tree.total,
  categories: c.tree.roots.flatMap(function walk(n): string[] {
    return [`${n.path.join('/')}:${n.count}`, ...n.children.flatMap(walk)];
  }),
  tags: c.tags.map((t) => `${t.slug}:${t.count}`),
});

describe.each(PROVIDERS)('without a purge broadcast, the stored counts, on %s', (provider) => {
  let database: TestDatabase;
  let a: ReturnType<typeof loggedClient>;
  let b: ReturnType<typeof loggedClient>;
  let db: Db;

  /** The home page as instance `on` renders it: its sidebar, flattened. */
  const render = async (on = a) => {
    g.__manifoldDb = on.db;
    const props = propsOf(await homePageProps(ctx({ lang: 'ko' })));
    expect(props.result.total).toBe(props.chrome.tree.total);
    return flat(props.chrome);
  };
  /** The same, counted from the posts. */
  const counted = async () => flat({ tree: await buildCategoryTree(db), tags: await queryTags(db) });
  const clear = () => {
    a.statements.length = 0;
    b.statements.length = 0;
  };

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    a = loggedClient(database.target);
    b = loggedClient(database.target);
    db = a.db;
  });
  beforeEach(async () => {
    await emptyBlog(db);
    await db.postCount.deleteMany();
    const f = blogFactory(db);
    const dl = await f.category('딥러닝', { order: 1 });
    const opt = await f.category('최적화', { parentId: dl.id });
    const tag = await f.tag('경사하강법');
    await f.tag('빈태그');
    await f.post('gd-1', day('2019-11-17'), { categoryId: opt.id, tagIds: [tag.id] });
    await f.post('gd-2', day('2020-04-26'), { categoryId: dl.id, tagIds: [tag.id] });
    await f.post('time', day('2020-02-16'));
    await addHiddenPosts(db, { categoryId: opt.id, tagId: tag.id, around: day('2019-12-08') });
    delete g.__manifoldPurges;
    clear();
  });
  afterEach(() => {
    delete g.__manifoldDb;
    vi.useRealTimers();
  });
  afterAll(async () => {
    await a?.db.$disconnect();
    await b?.db.$disconnect();
    await database?.drop();
  });

  it('the first render counts and stores; the next ones read the stamp and the rows and count nothing, with the same figures', async () => {
    const expected = { total: 3, categories: ['딥러닝:2', '딥러닝/최적화:1'], tags: ['경사하강법:2'] };
    expect(await counted()).toEqual(expected);
    clear();
    expect(await render()).toEqual(expected);
    expect(a.statements.filter(counts).length).toBeGreaterThan(0);
    clear();
    for (let i = 0; i < 3; i++) {
      expect(await render()).toEqual(expected);
      const category = propsOf(await categoryPageProps(ctx({ lang: 'ko', path: ['딥러닝'] })));
      expect(category.result.total).toBe(2);
    }
    expect(a.statements.filter(counts)).toEqual([]);
    // One stamp and one read of the rows per render (the tree and the tags share them).
    expect(a.statements.filter(stamps)).toHaveLength(6);
    expect(a.statements.filter(readsRows)).toHaveLength(6);
  });

  it('another instance reads the rows the first stored, counting nothing', async () => {
    const first = await render(a);
    clear();
    expect(await render(b)).toEqual(first);
    expect(b.statements.filter(readsRows)).toHaveLength(1);
    expect(b.statements.filter(counts)).toEqual([]);
  });

  it('a post added, unpublished, published, changed or deleted by any path is on the next read, counted once', async () => {
    await render();
    const f = blogFactory(db);
    const tag = await db.tag.findUniqueOrThrow({ where: { slug: '경사하강법' } });
    const dl = await db.category.findUniqueOrThrow({ where: { slug: '딥러닝' } });
    const steps: [string, () => Promise<unknown>, { total: number; categories: string[]; tags: string[] }][] = [
      ['added (Prisma)', () => f.post('new', day('2021-01-01'), { categoryId: dl.id, tagIds: [tag.id] }), { total: 4, categories: ['딥러닝:3', '딥러닝/최적화:1'], tags: ['경사하강법:3'] }],
      // As a shell or another program would: raw SQL that sets updatedAt.
      ['unpublished (raw SQL)', () => db.$executeRaw`UPDATE "Post" SET "status" = 'draft', "updatedAt" = ${new Date()} WHERE "slug" = 'gd-1'`, { total: 3, categories: ['딥러닝:2', '딥러닝/최적화:0'], tags: ['경사하강법:2'] }],
      ['published (raw SQL)', () => db.$executeRaw`UPDATE "Post" SET "status" = 'published', "updatedAt" = ${new Date()} WHERE "slug" = 'hidden-draft'`, { total: 4, categories: ['딥러닝:3', '딥러닝/최적화:1'], tags: ['경사하강법:3'] }],
      ['moved out of its category (Prisma)', () => db.post.update({ where: { slug: 'hidden-draft' }, data: { categoryId: null } }), { total: 4, categories: ['딥러닝:2', '딥러닝/최적화:0'], tags: ['경사하강법:3'] }],
      // With its version, as the editor, loadcontent and the importers change a post's tags.
      ['its tags taken off (Prisma)', () => db.post.update({ where: { slug: 'new' }, data: { tags: { set: [] }, version: { increment: 1 } } }), { total: 4, categories: ['딥러닝:2', '딥러닝/최적화:0'], tags: ['경사하강법:2'] }],
      ['deleted (raw SQL)', () => db.$executeRaw`DELETE FROM "Post" WHERE "slug" = 'gd-2'`, { total: 3, categories: ['딥러닝:1', '딥러닝/최적화:0'], tags: ['경사하강법:1'] }],
      ['deleted (Prisma)', () => db.post.delete({ where: { slug: 'new' } }), { total: 2, categories: ['딥러닝:0', '딥러닝/최적화:0'], tags: ['경사하강법:1'] }],
    ];
    for (const [what, change, expected] of steps) {
      await change();
      clear();
      expect(await render(), what).toEqual(expected);
      expect(a.statements.filter(counts).length, what).toBeGreaterThan(0);
      expect(await counted(), what).toEqual(expected);
      clear();
      expect(await render(b), what).toEqual(expected);
      expect(b.statements.filter(counts), what).toEqual([]);
    }
    // The raw write's date reads back as a date (the same format Prisma writes).
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } })).updatedAt).toBeInstanceOf(Date);
  });

  it('a scheduled post is counted when its time comes, with no write, and not counted again before', async () => {
    expect((await render()).total).toBe(3);
    vi.useFakeTimers({ toFake: ['Date'] });
    const scheduled = (await db.post.findUniqueOrThrow({ where: { slug: 'hidden-scheduled' } })).publishedAt!;
    vi.setSystemTime(scheduled.getTime() - 60_000);
    clear();
    expect((await render()).total).toBe(3);
    expect(a.statements.filter(counts)).toEqual([]);
    vi.setSystemTime(scheduled.getTime());
    expect(await render()).toEqual({ total: 4, categories: ['딥러닝:3', '딥러닝/최적화:2'], tags: ['경사하강법:3'] });
    expect(a.statements.filter(counts).length).toBeGreaterThan(0);
    expect(await counted()).toEqual(await render(b));
    clear();
    expect((await render(b)).total).toBe(4);
    expect(b.statements.filter(counts)).toEqual([]);
    // The post marked published with a date to come, a day later.
    vi.setSystemTime(scheduled.getTime() + 2 * 86_400_000);
    expect((await render(b)).total).toBe(5);
  });

  it('a category or tag deleted leaves the posts as they were, and the counts follow at once', async () => {
    await render();
    await db.category.delete({ where: { slug: '최적화' } });
    clear();
    // Its posts lose their category (SetNull) without a change of their own: the stored rows are kept, joined with
    // the categories as they are.
    expect(await render()).toEqual({ total: 3, categories: ['딥러닝:1'], tags: ['경사하강법:2'] });
    expect(a.statements.filter(counts)).toEqual([]);
    expect(await counted()).toEqual(await render());
    await db.tag.delete({ where: { slug: '경사하강법' } });
    expect(await render()).toEqual({ total: 3, categories: ['딥러닝:1'], tags: [] });
    expect(await counted()).toEqual(await render());
  });

  it('two instances counting at once both answer right and leave one consistent set of rows', async () => {
    await render();
    for (let i = 0; i < 3; i++) {
      await blogFactory(db).post(`race-${i}`, day('2022-01-01'));
      const [x, y] = await Promise.all([storedCounts(a.db), storedCounts(b.db)]);
      const live = await countVisible(db);
      expect(x).toEqual(live);
      expect(y).toEqual(live);
    }
    clear();
    const [x, y] = [await render(a), await render(b)];
    expect([...a.statements, ...b.statements].filter(counts)).toEqual([]);
    expect(x).toEqual(await counted());
    expect(y).toEqual(x);
    expect(x.total).toBe(6);
  });

  it('with the table not there yet (a framework upgrade before its migration), the pages count as before', async () => {
    await db.$executeRawUnsafe(`DROP TABLE "PostCount"`);
    try {
      expect(await render()).toEqual(await counted());
      expect((await render()).total).toBe(3);
    } finally {
      await db.$executeRawUnsafe(sqlForMigration(provider, 'post_counts'));
    }
  });
});
