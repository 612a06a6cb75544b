// The blog's data layer on a real SQLite file and a real PostgreSQL database. Every test starts from empty
// blog tables and builds what it reads (factories.ts), so the tests pass in any order (`--sequence.shuffle`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { buildCategoryTree, queryFeedPosts, queryPost, queryPostSlugs, queryPublishedPosts, queryTags, findCategoryInTree } from '../queries';
import { querySearch, querySearchPage } from '../search/query';
import { recompileOutdatedPosts, recompilePosts, updatePostSource, VersionConflictError } from '../posts';
import { isCurrentOutput } from '../../../lib/mdx/policy';
import { loadContent } from '../content';
import { addHiddenPosts, blogFactory, emptyBlog, seoulDay as day } from './factories';

const VISIBLE = ['gd-2', 'time', 'cnn', 'gd-1'];

/** Four visible posts in 딥러닝 › 최적화, 딥러닝 and python, and next to `cnn` the posts readers must not see. */
async function seed(db: Db) {
  const f = blogFactory(db);
  const dl = await f.category('딥러닝', { order: 1 });
  const opt = await f.category('최적화', { parentId: dl.id });
  const py = await f.category('python', { order: 2 });
  const tag = await f.tag('경사하강법');
  await f.post('gd-1', day('2019-11-17'), { categoryId: opt.id, tagIds: [tag.id] });
  await f.post('gd-2', day('2020-04-26'), { categoryId: opt.id, tagIds: [tag.id] });
  await f.post('cnn', day('2019-12-08'), { categoryId: dl.id });
  await f.post('time', day('2020-02-16'), { categoryId: py.id });
  // Just before and just after cnn, so a neighbour query that lets one through links to it.
  await addHiddenPosts(db, { categoryId: py.id, tagId: tag.id, around: day('2019-12-08') });
  return { dl, opt, py, tag };
}

