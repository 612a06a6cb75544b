// Only what compiles is published: a post loaded by loaddata (loadData, in process) whose source does not compile is
// absent from every reader surface — lists (home, category, tag), the sidebar's counts, the tag cloud, previous/next,
// the series box, related posts, the feeds, the sitemap, search and its own page (and so its OG card, which reads
// the same query) — while it is still there for `manage blog errors` and the admin's 컴파일 오류 filter. Once its
// source is fixed and compiled it appears on each of them (the control that shows each assertion can fail).
// Real SQLite and PostgreSQL, the real compiler.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { flushData, loadData } from '../../../lib/manage/fixtures';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import type { CurrentUser } from '../../accounts/auth';
import * as admin from '../../admin/core';
import { reportCompileErrors } from '../commands';
import { postCompileProblems, recompilePosts } from '../posts';
import { buildCategoryTree, findCategoryInTree, queryFeedPosts, queryPost, queryPostSlugs, queryPublishedPosts, queryTags } from '../queries';
import { querySearch } from '../search/query';
import { queryFeed, querySitemap } from '../seo-queries';

const post = (pk: number, slug: string, day: string, source: string, extra: Record<string, unknown> = {}) => ({
  model: 'blog.post',
  pk,
  fields: { title: `제목 ${slug}`, slug, source, status: 'published', publishedAt: `${day}T12:00:00+09:00`, category: 1, tags: [1], ...extra },
});
const FIXTURE = [
  { model: 'blog.category', pk: 1, fields: { name: '딥러닝', slug: 'dl' } },
  { model: 'blog.category', pk: 2, fields: { name: '외딴곳', slug: 'lonely' } },
  { model: 'blog.tag', pk: 1, fields: { name: '공통', slug: 'shared' } },
  { model: 'blog.tag', pk: 2, fields: { name: '고장', slug: 'onlybroken' } },
  { model: 'blog.series', pk: 1, fields: { title: '연재', slug: 'series' } },
  post(1, 'a', '2020-01-01', '첫 글 본문 alpha', { series: 1, seriesOrder: 1 }),
  // Between a and c in time, in their series, sharing their tag: every neighbour query would find it.
  post(2, 'broken', '2020-01-02', '본문 brokenword\n\n<Nope />\n', { series: 1, seriesOrder: 2, tags: [1, 2] }),
  post(3, 'c', '2020-01-03', '셋째 글 본문 gamma', { series: 1, seriesOrder: 3 }),
  post(4, 'd', '2020-01-04', '넷째 글 본문 delta'),
  // Alone in its category: the sidebar must not count it.
  post(5, 'broken-lonely', '2020-01-05', '{nope(1)}', { category: 2, tags: [2] }),
];
const BROKEN = ['broken', 'broken-lonely'];

