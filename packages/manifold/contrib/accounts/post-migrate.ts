// The accounts app's post-migrate work (Django's create_permissions): a permission per model and action for every
// installed app, the apps' own permissions, the built-in Editor and Author groups, and 0.2's `role` turned into
// flags and groups. Idempotent: a second run changes nothing.
import type { PostMigrateContext } from '../../lib/app';
import type { Db } from '../../lib/db';

const ACTIONS = ['view', 'add', 'change', 'delete'] as const;
const OWN_ACTIONS = ['view', 'change', 'delete'] as const;
const ACTION_NAMES: Record<string, string> = { view: 'view', add: 'add', change: 'change', delete: 'delete' };

export interface PermissionSpec {
  app: string;
  codename: string;
  name: string;
}

/** Every permission the installed apps imply, in a stable order. */
export function permissionSpecs(apps: PostMigrateContext['apps']): PermissionSpec[] {
  const specs: PermissionSpec[] = [];
  for (const app of apps) {
    for (const model of app.models) {
      const m = model.toLowerCase();
      for (const a of ACTIONS) specs.push({ app: app.label, codename: `${a}_${m}`, name: `Can ${ACTION_NAMES[a]} ${m}` });
      if (app.ownerModels.includes(model)) {
        for (const a of OWN_ACTIONS) specs.push({ app: app.label, codename: `${a}_own_${m}`, name: `Can ${ACTION_NAMES[a]} own ${m}` });
      }
    }
    for (const [codename, name] of Object.entries(app.permissions)) specs.push({ app: app.label, codename, name });
  }
  return specs;
}

/** The built-in groups: each is given the permissions it names when they first exist; the admin may change it after. */
export const BUILTIN_GROUPS: Record<string, (p: PermissionSpec) => boolean> = {
  // Everything about the blog and the media library: all posts, categories, tags and series, publishing, code in MDX,
  // every upload, and the moderation of readers' comments. Of the model library only the view (to embed its models):
  // an uploaded model is loaded and run by the server, so who may upload one (ml.add_mlmodel) is a superuser's
  // decision, given by hand.
  Editor: (p) => p.app === 'blog' || p.app === 'media' || p.app === 'comments' || (p.app === 'ml' && p.codename === 'view_mlmodel'),
  // Their own posts only: write, edit, delete their own; see categories, tags and series, make tags while writing;
  // upload and browse images; no publishing, nobody else's posts. Nothing of the model library.
  Author: (p) =>
    (p.app === 'blog' && ['add_post', 'view_own_post', 'change_own_post', 'delete_own_post', 'view_category', 'view_tag', 'add_tag', 'view_series'].includes(p.codename)) ||
    (p.app === 'media' && ['add_media', 'view_media'].includes(p.codename)),
};

/**
 * Permissions a built-in group gained after it first existed, given once to a group that already exists: in the
 * migrate that creates the `with` permission (the upgrade that brings the feature), so a later removal by an admin
 * stays. The post editor (which brought the media app) lets Authors create tags inline.
 */
export const BUILTIN_GROUP_UPGRADES: { group: string; with: string; give: string[] }[] = [{ group: 'Author', with: 'media.add_media', give: ['blog.add_tag'] }];

/** 0.2's roles, as flags and a group. */
const ROLES: Record<string, { isSuperuser?: boolean; isStaff?: boolean; group?: string }> = {
  admin: { isSuperuser: true, isStaff: true },
  editor: { isStaff: true, group: 'Editor' },
  author: { isStaff: true, group: 'Author' },
  reader: {},
};

const key = (p: { app: string; codename: string }) => `${p.app}.${p.codename}`;

export async function createPermissions(db: Db, apps: PostMigrateContext['apps']): Promise<{ created: PermissionSpec[]; ids: Map<string, number> }> {
  const specs = permissionSpecs(apps);
  const existing = new Map((await db.permission.findMany({ select: { id: true, app: true, codename: true, name: true } })).map((p) => [key(p), p]));
  const created: PermissionSpec[] = [];
  for (const spec of specs) {
    const row = existing.get(key(spec));
    if (!row) {
      // upsert, not create: a second migrate running at the same moment may have made it.
      const made = await db.permission.upsert({ where: { app_codename: { app: spec.app, codename: spec.codename } }, create: spec, update: {} });
      existing.set(key(spec), made);
      created.push(spec);
    } else if (row.name !== spec.name) {
      await db.permission.update({ where: { id: row.id }, data: { name: spec.name } });
    }
  }
  return { created, ids: new Map([...existing].map(([k, v]) => [k, v.id])) };
}

export async function createBuiltinGroups(db: Db, created: PermissionSpec[], ids: Map<string, number>): Promise<string[]> {
  const made: string[] = [];
  const all = [...ids.keys()].map((k) => {
    const [app, codename] = k.split('.', 2);
    return { app, codename, name: '' };
  });
  for (const [name, wants] of Object.entries(BUILTIN_GROUPS)) {
    const group = await db.group.findUnique({ where: { name }, select: { id: true } });
    // A new group gets all it names; an existing one only the permissions made just now (a new model, a new
    // ownerField), so a permission an admin took away from it stays away.
    const give = (group ? created : all).filter(wants).map((p) => ({ id: ids.get(key(p))! }));
    if (group) {
      const madeNow = new Set(created.map(key));
      for (const u of BUILTIN_GROUP_UPGRADES) {
        if (u.group !== name || !madeNow.has(u.with)) continue;
        for (const perm of u.give) if (ids.has(perm)) give.push({ id: ids.get(perm)! });
      }
    }
    if (!group) {
      await db.group.upsert({ where: { name }, create: { name, permissions: { connect: give } }, update: {} });
      made.push(name);
    } else if (give.length) {
      await db.group.update({ where: { id: group.id }, data: { permissions: { connect: give } } });
    }
  }
  return made;
}

/** Users still carrying 0.2's `role`: flags and a group instead, and the role emptied. Returns how many. */
export async function convertRoles(db: Db): Promise<number> {
  const users = await db.user.findMany({ where: { role: { not: '' } }, select: { id: true, role: true } });
  for (const user of users) {
    const to = ROLES[user.role.trim().toLowerCase()] ?? {};
    await db.user.update({
      where: { id: user.id },
      data: {
        role: '',
        ...(to.isSuperuser ? { isSuperuser: true } : {}),
        ...(to.isStaff ? { isStaff: true } : {}),
        ...(to.group ? { groups: { connect: { name: to.group } } } : {}),
      },
    });
  }
  return users.length;
}

export default async function accountsPostMigrate({ db, apps, out }: PostMigrateContext): Promise<void> {
  const { created, ids } = await createPermissions(db, apps);
  if (created.length) out(`  Created ${created.length} permission${created.length === 1 ? '' : 's'}.`);
  const groups = await createBuiltinGroups(db, created, ids);
  if (groups.length) out(`  Created group${groups.length === 1 ? '' : 's'} ${groups.join(', ')}.`);
  const converted = await convertRoles(db);
  if (converted) out(`  Converted ${converted} user role${converted === 1 ? '' : 's'} to staff flags and groups.`);
}
