// What readers see of a category, a tag or a series changed in the admin: every cached reader page is dropped (its
// posts show the new name at once, whatever the page cache's lifetime) and the search finds its posts by the new name
// (their index entries are made again), and once it is deleted no longer by its name, on SQLite and PostgreSQL, through
// the admin's own hooks.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import hooks from '../admin-hooks';
import { querySearch } from '../search/query';
import { blogFactory, emptyBlog, seoulDay } from './factories';

const g = globalThis as { __manifoldPageCache?: { clear(): void } };
afterEach(() => {
  delete g.__manifoldPageCache;
});

describe.each(PROVIDERS)('admin changes readers see, on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    await emptyBlog(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  for (const model of ['Category', 'Tag', 'Series'] as const) {
    it(`${model}: a rename purges the reader pages and its posts are found by the new name`, async () => {
      const make = blogFactory(db);
      const word = `${model.toLowerCase()}${provider}`;
      const object =
        model === 'Category'
          ? await make.category(`${word}-old`)
          : model === 'Tag'
            ? await make.tag(`${word}-old`)
            : await db.series.create({ data: { title: `${word}-old`, slug: `${word}-old` } });
      const link = model === 'Category' ? { categoryId: object.id } : model === 'Tag' ? { tagIds: [object.id] } : {};
      const post = await make.post(`${word}-post`, seoulDay('2020-02-16'), link);
      if (model === 'Series') await db.post.update({ where: { id: post.id }, data: { seriesId: object.id, seriesOrder: 1 } });
      // Indexed as it is now (a search catches the index up), so the rename is what must make it stale.
      await querySearch(db, 'anything');

      const renamed = `새이름${word}`;
      const changed =
        model === 'Category'
          ? await db.category.update({ where: { id: object.id }, data: { name: renamed } })
          : model === 'Tag'
            ? await db.tag.update({ where: { id: object.id }, data: { name: renamed } })
            : await db.series.update({ where: { id: object.id }, data: { title: renamed } });
      let cleared = 0;
      g.__manifoldPageCache = { clear: () => void cleared++ };
      const hook = hooks[model];
      expect(hook?.afterSave, `${model} has no afterSave hook`).toBeTypeOf('function');
      await hook!.afterSave!({ object: changed as unknown as Record<string, unknown>, created: false, db });
      expect(cleared, 'the reader pages were not purged').toBe(1);
      expect((await querySearch(db, renamed)).map((h) => h.slug)).toEqual([post.slug]);

      // Deleted as the admin deletes (admin-core's deleteObjects): the hook reads its posts first, the database then
      // unlinks them (SetNull, the link table's cascade) without touching their rows' stamp, and the hook marks them.
      const objects = [changed as unknown as Record<string, unknown>];
      const before = await hook!.beforeDelete!({ objects, db });
      if (model === 'Category') await db.category.delete({ where: { id: object.id } });
      else if (model === 'Tag') await db.tag.delete({ where: { id: object.id } });
      else await db.series.delete({ where: { id: object.id } });
      await hook!.afterDelete!({ objects, db, before });
      expect(cleared).toBe(2);
      // Its posts are no longer found by its name; still by their own.
      expect(await querySearch(db, renamed)).toEqual([]);
      expect((await querySearch(db, `${word}-post`)).map((h) => h.slug)).toEqual([post.slug]);
    });
  }
});
