// A site's dump loads back identically: dumpdata → flush → loaddata → blog recompile → dumpdata, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { dumpData, flushData, loadData, type FixtureRecord } from '../../../lib/manage/fixtures';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { compiledColumns, compilePostSource, recompilePosts } from '../posts';

const SOURCES = ['## 목표\n\n경사하강법의 학습률 $\\eta$ 를 알아본다.\n\n$$\nL(\\theta)\n$$\n', '# 초안\n\n아직 쓰는 중\n'];

async function seed(db: Db) {
  const author = await db.user.create({ data: { email: 'writer@example.com', name: 'Writer' } });
  const category = await db.category.create({ data: { name: '딥러닝', slug: '딥러닝' } });
  const tag = await db.tag.create({ data: { name: 'GAN', slug: 'gan' } });
  for (const [i, source] of SOURCES.entries()) {
    await db.post.create({
      data: {
        title: `글 ${i}`,
        slug: `post-${i}`,
        excerpt: `요약 ${i}`,
        source,
        // One post of each format (Post.format): a person's choice, so it travels in the dump and comes back.
        ...compiledColumns(await compilePostSource(source, i ? 'markdown' : 'mdx')),
        format: i ? 'markdown' : 'mdx',
        status: i ? 'draft' : 'published',
        publishedAt: i ? null : new Date('2020-04-26T05:00:00Z'),
        authorId: author.id,
        categoryId: category.id,
        tags: { connect: [{ id: tag.id }] },
      },
    });
  }
}

/** recompile stamps the row as changed (version, updatedAt); everything else must come back as it was. */
const withoutStamps = (records: FixtureRecord[]) =>
  records.map((r) => (r.model === 'blog.post' ? { ...r, fields: Object.fromEntries(Object.entries(r.fields).filter(([k]) => k !== 'version' && k !== 'updatedAt')) } : r));

describe.each(PROVIDERS)('a dumped site on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it('loads back and recompiles to the same content, derived fields included', async () => {
    await seed(db);
    const written = await dumpData(db);
    const full = await dumpData(db, { includeDerived: true });
    const post = written.records.find((r) => r.model === 'blog.post')!;
    // Only what people wrote: no derived field unless --include-derived; the format is written.
    for (const derived of ['compiledCode', 'toc', 'embeds', 'searchText', 'compileError']) expect(Object.keys(post.fields)).not.toContain(derived);
    expect(written.records.filter((r) => r.model === 'blog.post').map((r) => r.fields.format)).toEqual(['mdx', 'markdown']);
    expect(Object.keys(full.records.find((r) => r.model === 'blog.post')!.fields)).toEqual(expect.arrayContaining(['compiledCode', 'toc', 'embeds', 'searchText', 'compileError']));
    expect(full.records.find((r) => r.model === 'blog.post')!.fields.compiledCode).toEqual(expect.stringContaining('katex'));

    await flushData(db as never);
    await loadData(db as never, JSON.parse(JSON.stringify(written.records)));
    expect(JSON.stringify((await dumpData(db)).records)).toBe(JSON.stringify(written.records));
    expect((await db.post.findMany({ orderBy: { id: 'asc' }, select: { format: true } })).map((p) => p.format)).toEqual(['mdx', 'markdown']);
    expect(await recompilePosts(db)).toEqual({ compiled: ['post-0', 'post-1'], failed: [], missing: [] });
    expect(JSON.stringify(withoutStamps((await dumpData(db)).records))).toBe(JSON.stringify(withoutStamps(written.records)));
    expect(JSON.stringify(withoutStamps((await dumpData(db, { includeDerived: true })).records))).toBe(JSON.stringify(withoutStamps(full.records)));
  });
});