describe.each(PROVIDERS)('only what compiles is published, on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    admin.setAdminDatabase(db);
  });
  beforeEach(async () => {
    await flushData(db as never);
    await loadData(db as never, FIXTURE);
    const { compiled, failed } = await recompilePosts(db);
    expect(compiled.sort()).toEqual(['a', 'c', 'd']);
    expect(failed.map((f) => f.slug).sort()).toEqual(BROKEN);
  });
  afterAll(async () => {
    admin.setAdminDatabase(null);
    await db?.$disconnect();
    await database?.drop();
  });

  /** Every reader surface's slugs (or names), as one object, so a fix shows on each at once. */
  async function surfaces() {
    const tree = await buildCategoryTree(db);
    const dl = findCategoryInTree(tree, ['dl'])!;
    const lonely = findCategoryInTree(tree, ['lonely'])!;
    const slugs = (list: { slug: string }[] | undefined | null) => (list ?? []).map((p) => p.slug).sort();
    const [a, c, d] = [await queryPost(db, 'a'), await queryPost(db, 'c'), await queryPost(db, 'd')];
    const sitemap = await querySitemap(db);
    return {
      home: slugs((await queryPublishedPosts(db, {}, 1)).posts),
      category: slugs((await queryPublishedPosts(db, { categoryIds: dl.ids }, 1)).posts),
      tag: slugs((await queryPublishedPosts(db, { tagSlug: 'shared' }, 1)).posts),
      counts: { total: tree.total, dl: dl.node.count, lonely: lonely.node.count },
      tagCloud: (await queryTags(db)).map((t) => `${t.slug}:${t.count}`),
      neighbours: [a?.next?.slug, c?.previous?.slug],
      series: a?.series?.posts.map((p) => p.slug),
      related: slugs(d?.related),
      ownPages: BROKEN.map(async (s) => Boolean(await queryPost(db, s))),
      feed: slugs((await queryFeed(db, { kind: 'site' }))?.posts),
      tagFeed: slugs((await queryFeed(db, { kind: 'tag', slug: 'onlybroken' }))?.posts),
      feedPosts: slugs(await queryFeedPosts(db)),
      sitemap: { posts: slugs(sitemap.posts), tags: sitemap.tags.map((t) => t.slug), categories: sitemap.categories.map((x) => x.path.join('/')) },
      postSlugs: slugs(await queryPostSlugs(db)),
      search: slugs(await querySearch(db, 'brokenword')),
    };
  }
  const resolve = async (s: Awaited<ReturnType<typeof surfaces>>) => ({ ...s, ownPages: await Promise.all(s.ownPages) });

  it('a published post whose source does not compile is on no reader surface', async () => {
    expect(await resolve(await surfaces())).toEqual({
      home: ['a', 'c', 'd'],
      category: ['a', 'c', 'd'],
      tag: ['a', 'c', 'd'],
      counts: { total: 3, dl: 3, lonely: 0 },
      tagCloud: ['shared:3'],
      neighbours: ['c', 'a'],
      series: ['a', 'c'],
      related: ['a', 'c'],
      ownPages: [false, false],
      feed: ['a', 'c', 'd'],
      tagFeed: [],
      feedPosts: ['a', 'c', 'd'],
      sitemap: { posts: ['a', 'c', 'd'], tags: ['shared'], categories: ['dl'] },
      postSlugs: ['a', 'c', 'd'],
      search: [],
    });
  });

  it('once fixed and compiled, the post is on each of them (the control)', async () => {
    await db.post.update({ where: { slug: 'broken' }, data: { source: '본문 brokenword' } });
    await db.post.update({ where: { slug: 'broken-lonely' }, data: { source: '외딴 글' } });
    expect((await recompilePosts(db, BROKEN)).failed).toEqual([]);
    expect(await resolve(await surfaces())).toEqual({
      home: ['a', 'broken', 'broken-lonely', 'c', 'd'],
      category: ['a', 'broken', 'c', 'd'],
      tag: ['a', 'broken', 'c', 'd'],
      counts: { total: 5, dl: 4, lonely: 1 },
      tagCloud: ['onlybroken:2', 'shared:4'],
      neighbours: ['broken', 'broken'],
      series: ['a', 'broken', 'c'],
      related: ['a', 'broken', 'broken-lonely', 'c'],
      ownPages: [true, true],
      feed: ['a', 'broken', 'broken-lonely', 'c', 'd'],
      tagFeed: ['broken', 'broken-lonely'],
      feedPosts: ['a', 'broken', 'broken-lonely', 'c', 'd'],
      sitemap: { posts: ['a', 'broken', 'broken-lonely', 'c', 'd'], tags: ['onlybroken', 'shared'], categories: ['dl', 'lonely'] },
      postSlugs: ['a', 'broken', 'broken-lonely', 'c', 'd'],
      search: ['broken'],
    });
  });

  it('manage blog errors lists them with status and line, exit 1; none left is exit 0', async () => {
    const { failed } = await postCompileProblems(db);
    expect(failed.map((p) => [p.slug, p.status, p.live])).toEqual([
      ['broken', 'published', false],
      ['broken-lonely', 'published', false],
    ]);
    expect(failed[0].error).toMatch(/^line 3, column 1: /);
    const out: string[] = [];
    const err: string[] = [];
    const run = () => reportCompileErrors(db, { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(await run()).toBe(1);
    expect(out[0]).toMatch(/^ {2}broken {2}\[published\] {2}line 3, column 1: .*Nope.* {2}\(never compiled: hidden from readers\)$/);
    expect(out.at(-1)).toBe('2 post(s) failed to compile.');
    expect(err).toEqual([]);
    await db.post.updateMany({ where: { slug: { in: BROKEN } }, data: { source: '고침' } });
    await recompilePosts(db, BROKEN);
    // A post loaded but not compiled yet is not an error, but is named (it is hidden until `blog recompile`).
    await loadData(db as never, [post(6, 'fresh', '2020-01-06', '새 글')]);
    out.length = 0;
    expect(await run()).toBe(0);
    expect(out).toEqual(['No post has a compile error.']);
    expect(err).toEqual(['Note: 1 published or scheduled post(s) have not been compiled yet (fresh): run `npm run manage -- blog recompile`.']);
  });

  it("the admin's post list filters by 컴파일 오류: 있음 / 없음", async () => {
    const ma = (await admin.getModelAdmin('blog', 'post'))!;
    const superuser: CurrentUser = { id: 1, email: 's@example.com', name: 's', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };
    const list = async (query: string) => admin.changeList(superuser, ma, new URLSearchParams(query));
    const all = await list('');
    const filter = all.filters.find((f) => f.field === 'compileError__isempty')!;
    expect([filter.label, filter.choices.map((c) => [c.label, c.query, c.selected])]).toEqual([
      '컴파일 오류',
      [
        ['전체', '', true],
        ['있음', '?compileError__isempty=0', false],
        ['없음', '?compileError__isempty=1', false],
      ],
    ]);
    const titles = async (query: string) => (await list(query)).rows.map((r) => r.cells[0].text).sort();
    expect(await titles('compileError__isempty=0')).toEqual(['제목 broken', '제목 broken-lonely']);
    expect(await titles('compileError__isempty=1')).toEqual(['제목 a', '제목 c', '제목 d']);
    const bad = await list('compileError__isempty=maybe');
    expect(bad.total).toBe(5);
    expect(bad.messages.join()).toContain('compileError__isempty');
    expect((await admin.changeList(superuser, ma, new URLSearchParams(''), { lang: 'en' })).filters.find((f) => f.field === 'compileError__isempty')?.label).toBe('Compile errors');
  });
});
