// loaddata's reports and checks (dropped fields, choices, unmatched options, duplicates, --app, zones) and dumpdata's derived fields, on real SQLite and PostgreSQL.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { dumpData, flushData, loadData, parseDateTime, type LoadOptions } from '../fixtures';
import { describeModels } from '../models';

const ENTRIES = [
  { model: 'auth.user', pk: 4, fields: { email: 'kim@example.com', username: 'kim', password: 'pbkdf2$x', is_staff: true } },
  { model: 'auth.user', pk: 5, fields: { email: 'lee@example.com', username: 'lee', password: 'pbkdf2$y' } },
  { model: 'blog.entry', pk: 7, fields: { title: 'A', slug: 'a', is_published: true, is_featured: false } },
  { model: 'blog.entry', pk: 8, fields: { title: 'B', slug: 'b', is_published: false, is_featured: true } },
  { model: 'blog.entry', pk: 9, fields: { title: 'C', slug: 'c', is_published: true, is_featured: true } },
];
const MAP: LoadOptions = { map: { 'auth.user': 'accounts.user', 'blog.entry': 'blog.post' }, rename: { 'blog.entry.is_published': 'status' } };
const VALUES = { 'blog.entry.is_published': { true: 'published', false: 'draft' } };

async function rows(db: Db) {
  return { users: await db.user.count(), posts: await db.post.count(), tags: await db.tag.count() };
}

describe('the model registry reads choices and derived fields from models.prisma comments', () => {
  it('finds Post.status choices and the derived post columns', async () => {
    const t = await createTestDatabase('sqlite', { migrate: false });
    const db = createDb(t.target);
    try {
      const post = describeModels(db).byLabel.get('blog.post')!;
      expect(post.field.get('status')!.choices).toEqual(['draft', 'published', 'scheduled']);
      expect(post.fields.filter((f) => f.derived).map((f) => f.name)).toEqual(['compiledCode', 'toc', 'embeds', 'readingMinutes', 'searchText', 'compileError']);
    } finally {
      await db.$disconnect();
      await t.drop();
    }
  });
});

