// A post's series box and related posts (queries.ts querySeriesNav, queryRelatedPosts through queryPost), and series in
// content files (loadcontent → dumpcontent → loadcontent), on a real SQLite file and a real PostgreSQL database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { queryPost, queryRelatedPosts } from '../queries';
import { loadContent } from '../content';
import { exportContent } from '../content-export';
import { addHiddenPosts, blogFactory, emptyBlog, seoulDay as day } from './factories';

async function emptyAll(db: Db) {
  await emptyBlog(db);
  await db.series.deleteMany();
}

/** Writes posts as content files into a fresh folder: name → frontmatter lines. */
function contentDir(files: Record<string, string[]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-series-'));
  for (const [name, lines] of Object.entries(files)) fs.writeFileSync(path.join(dir, `${name}.mdx`), `---\n${lines.join('\n')}\n---\n\n${name} 본문입니다.\n`);
  return dir;
}

const LARGE_COLUMNS = ['source', 'compiledCode', 'searchText', 'draft', 'toc'];

/** Every key named in a select/include tree (true or nested), to see which columns a query reads. */
function selectedKeys(args: unknown): string[] {
  if (!args || typeof args !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    if ((key === 'select' || key === 'include') && value && typeof value === 'object') {
      for (const [col, sub] of Object.entries(value as Record<string, unknown>)) {
        out.push(col);
        out.push(...selectedKeys(sub));
      }
    }
  }
  return out;
}

