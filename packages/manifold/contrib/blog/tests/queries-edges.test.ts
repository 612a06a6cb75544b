// The reader queries at their edges, on real SQLite and PostgreSQL: category order and nested paths, empty listings,
// same-instant posts, every field of a post page, reading "as of" a time, default limits and long searches.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { buildCategoryTree, findCategoryInTree, queryFeedPosts, queryPost, queryPublishedPosts, queryTags } from '../queries';
import { querySearch } from '../search/query';
import { blogFactory, emptyBlog, seoulDay as day } from './factories';

describe.each(PROVIDERS)('reader queries at their edges on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
  });
  beforeEach(async () => {
    await emptyBlog(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('orders categories by their order, then by name, and counts 0 for a category without posts', async () => {
    const f = blogFactory(db);
    const b = await f.category('b', { order: 1 });
    const a = await f.category('a', { order: 1 });
    const c = await f.category('c', { order: 0 });
    const d = await f.category('d', { parentId: b.id });
    await db.category.update({ where: { id: b.id }, data: { description: 'about b' } });
    await f.post('in-b', day('2020-01-01'), { categoryId: b.id });
    const tree = await buildCategoryTree(db);
    const node = (cat: { id: number; name: string }, path: string[], count: number, children: unknown[] = [], description = '') => ({
      id: cat.id, name: cat.name, slug: cat.name, description, path, count, children,
    });
    expect(tree).toEqual({
      total: 1,
      roots: [node(c, ['c'], 0), node(a, ['a'], 0), node(b, ['b'], 1, [node(d, ['b', 'd'], 0)], 'about b')],
    });
    expect(findCategoryInTree(tree, ['b', 'd'])).toEqual({ node: tree.roots[2].children[0], ids: [d.id] });
    expect(findCategoryInTree(tree, ['b'])?.ids).toEqual([b.id, d.id]);
    // A path is matched whole: the child alone, or its slugs run together, name nothing.
    expect(findCategoryInTree(tree, ['d'])).toBeNull();
    expect(findCategoryInTree(tree, ['bd'])).toBeNull();
  });

  it('an empty listing is page 1 of 1 with no posts', async () => {
    const empty = await blogFactory(db).category('empty');
    expect(await queryPublishedPosts(db, { categoryIds: [empty.id] }, 1)).toEqual({ posts: [], page: 1, pageCount: 1, total: 0 });
    expect(await queryPublishedPosts(db, { tagSlug: 'no-such-tag' }, 1)).toEqual({ posts: [], page: 1, pageCount: 1, total: 0 });
  });

  it('lists posts published at the same instant newest row first, and pages them without loss', async () => {
    const f = blogFactory(db);
    const at = day('2020-05-05');
    for (let i = 0; i < 11; i++) await f.post(`same-${String(i).padStart(2, '0')}`, at);
    const first = await queryPublishedPosts(db, {}, 1);
    const second = await queryPublishedPosts(db, {}, 2);
    expect(first.posts.map((p) => p.slug)).toEqual(Array.from({ length: 10 }, (_, i) => `same-${String(10 - i).padStart(2, '0')}`));
    expect([second.posts.map((p) => p.slug), second.page, second.pageCount, second.total]).toEqual([['same-00'], 2, 2, 11]);
  });

  it('a post page carries its id, version, outputs, dates, SEO fields, and its tags by name', async () => {
    const f = blogFactory(db);
    const zeta = await f.tag('zeta');
    const alpha = await f.tag('alpha');
    const cat = await f.category('notes');
    const created = await f.post('full', day('2021-06-01'), { categoryId: cat.id, tagIds: [zeta.id, alpha.id] });
    const row = await db.post.update({
      where: { id: created.id },
      data: {
        excerpt: 'short',
        readingMinutes: 7,
        version: 3,
        toc: JSON.stringify([{ depth: 2, text: '시작', id: '시작' }]),
        embeds: JSON.stringify(['Chart']),
        seoTitle: 'SEO title',
        seoDescription: 'SEO description',
        coverImage: '/media/cover.png',
      },
    });
    expect(await queryPost(db, 'full')).toEqual({
      slug: 'full',
      title: 'full',
      excerpt: 'short',
      publishedAt: day('2021-06-01').toISOString(),
      readingMinutes: 7,
      revisedAt: null,
      category: { name: 'notes', path: ['notes'] },
      id: row.id,
      version: 3,
      code: row.compiledCode,
      toc: [{ depth: 2, text: '시작', id: '시작' }],
      embeds: ['Chart'],
      updatedAt: row.updatedAt.toISOString(),
      tags: [{ name: 'alpha', slug: 'alpha' }, { name: 'zeta', slug: 'zeta' }],
      seoTitle: 'SEO title',
      seoDescription: 'SEO description',
      coverImage: '/media/cover.png',
      previous: null,
      next: null,
    });
  });

  it('a post read as of an earlier time is hidden if published later, and links no neighbour published later', async () => {
    const f = blogFactory(db);
    await f.post('early', day('2020-01-01'));
    await f.post('late', day('2020-03-01'));
    const between = day('2020-02-01');
    expect(await queryPost(db, 'late', between)).toBeNull();
    expect((await queryPost(db, 'early', between))?.next).toBeNull();
    expect((await queryPost(db, 'early'))?.next).toEqual({ slug: 'late', title: 'late' });
  });

  it('lists tags by name with their visible counts', async () => {
    const f = blogFactory(db);
    const z = await f.tag('zz');
    const a = await f.tag('aa');
    await f.post('one', day('2020-01-01'), { tagIds: [z.id, a.id] });
    await f.post('two', day('2020-01-02'), { tagIds: [z.id] });
    expect(await queryTags(db)).toEqual([{ name: 'aa', slug: 'aa', count: 1 }, { name: 'zz', slug: 'zz', count: 2 }]);
  });

  it('the feed and search give 20 posts unless asked for another number', async () => {
    const f = blogFactory(db);
    for (let i = 0; i < 21; i++) await f.post(`p-${String(i).padStart(2, '0')}`, day(`2020-01-${String(i + 1).padStart(2, '0')}`));
    const feed = await queryFeedPosts(db);
    expect([feed.length, feed[0].slug, feed[19].slug]).toEqual([20, 'p-20', 'p-01']);
    const found = await querySearch(db, '본문');
    expect([found.length, found[0].slug, found[19].slug]).toEqual([20, 'p-20', 'p-01']);
    expect((await querySearch(db, '본문', 21)).length).toBe(21);
  });

  it('search reads the first 100 characters of a query, trimmed, and matches titles as written', async () => {
    const f = blogFactory(db);
    const long = 'x'.repeat(100);
    await f.post('long', day('2020-01-01'), { title: `${long} title`, searchText: long });
    // The query goes on past what is stored; only its first 100 characters are looked for.
    expect((await querySearch(db, `  ${long}yyyy`)).map((p) => p.slug)).toEqual(['long']);
    // A title in mixed case is found as it is written even when its search text does not hold it.
    await f.post('cased', day('2020-01-02'), { title: 'Mixed Case Title', searchText: 'unrelated' });
    expect((await querySearch(db, ' Mixed Case ')).map((p) => p.slug)).toEqual(['cased']);
  });
});
