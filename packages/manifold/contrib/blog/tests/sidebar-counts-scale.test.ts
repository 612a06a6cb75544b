// Issue 13 (scale): a reader page's render does not count the posts table. The sidebar's counts (the category tree,
// the tag list) are read once and kept until a content purge while server.mjs's purge broadcast runs (data.ts), and
// the list pages take their total from those counts instead of counting the matching posts again (pages.ts). Checked
// on the statements Prisma sends (its query events), on SQLite and PostgreSQL, through the pages' getServerSideProps.
// Without the broadcast the counts come from the database's stored ones: stored-counts.test.ts.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../lib/db';
import { localBroadcast } from '../../../lib/server/broadcast.mjs';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { categoryPageProps, homePageProps } from '../pages';
import { addHiddenPosts, blogFactory, emptyBlog, loggedClient, seoulDay as day, pageContext as ctx } from './factories';

const g = globalThis as { __manifoldPurges?: unknown; __manifoldDb?: unknown };

/**
 * A statement that counts rows of the posts table (COUNT over Post, alone or joined, as the tree and tags do), as
 * either database quotes it ("Post" or `Post`); the comment counts of a listed page ("postId") are not one.
 */
const countsPosts = (sql: string) => /\bCOUNT\s*\(/i.test(sql) && /["`]Post["`]/.test(sql);

type ListProps = { result: { total: number; posts: { slug: string }[] }; chrome: { tree: { total: number } } };
const propsOf = (r: unknown) => (r as { props: ListProps }).props;

describe.each(PROVIDERS)('reader pages do not count the posts table per request, on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let statements: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    ({ db, statements } = loggedClient(database.target));
  });
  beforeEach(async () => {
    await emptyBlog(db);
    const f = blogFactory(db);
    const dl = await f.category('딥러닝', { order: 1 });
    const tag = await f.tag('경사하강법');
    await f.post('gd-1', day('2019-11-17'), { categoryId: dl.id, tagIds: [tag.id] });
    await f.post('gd-2', day('2020-04-26'), { categoryId: dl.id, tagIds: [tag.id] });
    await f.post('time', day('2020-02-16'));
    await addHiddenPosts(db, { categoryId: dl.id, tagId: tag.id, around: day('2019-12-08') });
    // As server.mjs runs the pages: the site's client is this one, and content changes are announced by a broadcast.
    g.__manifoldDb = db;
    g.__manifoldPurges = localBroadcast();
    statements.length = 0;
  });
  afterEach(() => {
    delete g.__manifoldPurges;
    delete g.__manifoldDb;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('the first render reads the counts; the next renders of the home and a category page read none, with the same totals', async () => {
    const first = propsOf(await homePageProps(ctx({ lang: 'ko' })));
    expect(first.result.total).toBe(3);
    expect(statements.filter(countsPosts).length).toBeGreaterThan(0);

    statements.length = 0;
    for (let i = 0; i < 3; i++) {
      const home = propsOf(await homePageProps(ctx({ lang: 'ko' })));
      expect([home.result.total, home.chrome.tree.total, home.result.posts.map((p) => p.slug)]).toEqual([3, 3, ['gd-2', 'time', 'gd-1']]);
      const category = propsOf(await categoryPageProps(ctx({ lang: 'ko', path: ['딥러닝'] })));
      expect([category.result.total, category.result.posts.map((p) => p.slug)]).toEqual([2, ['gd-2', 'gd-1']]);
    }
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter(countsPosts)).toEqual([]);
  });

  it('a content purge makes the next render count again, once, and show the change', async () => {
    await homePageProps(ctx({ lang: 'ko' }));
    await blogFactory(db).post('new', day('2021-01-01'));
    // Still the kept counts: nothing announced the change yet.
    expect(propsOf(await homePageProps(ctx({ lang: 'ko' }))).result.total).toBe(3);
    await (g.__manifoldPurges as ReturnType<typeof localBroadcast>).publish({ tags: ['blog:posts'], paths: [] });
    statements.length = 0;
    const after = propsOf(await homePageProps(ctx({ lang: 'ko' })));
    expect([after.result.total, after.result.posts[0].slug]).toEqual([4, 'new']);
    const counted = statements.filter(countsPosts).length;
    expect(counted).toBeGreaterThan(0);
    statements.length = 0;
    await homePageProps(ctx({ lang: 'ko' }));
    expect(statements.filter(countsPosts)).toEqual([]);
  });
});
