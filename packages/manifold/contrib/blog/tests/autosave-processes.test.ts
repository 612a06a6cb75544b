// Two server processes on one SQLite file (WEB_CONCURRENCY=2, lib/server/cluster.mjs) write and read at the same time:
// two real processes, each autosaving a post as its own author and reading as readers do, all at once, must see no
// SQLITE_BUSY and no other error. What makes it so: the file is in WAL mode (migrate sets it; readers never wait for
// the writer) and each connection waits for the write lock (lib/db.ts' busy timeout) instead of failing at once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../lib/db';
import { projectRoot } from '../../../lib/server/settings.mjs';
import { createTestDatabase, type TestDatabase } from '../../../testing/databases';
import { setAdminDatabase } from '../../admin/core/db';
import { createPost } from '../editor/api';

const run = promisify(execFile);
const child = path.join(__dirname, 'support', 'autosave-process.ts');
// Each process's rounds: an autosave and two reads at once, one round after the other.
const ROUNDS = 150;

describe('two processes on one SQLite file', () => {
  let database: TestDatabase;
  let db: Db;
  const authors: number[] = [];
  let postId: number;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    db = createDb(database.target);
    setAdminDatabase(db);
    for (const n of [1, 2]) authors.push((await db.user.create({ data: { email: `author${n}@example.com`, name: `author${n}`, isStaff: true, isSuperuser: true } })).id);
    const admin = { id: authors[0], email: 'author1@example.com', name: 'author1', isActive: true, isStaff: true, isSuperuser: true, groups: [], permissions: new Set<string>() };
    postId = (await createPost({ db, user: admin }, { title: '동시 저장' })).id;
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('is in WAL mode with a busy timeout on every connection the site opens', async () => {
    const file = database.url.slice('file:'.length);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
    const [{ timeout }] = await db.$queryRawUnsafe<{ timeout: bigint | number }[]>('PRAGMA busy_timeout');
    expect(Number(timeout)).toBeGreaterThan(0);
  });

  it('autosave and read concurrently with no error in either process', async () => {
    const env = { ...process.env, DATABASE_URL: database.url };
    const results = await Promise.all(
      authors.map((userId) =>
        run(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', child, String(postId), String(userId), String(ROUNDS)], { cwd: projectRoot(), env, maxBuffer: 1 << 24 }).then(
          ({ stdout }) => JSON.parse(stdout) as { autosaves: number; conflicts: number; reads: number; errors: string[] },
        ),
      ),
    );
    for (const r of results) {
      expect(r.errors).toEqual([]);
      expect(r.autosaves + r.conflicts).toBe(ROUNDS);
      expect(r.reads).toBe(2 * ROUNDS);
    }
    // Every autosave reached the database: each author's sitting revision holds its last draft.
    const revisions = await db.revision.findMany({ where: { postId, kind: 'autosave' }, select: { authorId: true } });
    expect(new Set(revisions.map((r) => r.authorId))).toEqual(new Set(authors));
  }, 180_000);
});
