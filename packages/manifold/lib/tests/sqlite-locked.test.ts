// A SQLite file another process is writing (a running server's autosave, a loaddata, a backup tool): what a query and
// what `manage` meet once the wait runs out is "the database is busy" — a 503 for a request (lib/db-errors.mjs), one
// clear line for a command — never the driver's own words (the wasm migration engine's read: unknown variant
// `SocketTimeout`), and nothing is half-applied.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../database-url';
import { createDb } from '../db';
import { databaseUnavailable } from '../db-errors.mjs';
import { listMigrationNames, migrate, MigrationLockedError } from '../migrations';
import { manage } from '../manage/tests/support';

const root = process.cwd();
let dir: string;
let file: string;
let holder: Database.Database | null = null;

/** Another connection takes the file's write lock and keeps it until release(). */
function hold() {
  holder = new Database(file);
  holder.exec('BEGIN EXCLUSIVE');
}
function release() {
  holder?.exec('COMMIT');
  holder?.close();
  holder = null;
}
const tables = () => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-locked-'));
  file = path.join(dir, 'site.db');
  // An empty database file, as a fresh site's before its first migrate.
  new Database(file).close();
});
afterEach(() => {
  release();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a SQLite file locked by another process', () => {
  it('migrate waits, then stops with a clear error and applies nothing; once free, it applies everything', async () => {
    const target = parseDatabaseUrl(`file:${file}`);
    hold();
    const started = Date.now();
    const err = await migrate(target, root, { lockWaitMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(err).toBeInstanceOf(MigrationLockedError);
    expect((err as Error).message).toContain('stayed locked by another process');
    expect((err as Error).message).not.toMatch(/SocketTimeout|WASM_ERROR/);
    // A request that met it would be answered 503.
    expect(databaseUnavailable(err)).toBe(true);
    release();
    expect(tables()).toEqual([]);
    const applied = await migrate(target, root, { lockWaitMs: 300 });
    expect(applied).toEqual(listMigrationNames('sqlite', root));
  });

  it('a raw query and a model query that meet it are both "the database is busy"', async () => {
    const target = parseDatabaseUrl(`file:${file}`);
    await migrate(target, root);
    const db = createDb(target);
    try {
      await db.tag.create({ data: { name: 'a', slug: 'a' } });
      hold();
      // The raw statement's failure (P2010) carries the driver's SQLITE_BUSY in meta.driverAdapterError only.
      const [raw, model] = await Promise.all([
        db.$executeRawUnsafe('UPDATE "Tag" SET "name" = "name"').then(() => null, (e: unknown) => e),
        db.tag.update({ where: { slug: 'a' }, data: { name: 'b' } }).then(() => null, (e: unknown) => e),
      ]);
      expect((raw as { code?: string }).code).toBe('P2010');
      expect(databaseUnavailable(raw)).toBe(true);
      expect(model).toBeInstanceOf(Error);
      expect(databaseUnavailable(model)).toBe(true);
      release();
      expect((await db.tag.findUnique({ where: { slug: 'a' } }))?.name).toBe('a');
    } finally {
      await db.$disconnect();
    }
  }, 30_000);

  it('manage says so in one line and exits 1: migrate (with --wait) and any other command', async () => {
    const env = { DATABASE_URL: `file:${file}` };
    hold();
    const migrating = await manage(['migrate', '--wait', '1'], { env });
    expect(migrating.code).toBe(1);
    const lines = migrating.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error: .*stayed locked by another process.*--wait/);
    release();
    expect(tables()).toEqual([]);
    expect((await manage(['migrate'], { env })).code).toBe(0);
    hold();
    const reindex = await manage(['blog', 'reindex'], { env });
    expect(reindex.code).toBe(1);
    expect(reindex.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Error: The database is busy or out of reach \(locked by another process/)]);
  }, 120_000);
});