describe.each(PROVIDERS)('blog data layer on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
  });
  beforeEach(async () => {
    await emptyBlog(db);
    await seed(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('counts published posts per category, parents including their children, hidden posts not at all', async () => {
    const tree = await buildCategoryTree(db);
    expect(tree.total).toBe(4);
    const [dl, py] = tree.roots;
    expect([dl.name, dl.count]).toEqual(['딥러닝', 3]);
    expect([dl.children[0].name, dl.children[0].count, dl.children[0].path]).toEqual(['최적화', 2, ['딥러닝', '최적화']]);
    expect([py.name, py.count]).toEqual(['python', 1]);
  });

  it('home lists published posts newest first, never drafts, future or uncompiled posts', async () => {
    const page = await queryPublishedPosts(db, {}, 1);
    expect(page.posts.map((p) => p.slug)).toEqual(VISIBLE);
    expect([page.total, page.pageCount]).toEqual([4, 1]);
    expect(page.posts[0].category).toEqual({ name: '최적화', path: ['딥러닝', '최적화'] });
    expect(page.posts[0].publishedAt).toBe('2020-04-26T03:00:00.000Z');
  });

  it('a category page holds its descendants\' posts, and no hidden post of its own', async () => {
    const tree = await buildCategoryTree(db);
    const dl = findCategoryInTree(tree, ['딥러닝'])!;
    expect((await queryPublishedPosts(db, { categoryIds: dl.ids }, 1)).posts.map((p) => p.slug)).toEqual(['gd-2', 'cnn', 'gd-1']);
    const py = findCategoryInTree(tree, ['python'])!;
    const python = await queryPublishedPosts(db, { categoryIds: py.ids }, 1);
    expect([python.posts.map((p) => p.slug), python.total]).toEqual([['time'], 1]);
    expect(findCategoryInTree(tree, ['없는-분류'])).toBeNull();
  });

  it('a tag page and the tag counts leave hidden posts out', async () => {
    const tagged = await queryPublishedPosts(db, { tagSlug: '경사하강법' }, 1);
    expect([tagged.posts.map((p) => p.slug), tagged.total]).toEqual([['gd-2', 'gd-1'], 2]);
    expect(await queryTags(db)).toEqual([{ name: '경사하강법', slug: '경사하강법', count: 2 }]);
  });

  it('a scheduled post whose time has come is listed before publish-scheduled marks it published', async () => {
    const py = await db.category.findUniqueOrThrow({ where: { slug: 'python' } });
    await blogFactory(db).post('due', new Date(Date.now() - 60_000), { status: 'scheduled', categoryId: py.id });
    expect((await queryPublishedPosts(db, {}, 1)).posts.map((p) => p.slug)).toEqual(['due', ...VISIBLE]);
    expect((await queryPost(db, 'due'))?.slug).toBe('due');
  });

  it('every row carries the fields its page shows, and the feed, sitemap and search keep to them', async () => {
    const gd2 = { slug: 'gd-2', title: 'gd-2', excerpt: '', publishedAt: '2020-04-26T03:00:00.000Z', readingMinutes: 1, category: { name: '최적화', path: ['딥러닝', '최적화'] } };
    // With the comments app installed a list row also carries its approved comments (none here).
    const { comments, ...listed } = (await queryPublishedPosts(db, {}, 1)).posts[0];
    expect(listed).toEqual(gd2);
    expect([undefined, 0]).toContain(comments);
    // Search adds its score and marked title and passage to the same summary.
    expect((await querySearch(db, '  gd-2  ')).map(({ score, titleParts, snippet, ...summary }) => [summary, score > 1, titleParts, snippet])).toEqual([
      [gd2, true, [{ text: 'gd-2', hit: true }], [{ text: 'gd-2', hit: true }, { text: ' 본문', hit: false }]],
    ]);
    expect(await querySearch(db, '   ')).toEqual([]);
    const row = await db.post.findUniqueOrThrow({ where: { slug: 'gd-2' } });
    expect((await queryFeedPosts(db))[0]).toEqual({ slug: 'gd-2', title: 'gd-2', excerpt: '', publishedAt: row.publishedAt, updatedAt: row.updatedAt, category: { name: '최적화' }, tags: [{ name: '경사하강법' }] });
    expect((await queryPostSlugs(db))[0]).toEqual({ slug: 'gd-2', updatedAt: row.updatedAt });
    // Another tag on cnn: a tag page holds only its own tag's posts.
    const other = await blogFactory(db).tag('합성곱');
    await db.post.update({ where: { slug: 'cnn' }, data: { tags: { connect: [{ id: other.id }] } } });
    expect((await queryPublishedPosts(db, { tagSlug: '경사하강법' }, 1)).posts.map((p) => p.slug)).toEqual(['gd-2', 'gd-1']);
    const cnn = await queryPost(db, 'cnn');
    expect([cnn?.title, cnn?.category, cnn?.tags]).toEqual(['cnn', { name: '딥러닝', path: ['딥러닝'] }, [{ name: '합성곱', slug: '합성곱' }]]);
  });

  it('neighbours are the nearest posts in time, ties broken by id', async () => {
    const f = blogFactory(db);
    const cnnAt = (await db.post.findUniqueOrThrow({ where: { slug: 'cnn' } })).publishedAt!;
    await f.post('older', day('2019-01-01'));
    await f.post('twin', cnnAt);
    await f.post('triplet', cnnAt);
    const cnn = await queryPost(db, 'cnn');
    expect([cnn?.previous, cnn?.next]).toEqual([{ slug: 'gd-1', title: 'gd-1' }, { slug: 'twin', title: 'twin' }]);
    const twin = await queryPost(db, 'twin');
    expect([twin?.previous, twin?.next]).toEqual([{ slug: 'cnn', title: 'cnn' }, { slug: 'triplet', title: 'triplet' }]);
    const triplet = await queryPost(db, 'triplet');
    expect([triplet?.previous, triplet?.next]).toEqual([{ slug: 'twin', title: 'twin' }, { slug: 'time', title: 'time' }]);
    expect((await queryPost(db, 'gd-1'))?.previous).toEqual({ slug: 'older', title: 'older' });
  });

  it('a tag whose only posts are hidden is not listed', async () => {
    const f = blogFactory(db);
    const lonely = await f.tag('외로운');
    await f.post('lonely-draft', day('2020-01-01'), { status: 'draft', tagIds: [lonely.id] });
    await f.post('lonely-uncompiled', day('2020-01-02'), { compiledCode: '', compileError: 'x', tagIds: [lonely.id] });
    expect((await queryTags(db)).map((t) => t.slug)).toEqual(['경사하강법']);
  });

  it('gives a post with its visible neighbours, and nothing for hidden posts', async () => {
    const post = await queryPost(db, 'cnn');
    expect([post?.previous?.slug, post?.next?.slug]).toEqual(['gd-1', 'time']);
    expect((await queryPost(db, 'gd-2'))?.next).toBeNull();
    expect((await queryPost(db, 'gd-1'))?.previous).toBeNull();
    for (const slug of ['hidden-draft', 'hidden-scheduled', 'hidden-future-published', 'hidden-uncompiled', 'no-such-post']) {
      expect(await queryPost(db, slug), slug).toBeNull();
    }
  });

  it('the feed and the sitemap list only what readers can open', async () => {
    expect((await queryFeedPosts(db)).map((p) => p.slug)).toEqual(VISIBLE);
    expect((await queryFeedPosts(db, 2)).map((p) => p.slug)).toEqual(['gd-2', 'time']);
    expect((await queryPostSlugs(db)).map((p) => p.slug)).toEqual(VISIBLE);
  });

  it('search finds visible posts only', async () => {
    expect((await querySearch(db, 'GD-2')).map((p) => p.slug)).toEqual(['gd-2']);
    expect((await querySearch(db, '본문')).map((p) => p.slug).sort()).toEqual([...VISIBLE].sort());
    expect(await querySearch(db, '숨은')).toEqual([]);
    expect(await querySearch(db, 'hidden')).toEqual([]);
  });

  it('a post whose new source fails to compile stays listed with its last good output', async () => {
    const before = await db.post.findUniqueOrThrow({ where: { slug: 'time' } });
    const broken = await updatePostSource(db, 'time', before.version, '본문\n\n<Nope />\n');
    expect(broken.error?.message).toContain('<Nope /> is not a registered embed');
    expect((await queryPublishedPosts(db, {}, 1)).posts.map((p) => p.slug)).toEqual(VISIBLE);
    expect((await queryPost(db, 'time'))?.code).toBe(before.compiledCode);
  });

  it('pages ten posts at a time, and a page past the end is empty', async () => {
    const f = blogFactory(db);
    for (let i = 0; i < 8; i++) await f.post(`extra-${i}`, day(`2018-01-${String(i + 10)}`));
    const first = await queryPublishedPosts(db, {}, 1);
    const second = await queryPublishedPosts(db, {}, 2);
    expect([first.posts.length, second.posts.length, first.pageCount, second.pageCount, first.total]).toEqual([10, 2, 2, 2, 12]);
    expect(new Set([...first.posts, ...second.posts].map((p) => p.slug)).size).toBe(12);
    expect(second.posts.map((p) => p.slug)).toEqual(['extra-1', 'extra-0']);
    const past = await queryPublishedPosts(db, {}, 3);
    expect([past.posts, past.pageCount]).toEqual([[], 2]);
  });

  it('recompiles posts whose rows were written without compiling (loaddata)', async () => {
    const py = await db.category.findUniqueOrThrow({ where: { slug: 'python' } });
    await db.post.create({ data: { slug: 'raw', title: 'raw', categoryId: py.id, status: 'published', publishedAt: day('2017-01-01'), source: '## 원시\n\n$a^2$ 본문\n' } });
    await db.post.create({ data: { slug: 'raw-bad', title: 'raw bad', status: 'draft', source: '<Nope />\n' } });
    // Until it is compiled, a row loaded without output is not shown anywhere.
    expect((await queryPublishedPosts(db, {}, 1)).total).toBe(4);
    const result = await recompilePosts(db, ['raw', 'raw-bad', 'ghost']);
    expect(result).toEqual({ compiled: ['raw'], failed: [{ slug: 'raw-bad', error: expect.stringContaining('<Nope /> is not a registered embed') }], missing: ['ghost'] });
    const raw = await db.post.findUniqueOrThrow({ where: { slug: 'raw' } });
    expect(raw.compiledCode).toContain('katex');
    expect(JSON.parse(raw.toc)).toEqual([{ depth: 2, text: '원시', id: '원시' }]);
    expect((await queryPublishedPosts(db, {}, 1)).posts.map((p) => p.slug)).toEqual([...VISIBLE, 'raw']);
  });

  it('search ignores case for text saved through the real save path', async () => {
    // Title and body differ, so only the stored search text can match the body's words.
    const before = await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } });
    const saved = await updatePostSource(db, 'gd-1', before.version, '## Momentum\n\nGradient Descent with NESTEROV momentum.\n');
    expect(saved.error).toBeNull();
    for (const query of ['nesterov', 'Nesterov', 'NESTEROV', 'gradient descent', 'Gradient Descent']) {
      // First, matching every word; other posts may follow through a synonym (gradient descent ↔ its tag 경사하강법).
      const found = await querySearchPage(db, query);
      expect([found.hits[0]?.slug, Math.floor(found.hits[0]?.score ?? 0)], query).toEqual(['gd-1', found.words.length]);
    }
  });

  it('locks optimistically and keeps the last good output when a new source fails to compile', async () => {
    const before = await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } });
    const good = await updatePostSource(db, 'gd-1', before.version, '## 제목\n\n본문 $x^2$\n');
    expect(good.error).toBeNull();
    const compiled = await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } });
    expect(compiled.version).toBe(before.version + 1);
    expect(compiled.compiledCode).toContain('katex');
    await expect(updatePostSource(db, 'gd-1', before.version, '다른 편집')).rejects.toBeInstanceOf(VersionConflictError);
    const broken = await updatePostSource(db, 'gd-1', compiled.version, '본문\n\n<Nope />\n');
    expect(broken.error?.line).toBe(3);
    const after = await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } });
    expect(after.compiledCode).toBe(compiled.compiledCode);
    expect(after.compileError).toContain('<Nope /> is not a registered embed');
    expect(after.source).toContain('<Nope />');
  });

  it('recompiles the posts an older compiler stored as JavaScript, once, and never runs that code', async () => {
    await db.post.create({ data: { slug: 'old-js', title: 'old', status: 'published', publishedAt: day('2016-01-01'), source: '## 예전\n\n본문 $y$\n', compiledCode: 'globalThis.__oldPostRan = 1; return {default: () => null}' } });
    const current = await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } });
    expect(isCurrentOutput(current.compiledCode)).toBe(true);
    const result = await recompileOutdatedPosts(db);
    expect(result.compiled).toContain('old-js');
    expect(result.compiled).not.toContain('gd-1');
    const old = await db.post.findUniqueOrThrow({ where: { slug: 'old-js' } });
    expect(isCurrentOutput(old.compiledCode)).toBe(true);
    expect(JSON.parse(old.toc)).toEqual([{ depth: 2, text: '예전', id: '예전' }]);
    expect((globalThis as { __oldPostRan?: number }).__oldPostRan).toBeUndefined();
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'gd-1' } })).version).toBe(current.version);
    expect(await recompileOutdatedPosts(db)).toEqual({ compiled: [], failed: [], missing: [] });
  });

  it('brings posts stored in the previous hast format to the current markup (code headers, math regions), once', async () => {
    // What a row written before the upgrade looks like: format 1, a bare katex-display and a code figure with no header.
    const before = JSON.stringify({ format: 'manifold-hast/1', tree: { type: 'root', children: [{ type: 'element', tagName: 'span', properties: { className: ['katex-display'] }, children: [] }] } });
    await db.post.create({ data: { slug: 'hast-1', title: 'v1', status: 'published', publishedAt: day('2017-01-01'), source: '## 수식\n\n$$\nx^2\n$$\n\n```python\nprint(1)\n```\n', compiledCode: before } });
    expect(isCurrentOutput(before)).toBe(false);
    const result = await recompileOutdatedPosts(db);
    expect(result.compiled).toEqual(['hast-1']);
    const after = await db.post.findUniqueOrThrow({ where: { slug: 'hast-1' } });
    expect(isCurrentOutput(after.compiledCode)).toBe(true);
    expect(after.version).toBe(2);
    expect(after.compiledCode).toContain('"className":["math-display"],"role":"group","tabIndex":0');
    expect(after.compiledCode).toContain('"className":["code-lang"]},"children":[{"type":"text","value":"Python"}]');
    expect(await recompileOutdatedPosts(db)).toEqual({ compiled: [], failed: [], missing: [] });
  });
});

