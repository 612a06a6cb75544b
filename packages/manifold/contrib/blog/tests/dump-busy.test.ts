// Backups of a busy site: dumpdata runs while two authors, each in a process of its own, create posts and autosave
// them through the real editor API, and the dump is one consistent moment of the site: every row
// it names exists in it, every write acknowledged before the dump began is in it, it loads into a fresh database, and
// that database dumps to exactly the same records. On SQLite and PostgreSQL.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectRoot } from '../../../lib/server/settings.mjs';
import { createDb, type Db } from '../../../lib/db';
import { dumpData, loadData, type FixtureRecord } from '../../../lib/manage/fixtures';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import type { CurrentUser } from '../../accounts/auth';

const AUTHOR = path.join(__dirname, 'support', 'busy-author.ts');
const BODY = '경사하강법 gradient descent, 학습률과 모멘텀. '.repeat(60);

describe.each(PROVIDERS)('dumpdata of a busy site on %s', (provider) => {
  let source: TestDatabase;
  let fresh: TestDatabase;
  let writer: Db;
  let dumper: Db;
  let freshDb: Db;
  let user: CurrentUser;

  beforeAll(async () => {
    [source, fresh] = await Promise.all([createTestDatabase(provider), createTestDatabase(provider, { postMigrate: false })]);
    writer = createDb(source.target);
    dumper = createDb(source.target);
    freshDb = createDb(fresh.target);
    const author = await writer.user.create({ data: { email: 'author@example.com', name: 'author', isStaff: true, isSuperuser: true } });
    user = { id: author.id, email: author.email, name: author.name, isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set() };
    // Enough rows that reading them all takes a while, so the writes below land in the middle of the dump.
    for (let i = 0; i < 150; i++) await writer.post.create({ data: { title: `글 ${i}`, slug: `post-${i}`, source: `${BODY}${i}`, status: 'published', publishedAt: new Date(Date.UTC(2024, 0, 1 + i)), authorId: author.id } });
  });
  afterAll(async () => {
    await Promise.all([writer?.$disconnect(), dumper?.$disconnect(), freshDb?.$disconnect()]);
    await Promise.all([source?.drop(), fresh?.drop()]);
  });

  it('is one consistent moment, loads into a fresh database, and that database dumps the same', async () => {
    /** Posts whose creation and first autosave were acknowledged, with when (wall clock, ms). */
    const acknowledged: { id: number; at: number }[] = [];
    const errors: string[] = [];
    // Two authors in processes of their own (as the site's server processes would be), writing until the dump is done.
    const authors = [1, 2].map((n) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', AUTHOR, String(user.id), String(n)], {
        cwd: projectRoot(),
        env: { ...process.env, DATABASE_URL: source.url },
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      let buffered = '';
      child.stdout.on('data', (d) => {
        buffered += d;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          const msg = JSON.parse(line) as { id?: number; at?: number; errors?: string[] };
          if (msg.errors) errors.push(...msg.errors);
          else acknowledged.push({ id: msg.id!, at: msg.at! });
        }
      });
      return { child, exited: new Promise((r) => child.once('exit', r)) };
    });
    await vi.waitFor(() => expect(acknowledged.length).toBeGreaterThanOrEqual(10), { timeout: 60_000, interval: 50 });
    const started = Date.now();
    const dump = await dumpData(dumper);
    const ended = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    for (const a of authors) a.child.stdin!.end();
    await Promise.all(authors.map((a) => a.exited));
    expect(errors).toEqual([]);
    // The authors kept writing while the dump read: this test is about a busy site.
    const during = acknowledged.filter((a) => a.at > started && a.at < ended).length;
    expect(during).toBeGreaterThan(0);

    const records = dump.records;
    const pks = (model: string) => new Set(records.filter((r) => r.model === model).map((r) => r.pk));
    const posts = pks('blog.post');
    // Every post acknowledged before the dump began is in it.
    for (const a of acknowledged.filter((x) => x.at < started)) expect(posts.has(a.id)).toBe(true);
    // One moment: no revision of a post the dump does not hold (read after the posts, written in between).
    const orphans = records.filter((r) => r.model === 'blog.revision' && !posts.has(r.fields.post as number));
    expect(orphans.map((r) => r.pk)).toEqual([]);

    await loadData(freshDb as never, JSON.parse(JSON.stringify(records)) as FixtureRecord[]);
    const again = await dumpData(freshDb);
    expect(again.records.length).toBe(records.length);
    expect(JSON.stringify(again.records)).toBe(JSON.stringify(records));
  });
});
