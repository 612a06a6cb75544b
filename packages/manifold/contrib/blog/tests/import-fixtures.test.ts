// The three importers end to end on real SQLite and PostgreSQL: each fixture export (a WXR 1.2 file, a Ghost 5 export,
// a Tistory-style RSS feed) through its parser and the import core with the real compile path: every post compiles in
// its format, old addresses are recorded, and a second import of the same export changes nothing.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../../lib/db';
import { importBundle } from '../importers/core';
import { parseWordpress } from '../importers/wordpress';
import { parseGhost } from '../importers/ghost';
import { parseFeed } from '../importers/feed';
import type { ImportBundle } from '../importers/bundle';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/imports/${name}`, import.meta.url));

const exports: [string, () => Promise<ImportBundle>][] = [
  ['wordpress', () => parseWordpress(fixture('wordpress.xml'), { timeZone: 'Asia/Seoul', label: 'wordpress.xml' })],
  ['ghost', async () => parseGhost(fixture('ghost.json').toString('utf8'), { siteUrl: 'https://ghost.example.com', label: 'ghost.json' })],
  ['feed', () => parseFeed(fixture('tistory-rss.xml'), { label: 'tistory-rss.xml' })],
];

describe.each(PROVIDERS)('importing the fixture exports on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase(provider, { postMigrate: false });
    db = createDb(t.target);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
  });

  it.each(exports)('%s: every post imported and compiled, old addresses kept; the second import is a no-op', async (_name, parse) => {
    const bundle = await parse();
    const first = await importBundle(db, bundle);
    expect(first.failed).toEqual([]);
    expect(first.counts.post.created).toBe(bundle.posts.length);
    const slugs = bundle.posts.map((p) => first.items.find((i) => i.model === 'post' && i.key === p.key)!.label);
    const rows = await db.post.findMany({ where: { slug: { in: slugs } }, select: { slug: true, compiledCode: true, compileError: true, status: true, updatedAt: true, legacyPaths: { select: { path: true } } } });
    expect(rows).toHaveLength(bundle.posts.length);
    for (const r of rows) {
      expect(r.compileError, r.slug).toBeNull();
      expect(r.compiledCode, r.slug).not.toBe('');
    }
    expect(rows.flatMap((r) => r.legacyPaths).length).toBe(first.counts.legacyPath.created);
    expect(first.counts.legacyPath.created).toBeGreaterThan(0);

    const second = await importBundle(db, await parse());
    expect(second.counts.post).toEqual({ created: 0, updated: 0, unchanged: bundle.posts.length, skipped: 0 });
    for (const m of ['category', 'tag', 'user', 'legacyPath', 'comment'] as const) expect(second.counts[m].created + second.counts[m].updated, m).toBe(0);
    const after = await db.post.findMany({ where: { slug: { in: slugs } }, select: { slug: true, updatedAt: true } });
    expect(Object.fromEntries(after.map((r) => [r.slug, r.updatedAt.toISOString()]))).toEqual(Object.fromEntries(rows.map((r) => [r.slug, r.updatedAt.toISOString()])));
  });
});
