// dumpdata / loaddata / flush against real SQLite and PostgreSQL databases, through the same functions the commands call.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { dumpData, flushData, loadData, type LoadOptions } from '../fixtures';
import { describeModels } from '../models';

/** Rows in every model table plus the posts↔tags join table: "the database is unchanged" in numbers. */
async function countAll(db: Db) {
  const [users, categories, tags, posts, joins] = await Promise.all([
    db.user.count(),
    db.category.count(),
    db.tag.count(),
    db.post.count(),
    db.$queryRawUnsafe<{ n: number | bigint }[]>('SELECT COUNT(*) AS n FROM "_PostToTag"'),
  ]);
  return { users, categories, tags, posts, postTags: Number(joins[0].n) };
}

/** Content shaped like the sample blog: a category tree (one child created before its parent), Korean names, drafts and math. */
async function seed(db: Db) {
  const admin = await db.user.create({ data: { email: 'admin@example.com', name: '관리자', role: 'admin', passwordHash: '$2b$12$abcdefghijklmnopqrstuv' } });
  const author = await db.user.create({ data: { email: 'writer@example.com', name: 'Writer', lastLoginAt: new Date('2024-05-01T03:04:05.678Z') } });
  const optimization = await db.category.create({ data: { name: '최적화', slug: '최적화', order: 2 } });
  const deep = await db.category.create({ data: { name: '딥러닝', slug: '딥러닝', description: '신경망의 기초', order: 1 } });
  await db.category.update({ where: { id: optimization.id }, data: { parentId: deep.id } });
  const papers = await db.category.create({ data: { name: '논문 리뷰', slug: '논문-리뷰', order: 3 } });
  // One after another: created at once over PostgreSQL's pool, the ids (and so the dumped tag lists) come in any order.
  const tags = [];
  for (const [i, name] of ['GAN', '차원축소', 'PCA', 'learning-rate'].entries()) tags.push(await db.tag.create({ data: { name, slug: `t${i}-${name}` } }));
  await db.post.create({
    data: {
      title: '경사하강법 이해(2) - Learning Rate란?',
      slug: 'gradient-descent-learning-rate',
      source: '---\ntitle: x\n---\n\n$$\nL(\\theta)\n$$\n',
      compiledCode: 'var Component=()=>null; return {default: Component};',
      toc: '[{"depth":2,"text":"목표","id":"목표"}]',
      readingMinutes: 7,
      status: 'published',
      publishedAt: new Date('2020-04-26T05:00:00Z'),
      authorId: admin.id,
      categoryId: optimization.id,
      tags: { connect: [{ id: tags[3].id }, { id: tags[0].id }] },
    },
  });
  await db.post.create({
    data: { title: 'DCGAN 리뷰', slug: 'dcgan-review', status: 'scheduled', publishedAt: new Date('2030-01-01T00:00:00Z'), authorId: author.id, categoryId: papers.id, tags: { connect: [{ id: tags[0].id }] } },
  });
  await db.post.create({ data: { title: '초안', slug: 'draft', compileError: 'line 3: unexpected }', seoTitle: 'SEO', version: 4 } });
  await db.post.create({ data: { title: 'Auto Encoder', slug: 'autoencoder', status: 'published', publishedAt: new Date('2020-06-14T12:30:00Z'), categoryId: deep.id, tags: { connect: tags.slice(1, 3).map((t) => ({ id: t.id })) } } });
}

const DJANGO_FIXTURE = [
  { model: 'auth.user', pk: 4, fields: { username: 'kim', email: 'kim@example.com', first_name: 'Kim', is_active: 'true', is_staff: 1, date_joined: '2019-12-01T09:00:00+09:00', password: 'pbkdf2_sha256$260000$x' } },
  { model: 'blog.category', pk: 3, fields: { name: '딥러닝', slug: 'deep-learning', parent: null } },
  { model: 'blog.category', pk: 5, fields: { name: '최적화', slug: 'optimization', parent: 3 } },
  { model: 'blog.tag', pk: 1, fields: { name: 'GAN', slug: 'gan' } },
  { model: 'blog.tag', pk: 2, fields: { name: 'PCA', slug: 'pca' } },
  {
    model: 'blog.entry',
    pk: 7,
    fields: { title: 'Hello Manifold', slug: 'hello', body: '# 안녕\n\n$E=mc^2$', pub_date: '2020-02-16T15:15:00+09:00', is_draft: false, category: 5, author: 4, tags: [1, 2], reading_minutes: '12' },
  },
  { model: 'blog.entry', pk: 8, fields: { title: 'Later', slug: 'later', body: '', pub_date: '2020-03-01T00:00:00Z', is_draft: 1, category: null, author: null, tags: [] } },
];

