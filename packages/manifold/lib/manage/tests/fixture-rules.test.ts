// dumpdata/loaddata/flush rule by rule, in process, with the options the manage commands pass (--only/--exclude,
// --map/--rename/--values, --exclude/--app, --strict, record names, progress): each rule's exact effect on the rows and
// each refusal's exact words, on real SQLite and PostgreSQL databases.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { dumpData, FixtureError, flushData, loadData, type LoadOptions } from '../fixtures';
import { describeModels } from '../models';

describe.each(PROVIDERS)('fixture rules on %s', (provider) => {
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

  const load = (fixture: unknown, opts?: LoadOptions) => loadData(db as never, fixture, opts);
  const labels = () => describeModels(db).models.map((m) => m.label);

  describe('dumpdata', () => {
    it('writes records in pk order, foreign keys as pks (null when unset), many-to-many lists in pk order, datetimes as ISO text', async () => {
      for (const id of [3, 1, 2]) await db.tag.create({ data: { id, name: `tag ${id}`, slug: `t${id}` } });
      await db.category.create({ data: { id: 5, name: 'Top', slug: 'top' } });
      await db.category.create({ data: { id: 6, name: 'Child', slug: 'child', parentId: 5 } });
      await db.user.create({ data: { id: 2, email: 'a@example.com', createdAt: new Date('2021-03-04T05:06:07.089Z') } });
      await db.post.create({ data: { id: 9, title: 'P', slug: 'p', categoryId: 6, publishedAt: new Date('2020-01-02T03:04:05Z'), tags: { connect: [{ id: 3 }, { id: 1 }] } } });
      const { records, counts } = await dumpData(db, { only: ['blog', 'accounts.user'] });
      expect(counts).toEqual([
        { label: 'accounts.user', count: 1 },
        { label: 'blog.category', count: 2 },
        { label: 'blog.tag', count: 3 },
        { label: 'blog.postcount', count: 0 },
        { label: 'blog.series', count: 0 },
        { label: 'blog.post', count: 1 },
        { label: 'blog.revision', count: 0 },
        { label: 'blog.redirect', count: 0 },
        { label: 'blog.legacypath', count: 0 },
        { label: 'blog.importeditem', count: 0 },
      ]);
      expect(records.map((r) => [r.model, r.pk])).toEqual([
        ['accounts.user', 2],
        ['blog.category', 5],
        ['blog.category', 6],
        ['blog.tag', 1],
        ['blog.tag', 2],
        ['blog.tag', 3],
        ['blog.post', 9],
      ]);
      expect(records[0].fields).toEqual({
        email: 'a@example.com', name: '', passwordHash: '', role: '', isActive: true, isStaff: false, isSuperuser: false,
        createdAt: '2021-03-04T05:06:07.089Z', lastLoginAt: null, passwordChangedAt: null,
      });
      expect(records[1].fields).toEqual({ name: 'Top', slug: 'top', description: '', order: 0, parent: null });
      expect(records[2].fields).toEqual({ name: 'Child', slug: 'child', description: '', order: 0, parent: 5 });
      expect(records[3].fields).toEqual({ name: 'tag 1', slug: 't1' });
      const post = records[6].fields;
      expect(Object.keys(post)).toEqual([
        'title', 'slug', 'excerpt', 'source', 'format', 'status', 'publishedAt', 'createdAt', 'updatedAt', 'author', 'category', 'tags',
        'coverImage', 'seoTitle', 'seoDescription', 'version', 'draft', 'draftSavedAt', 'draftById', 'revisedAt', 'series', 'seriesOrder',
      ]);
      expect(post).toMatchObject({ category: 6, author: null, series: null, tags: [1, 3], publishedAt: '2020-01-02T03:04:05.000Z', seoTitle: null });
    });

    it('--exclude leaves out an app or one model, alone or after --only', async () => {
      await db.tag.create({ data: { id: 1, name: 'a', slug: 'a' } });
      const all = labels();
      expect((await dumpData(db)).counts.map((c) => c.label)).toEqual(all);
      expect((await dumpData(db, { exclude: [] })).counts.map((c) => c.label)).toEqual(all);
      expect((await dumpData(db, { only: [] })).counts.map((c) => c.label)).toEqual(all);
      expect((await dumpData(db, { exclude: ['blog'] })).counts.map((c) => c.label)).toEqual(all.filter((l) => !l.startsWith('blog.')));
      const some = await dumpData(db, { only: ['blog'], exclude: ['blog.post', 'blog.Category'] });
      expect(some.counts.map((c) => c.label)).toEqual(['blog.tag', 'blog.postcount', 'blog.series', 'blog.revision', 'blog.redirect', 'blog.legacypath', 'blog.importeditem']);
      expect(some.records).toEqual([{ model: 'blog.tag', pk: 1, fields: { name: 'a', slug: 'a' } }]);
    });
  });

  describe('flush', () => {
    it('reports how many tables it emptied and how many rows they held', async () => {
      await db.tag.create({ data: { name: 'a', slug: 'a' } });
      await db.tag.create({ data: { name: 'b', slug: 'b' } });
      await db.category.create({ data: { name: 'c', slug: 'c' } });
      expect(await flushData(db as never)).toEqual({ tables: labels().length, rows: 3 });
      expect(await flushData(db as never)).toEqual({ tables: labels().length, rows: 0 });
    });
  });

  describe('loaddata: what is loaded and what is skipped', () => {
    const mixed = [
      { model: 'blog.post', pk: 2, fields: { title: 'P', slug: 'p', category: 1 } },
      { model: 'Blog.Category', pk: 1, fields: { name: 'C', slug: 'c' } },
      { model: 'blog.tag', pk: 1, fields: { name: 'T', slug: 't' } },
      { model: 'accounts.user', pk: 1, fields: { email: 'u@example.com' } },
    ];

    it('loads model by model in dependency order, telling each record as it goes, and counts them by model', async () => {
      const seen: [number, number, string][] = [];
      const result = await load(structuredClone(mixed), { onRecord: (done, total, what) => seen.push([done, total, what]) });
      expect(seen).toEqual([
        [1, 4, 'accounts.user pk=1 (record 4)'],
        [2, 4, 'blog.category pk=1 (record 2)'],
        [3, 4, 'blog.tag pk=1 (record 3)'],
        [4, 4, 'blog.post pk=2 (record 1)'],
      ]);
      expect(result).toEqual({
        loaded: 4,
        skipped: 0,
        counts: [
          { label: 'accounts.user', count: 1 },
          { label: 'blog.category', count: 1 },
          { label: 'blog.tag', count: 1 },
          { label: 'blog.post', count: 1 },
        ],
        ignored: [],
        dropped: [],
      });
      expect((await db.post.findUniqueOrThrow({ where: { id: 2 } })).categoryId).toBe(1);
      // Within a model, file order.
      seen.length = 0;
      await load(
        [
          { model: 'blog.tag', pk: 9, fields: { name: 'X', slug: 'x' } },
          { model: 'blog.post', pk: 3, fields: { title: 'Q', slug: 'q', categoryId: null } },
          { model: 'blog.tag', pk: 3, fields: { name: 'Y', slug: 'y' } },
          { model: 'blog.tag', pk: 7, fields: { name: 'Z', slug: 'z' } },
          { model: 'blog.tag', pk: 4, fields: { name: 'W', slug: 'w' } },
        ],
        { onRecord: (done, total, what) => seen.push([done, total, what]) },
      );
      expect(seen.map((s) => s[2])).toEqual(['blog.tag pk=9 (record 1)', 'blog.tag pk=3 (record 3)', 'blog.tag pk=7 (record 4)', 'blog.tag pk=4 (record 5)', 'blog.post pk=3 (record 2)']);
      expect((await db.post.findUniqueOrThrow({ where: { id: 3 } })).categoryId).toBeNull();
    });

    it('--exclude skips records by model label or app label, in any case', async () => {
      const result = await load(structuredClone(mixed), { exclude: ['BLOG.TAG', 'accounts'] });
      expect(result).toMatchObject({ loaded: 2, skipped: 2, counts: [{ label: 'blog.category', count: 1 }, { label: 'blog.post', count: 1 }] });
      expect([await db.tag.count(), await db.user.count(), await db.post.count()]).toEqual([0, 0, 1]);
    });

    it('--app loads only the apps named, by source or destination label', async () => {
      const fixture = [...structuredClone(mixed), { model: 'old.label', pk: 3, fields: { title: 'S', slug: 's' } }];
      const result = await load(fixture, { apps: ['blog'], map: { 'old.label': 'blog.series' } });
      expect(result).toMatchObject({ loaded: 4, skipped: 1 });
      expect([await db.user.count(), await db.series.count(), await db.post.count()]).toEqual([0, 1, 1]);
      await flushData(db as never);
      expect(await load([{ model: 'old.label', pk: 3, fields: { title: 'S', slug: 's' } }], { apps: ['old'], map: { 'old.label': 'blog.series' } })).toMatchObject({ loaded: 1, skipped: 0 });
      expect(await load(structuredClone(mixed), { apps: [] })).toMatchObject({ loaded: 4, skipped: 0 });
    });

    it('a record without a pk gets a new id; one with a pk replaces the row with that pk', async () => {
      await load([{ model: 'blog.tag', pk: 7, fields: { name: 'old', slug: 'old' } }]);
      const result = await load([
        { model: 'blog.tag', fields: { name: 'a', slug: 'a' } },
        { model: 'blog.tag', pk: null, fields: { name: 'b', slug: 'b' } },
        { model: 'blog.tag', pk: 7, fields: { name: 'new', slug: 'new' } },
      ]);
      expect(result.counts).toEqual([{ label: 'blog.tag', count: 3 }]);
      expect((await db.tag.findMany({ orderBy: { id: 'asc' } })).map((r) => [r.id, r.name])).toEqual([[7, 'new'], [8, 'a'], [9, 'b']]);
    });

    it('a pk given as a field counts as the pk, and must agree with the record pk', async () => {
      await load([{ model: 'blog.tag', fields: { id: 4, name: 'a', slug: 'a' } }, { model: 'blog.tag', pk: 5, fields: { id: '5', name: 'b', slug: 'b' } }]);
      expect((await db.tag.findMany({ orderBy: { id: 'asc' } })).map((r) => r.id)).toEqual([4, 5]);
      await expect(load([{ model: 'blog.tag', pk: 1, fields: { id: 2, name: 'c', slug: 'c' } }])).rejects.toThrow(
        new FixtureError('blog.tag pk=1 (record 1), field "id": says 2 but the record\'s pk is 1'),
      );
    });

    it('a reference to a record later in the same model is set once that record exists, whatever the file order', async () => {
      await load([
        { model: 'blog.category', pk: 1, fields: { name: 'Child', slug: 'child', parent: 2 } },
        { model: 'blog.category', pk: 2, fields: { name: 'Parent', slug: 'parent', parent: 3 } },
        { model: 'blog.category', pk: 3, fields: { name: 'Root', slug: 'root', parent: null } },
      ]);
      expect((await db.category.findMany({ orderBy: { id: 'asc' } })).map((c) => [c.id, c.parentId])).toEqual([[1, 2], [2, 3], [3, null]]);
    });

    it('references rows already in the database, by foreign key and many-to-many list', async () => {
      await db.category.create({ data: { id: 4, name: 'C', slug: 'c' } });
      await db.tag.create({ data: { id: 6, name: 'T', slug: 't' } });
      await db.user.create({ data: { id: 3, email: 'u@example.com' } });
      await load([
        { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', category: 4, author: 3, tags: [6] } },
        { model: 'blog.post', pk: 2, fields: { title: 'B', slug: 'b', category: 4, authorId: 3, tags: [6] } },
        { model: 'blog.tag', pk: 8, fields: { name: 'U', slug: 'u' } },
        { model: 'blog.post', pk: 3, fields: { title: 'C', slug: 'c', category: 4, tags: [8, 6] } },
      ]);
      const posts = await db.post.findMany({ orderBy: { id: 'asc' }, include: { tags: { orderBy: { id: 'asc' } } } });
      expect(posts.map((p) => [p.id, p.categoryId, p.authorId, p.tags.map((x) => x.id)])).toEqual([[1, 4, 3, [6]], [2, 4, 3, [6]], [3, 4, null, [6, 8]]]);
    });

    it('sets the references and many-to-many lists of records loaded without a pk on the rows they became', async () => {
      await load([
        { model: 'blog.tag', pk: 1, fields: { name: 'T', slug: 't' } },
        { model: 'blog.post', fields: { title: 'A', slug: 'a', tags: [1] } },
        { model: 'blog.category', fields: { name: 'C', slug: 'c', parent: 7 } },
        { model: 'blog.category', pk: 7, fields: { name: 'D', slug: 'd' } },
      ]);
      expect((await db.post.findUniqueOrThrow({ where: { slug: 'a' }, include: { tags: true } })).tags.map((x) => x.id)).toEqual([1]);
      expect((await db.category.findUniqueOrThrow({ where: { slug: 'c' } })).parentId).toBe(7);
    });

    it("keeps the fixture's updatedAt through the updates that set references and many-to-many lists afterwards", async () => {
      await load([
        { model: 'blog.tag', pk: 1, fields: { name: 'T', slug: 't' } },
        { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', updatedAt: '2020-05-06T07:08:09Z', tags: [1] } },
        { model: 'blog.category', pk: 1, fields: { name: 'C', slug: 'c', parent: 2 } },
        { model: 'blog.category', pk: 2, fields: { name: 'D', slug: 'd' } },
      ]);
      expect((await db.post.findUniqueOrThrow({ where: { id: 1 } })).updatedAt.toISOString()).toBe('2020-05-06T07:08:09.000Z');
    });

    it('reports derived fields by model with how many records gave any, and ignored fields under the source label alone when not mapped', async () => {
      const result = await load(
        [
          { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', toc: '[]', embeds: '[]', color: 'red' } },
          { model: 'blog.post', pk: 2, fields: { title: 'B', slug: 'b', color: 'blue', mood: 'ok' } },
          { model: 'blog.post', pk: 3, fields: { title: 'C', slug: 'c', search_text: 'x' } },
        ],
        { ignoreUnknown: true },
      );
      expect(result.dropped).toEqual([{ label: 'blog.post', fields: ['toc', 'embeds', 'searchText'], records: 2, then: 'npm run manage -- blog recompile' }]);
      expect(result.ignored).toEqual([{ label: 'blog.post', fields: [{ name: 'color', count: 2 }, { name: 'mood', count: 1 }] }]);
      expect(await db.post.count()).toBe(3);
    });

    it('--values maps values in any case, leaves null alone, and names a value it has no entry for', async () => {
      const values = { 'blog.entry.state': { yes: 'published', no: 'draft' }, 'blog.entry.seo': { x: 'y' } };
      const opts = { map: { 'blog.entry': 'blog.post' }, rename: { 'blog.entry.state': 'status', 'blog.entry.seo': 'seoTitle' }, values };
      await load([{ model: 'blog.entry', pk: 1, fields: { title: 'A', slug: 'a', state: 'YES', seo: null } }], opts);
      expect(await db.post.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({ status: 'published', seoTitle: null });
      await expect(load([{ model: 'blog.entry', pk: 2, fields: { title: 'B', slug: 'b', state: 'maybe' } }], opts)).rejects.toThrow(
        new FixtureError('blog.entry → blog.post pk=2 (record 1), field "state" → "status": "maybe" has no entry in --values blog.entry.state'),
      );
    });
  });

  describe('loaddata refuses, naming the record, and loads nothing', () => {
    const refuses = async (fixture: unknown, message: string, opts?: LoadOptions) => {
      await expect(load(fixture, opts)).rejects.toThrow(new FixtureError(message));
      expect([await db.tag.count(), await db.post.count(), await db.category.count(), await db.user.count()]).toEqual([0, 0, 0, 0]);
    };
    const tag = { model: 'blog.tag', pk: 1, fields: { name: 'T', slug: 't' } };

    it('what is not a list of records', async () => {
      await refuses({ model: 'blog.tag' }, 'a fixture is a JSON list of {"model", "pk", "fields"} objects');
      for (const item of [null, 5, 'blog.tag', [tag], { pk: 1 }, { model: 3 }]) {
        await refuses([tag, item], 'record 2: expected {"model": "app.model", "pk": ..., "fields": {...}}');
      }
      await refuses([tag, 5], 'tags.json, record 2: expected {"model": "app.model", "pk": ..., "fields": {...}}', { recordName: (i) => `tags.json, record ${i + 1}` });
      await refuses([tag, { model: 'blog.tag', pk: 2, fields: [1] }], 'blog.tag pk=2 (record 2): "fields" must be an object');
      await refuses([tag, { model: 'blog.tag', pk: 2, fields: 'x' }], 'blog.tag pk=2 (record 2): "fields" must be an object');
    });

    it('an unknown model, with the way out that fits', async () => {
      const models = labels().join(', ');
      await refuses([tag, { model: 'Blog.Comment', pk: 1, fields: {} }], `blog.comment pk=1 (record 2): unknown model "Blog.Comment"; map it with --map SRC=DEST or skip it with --exclude. Models: ${models}`);
      await refuses([tag, { model: 'blog.comment', fields: {} }], `blog.comment pk=(none) (record 2): unknown model "blog.comment"; --map sends it to "blog.remark", which is not a model. Models: ${models}`, {
        map: { 'blog.comment': 'blog.remark' },
      });
      await refuses([{ model: 'x.y', pk: 'k', fields: {} }], `x.y pk="k" (x.json): unknown model "x.y"; map it with --map SRC=DEST or skip it with --exclude. Models: ${models}`, { recordName: () => 'x.json' });
    });

    it('a pk of the wrong type', async () => {
      await refuses([{ model: 'blog.tag', pk: 'abc', fields: { name: 'T', slug: 't' } }], 'blog.tag pk="abc" (record 1): pk: "abc" is not an integer');
    });

    it('a field the model does not have, listing the fields it has', async () => {
      await refuses([tag, { model: 'blog.tag', pk: 2, fields: { name: 'U', slug: 'u', color: 'red' } }], 'blog.tag pk=2 (record 2), field "color": blog.tag has no such field (fields: name, slug, posts); rename it with --rename blog.tag.color=<field> or pass --ignore-unknown');
      await refuses([{ model: 'blog.post', pk: 2, fields: { title: 'U', slug: 'u', color: 'red' } }], 'blog.post pk=2 (record 1), field "color": blog.post has no such field (fields: title, slug, excerpt, source, format, compiledCode, toc, embeds, readingMinutes, searchText, compileError, status, publishedAt, createdAt, updatedAt, authorId, author, categoryId, category, tags, coverImage, seoTitle, seoDescription, version, draft, draftSavedAt, draftById, revisedAt, seriesId, series, seriesOrder); rename it with --rename blog.post.color=<field> or pass --ignore-unknown');
      await refuses([{ model: 'blog.category', pk: 2, fields: { name: 'U', slug: 'u', color: 'red' } }], 'blog.category pk=2 (record 1), field "color": blog.category has no such field (fields: name, slug, description, order, parentId, parent); rename it with --rename blog.category.color=<field> or pass --ignore-unknown');
      await refuses([tag, { model: 'blog.tag', pk: 2, fields: { label: 'U', slug: 'u' } }], 'blog.tag pk=2 (record 2), field "label": --rename sends it to "title", which is not a field of blog.tag', {
        rename: { 'blog.tag.label': 'title' },
        ignoreUnknown: true,
      });
    });

    it('two fields that load into the same one', async () => {
      await refuses([{ model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', seo_title: 'x', seoTitle: 'y' } }], 'blog.post pk=1 (record 1), field "seoTitle": both "seo_title" and "seoTitle" load into blog.post.seoTitle');
    });

    it('a required field left out (a foreign key by its relation name)', async () => {
      await refuses([tag, { model: 'blog.tag', pk: 2, fields: { slug: 'u' } }], 'blog.tag pk=2 (record 2), field "name": is required and the fixture does not give it');
      await refuses([{ model: 'blog.revision', pk: 1, fields: { title: 'r', source: 's' } }], 'blog.revision pk=1 (record 1), field "post": is required and the fixture does not give it');
      await refuses([{ model: 'blog.tag', fields: { name: 'U', slug: 'u', id: null } }], 'blog.tag pk=(none) (record 1), field "id": null is not allowed (the field is required)');
      await refuses([{ model: 'blog.tag', pk: 1 }], 'blog.tag pk=1 (record 1), field "name": is required and the fixture does not give it');
      // A pk without a default (a session's is the hash of its secret) must be given.
      const session = { user: 1, expiresAt: '2030-01-01T00:00:00Z' };
      await refuses([{ model: 'accounts.user', pk: 1, fields: { email: 'u@example.com' } }, { model: 'accounts.session', fields: session }], 'accounts.session pk=(none) (record 2), field "id": is required and the fixture does not give it');
      await load([{ model: 'accounts.user', pk: 1, fields: { email: 'u@example.com' } }, { model: 'accounts.session', pk: 'ab12', fields: session }]);
      expect((await db.session.findUniqueOrThrow({ where: { id: 'ab12' } })).userId).toBe(1);
    });

    it('relations given the wrong way', async () => {
      const post = (fields: Record<string, unknown>) => [tag, { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', ...fields } }];
      await refuses(post({ author: ['kim'] }), 'blog.post pk=1 (record 2), field "author": natural keys are not supported; dump the source with primary keys (without --natural-foreign)');
      await refuses(post({ tags: 1 }), 'blog.post pk=1 (record 2), field "tags": expected a list of Tag primary keys');
      await refuses(post({ tags: [['t']] }), 'blog.post pk=1 (record 2), field "tags": natural keys are not supported; dump the source with primary keys');
      await refuses(post({ tags: ['x'] }), 'blog.post pk=1 (record 2), field "tags": "x" is not an integer');
      await refuses(post({ revisions: [1] }), 'blog.post pk=1 (record 2), field "revisions": this is the reverse side of a relation; load it through Revision instead');
      await refuses(post({ author: 'x' }), 'blog.post pk=1 (record 2), field "author": "x" is not an integer');
    });

    it('references to records neither in the fixture nor in the database', async () => {
      await refuses([tag, { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', category: 9 } }], 'blog.post pk=1 (record 2), field "category": no blog.category with id=9 (neither in the fixture nor in the database)');
      await refuses([tag, { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', categoryId: 9 } }], 'blog.post pk=1 (record 2), field "category": no blog.category with id=9 (neither in the fixture nor in the database)');
      await refuses([tag, { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', tags: [1, 2] } }], 'blog.post pk=1 (record 2), field "tags": no blog.tag with id=2 (neither in the fixture nor in the database)');
    });

    it('a slug the site would not accept, by the field the fixture gave it in', async () => {
      for (const slug of ['a--b', '-a', 'a_', 'a b', 'a/b', '']) {
        await refuses([tag, { model: 'blog.category', pk: 1, fields: { name: 'C', url: slug } }], `blog.category pk=1 (record 2), field "url": ${JSON.stringify(slug)} is not a slug (letters, Korean too, and digits, joined by single - or _)`, {
          rename: { 'blog.category.url': 'slug' },
        });
      }
      await load([{ model: 'blog.category', pk: 1, fields: { name: 'C', slug: '딥러닝_v2-3' } }, { model: 'blog.tag', pk: 1, fields: { name: 'T', slug: 'not a slug' } }]);
      expect((await db.category.findUniqueOrThrow({ where: { id: 1 } })).slug).toBe('딥러닝_v2-3');
    });

    it('two fixture records with the same unique value, without pks too', async () => {
      await refuses([{ model: 'blog.tag', fields: { name: 'A', slug: 'a' } }, { model: 'blog.tag', pk: null, fields: { name: 'A', slug: 'b' } }], 'blog.tag pk=(none) (record 2), field "name": "A" is also the name of blog.tag pk=(none) (record 1) (unique field)');
      await refuses([{ model: 'blog.tag', pk: 1, fields: { name: 'A', slug: 'a' } }, { model: 'blog.tag', fields: { name: 'B', slug: 'a' } }], 'blog.tag pk=(none) (record 2), field "slug": "a" is also the slug of blog.tag pk=1 (record 1) (unique field)');
    });

    it('values outside a field’s choices: every record, the first ten shown', async () => {
      const posts = Array.from({ length: 12 }, (_, i) => ({ model: 'blog.post', pk: i + 1, fields: { title: 'A', slug: `a${i}`, status: `s${i}` } }));
      const shown = posts.slice(0, 10).map((p, i) => `blog.post pk=${p.pk} (record ${i + 1}): "s${i}"`).join('; ');
      await refuses(posts, `12 record(s) give field "status" a value it does not allow (allowed: draft, published, scheduled): ${shown}; and 2 more. Map the values with --values blog.post.status=<value>:<allowed>,…`);
      await refuses(posts.slice(0, 10), `10 record(s) give field "status" a value it does not allow (allowed: draft, published, scheduled): ${shown}. Map the values with --values blog.post.status=<value>:<allowed>,…`);
    });

    it('--rename and --values entries that match nothing: a warning each, or the load refused under --strict', async () => {
      const opts = { rename: { 'blog.tag.nme': 'name', 'blog.tag.name': 'name' }, values: { 'blog.tags.name': {} } };
      const warnings: string[] = [];
      await load([tag], { ...opts, onWarning: (w) => warnings.push(w) });
      expect(warnings).toEqual([
        'Warning: --rename blog.tag.nme=…: no record gives field "blog.tag.nme"; it was not used.',
        'Warning: --values blog.tags.name=…: no record gives field "blog.tags.name"; it was not used.',
      ]);
      await flushData(db as never);
      // Nobody to tell: the load goes on all the same.
      await load([tag], opts);
      expect(await db.tag.count()).toBe(1);
      await flushData(db as never);
      await refuses([tag], 'options that match nothing (--strict): --rename blog.tag.nme=…: no record gives field "blog.tag.nme"; --values blog.tags.name=…: no record gives field "blog.tags.name"', { ...opts, strict: true });
      // Model labels match in any case.
      await load([{ model: 'Blog.Tag', pk: 1, fields: { name: 'T', slug: 't' } }], { strict: true, rename: { 'blog.tag.name': 'name' }, map: { 'blog.tag': 'blog.tag' } });
      expect(await db.tag.count()).toBe(1);
      await flushData(db as never);
      // A "fields" that is not an object gives no field names to match, and is refused as such.
      await refuses([{ model: 'blog.tag', pk: 1, fields: 'name' }], 'options that match nothing (--strict): --rename blog.tag.0=…: no record gives field "blog.tag.0"', { strict: true, rename: { 'blog.tag.0': 'name' } });
      // Records that are not records are the load's error, not a warning's.
      await refuses([null, { model: 'blog.tag', fields: 'x' }, tag], 'record 1: expected {"model": "app.model", "pk": ..., "fields": {...}}', { strict: true, rename: { 'blog.tag.name': 'name' } });
    });
  });

  describe('loaddata against rows already there', () => {
    it('names the unique fields of a clash it cannot pin to one row (by field, whatever the database calls the index)', async () => {
      await db.permission.create({ data: { id: 1, app: 'blog', codename: 'view_post' } });
      await expect(load([{ model: 'accounts.permission', pk: 2, fields: { app: 'blog', codename: 'view_post' } }])).rejects.toThrow(
        new FixtureError('accounts.permission pk=2 (record 1): another record already has the same app, codename (unique constraint)'),
      );
      expect(await db.permission.count()).toBe(1);
    });

    // PostgreSQL alone refuses a NUL in text (SQLite stores it), so the test exists on its run only.
    if (provider === 'postgresql') it('gives the last line of what the database said when it refuses a value', async () => {
      await expect(load([{ model: 'blog.tag', pk: 1, fields: { name: 'a\u0000b', slug: 'ab' } }])).rejects.toThrow(/^blog\.tag pk=1 \(record 1\): [^\n]*0x00[^\n]*$/);
      expect(await db.tag.count()).toBe(0);
    });

    it('names the row that already holds a unique value', async () => {
      await load([{ model: 'blog.tag', pk: 1, fields: { name: 'A', slug: 'a' } }, { model: 'blog.tag', pk: 2, fields: { name: 'B', slug: 'b' } }]);
      await expect(load([{ model: 'blog.tag', pk: 5, fields: { name: 'B', slug: 'c' } }])).rejects.toThrow(
        new FixtureError('blog.tag pk=5 (record 1): "B" is already the name of blog.tag pk=2 in the database (unique field)'),
      );
      expect(await db.tag.count()).toBe(2);
    });

    it('rolls back every record written before a many-to-many list fails', async () => {
      await db.tag.create({ data: { id: 1, name: 'T', slug: 't' } });
      await expect(
        load([
          { model: 'blog.tag', pk: 1, fields: { name: 'renamed', slug: 't' } },
          { model: 'blog.post', pk: 1, fields: { title: 'A', slug: 'a', tags: [1] } },
          { model: 'blog.post', pk: 2, fields: { title: 'B', slug: 'b', tags: [3] } },
        ]),
      ).rejects.toThrow(new FixtureError('blog.post pk=2 (record 3), field "tags": no blog.tag with id=3 (neither in the fixture nor in the database)'));
      expect((await db.tag.findUniqueOrThrow({ where: { id: 1 } })).name).toBe('T');
      expect(await db.post.count()).toBe(0);
    });
  });
});
