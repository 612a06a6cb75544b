// The blog's data layer on a real SQLite file and a real PostgreSQL database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../tests/support/databases';
import { buildCategoryTree, queryPost, queryPublishedPosts, queryTags, querySearch, findCategoryInTree } from '../queries';
import { recompileOutdatedPosts, recompilePosts, updatePostSource, VersionConflictError } from '../posts';
import { isCurrentOutput } from '../../../lib/mdx/policy';
import { loadContent } from '../content';

const day = (d: string) => new Date(`${d}T12:00:00+09:00`);

async function seed(db: Db) {
  const dl = await db.category.create({ data: { name: '딥러닝', slug: '딥러닝', order: 1 } });
  const opt = await db.category.create({ data: { name: '최적화', slug: '최적화', parentId: dl.id } });
  const py = await db.category.create({ data: { name: 'python', slug: 'python', order: 2 } });
  const tag = await db.tag.create({ data: { name: '경사하강법', slug: '경사하강법' } });
  const post = (slug: string, categoryId: number, status: string, publishedAt: Date, extra: object = {}) =>
    db.post.create({
      data: { slug, title: slug, categoryId, status, publishedAt, compiledCode: 'return {default: () => null}', searchText: `${slug} 본문`, ...extra },
    });
  await post('gd-1', opt.id, 'published', day('2019-11-17'), { tags: { connect: [{ id: tag.id }] } });
  await post('gd-2', opt.id, 'published', day('2020-04-26'), { tags: { connect: [{ id: tag.id }] } });
  await post('cnn', dl.id, 'published', day('2019-12-08'));
  await post('time', py.id, 'published', day('2020-02-16'));
  await post('draft', py.id, 'draft', day('2020-01-01'), { tags: { connect: [{ id: tag.id }] } });
  await post('future', py.id, 'scheduled', new Date(Date.now() + 86_400_000));
}

