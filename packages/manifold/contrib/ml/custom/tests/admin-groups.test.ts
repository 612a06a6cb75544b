// Who may use the model library by default (accounts' post-migrate on a real database, SQLite and PostgreSQL): the
// four ml.*_mlmodel permissions exist; the Editor group may view the library (to embed its models) and nothing more;
// Authors get nothing of it. On a site that had the groups before the ml app's models, the migrate that creates them
// gives the Editor the view permission once; a later removal by an admin stays.
import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../../lib/db';
import { runPostMigrate } from '../../../../lib/manage/post-migrate';
import { createTestDatabase, PROVIDERS } from '../../../../testing/databases';

const groupPerms = async (db: Db, name: string) => (await db.group.findUniqueOrThrow({ where: { name }, include: { permissions: true } })).permissions.map((p) => `${p.app}.${p.codename}`).sort();
const mlOf = (perms: string[]) => perms.filter((p) => p.startsWith('ml.'));

describe.each(PROVIDERS)('model library permissions on %s', (provider) => {
  // Each test on a site of its own: the second removes and re-grants permissions, which the first must not see.
  const onFreshSite = async (fn: (db: Db) => Promise<void>) => {
    const t = await createTestDatabase(provider);
    const db = createDb(t.target);
    try {
      await fn(db);
    } finally {
      await db.$disconnect();
      await t.drop();
    }
  };

  it('makes view/add/change/delete of MlModel and MlModelVersion; Editor: view_mlmodel only; Author: nothing of ml', () =>
    onFreshSite(async (db) => {
      const ml = (await db.permission.findMany({ where: { app: 'ml' }, select: { codename: true } })).map((p) => p.codename).sort();
      expect(ml).toEqual(['add_mlmodel', 'add_mlmodelversion', 'change_mlmodel', 'change_mlmodelversion', 'delete_mlmodel', 'delete_mlmodelversion', 'view_mlmodel', 'view_mlmodelversion']);
      expect(mlOf(await groupPerms(db, 'Editor'))).toEqual(['ml.view_mlmodel']);
      expect(mlOf(await groupPerms(db, 'Author'))).toEqual([]);
    }));

  it('an existing site: the migrate that brings the models gives the Editor view_mlmodel; an admin\'s removal then stays', () =>
    onFreshSite(async (db) => {
      // As before the model library: no ml permissions (their group links go with them).
      await db.permission.deleteMany({ where: { app: 'ml' } });
      expect(mlOf(await groupPerms(db, 'Editor'))).toEqual([]);
      const editorBefore = await groupPerms(db, 'Editor');
      await runPostMigrate(db);
      expect(mlOf(await groupPerms(db, 'Editor'))).toEqual(['ml.view_mlmodel']);
      expect(mlOf(await groupPerms(db, 'Author'))).toEqual([]);
      // Nothing else of the Editor changed.
      expect((await groupPerms(db, 'Editor')).filter((p) => !p.startsWith('ml.'))).toEqual(editorBefore);

      await db.group.update({ where: { name: 'Editor' }, data: { permissions: { disconnect: { app_codename: { app: 'ml', codename: 'view_mlmodel' } } } } });
      await runPostMigrate(db);
      expect(mlOf(await groupPerms(db, 'Editor'))).toEqual([]);
    }));
});
