// `manage blog publish-scheduled`: due scheduled posts become published; future ones, drafts and published posts stay as they are.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../../lib/db';
import { manage } from '../../../lib/manage/tests/support';
import { publishScheduled } from '../commands/publish-scheduled';

const NOW = new Date('2024-03-01T12:00:00Z');

async function seed(db: Db) {
  await db.post.deleteMany();
  await db.post.createMany({
    data: [
      { title: 'Due', slug: 'due', status: 'scheduled', publishedAt: new Date('2024-03-01T11:59:00Z'), version: 3 },
      { title: 'Due exactly now', slug: 'due-now', status: 'scheduled', publishedAt: NOW },
      { title: 'Future', slug: 'future', status: 'scheduled', publishedAt: new Date('2024-03-01T12:01:00Z') },
      { title: 'Draft', slug: 'draft', status: 'draft', publishedAt: new Date('2020-01-01T00:00:00Z') },
      { title: 'Old', slug: 'old', status: 'published', publishedAt: new Date('2020-01-01T00:00:00Z') },
    ],
  });
}

const statuses = async (db: Db) => Object.fromEntries((await db.post.findMany({ orderBy: { slug: 'asc' } })).map((p) => [p.slug, p.status]));

describe.each(PROVIDERS)('publish-scheduled on %s', (provider) => {
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
  beforeEach(() => seed(db));

  it('publishes the scheduled posts whose time has passed, and only those', async () => {
    const published = await publishScheduled(db, NOW);
    expect(published.map((p) => p.slug)).toEqual(['due', 'due-now']);
    expect(await statuses(db)).toEqual({ draft: 'draft', due: 'published', 'due-now': 'published', future: 'scheduled', old: 'published' });
    // Optimistic locking: an editor holding the old version must not overwrite the change.
    expect((await db.post.findUniqueOrThrow({ where: { slug: 'due' } })).version).toBe(4);
    expect(await publishScheduled(db, NOW)).toEqual([]);
  });

  it('--dry-run reports without changing anything', async () => {
    expect((await publishScheduled(db, NOW, { dryRun: true })).map((p) => p.slug)).toEqual(['due', 'due-now']);
    expect((await statuses(db)).due).toBe('scheduled');
  });

  it('runs as `manage blog publish-scheduled` and prints how many it published', async () => {
    const r = await manage(['blog', 'publish-scheduled', '--now', NOW.toISOString()], { env: { DATABASE_URL: t.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}published {2}due {2}\(2024-03-01T11:59:00\.000Z\) {2}Due$/m);
    expect(r.stdout).toMatch(/^Published 2 scheduled post\(s\) due by 2024-03-01T12:00:00\.000Z\.$/m);
    expect((await statuses(db)).future).toBe('scheduled');
    const bad = await manage(['blog', 'publish-scheduled', '--now', 'tomorrow'], { env: { DATABASE_URL: t.url } });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr.trim()).toBe('Error: --now "tomorrow" is not a date; use e.g. 2020-02-16T15:15:00+09:00');
  });
});