describe.each(PROVIDERS)('blog data layer on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    await seed(db);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('counts published posts per category, parents including their children', async () => {
    const tree = await buildCategoryTree(db);
    expect(tree.total).toBe(4);
    const [dl, py] = tree.roots;
    expect([dl.name, dl.count]).toEqual(['딥러닝', 3]);
    expect([dl.children[0].name, dl.children[0].count, dl.children[0].path]).toEqual(['최적화', 2, ['딥러닝', '최적화']]);
    expect([py.name, py.count]).toEqual(['python', 1]);
  });

  it('lists published posts newest first and never drafts or future posts', async () => {
    const page = await queryPublishedPosts(db, {}, 1);
    expect(page.posts.map((p) => p.slug)).toEqual(['gd-2', 'time', 'cnn', 'gd-1']);
    expect(page.total).toBe(4);
    expect(page.posts[0].category).toEqual({ name: '최적화', path: ['딥러닝', '최적화'] });
  });

  it('filters by a category with its descendants, and by tag', async () => {
    const tree = await buildCategoryTree(db);
    const found = findCategoryInTree(tree, ['딥러닝'])!;
    expect((await queryPublishedPosts(db, { categoryIds: found.ids }, 1)).posts.map((p) => p.slug)).toEqual(['gd-2', 'cnn', 'gd-1']);
    expect((await queryPublishedPosts(db, { tagSlug: '경사하강법' }, 1)).posts.map((p) => p.slug)).toEqual(['gd-2', 'gd-1']);
    expect(findCategoryInTree(tree, ['없는-분류'])).toBeNull();
    expect(await queryTags(db)).toEqual([{ name: '경사하강법', slug: '경사하강법', count: 2 }]);
  });

  it('gives a post with its neighbours, and nothing for drafts or future posts', async () => {
    const post = await queryPost(db, 'cnn');
    expect(post?.previous?.slug).toBe('gd-1');
    expect(post?.next?.slug).toBe('time');
    expect(await queryPost(db, 'draft')).toBeNull();
    expect(await queryPost(db, 'future')).toBeNull();
    expect(await queryPost(db, 'no-such-post')).toBeNull();
  });

  it('pages ten posts at a time', async () => {
    const py = await db.category.findUniqueOrThrow({ where: { slug: 'python' } });
    for (let i = 0; i < 8; i++) {
      await db.post.create({ data: { slug: `extra-${i}`, title: `extra ${i}`, categoryId: py.id, status: 'published', publishedAt: day(`2018-01-${String(i + 10)}`), compiledCode: 'x' } });
    }
    const first = await queryPublishedPosts(db, {}, 1);
    const second = await queryPublishedPosts(db, {}, 2);
    expect([first.posts.length, second.posts.length, first.pageCount, first.total]).toEqual([10, 2, 2, 12]);
    expect(new Set([...first.posts, ...second.posts].map((p) => p.slug)).size).toBe(12);
  });

  it('recompiles posts whose rows were written without compiling (loaddata)', async () => {
    const py = await db.category.findUniqueOrThrow({ where: { slug: 'python' } });
    await db.post.create({ data: { slug: 'raw', title: 'raw', categoryId: py.id, status: 'published', publishedAt: day('2017-01-01'), source: '## 원시\n\n$a^2$ 본문\n' } });
    await db.post.create({ data: { slug: 'raw-bad', title: 'raw bad', status: 'draft', source: '<Nope />\n' } });
    const result = await recompilePosts(db, ['raw', 'raw-bad', 'ghost']);
    expect(result).toEqual({ compiled: ['raw'], failed: [{ slug: 'raw-bad', error: expect.stringContaining('<Nope /> is not a registered embed') }], missing: ['ghost'] });
    const raw = await db.post.findUniqueOrThrow({ where: { slug: 'raw' } });
    expect(raw.compiledCode).toContain('katex');
    expect(JSON.parse(raw.toc)).toEqual([{ depth: 2, text: '원시', id: '원시' }]);
    await db.post.deleteMany({ where: { slug: { in: ['raw', 'raw-bad'] } } });
  });

  it('finds posts by words of their text, ignoring case', async () => {
    expect((await querySearch(db, 'GD-2')).map((p) => p.slug)).toEqual(['gd-2']);
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

  // Last in this block: it recompiles every seeded row (their stored output is old-style JavaScript).
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
});

describe.each(PROVIDERS)('loadcontent on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let dir: string;

  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
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
    fs.rmSync(dir, { recursive: true, force: true });
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
    const versions = await db.post.findMany({ select: { slug: true, version: true }, orderBy: { slug: 'asc' } });
    const report = await loadContent(db, dir);
    expect(report.created).toEqual([]);
    expect(report.updated).toEqual([]);
    expect(report.unchanged).toHaveLength(4);
    expect(await db.post.findMany({ select: { slug: true, version: true }, orderBy: { slug: 'asc' } })).toEqual(versions);
  });

  it('updates a changed file in place', async () => {
    write('good.mdx', '---\ntitle: 좋은 글 (수정)\ndate: 2020-02-16T15:15:00+09:00\ncategory: 딥러닝\ntags: [a]\n---\n고친 본문\n');
    const report = await loadContent(db, dir);
    expect(report.updated.map((f) => path.basename(f))).toEqual(['good.mdx']);
    const good = await db.post.findUniqueOrThrow({ where: { slug: 'good' }, include: { tags: true, category: true } });
    expect([good.title, good.category?.slug, good.tags.map((t) => t.name), good.version]).toEqual(['좋은 글 (수정)', '딥러닝', ['a'], 2]);
  });

  it('compiles again a file whose source is unchanged but whose stored output an older compiler made', async () => {
    await db.post.update({ where: { slug: 'starter' }, data: { compiledCode: 'return {default: () => null}' } });
    const report = await loadContent(db, dir);
    expect(report.updated.map((f) => path.basename(f))).toEqual(['starter.md']);
    expect(isCurrentOutput((await db.post.findUniqueOrThrow({ where: { slug: 'starter' } })).compiledCode)).toBe(true);
  });
});
