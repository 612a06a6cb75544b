// The bench's post generator (scripts/generate-posts.mjs): deterministic for a seed, compiled by the blog's compiler,
// and what it makes is what the admin's change list reads, on SQLite and PostgreSQL.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from 'manifold/db';
import { createTestDatabase, PROVIDERS, type TestDatabase } from 'manifold/testing';
import * as admin from 'manifold/admin/core';

const script = pathToFileURL(path.resolve(process.cwd(), 'scripts/generate-posts.mjs')).href;
const superuser = { id: 0, email: 'root@example.com', name: 'root', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set<string>() };

describe.each(PROVIDERS)('generate-posts on %s', (provider) => {
  let a: TestDatabase;
  let b: TestDatabase;
  let dbA: Db;
  let dbB: Db;
  beforeAll(async () => {
    [a, b] = [await createTestDatabase(provider), await createTestDatabase(provider)];
    [dbA, dbB] = [createDb(a.target), createDb(b.target)];
  });
  afterAll(async () => {
    admin.setAdminDatabase(null);
    await dbA?.$disconnect();
    await dbB?.$disconnect();
    await a?.drop();
    await b?.drop();
  });

  it('makes the same posts for the same seed, compiled, with math, tags and authors', async () => {
    const { generatePosts } = (await import(script)) as typeof import('../../scripts/generate-posts.mjs');
    const made = await generatePosts(dbA, { count: 60, seed: 3, templates: 4 });
    await generatePosts(dbB, { count: 60, seed: 3, templates: 4 });
    expect(made).toEqual({ posts: 60, categories: 9, tags: 30, authors: 5 });
    const read = (db: Db) => db.post.findMany({ orderBy: { slug: 'asc' }, select: { title: true, slug: true, status: true, publishedAt: true, compiledCode: true, source: true } });
    const [x, y] = [await read(dbA), await read(dbB)];
    expect(x).toEqual(y);
    expect(x.every((p) => /[가-힣]/.test(p.title) || /[A-Z]/.test(p.title))).toBe(true);
    expect(x.every((p) => p.compiledCode.includes('katex') && p.source.includes('$$'))).toBe(true);
    expect(await dbA.post.count({ where: { tags: { some: {} } } })).toBe(60);
    admin.setAdminDatabase(dbA);
    const ma = (await admin.getModelAdmin('blog', 'post'))!;
    const cl = await admin.changeList(superuser, ma, new URLSearchParams('q=경사하강법'));
    expect(cl.total).toBe(await dbA.post.count({ where: { OR: [{ title: { contains: '경사하강법' } }, { excerpt: { contains: '경사하강법' } }, { slug: { contains: '경사하강법' } }] } }));
  });
});
