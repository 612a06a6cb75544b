// Revisions on a real SQLite file and a real PostgreSQL database: autosave sittings (one revision while the same person
// keeps autosaving, a new one after a pause, a save or someone else) and the pruning policy.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { pruneRevisions, recordAutosave, recordRevision, REVISION_POLICY } from '../editor/revisions';
import type { EditorFields } from '../editor/types';

const fields = (source: string): EditorFields => ({
  title: '제목',
  slug: 'slug',
  source,
  excerpt: '',
  categoryId: null,
  tags: [],
  coverImage: null,
  seoTitle: null,
  seoDescription: null,
  seriesId: null,
  seriesOrder: null,
  revisedAt: null,
  publishedAt: null,
});

const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

describe.each(PROVIDERS)('revisions on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let postId: number;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });
  beforeEach(async () => {
    await db.revision.deleteMany();
    await db.post.deleteMany();
    postId = (await db.post.create({ data: { title: '제목', slug: 'slug' } })).id;
  });

  const kinds = async () => (await db.revision.findMany({ where: { postId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map((r) => `${r.kind}:${r.authorId}:${r.source}`);

  it('one autosave revision per sitting: kept up to date, a new one after a pause, a save, or another person', async () => {
    const t0 = new Date('2026-12-01T05:00:00Z');
    await recordAutosave(db, { postId, authorId: 1, fields: fields('a1'), now: t0 });
    await recordAutosave(db, { postId, authorId: 1, fields: fields('a2'), now: minutes(t0, 3) });
    await recordAutosave(db, { postId, authorId: 1, fields: fields('a3'), now: minutes(t0, 12) });
    expect(await kinds()).toEqual(['autosave:1:a3']);
    // A pause longer than the sitting.
    await recordAutosave(db, { postId, authorId: 1, fields: fields('b1'), now: minutes(t0, 12 + REVISION_POLICY.sittingMinutes + 1) });
    // Someone else.
    await recordAutosave(db, { postId, authorId: 2, fields: fields('c1'), now: minutes(t0, 30) });
    await recordAutosave(db, { postId, authorId: 2, fields: fields('c2'), now: minutes(t0, 31) });
    // A save ends the sitting.
    await recordRevision(db, { postId, authorId: 2, kind: 'save', fields: fields('saved'), now: minutes(t0, 32) });
    await recordAutosave(db, { postId, authorId: 2, fields: fields('d1'), now: minutes(t0, 33) });
    expect(await kinds()).toEqual(['autosave:1:a3', 'autosave:1:b1', 'autosave:2:c2', 'save:2:saved', 'autosave:2:d1']);
  });

  it('pruning keeps every publish and restore, the newest 50 saves, a week of autosaves and always the newest autosave', async () => {
    const now = new Date('2026-12-20T00:00:00Z');
    const rows = [];
    for (let i = 0; i < 60; i++) rows.push({ postId, kind: 'save', title: 't', source: `save ${i}`, createdAt: minutes(now, -1000 + i) });
    for (let i = 0; i < 5; i++) rows.push({ postId, kind: 'publish', title: 't', source: `publish ${i}`, createdAt: new Date(`2020-01-0${i + 1}T00:00:00Z`) });
    rows.push({ postId, kind: 'restore', title: 't', source: 'restore old', createdAt: new Date('2019-01-01T00:00:00Z') });
    rows.push({ postId, kind: 'autosave', title: 't', source: 'autosave 8 days', createdAt: minutes(now, -8 * 24 * 60) });
    rows.push({ postId, kind: 'autosave', title: 't', source: 'autosave 6 days', createdAt: minutes(now, -6 * 24 * 60) });
    await db.revision.createMany({ data: rows });
    expect(await pruneRevisions(db, postId, now)).toBe(10 + 1);
    const left = await db.revision.findMany({ where: { postId }, select: { kind: true, source: true } });
    const saves = left.filter((r) => r.kind === 'save').map((r) => r.source);
    expect(saves).toHaveLength(REVISION_POLICY.keepSaves);
    expect(saves).not.toContain('save 9');
    expect(saves).toContain('save 10');
    expect(left.filter((r) => r.kind === 'publish')).toHaveLength(5);
    expect(left.map((r) => r.source)).toEqual(expect.arrayContaining(['restore old', 'autosave 6 days']));
    expect(left.map((r) => r.source)).not.toContain('autosave 8 days');
    // The newest autosave stays even when it is old (the last thing typed before a long absence).
    await db.revision.deleteMany({ where: { postId, source: 'autosave 6 days' } });
    await db.revision.create({ data: { postId, kind: 'autosave', title: 't', source: 'only autosave', createdAt: new Date('2020-01-01T00:00:00Z') } });
    expect(await pruneRevisions(db, postId, now)).toBe(0);
    // Another post's revisions are not touched.
    const other = await db.post.create({ data: { title: 'o', slug: 'o' } });
    await db.revision.create({ data: { postId: other.id, kind: 'autosave', title: 'o', source: 'x', createdAt: new Date('2000-01-01T00:00:00Z') } });
    await db.revision.create({ data: { postId: other.id, kind: 'autosave', title: 'o', source: 'y', createdAt: new Date('2000-01-02T00:00:00Z') } });
    await pruneRevisions(db, postId, now);
    expect(await db.revision.count({ where: { postId: other.id } })).toBe(2);
  });
});
