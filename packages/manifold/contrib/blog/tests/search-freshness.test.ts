// Issue 13 (scale): a search does not read the whole posts table to learn whether the index is current while
// server.mjs's purge broadcast runs in the process (search/index.ts syncIfChanged): after one catch-up, the next
// searches send no look at the posts (the "newest change, count, sum of versions" statement) until a content purge —
// after which the next search looks again and finds the new post — or 10 s at most. Without the broadcast, every
// search looks. Checked on the statements Prisma sends, on SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../../lib/db';
import { localBroadcast } from '../../../lib/server/broadcast.mjs';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { querySearchPage } from '../search/query';
import { blogFactory, emptyBlog, loggedClient, seoulDay as day } from './factories';

const g = globalThis as { __manifoldPurges?: unknown };
const looksAtPosts = (sql: string) => /MAX\("updatedAt"\)/.test(sql) && /SUM\("version"\)/.test(sql);

describe.each(PROVIDERS)('the search index catch-up, on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let statements: string[] = [];
  const looks = () => statements.filter(looksAtPosts).length;
  const slugsFor = async (q: string) => (await querySearchPage(db, q)).hits.map((h) => h.slug).sort();

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    ({ db, statements } = loggedClient(database.target));
  });
  beforeEach(async () => {
    await emptyBlog(db);
    await blogFactory(db).post('gd-1', day('2019-11-17'), { searchText: '경사 하강법 학습률' });
    statements.length = 0;
  });
  afterEach(() => {
    delete g.__manifoldPurges;
    vi.useRealTimers();
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('with the broadcast: one look, then none until a purge; after the purge the new post is found', async () => {
    const purges = localBroadcast();
    g.__manifoldPurges = purges;
    expect(await slugsFor('학습률')).toEqual(['gd-1']);
    expect(looks()).toBe(1);
    for (let i = 0; i < 3; i++) expect(await slugsFor('학습률')).toEqual(['gd-1']);
    expect(looks()).toBe(1);
    // A new post and its purge (as lib/cache.ts announces every content change).
    await blogFactory(db).post('gd-2', day('2020-04-26'), { searchText: '학습률 스케줄' });
    await purges.publish({ tags: [], paths: [], posts: ['gd-2'] });
    expect(await slugsFor('학습률')).toEqual(['gd-1', 'gd-2']);
    expect(looks()).toBe(2);
  });

  it('with the broadcast, a change without a purge is found within 10 s', async () => {
    g.__manifoldPurges = localBroadcast();
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await slugsFor('학습률')).toEqual(['gd-1']);
    await blogFactory(db).post('gd-3', day('2020-05-01'), { searchText: '학습률 워밍업' });
    vi.setSystemTime(Date.now() + 5_000);
    expect(await slugsFor('학습률')).toEqual(['gd-1']);
    vi.setSystemTime(Date.now() + 5_001);
    expect(await slugsFor('학습률')).toEqual(['gd-1', 'gd-3']);
    expect(looks()).toBe(2);
  });

  it('without the broadcast every search looks', async () => {
    for (let i = 0; i < 3; i++) await slugsFor('학습률');
    expect(looks()).toBe(3);
  });
});