const DJANGO_OPTIONS: LoadOptions = {
  map: { 'auth.user': 'accounts.user', 'blog.entry': 'blog.post' },
  rename: {
    'blog.entry.body': 'source',
    'blog.entry.pub_date': 'publishedAt',
    'blog.entry.is_draft': 'status',
    'auth.user.first_name': 'name',
    'auth.user.date_joined': 'createdAt',
  },
  values: { 'blog.entry.is_draft': { true: 'draft', false: 'published', '1': 'draft', '0': 'published' } },
  ignoreUnknown: true,
};

describe('the model registry', () => {
  it('labels models by the app that declares them and orders them so foreign keys point backwards', async () => {
    const t = await createTestDatabase('sqlite', { migrate: false });
    const db = createDb(t.target);
    try {
      const registry = describeModels(db);
      const ours = ['accounts.user', 'blog.category', 'blog.tag', 'blog.series', 'blog.post', 'blog.revision', 'blog.redirect'];
      expect(registry.models.map((m) => m.label).filter((l) => ours.includes(l))).toEqual(ours);
      const post = registry.byLabel.get('blog.post')!;
      expect(post.pk?.name).toBe('id');
      expect(post.foreignKeys.map((fk) => [fk.field.name, fk.from.map((f) => f.name), fk.target])).toEqual([
        ['author', ['authorId'], 'User'],
        ['category', ['categoryId'], 'Category'],
        ['series', ['seriesId'], 'Series'],
      ]);
      // Django keeps a ManyToManyField on one model; the list is written on the model loaded later.
      expect(post.manyToMany.map((m) => [m.field.name, m.dumped])).toEqual([['tags', true]]);
      expect(registry.byLabel.get('blog.tag')!.manyToMany.map((m) => m.dumped)).toEqual([false]);
      expect(post.field.get('updatedAt')?.isUpdatedAt).toBe(true);
      expect(post.field.get('compileError')?.isRequired).toBe(false);
    } finally {
      await db.$disconnect();
      await t.drop();
    }
  });
});