describe.each(PROVIDERS)('series and related posts on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  const dirs: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
  });
  beforeEach(async () => {
    await emptyAll(db);
  });
  afterAll(async () => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await db?.$disconnect();
    await database?.drop();
  });

  it('the series box lists the visible parts in order (numbered first, then by date), with the position and the parts either side', async () => {
    const f = blogFactory(db);
    const cat = await f.category('딥러닝');
    const tag = await f.tag('경사하강법');
    const series = await db.series.create({ data: { title: '경사하강법 이해', slug: '경사하강법-이해' } });
    const other = await db.series.create({ data: { title: 'Transformer', slug: 'transformer' } });
    const inSeries = async (slug: string, date: string, order: number | null, seriesId = series.id) => {
      const p = await f.post(slug, day(date), { categoryId: cat.id });
      await db.post.update({ where: { id: p.id }, data: { seriesId, seriesOrder: order } });
    };
    // Numbered parts come first whatever their dates; the unnumbered ones follow by date.
    await inSeries('part-2', '2019-01-01', 2);
    await inSeries('part-1', '2020-01-01', 1);
    await inSeries('late-unnumbered', '2021-06-01', null);
    await inSeries('early-unnumbered', '2021-01-01', null);
    await inSeries('other-series', '2019-06-01', 1, other.id);
    // A reader never meets the hidden kinds in the series either.
    await addHiddenPosts(db, { categoryId: cat.id, tagId: tag.id, around: day('2020-06-01') });
    await db.post.updateMany({ where: { slug: { startsWith: 'hidden-' } }, data: { seriesId: series.id, seriesOrder: 3 } });

    const first = await queryPost(db, 'part-1');
    expect(first?.series).toEqual({
      title: '경사하강법 이해',
      slug: '경사하강법-이해',
      position: 1,
      total: 4,
      posts: [
        { slug: 'part-1', title: 'part-1', current: true },
        { slug: 'part-2', title: 'part-2', current: false },
        { slug: 'early-unnumbered', title: 'early-unnumbered', current: false },
        { slug: 'late-unnumbered', title: 'late-unnumbered', current: false },
      ],
      previous: null,
      next: { slug: 'part-2', title: 'part-2' },
    });
    const third = await queryPost(db, 'early-unnumbered');
    expect([third?.series?.position, third?.series?.previous?.slug, third?.series?.next?.slug]).toEqual([3, 'part-2', 'late-unnumbered']);
    const last = await queryPost(db, 'late-unnumbered');
    expect([last?.series?.position, last?.series?.total, last?.series?.next]).toEqual([4, 4, null]);
    expect((await queryPost(db, 'other-series'))?.series).toMatchObject({ title: 'Transformer', position: 1, total: 1, previous: null, next: null });
    await f.post('loner', day('2020-02-02'));
    const loner = await queryPost(db, 'loner');
    expect(loner?.slug).toBe('loner');
    expect(loner?.series ?? null).toBeNull();
    // A part that becomes a draft leaves the series as readers see it.
    await db.post.update({ where: { slug: 'part-2' }, data: { status: 'draft' } });
    const after = await queryPost(db, 'part-1');
    expect(after?.series?.posts.map((p) => p.slug)).toEqual(['part-1', 'early-unnumbered', 'late-unnumbered']);
    expect(after?.series?.next?.slug).toBe('early-unnumbered');
  });

  it('related posts: most shared tags first, then the same category, then the same top-level category, then the newest; never itself, its series or a hidden post', async () => {
    const f = blogFactory(db);
    const dl = await f.category('딥러닝');
    const opt = await f.category('최적화', { parentId: dl.id });
    const py = await f.category('python');
    const [a, b, c] = [await f.tag('a'), await f.tag('b'), await f.tag('c')];
    const series = await db.series.create({ data: { title: 'S', slug: 's' } });
    const me = await f.post('me', day('2020-01-01'), { categoryId: opt.id, tagIds: [a.id, b.id, c.id] });
    await db.post.update({ where: { id: me.id }, data: { seriesId: series.id, seriesOrder: 1 } });
    // Shares all three tags but is in the same series: the series box shows it, related does not.
    const sibling = await f.post('series-part', day('2020-02-01'), { categoryId: opt.id, tagIds: [a.id, b.id, c.id] });
    await db.post.update({ where: { id: sibling.id }, data: { seriesId: series.id, seriesOrder: 2 } });
    await f.post('two-tags-old', day('2018-01-01'), { categoryId: py.id, tagIds: [a.id, b.id] });
    await f.post('one-tag-python-new', day('2021-01-01'), { categoryId: py.id, tagIds: [c.id] });
    await f.post('one-tag-same-category', day('2017-01-01'), { categoryId: opt.id, tagIds: [a.id] });
    await f.post('one-tag-parent-category', day('2016-01-01'), { categoryId: dl.id, tagIds: [b.id] });
    await f.post('no-tag-same-category', day('2015-01-01'), { categoryId: opt.id });
    await f.post('no-tag-newest', day('2022-01-01'), { categoryId: py.id });
    await addHiddenPosts(db, { categoryId: opt.id, tagId: a.id, around: day('2020-01-02') });
    await db.post.update({ where: { slug: 'hidden-draft' }, data: { tags: { connect: [{ id: b.id }, { id: c.id }] } } });

    const post = await queryPost(db, 'me');
    expect(post?.related?.map((p) => p.slug)).toEqual(['two-tags-old', 'one-tag-same-category', 'one-tag-parent-category', 'one-tag-python-new']);
    expect(post?.related?.[0]).toEqual({
      slug: 'two-tags-old',
      title: 'two-tags-old',
      excerpt: '',
      publishedAt: day('2018-01-01').toISOString(),
      readingMinutes: 1,
      category: { name: 'python', path: ['python'] },
    });

    // Fewer tagged posts than places: the same category's posts fill in, then the top-level category's, then the newest.
    await db.post.deleteMany({ where: { slug: { in: ['two-tags-old', 'one-tag-python-new'] } } });
    expect((await queryPost(db, 'me'))?.related?.map((p) => p.slug)).toEqual(['one-tag-same-category', 'one-tag-parent-category', 'no-tag-same-category', 'no-tag-newest']);
    const parentOnly = await f.post('no-tag-parent-category', day('2014-01-01'), { categoryId: dl.id });
    const fourth = await queryPost(db, 'me');
    expect(fourth?.related?.map((p) => p.slug)).toEqual(['one-tag-same-category', 'one-tag-parent-category', 'no-tag-same-category', 'no-tag-parent-category']);
    await db.post.delete({ where: { id: parentOnly.id } });

    // A post with no tags and no category gets the newest other posts; a lone post gets none.
    const bare = await f.post('bare', day('2010-01-01'));
    expect((await queryRelatedPosts(db, { id: bare.id, categoryId: null, seriesId: null, tagIds: [] }))?.map((p) => p.slug)).toEqual([
      'no-tag-newest',
      'series-part',
      'me',
      'one-tag-same-category',
    ]);
    await db.post.deleteMany({ where: { id: { not: bare.id } } });
    const alone = await queryPost(db, 'bare');
    expect(alone?.slug).toBe('bare');
    expect(alone?.related ?? []).toEqual([]);
  });

  it('related posts take a bounded number of queries and never read the large text columns, however many posts share a tag', async () => {
    const f = blogFactory(db);
    const cat = await f.category('딥러닝');
    const tags = [await f.tag('a'), await f.tag('b')];
    const me = await f.post('me', day('2020-01-01'), { categoryId: cat.id, tagIds: tags.map((t) => t.id) });
    for (let i = 0; i < 60; i++) await f.post(`p-${i}`, new Date(day('2019-01-01').getTime() + i * 3_600_000), { tagIds: [tags[i % 2].id], ...(i % 3 ? {} : { categoryId: cat.id }) });
    const both = await f.post('both', day('2000-01-01'), { tagIds: tags.map((t) => t.id) });

    const ops: { model?: string; operation: string; args: unknown }[] = [];
    const counted = db.$extends({
      query: {
        async $allOperations({ model, operation, args, query }) {
          ops.push({ model, operation, args });
          return query(args);
        },
      },
    }) as unknown as Db;
    const tree = { total: 0, roots: [{ id: cat.id, name: '딥러닝', slug: '딥러닝', description: '', path: ['딥러닝'], count: 0, children: [] }] };
    const related = await queryRelatedPosts(counted, { id: me.id, categoryId: cat.id, seriesId: null, tagIds: tags.map((t) => t.id) }, { tree });
    // "both" shares two tags; then the newest one-tag posts of the same category (every third: p-57, p-54, p-51).
    expect(related.map((p) => p.slug)).toEqual([both.slug, 'p-57', 'p-54', 'p-51']);
    expect(ops.length).toBeLessThanOrEqual(5);
    for (const op of ops) {
      if (op.model === 'Post' || op.model === 'Tag') {
        const keys = selectedKeys(op.args);
        expect(keys.length, `${op.model}.${op.operation} names its columns`).toBeGreaterThan(0);
        expect(Object.keys(op.args as object), `${op.model}.${op.operation} selects, never includes whole rows`).not.toContain('include');
        for (const col of LARGE_COLUMNS) expect(keys, `${op.model}.${op.operation}`).not.toContain(col);
      }
    }
  });

  it('content files name their series and order; loadcontent makes the series once, dumpcontent writes them back, and they load back the same', async () => {
    const dir = contentDir({
      'gd-1': ['title: "경사하강법 이해(1)"', 'date: 2019-11-17', 'series: "경사하강법 이해"', 'seriesOrder: 1'],
      'gd-2': ['title: "경사하강법 이해(2)"', 'date: 2020-04-26', 'series: 경사하강법 이해', 'seriesOrder: "2"'],
      'gd-3': ['title: "경사하강법 이해(3)"', 'date: 2020-05-01', 'series: "경사하강법 이해"'],
      transformer: ['title: "Transformer(4)"', 'date: 2020-02-28', 'series: "Transformer"', 'seriesOrder: 4'],
      alone: ['title: "혼자"', 'date: 2020-01-01'],
      'bad-order': ['title: "순서만"', 'date: 2020-01-01', 'seriesOrder: 2'],
      'bad-zero': ['title: "영"', 'date: 2020-01-01', 'series: "X"', 'seriesOrder: 0'],
      'bad-empty': ['title: "빈 시리즈"', 'date: 2020-01-01', 'series: "  "'],
    });
    dirs.push(dir);
    const report = await loadContent(db, dir);
    expect(report.created).toHaveLength(5);
    expect(report.failed.map((f) => [path.basename(f.file), f.problem])).toEqual([
      ['bad-empty.mdx', 'frontmatter series: series must name the series (its title)'],
      ['bad-order.mdx', 'frontmatter seriesOrder: seriesOrder needs a series: add `series: "<title>"`'],
      ['bad-zero.mdx', 'frontmatter seriesOrder: seriesOrder starts at 1'],
    ]);
    const series = await db.series.findMany({ orderBy: { title: 'asc' }, select: { title: true, slug: true, posts: { select: { slug: true, seriesOrder: true }, orderBy: { slug: 'asc' } } } });
    expect(series).toEqual([
      { title: 'Transformer', slug: 'transformer', posts: [{ slug: 'transformer', seriesOrder: 4 }] },
      {
        title: '경사하강법 이해',
        slug: '경사하강법-이해',
        posts: [
          { slug: 'gd-1', seriesOrder: 1 },
          { slug: 'gd-2', seriesOrder: 2 },
          { slug: 'gd-3', seriesOrder: null },
        ],
      },
    ]);
    expect((await queryPost(db, 'gd-3'))?.series).toMatchObject({ position: 3, total: 3, previous: { slug: 'gd-2' } });
    expect((await db.post.findUnique({ where: { slug: 'alone' } }))?.seriesId).toBeNull();

    // Loading again changes nothing; a file that drops its series leaves it.
    for (const bad of ['bad-order', 'bad-zero', 'bad-empty']) fs.rmSync(path.join(dir, `${bad}.mdx`));
    expect((await loadContent(db, dir)).unchanged).toHaveLength(5);

    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-series-dump-'));
    dirs.push(out);
    await exportContent(db, out, { timeZone: 'Asia/Seoul' });
    const written = (name: string) => fs.readFileSync(path.join(out, `${name}.mdx`), 'utf8');
    expect(written('gd-2')).toContain('\nseries: "경사하강법 이해"\nseriesOrder: 2\n');
    expect(written('gd-3')).toContain('\nseries: "경사하강법 이해"\n');
    expect(written('gd-3')).not.toContain('seriesOrder');
    expect(written('transformer')).toContain('\nseries: "Transformer"\nseriesOrder: 4\n');
    expect(written('alone')).not.toContain('series');

    // The dump loads over the database it came from and into an empty one as the same series.
    expect((await loadContent(db, out)).failed).toEqual([]);
    expect(await db.series.findMany({ orderBy: { title: 'asc' }, select: { title: true, slug: true, posts: { select: { slug: true, seriesOrder: true }, orderBy: { slug: 'asc' } } } })).toEqual(series);
    await emptyAll(db);
    expect((await loadContent(db, out)).created).toHaveLength(5);
    const again = await db.series.findMany({ orderBy: { title: 'asc' }, select: { title: true, slug: true, posts: { select: { slug: true, seriesOrder: true }, orderBy: { slug: 'asc' } } } });
    expect(again).toEqual(series);

    // Taking a post out of its series in the file takes it out in the database.
    fs.writeFileSync(path.join(out, 'gd-3.mdx'), written('gd-3').replace('series: "경사하강법 이해"\n', ''));
    expect((await loadContent(db, out)).updated.map((f) => path.basename(f))).toEqual(['gd-3.mdx']);
    expect((await db.post.findUnique({ where: { slug: 'gd-3' }, select: { seriesId: true, seriesOrder: true } }))).toEqual({ seriesId: null, seriesOrder: null });
  });

  it('the sample posts load into their series: 경사하강법 이해 1–2 and Transformer 4', async () => {
    const report = await loadContent(db, path.resolve('content/posts'));
    expect(report.failed).toEqual([]);
    const gd = await queryPost(db, 'gradient-descent-learning-rate');
    expect(gd?.series).toMatchObject({ title: '경사하강법 이해', slug: '경사하강법-이해', position: 2, total: 2, previous: { slug: 'gradient-descent-basics' }, next: null });
    const tr = await queryPost(db, 'transformer-training');
    expect(tr?.series).toMatchObject({ title: 'Transformer', position: 1, total: 1 });
    expect((await db.post.findUnique({ where: { slug: 'transformer-training' }, select: { seriesOrder: true } }))?.seriesOrder).toBe(4);
    const basics = await queryPost(db, 'gradient-descent-basics');
    expect(basics?.related?.map((p) => p.slug)).not.toContain('gradient-descent-learning-rate');
    expect(basics?.related?.[0].slug).toBe('mse-vs-cross-entropy');
    expect(tr?.related?.slice(0, 2).map((p) => p.slug)).toEqual(['da-rnn-review', 'dcgan-review']);
  });
});