describe('naive datetimes', () => {
  it("are read in the given zone (Django's TIME_ZONE), an offset or a bare date is kept as written", () => {
    expect(parseDateTime('2020-02-16T15:15:00', 'Asia/Seoul').toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(parseDateTime('2020-02-16 15:15:00.5', 'Asia/Seoul').toISOString()).toBe('2020-02-16T06:15:00.500Z');
    expect(parseDateTime('2020-02-16T15:15:00+00:00', 'Asia/Seoul').toISOString()).toBe('2020-02-16T15:15:00.000Z');
    expect(parseDateTime('2020-02-16', 'Asia/Seoul').toISOString()).toBe('2020-02-16T00:00:00.000Z');
    // Seoul kept summer time in 1988; New York does every year.
    expect(parseDateTime('1988-07-01T12:00:00', 'Asia/Seoul').toISOString()).toBe('1988-07-01T02:00:00.000Z');
    expect(parseDateTime('2021-01-15T12:00:00', 'America/New_York').toISOString()).toBe('2021-01-15T17:00:00.000Z');
    expect(parseDateTime('2021-07-15T12:00:00', 'America/New_York').toISOString()).toBe('2021-07-15T16:00:00.000Z');
    expect(parseDateTime('2020-02-16T15:15:00').toISOString()).toBe('2020-02-16T15:15:00.000Z');
  });
});

describe.each(PROVIDERS)('loaddata reports on %s', (provider) => {
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
  beforeEach(async () => {
    await flushData(db as never);
  });

  it('--ignore-unknown reports every dropped field by model with how many records gave it; without it, an error', async () => {
    const result = await loadData(db as never, structuredClone(ENTRIES), { ...MAP, values: VALUES, ignoreUnknown: true });
    expect(result.ignored).toEqual([
      { label: 'auth.user → accounts.user', fields: [{ name: 'username', count: 2 }, { name: 'password', count: 2 }] },
      { label: 'blog.entry → blog.post', fields: [{ name: 'is_featured', count: 3 }] },
    ]);
    expect(await rows(db)).toEqual({ users: 2, posts: 3, tags: 0 });
    // Django's is_staff lands in the accounts app's isStaff (the rest of a user's flags default to off).
    expect((await db.user.findMany({ orderBy: { id: 'asc' }, select: { isStaff: true, isSuperuser: true } })).map((u) => u.isStaff)).toContain(true);
    await flushData(db as never);
    await expect(loadData(db as never, structuredClone(ENTRIES), { ...MAP, values: VALUES })).rejects.toThrow(/auth\.user → accounts\.user pk=4 \(record 1\), field "username": accounts\.user has no such field/);
    expect(await rows(db)).toEqual({ users: 0, posts: 0, tags: 0 });
  });

  it('refuses values outside a field’s choices, naming every wrong record and the allowed values, and loads nothing', async () => {
    const load = loadData(db as never, structuredClone(ENTRIES), { ...MAP, ignoreUnknown: true });
    await expect(load).rejects.toThrow(
      '3 record(s) give field "is_published" → "status" a value it does not allow (allowed: draft, published, scheduled): ' +
        'blog.entry → blog.post pk=7 (record 3): "true"; blog.entry → blog.post pk=8 (record 4): "false"; blog.entry → blog.post pk=9 (record 5): "true". ' +
        'Map the values with --values blog.entry.is_published=<value>:<allowed>,…',
    );
    expect(await rows(db)).toEqual({ users: 0, posts: 0, tags: 0 });
    // Our own field, given directly, is checked too.
    await expect(loadData(db as never, [{ model: 'blog.post', pk: 1, fields: { title: 'x', slug: 'x', status: 'archived' } }])).rejects.toThrow(/blog\.post pk=1 \(record 1\): "archived"/);
  });

  it('warns about --map/--rename/--values entries that match nothing, and fails on them under strict', async () => {
    const warnings: string[] = [];
    const typo = { ...MAP, values: { ...VALUES, 'blog.entry.is_publish': { true: 'published' } }, map: { ...MAP.map, 'blog.comment': 'blog.post' }, ignoreUnknown: true };
    await loadData(db as never, structuredClone(ENTRIES), { ...typo, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([
      'Warning: --map blog.comment=…: no record of model "blog.comment" in the fixture; it was not used.',
      'Warning: --values blog.entry.is_publish=…: no record gives field "blog.entry.is_publish"; it was not used.',
    ]);
    await flushData(db as never);
    await expect(loadData(db as never, structuredClone(ENTRIES), { ...typo, strict: true })).rejects.toThrow(
      'options that match nothing (--strict): --map blog.comment=…: no record of model "blog.comment" in the fixture; --values blog.entry.is_publish=…: no record gives field "blog.entry.is_publish"',
    );
    expect(await rows(db)).toEqual({ users: 0, posts: 0, tags: 0 });
  });

  it('names both records of a duplicate unique value: two fixture records, or a fixture record and an existing row', async () => {
    await expect(
      loadData(db as never, [
        { model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } },
        { model: 'blog.tag', pk: 2, fields: { name: 'PCA', slug: 'pca' } },
        { model: 'blog.tag', pk: 3, fields: { name: 'gan again', slug: 'gan' } },
      ]),
    ).rejects.toThrow('blog.tag pk=3 (record 3), field "slug": "gan" is also the slug of blog.tag pk=1 (record 1) (unique field)');
    expect(await rows(db)).toEqual({ users: 0, posts: 0, tags: 0 });
    // The same pk twice is a replacement, not a clash.
    await loadData(db as never, [{ model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } }, { model: 'blog.tag', pk: 1, fields: { name: 'GAN2', slug: 'gan' } }]);
    expect((await db.tag.findUniqueOrThrow({ where: { id: 1 } })).name).toBe('GAN2');
    await expect(loadData(db as never, [{ model: 'blog.post', pk: 5, fields: { title: 'x', slug: 'taken' } }, { model: 'blog.tag', pk: 8, fields: { name: 'other', slug: 'gan' } }])).rejects.toThrow(
      'blog.tag pk=8 (record 2): "gan" is already the slug of blog.tag pk=1 in the database (unique field)',
    );
    expect(await rows(db)).toEqual({ users: 0, posts: 0, tags: 1 });
  });

  it('apps loads only the records of those apps (source or destination label) and counts the rest as skipped', async () => {
    const result = await loadData(db as never, structuredClone(ENTRIES), { ...MAP, values: VALUES, ignoreUnknown: true, apps: ['accounts'] });
    expect(result).toMatchObject({ loaded: 2, skipped: 3 });
    expect(await rows(db)).toEqual({ users: 2, posts: 0, tags: 0 });
    const auth = await loadData(db as never, structuredClone(ENTRIES), { ...MAP, values: VALUES, ignoreUnknown: true, apps: ['auth'] });
    expect(auth).toMatchObject({ loaded: 2, skipped: 3 });
  });

  it('reads naive datetimes in the zone it is given', async () => {
    await loadData(db as never, [{ model: 'blog.post', pk: 1, fields: { title: 'x', slug: 'x', publishedAt: '2020-02-16T15:15:00' } }], { timeZone: 'Asia/Seoul' });
    expect((await db.post.findUniqueOrThrow({ where: { id: 1 } })).publishedAt!.toISOString()).toBe('2020-02-16T06:15:00.000Z');
  });

  it('dumpdata leaves out derived post fields unless includeDerived, and the dump loads back to the same dump', async () => {
    await db.post.create({ data: { title: 'p', slug: 'p', source: '# 제목\n', compiledCode: '{"type":"root"}', toc: '[{"depth":1}]', embeds: '["X"]', readingMinutes: 4, searchText: '제목', compileError: 'old' } });
    const plain = await dumpData(db, { only: ['blog.post'] });
    for (const f of ['compiledCode', 'toc', 'embeds', 'readingMinutes', 'searchText', 'compileError']) expect(plain.records[0].fields).not.toHaveProperty(f);
    expect(plain.records[0].fields).toMatchObject({ title: 'p', slug: 'p', source: '# 제목\n', status: 'draft' });
    const full = await dumpData(db, { only: ['blog.post'], includeDerived: true });
    expect(full.records[0].fields).toMatchObject({ compiledCode: '{"type":"root"}', toc: '[{"depth":1}]', embeds: '["X"]', readingMinutes: 4, searchText: '제목', compileError: 'old' });
    const text = JSON.stringify(plain.records);
    await flushData(db as never);
    await loadData(db as never, JSON.parse(text));
    expect(JSON.stringify((await dumpData(db, { only: ['blog.post'] })).records)).toBe(text);
  });
});