describe.each(PROVIDERS)('fixtures on %s', (provider) => {
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

  it('dump → flush → load → dump gives the identical fixture, in Django shape', async () => {
    await seed(db);
    const first = await dumpData(db);
    // Every model is listed (the accounts and admin models too, empty here: this test seeds no permissions).
    expect(first.counts.map((c) => c.label)).toEqual(expect.arrayContaining(['accounts.permission', 'accounts.group', 'admin.logentry']));
    expect(first.counts.filter((c) => c.count > 0)).toEqual([
      { label: 'accounts.user', count: 2 },
      { label: 'blog.category', count: 3 },
      { label: 'blog.tag', count: 4 },
      { label: 'blog.post', count: 4 },
    ]);
    const post = first.records.find((r) => r.model === 'blog.post' && r.fields.slug === 'gradient-descent-learning-rate')!;
    const row = await db.post.findUniqueOrThrow({ where: { slug: 'gradient-descent-learning-rate' }, include: { tags: { orderBy: { id: 'asc' } } } });
    expect(post.pk).toBe(row.id);
    expect(post.fields).not.toHaveProperty('id');
    expect(post.fields).not.toHaveProperty('categoryId');
    expect(post.fields.category).toEqual(first.records.find((r) => r.fields.slug === '최적화')!.pk);
    expect(post.fields.tags).toEqual(row.tags.map((t) => t.id));
    expect(row.tags.map((t) => t.name)).toEqual(['GAN', 'learning-rate']);
    expect(post.fields.publishedAt).toBe('2020-04-26T05:00:00.000Z');
    expect(first.records.find((r) => r.model === 'blog.tag')!.fields).not.toHaveProperty('posts');

    const text = JSON.stringify(first.records, null, 2);
    const flushed = await flushData(db as never);
    expect(flushed.rows).toBe(13);
    expect(await countAll(db)).toEqual({ users: 0, categories: 0, tags: 0, posts: 0, postTags: 0 });

    const loaded = await loadData(db as never, JSON.parse(text));
    expect(loaded.loaded).toBe(13);
    const second = await dumpData(db);
    // dumpdata writes what people wrote: a post's derived fields are neither dumped nor loaded, so nothing is lost.
    expect(JSON.stringify(second.records, null, 2)).toBe(text);
    expect(loaded.dropped).toEqual([]);
    expect((await countAll(db)).postTags).toBe(5);
  });

  it("never stores a post's compiled output, toc, embeds, search text or compile error from a fixture", async () => {
    const result = await loadData(db as never, [
      {
        model: 'blog.post',
        pk: 9,
        fields: { title: 't', slug: 'tampered', source: '## 제목\n', compiledCode: "process.getBuiltinModule('child_process').execSync('id')", toc: '[{"id":"x"}]', embeds: '["Evil"]', search_text: 'spam', compileError: 'x' },
      },
    ]);
    expect(result.dropped).toEqual([{ label: 'blog.post', fields: ['compiledCode', 'toc', 'embeds', 'searchText', 'compileError'], records: 1, then: 'npm run manage -- blog recompile' }]);
    const row = await db.post.findUniqueOrThrow({ where: { id: 9 } });
    expect(row).toMatchObject({ source: '## 제목\n', compiledCode: '', toc: '[]', embeds: '[]', searchText: '', compileError: null });
  });

  it.each([
    ['../etc/passwd', /blog\.post pk=3 \(record 1\), field "slug": "\.\.\/etc\/passwd" is not a slug/],
    ['a b', /field "slug": "a b" is not a slug/],
    ['<script>', /field "slug": "<script>" is not a slug/],
  ])('refuses the post slug %j, naming the record, and loads nothing', async (slug, message) => {
    await expect(loadData(db as never, [{ model: 'blog.post', pk: 3, fields: { title: 't', slug } }])).rejects.toThrow(message);
    await expect(loadData(db as never, [{ model: 'blog.category', pk: 3, fields: { name: 'c', slug } }])).rejects.toThrow(/blog\.category pk=3 .*field "slug"/);
    expect(await db.post.count()).toBe(0);
  });

  it('keeps the given pks and moves the id sequences past them', async () => {
    await loadData(db as never, [
      { model: 'blog.tag', pk: 40, fields: { name: 'a', slug: 'a' } },
      { model: 'blog.tag', pk: 41, fields: { name: 'b', slug: 'b' } },
    ]);
    const created = await db.tag.create({ data: { name: 'c', slug: 'c' } });
    expect(created.id).toBe(42);
  });

  it('loads a record over an existing one with the same pk (as Django does) and resets its many-to-many list', async () => {
    await seed(db);
    const before = await dumpData(db, { only: ['blog.post'] });
    const target = before.records[0];
    await loadData(db as never, [{ model: 'blog.post', pk: target.pk, fields: { ...target.fields, title: 'Renamed', tags: [] } }]);
    const after = await db.post.findUniqueOrThrow({ where: { id: target.pk as number }, include: { tags: true } });
    expect(after.title).toBe('Renamed');
    expect(after.tags).toEqual([]);
    expect(await db.post.count()).toBe(4);
  });

  it("loads another Django project's fixture with --map, --rename and --values, converting each value by the destination type", async () => {
    const result = await loadData(db as never, structuredClone(DJANGO_FIXTURE), DJANGO_OPTIONS);
    expect(result.counts).toEqual([
      { label: 'accounts.user', count: 1 },
      { label: 'blog.category', count: 2 },
      { label: 'blog.tag', count: 2 },
      { label: 'blog.post', count: 2 },
    ]);
    const user = await db.user.findUniqueOrThrow({ where: { id: 4 } });
    expect(user).toMatchObject({ email: 'kim@example.com', name: 'Kim', isActive: true, passwordHash: '' });
    expect(user.createdAt.toISOString()).toBe('2019-12-01T00:00:00.000Z');
    const hello = await db.post.findUniqueOrThrow({ where: { id: 7 }, include: { tags: { orderBy: { id: 'asc' } } } });
    expect(hello).toMatchObject({ title: 'Hello Manifold', source: '# 안녕\n\n$E=mc^2$', status: 'published', categoryId: 5, authorId: 4, readingMinutes: 12 });
    expect(hello.publishedAt?.toISOString()).toBe('2020-02-16T06:15:00.000Z');
    expect(hello.tags.map((t) => t.id)).toEqual([1, 2]);
    const later = await db.post.findUniqueOrThrow({ where: { id: 8 } });
    expect(later).toMatchObject({ status: 'draft', categoryId: null, authorId: null });
    expect((await db.category.findUniqueOrThrow({ where: { id: 5 } })).parentId).toBe(3);
    // The sequence moved past the fixture's pks.
    expect((await db.post.create({ data: { title: 'new', slug: 'new' } })).id).toBe(9);
  });

  it('refuses fields the destination does not have unless --ignore-unknown, naming the record and field', async () => {
    await expect(loadData(db as never, structuredClone(DJANGO_FIXTURE), { ...DJANGO_OPTIONS, ignoreUnknown: false })).rejects.toThrow(
      /auth\.user → accounts\.user pk=4 \(record 1\), field "username": accounts\.user has no such field/,
    );
    expect(await countAll(db)).toEqual({ users: 0, categories: 0, tags: 0, posts: 0, postTags: 0 });
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ['a bad date', { pub_date: '2020-02-30T10:00:00+09:00' }, /blog\.entry → blog\.post pk=7 \(record 7\), field "pub_date" → "publishedAt": "2020-02-30T10:00:00\+09:00" is not a valid date/],
    ['a date that is not ISO 8601', { pub_date: 'Feb 16, 2020' }, /pk=7 .*field "pub_date" → "publishedAt": "Feb 16, 2020" is not an ISO 8601 datetime/],
    ['a dangling foreign key', { category: 99 }, /blog\.entry → blog\.post pk=7 \(record 7\), field "category": no blog\.category with id=99 \(neither in the fixture nor in the database\)/],
    ['a dangling many-to-many pk', { tags: [1, 77] }, /pk=7 .*field "tags": no blog\.tag with id=77/],
    ['an integer that is not one', { reading_minutes: 'seven' }, /pk=7 .*field "reading_minutes" → "readingMinutes": "seven" is not an integer/],
  ];
  it.each(bad)('fails on %s with the record named and the database unchanged', async (_name, change, message) => {
    // The same fixture loaded before: the failing load would otherwise update these rows, and add a new tag.
    await loadData(db as never, structuredClone(DJANGO_FIXTURE), DJANGO_OPTIONS);
    const before = await countAll(db);
    const snapshot = JSON.stringify((await dumpData(db)).records);
    const fixture: typeof DJANGO_FIXTURE = structuredClone(DJANGO_FIXTURE);
    fixture[3].fields.name = 'GAN (renamed)';
    fixture.splice(5, 0, { model: 'blog.tag', pk: 3, fields: { name: 'new tag', slug: 'new-tag' } });
    Object.assign(fixture[6].fields, change);
    await expect(loadData(db as never, fixture, DJANGO_OPTIONS)).rejects.toThrow(message);
    expect(await countAll(db)).toEqual(before);
    expect(JSON.stringify((await dumpData(db)).records)).toBe(snapshot);
  });

  it('fails on an unknown model with the record named and the database unchanged', async () => {
    await seed(db);
    const before = await countAll(db);
    const fixture = [
      { model: 'blog.tag', pk: 90, fields: { name: 'fine', slug: 'fine' } },
      { model: 'blog.comment', pk: 1, fields: { body: 'hi', post: 1 } },
    ];
    await expect(loadData(db as never, fixture)).rejects.toThrow(/blog\.comment pk=1 \(record 2\): unknown model "blog\.comment"/);
    expect(await countAll(db)).toEqual(before);
    expect(await db.tag.findUnique({ where: { id: 90 } })).toBeNull();
  });

  it('rolls back records already written when a later one breaks a constraint', async () => {
    await seed(db);
    const before = await countAll(db);
    const fixture = [
      { model: 'blog.tag', pk: 90, fields: { name: 'fine', slug: 'fine' } },
      { model: 'blog.tag', pk: 91, fields: { name: 'GAN', slug: 'duplicate-name' } },
    ];
    const gan = await db.tag.findUniqueOrThrow({ where: { name: 'GAN' } });
    await expect(loadData(db as never, fixture)).rejects.toThrow(`blog.tag pk=91 (record 2): "GAN" is already the name of blog.tag pk=${gan.id} in the database (unique field)`);
    expect(await countAll(db)).toEqual(before);
  });

  it('flush empties every table, restarts ids and keeps the migration history', async () => {
    await seed(db);
    const history = async () => Number((await db.$queryRawUnsafe<{ n: number | bigint }[]>('SELECT COUNT(*) AS n FROM "_prisma_migrations"'))[0].n);
    const migrations = await history();
    // One row per migration folder of this provider.
    expect(migrations).toBe(fs.readdirSync(path.join('prisma', 'migrations', provider), { withFileTypes: true }).filter((d) => d.isDirectory()).length);
    await flushData(db as never);
    expect(await countAll(db)).toEqual({ users: 0, categories: 0, tags: 0, posts: 0, postTags: 0 });
    expect(await history()).toBe(migrations);
    expect((await db.tag.create({ data: { name: 'first', slug: 'first' } })).id).toBe(1);
  });
});
