// The admin's permission matrix, enumerated from the registry rather than listed by hand: for every model some
// installed app registers, every operation (list, open, add, change, delete preview, delete, each of the app's bulk
// actions, history, autocomplete) is refused to a user without the permission it needs, to staff that is not active
// and to a non-staff user holding every permission; and allowed to a user holding exactly that permission. Users are
// real rows with permissions and the built-in groups that `migrate` made, loaded the way a request loads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { loadCurrentUser } from '../../accounts/sessions';
import type { CurrentUser } from '../../accounts/auth';
import * as admin from '../core';
import type { AdminModel } from '../core';

type Op = { name: string; needs: 'view' | 'add' | 'change' | 'delete' | string; run: (u: CurrentUser) => Promise<unknown> };

/** Every operation on one model, each naming the permission it needs (an action names its own). */
function operations(ma: AdminModel, id: string): Op[] {
  const relation = ma.fields.find((f) => f.relation?.kind === 'fk' || f.relation?.kind === 'm2m');
  const ops: Op[] = [
    { name: 'changeList', needs: 'view', run: (u) => admin.changeList(u, ma, new URLSearchParams()) },
    { name: 'loadObject', needs: 'view', run: (u) => admin.loadObject(u, ma, id) },
    { name: 'history', needs: 'view', run: (u) => admin.history(u, ma, id) },
    { name: 'formSpec add', needs: 'add', run: (u) => admin.formSpec(u, ma, null) },
    // An empty form: a permitted user gets validation errors back, an unpermitted one a refusal.
    { name: 'saveObject add', needs: 'add', run: (u) => admin.saveObject(u, ma, null, new FormData()) },
    { name: 'saveObject change', needs: 'change', run: (u) => admin.saveObject(u, ma, id, new FormData()) },
    { name: 'deletePreview', needs: 'delete', run: (u) => admin.deletePreview(u, ma, [id]) },
    ...(ma.admin.actions ?? []).map((a) => ({ name: `action ${a.name}`, needs: a.permission ?? 'change', run: (u: CurrentUser) => admin.runAction(u, ma, a.name, []) })),
  ];
  if (relation) ops.push({ name: `autocomplete ${relation.name}`, needs: 'change', run: (u) => admin.autocomplete(u, ma, relation.name, '') });
  return ops;
}

const permName = (ma: AdminModel, needs: string) => (needs in ma.perms ? ma.perms[needs as keyof typeof ma.perms] : needs);

