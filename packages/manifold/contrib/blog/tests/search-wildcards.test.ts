// Search treats %, _ and \ in the reader's query as text, not LIKE wildcards, on a real SQLite file and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { querySearch } from '../queries';

describe.each(PROVIDERS)('search wildcards on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    const cat = await db.category.create({ data: { name: 'ml', slug: 'ml' } });
    const post = (slug: string, title: string, searchText: string, day: number) =>
      db.post.create({
        data: { slug, title, categoryId: cat.id, status: 'published', publishedAt: new Date(Date.UTC(2020, 0, day)), compiledCode: 'return {default: () => null}', searchText },
      });
    await post('percent', 'Accuracy', 'accuracy reached 100% on the toy set', 1);
    await post('underscore', 'Variables', 'the variable a_b holds the learning rate', 2);
    await post('plain', 'Plain', 'axb and 1000 samples, no wildcards here', 3);
    await post('backslash', 'Paths', 'windows paths like c:\\data\\x need escaping', 4);
    await post('title-only', '50%_Off', 'nothing special in the body', 5);
    await db.post.create({ data: { slug: 'draft', title: 'Draft', categoryId: cat.id, status: 'draft', compiledCode: '', searchText: 'draft at 100% a_b' } });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  const slugs = async (q: string) => (await querySearch(db, q)).map((p) => p.slug).sort();

  it('matches % literally: 100% finds only the published post that says 100%', async () => {
    expect(await slugs('100%')).toEqual(['percent']);
    expect(await slugs('%')).toEqual(['percent', 'title-only']);
  });

  it('matches _ literally: a_b does not find axb', async () => {
    expect(await slugs('a_b')).toEqual(['underscore']);
    expect(await slugs('_')).toEqual(['title-only', 'underscore']);
  });

  it('matches the escape character itself literally', async () => {
    expect(await slugs('c:\\data')).toEqual(['backslash']);
    expect(await slugs('\\')).toEqual(['backslash']);
    expect(await slugs('%_')).toEqual(['title-only']);
  });

  it('still finds plain words in title and body', async () => {
    expect(await slugs('axb')).toEqual(['plain']);
    expect(await slugs('Accuracy')).toEqual(['percent']);
  });
});