describe.each(PROVIDERS)('loadcontent on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let dir: string;

  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
  });
  // A fresh content folder and empty tables for every test: none depends on what another loaded.
  beforeEach(async () => {
    await emptyBlog(db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-content-'));
    write('categories.json', JSON.stringify([{ name: '딥러닝', slug: '딥러닝' }, { name: '최적화', slug: '최적화', parent: '딥러닝' }]));
    write('good.mdx', '---\ntitle: 좋은 글\ndate: 2020-02-16T15:15:00+09:00\ncategory: 딥러닝/최적화\ntags: [a, b]\nsummary: 요약입니다\n---\n본문 $x$\n');
    write('starter.md', '---\ntitle: Starter blog post\ndate: 2021-01-12\ntags: [next-js]\ndraft: false\nsummary: From tailwind-nextjs-starter-blog\nlastmod: 2021-02-01\n---\nHello\n');
    write('draft.mdx', '---\ntitle: 초안\ndate: 2020-01-01\ndraft: true\n---\n아직\n');
    write('bad-yaml.mdx', '---\ntitle: [unclosed\n---\n본문\n');
    write('no-category.mdx', '---\ntitle: 분류 없음\ndate: 2020-01-01\ncategory: 없는분류\n---\n본문\n');
    write('dupe.mdx', '---\ntitle: 중복\nslug: good\ndate: 2020-01-01\n---\n본문\n');
    write('broken.mdx', '---\ntitle: 깨진 글\ndate: 2020-01-01\n---\n본문\n\n{ 닫히지 않음\n');
    write('no-date.mdx', '---\ntitle: 날짜 없음\n---\n본문\n');
    fs.mkdirSync(path.join(dir, 'nested'));
    write('nested/part-1.mdx', "---\ntitle: Multi-part post\ndate: '2021-03-01'\ndraft: 'false'\n---\nPart one\n");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('loads the good files, names each bad file with its problem, and loads nothing of it', async () => {
    const report = await loadContent(db, dir);
    expect(report.created.map((f) => path.basename(f)).sort()).toEqual(['draft.mdx', 'good.mdx', 'part-1.mdx', 'starter.md']);
    const problems = Object.fromEntries(report.failed.map((f) => [path.basename(f.file), f.problem]));
    expect(Object.keys(problems).sort()).toEqual(['bad-yaml.mdx', 'broken.mdx', 'dupe.mdx', 'no-category.mdx', 'no-date.mdx']);
    expect(problems['no-category.mdx']).toContain('category "없는분류" does not exist');
    expect(problems['dupe.mdx']).toContain('duplicate slug "good"');
    expect(problems['broken.mdx']).toMatch(/^MDX error at line 8, column 1: Unexpected end of file in expression, expected a corresponding closing brace/);
    expect(problems['bad-yaml.mdx']).toContain('not valid YAML');
    expect(problems['no-date.mdx']).toContain('date');
    expect(await db.post.count()).toBe(4);

    const good = await db.post.findUniqueOrThrow({ where: { slug: 'good' }, include: { tags: true, category: true } });
    expect([good.status, good.category?.slug, good.excerpt, good.tags.map((t) => t.name).sort()]).toEqual(['published', '최적화', '요약입니다', ['a', 'b']]);
    expect(good.publishedAt?.toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'draft' } })).status).toBe('draft');
    const starter = await db.post.findUniqueOrThrow({ where: { slug: 'starter' } });
    expect(starter.excerpt).toBe('From tailwind-nextjs-starter-blog');
    // A bare YAML date is that day at midnight in Seoul, like a quoted one.
    expect(starter.publishedAt?.toISOString()).toBe('2021-01-11T15:00:00.000Z');
    const nested = await db.post.findUniqueOrThrow({ where: { slug: 'nested-part-1' } });
    expect([nested.status, nested.publishedAt?.toISOString()]).toEqual(['published', '2021-02-28T15:00:00.000Z']);
  });

  it('is idempotent: a second run changes nothing', async () => {
    await loadContent(db, dir);
    const versions = await db.post.findMany({ select: { slug: true, version: true }, orderBy: { slug: 'asc' } });
    expect(versions.map((v) => v.version)).toEqual([1, 1, 1, 1]);
    const report = await loadContent(db, dir);
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toHaveLength(4);
    expect(await db.post.findMany({ select: { slug: true, version: true }, orderBy: { slug: 'asc' } })).toEqual(versions);
  });

  it('updates a changed file in place', async () => {
    await loadContent(db, dir);
    write('good.mdx', '---\ntitle: 좋은 글 (수정)\ndate: 2020-02-16T15:15:00+09:00\ncategory: 딥러닝\ntags: [a]\n---\n고친 본문\n');
    const report = await loadContent(db, dir);
    expect(report.updated.map((f) => path.basename(f))).toEqual(['good.mdx']);
    const good = await db.post.findUniqueOrThrow({ where: { slug: 'good' }, include: { tags: true, category: true } });
    expect([good.title, good.category?.slug, good.tags.map((t) => t.name), good.version]).toEqual(['좋은 글 (수정)', '딥러닝', ['a'], 2]);
  });

  it('compiles again a file whose source is unchanged but whose stored output an older compiler made', async () => {
    await loadContent(db, dir);
    await db.post.update({ where: { slug: 'starter' }, data: { compiledCode: 'return {default: () => null}' } });
    const report = await loadContent(db, dir);
    expect(report.updated.map((f) => path.basename(f))).toEqual(['starter.md']);
    expect(isCurrentOutput((await db.post.findUniqueOrThrow({ where: { slug: 'starter' } })).compiledCode)).toBe(true);
  });

  it('stores search text so that a search in any case finds a post loaded from a file', async () => {
    write('search.mdx', '---\ntitle: 검색\ndate: 2020-03-01T10:00:00+09:00\n---\nThe Adam Optimizer keeps MOVING averages.\n');
    await loadContent(db, dir);
    for (const query of ['adam optimizer', 'Adam Optimizer', 'moving averages', 'MOVING']) {
      const found = await querySearchPage(db, query);
      expect([found.hits[0]?.slug, Math.floor(found.hits[0]?.score ?? 0)], query).toEqual(['search', found.words.length]);
    }
    // The draft loaded with it is not found, even by its own words.
    expect(await querySearch(db, '아직')).toEqual([]);
  });
});
