// The admin's 옛 주소 (LegacyPath) pages: a path typed there is hostile input like one from an import, checked and
// stored in the same normal form as `manage redirects add` stores it, through the real admin save on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import type { CurrentUser } from '../../accounts/auth';
import * as admin from '../../admin/core';
import { blogFactory, emptyBlog, seoulDay } from './factories';

const superuser: CurrentUser = { id: 1, email: 'root@example.com', name: 'Root', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };
const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.append(k, v);
  return f;
};

describe.each(PROVIDERS)('LegacyPath in the admin on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let postId: number;

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    admin.setAdminDatabase(db);
    await emptyBlog(db);
    const make = blogFactory(db);
    postId = (await make.post('moved-in', seoulDay('2020-02-16'), { title: '옮겨 온 글' })).id;
  });
  afterAll(async () => {
    admin.setAdminDatabase(null);
    await db.$disconnect();
    await database.drop();
  });

  it('is registered with the format filter beside it, and stores a typed path in its normal form', async () => {
    const ma = (await admin.getModelAdmin('blog', 'legacypath'))!;
    expect(ma.verboseName).toBe('옛 주소');
    const postAdmin = (await admin.getModelAdmin('blog', 'post'))!;
    expect(postAdmin.admin.listFilter).toContain('format');
    const r = await admin.saveObject(superuser, ma, null, form({ path: 'https://old.example.com/2020/02/16/x', post: String(postId), source: 'manual' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.path?.join(' ')).toMatch(/no scheme or host/);
    for (const hostile of ['//evil.example.com/x', '/a\\b', '/%E0%A4%A', '/', `/${'x'.repeat(600)}`]) {
      const bad = await admin.saveObject(superuser, ma, null, form({ path: hostile, post: String(postId), source: 'manual' }));
      expect(bad.ok, hostile).toBe(false);
      if (!bad.ok) expect(Object.keys(bad.errors), hostile).toEqual(['path']);
    }
    expect(await db.legacyPath.count()).toBe(0);
    const ok = await admin.saveObject(superuser, ma, null, form({ path: '/2020/02/16/%EC%98%AE%EA%B2%A8/', post: String(postId), source: 'manual' }));
    expect(ok.ok).toBe(true);
    expect(await db.legacyPath.findMany({ select: { path: true, postId: true } })).toEqual([{ path: '/2020/02/16/옮겨', postId }]);
    // The same address spelt another way is the same row: refused as a duplicate, naming the field.
    const again = await admin.saveObject(superuser, ma, null, form({ path: '/2020/02/16/옮겨', post: String(postId), source: 'manual' }));
    expect(again.ok).toBe(false);
    if (!again.ok) expect(Object.keys(again.errors)).toEqual(['path']);
    expect(await db.legacyPath.count()).toBe(1);
  });
});