describe.each(PROVIDERS)('the admin permission matrix on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let models: AdminModel[];
  let seq = 0;

  /** A real user row holding exactly `perms` (created by migrate's post-migrate hook), loaded as a request would. */
  async function userWith(perms: string[], flags: { isStaff?: boolean; isActive?: boolean; groups?: string[] } = {}): Promise<CurrentUser> {
    const rows = await Promise.all(
      perms.map((p) => {
        const [app, codename] = p.split('.');
        return db.permission.findUniqueOrThrow({ where: { app_codename: { app, codename } } }).catch(() => {
          throw new Error(`migrate made no permission ${p}`);
        });
      }),
    );
    const u = await db.user.create({
      data: {
        email: `matrix${++seq}@example.com`,
        isStaff: flags.isStaff ?? true,
        isActive: flags.isActive ?? true,
        userPermissions: { connect: rows.map((r) => ({ id: r.id })) },
        groups: { connect: (flags.groups ?? []).map((name) => ({ name })) },
      },
    });
    return (await loadCurrentUser(db, u.id))!;
  }

  async function refused(op: Op, u: CurrentUser, why: string) {
    await expect(op.run(u), `${op.name}: ${why}`).rejects.toBeInstanceOf(admin.PermissionDenied);
  }
  async function allowed(op: Op, u: CurrentUser, why: string) {
    await expect(op.run(u).then(() => 'allowed', (e: Error) => `${e.name}: ${e.message}`), `${op.name}: ${why}`).resolves.toBe('allowed');
  }

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    admin.setAdminDatabase(db);
    models = (await admin.adminSite()).models;
    // One row of each model the blog registers, and a group of the matrix's own (migrate's built-in groups are the
    // groups test's: the matrix saves each model's newest row with an empty form, which clears a group's
    // permissions); the users are the ones this file makes. A newly registered model without a row fails below, by name.
    const category = await db.category.create({ data: { name: '매트릭스', slug: 'matrix' } });
    await db.tag.create({ data: { name: 'matrix', slug: 'matrix' } });
    await db.group.create({ data: { name: '매트릭스 그룹' } });
    const post = await db.post.create({ data: { title: '매트릭스 글', slug: 'matrix-post', categoryId: category.id } });
    await db.comment.create({ data: { postId: post.id, name: '손님', body: '매트릭스 댓글' } });
    await db.legacyPath.create({ data: { path: '/2020/02/16/matrix', postId: post.id } });
    await db.series.create({ data: { title: '매트릭스 시리즈', slug: 'matrix-series' } });
    await db.media.create({ data: { key: '2026/12/0123456789abcdef.640x480.jpg', filename: 'matrix.jpg', mime: 'image/jpeg', size: 1, width: 640, height: 480, sha256: '0'.repeat(64) } });
    await db.logEntry.create({ data: { app: 'blog', model: 'Post', objectId: '1', action: 'add' } });
    // The model library (ml): a model with one version.
    const dims = { format: 'layers', files: '[]', size: 1, params: 1, flops: 1, inputShape: '[null,1]', outputShape: '[null,1]', dtypes: '{}' };
    await db.mlModel.create({ data: { slug: 'matrix-model', title: '매트릭스 모델', versions: { create: [{ number: 1, status: 'ready', ...dims }] } } });
    await userWith([]);
  });
  afterAll(async () => {
    admin.setAdminDatabase(null);
    await db?.$disconnect();
    await database?.drop();
  });

  it('covers every registered model of every installed app', () => {
    const slugs = models.map((m) => m.slug).sort();
    // The registry decides; this only guards against an empty registry making the matrix vacuous.
    expect(slugs).toEqual(expect.arrayContaining(['accounts/group', 'accounts/user', 'blog/category', 'blog/post', 'blog/series', 'blog/tag', 'media/media']));
  });

  it("the built-in groups: an Author works on their own posts only and cannot publish; an Editor may do everything in the blog", async () => {
    const ma = (await admin.getModelAdmin('blog', 'post'))!;
    const author = await userWith([], { groups: ['Author'] });
    const otherAuthor = await userWith([], { groups: ['Author'] });
    const editor = await userWith([], { groups: ['Editor'] });
    const mine = await db.post.create({ data: { title: '내 글', slug: `mine-${author.id}`, authorId: author.id } });
    const theirs = await db.post.create({ data: { title: '남의 글', slug: `theirs-${otherAuthor.id}`, authorId: otherAuthor.id } });

    const listed = await admin.changeList(author, ma, new URLSearchParams());
    expect(listed.rows.map((r) => r.id)).toEqual([String(mine.id)]);
    expect(await admin.loadObject(author, ma, String(mine.id))).not.toBeNull();
    for (const run of [
      () => admin.loadObject(author, ma, String(theirs.id)),
      () => admin.saveObject(author, ma, String(theirs.id), new FormData()),
      () => admin.history(author, ma, String(theirs.id)),
      () => admin.runAction(author, ma, 'publish', [String(mine.id)]),
    ]) {
      await expect(run()).rejects.toBeInstanceOf(admin.PermissionDenied);
    }
    // A bulk delete takes only the rows the user may delete: someone else's post is "not found or not yours".
    const preview = await admin.deletePreview(author, ma, [String(theirs.id), String(mine.id)]);
    expect(preview.objects.map((o) => o.id)).toEqual([String(mine.id)]);
    expect(preview.missing).toEqual([String(theirs.id)]);
    expect((await admin.deleteObjects(author, ma, [String(theirs.id)])).deleted).toBe(0);
    expect(await db.post.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ title: '남의 글', status: 'draft' });
    expect(author.permissions.has('blog.publish_post')).toBe(false);

    for (const p of ['blog.publish_post', 'blog.change_post', 'blog.delete_post', 'blog.add_category', 'blog.use_code_in_mdx']) expect(editor.permissions.has(p), p).toBe(true);
    expect((await admin.changeList(editor, ma, new URLSearchParams())).total).toBeGreaterThanOrEqual(3);
    await admin.runAction(editor, ma, 'publish', [String(theirs.id)]);
    expect((await db.post.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe('published');
  });

  it('every operation on every model: refused without its permission, allowed with exactly it', async () => {
    const checked: string[] = [];
    for (const ma of models) {
      // The newest row: one seeded above or made by this file's tests, never a built-in group another test relies on.
      const row = await (db as unknown as Record<string, { findFirst(a: object): Promise<Record<string, unknown> | null> }>)[ma.model[0].toLowerCase() + ma.model.slice(1)].findFirst({ orderBy: { [ma.pk.name]: 'desc' } });
      expect(row, `seed a row of ${ma.slug} in this test`).not.toBeNull();
      const id = String(row![ma.pk.name]);
      const everything = [...Object.values(ma.perms), ...(ma.admin.actions ?? []).map((a) => a.permission ?? ma.perms.change)];
      const nobody = await userWith([]);
      const notStaff = await userWith([...new Set(everything)], { isStaff: false });
      const inactive = await userWith([...new Set(everything)], { isActive: false });
      // Every permission of every OTHER model: a grant for one model opens nothing of another.
      const others = await userWith([...new Set(models.filter((m) => m !== ma).flatMap((m) => Object.values(m.perms)))]);
      for (const op of operations(ma, id)) {
        const perm = permName(ma, op.needs);
        if (op.needs === 'add' && ma.admin.addable === false) {
          // A model the admin does not make rows of: adding is refused to the holder of every permission too.
          await refused(op, await userWith([...new Set(everything)]), 'addable: false');
          checked.push(`${ma.slug} ${op.name} (refused: addable false)`);
          continue;
        }
        await refused(op, nobody, 'staff without permissions');
        await refused(op, notStaff, 'not staff, every permission');
        await refused(op, inactive, 'inactive staff, every permission');
        await refused(op, others, "every other model's permissions");
        // Exactly the permission (and view, without which no admin page of the model opens, as in Django). An app's
        // action changes the rows, so it needs change as well as its own permission.
        const isAppAction = op.name.startsWith('action ');
        const base = isAppAction ? [ma.perms.view, ma.perms.change] : [ma.perms.view];
        await allowed(op, await userWith([...new Set([...base, perm])]), `holding ${perm}`);
        if (!base.includes(perm)) await refused(op, await userWith(base), `holding only ${base.join(', ')}`);
        checked.push(`${ma.slug} ${op.name} (${perm})`);
      }
    }
    // Each model contributed its list, open, history, add form, add, change and delete preview at least.
    expect(checked.length).toBeGreaterThanOrEqual(models.length * 7);
  }, 300_000);

  it('deleting is refused without delete and done with it', async () => {
    const ma = (await admin.getModelAdmin('blog', 'tag'))!;
    const tag = await db.tag.create({ data: { name: 'to-delete', slug: 'to-delete' } });
    await expect(admin.deleteObjects(await userWith(['blog.view_tag', 'blog.change_tag']), ma, [String(tag.id)])).rejects.toBeInstanceOf(admin.PermissionDenied);
    expect(await db.tag.count({ where: { id: tag.id } })).toBe(1);
    await admin.deleteObjects(await userWith(['blog.view_tag', 'blog.delete_tag']), ma, [String(tag.id)]);
    expect(await db.tag.count({ where: { id: tag.id } })).toBe(0);
  });

});
