// `manage backup` (SQLite's VACUUM INTO) amid another connection's writes: the copy is a whole database
// (integrity_check ok) holding every row written before it began, and once writes stop a copy dumps exactly as the
// source; an existing file is not replaced without --force, and PostgreSQL is pointed at pg_dump.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../db';
import { parseDatabaseUrl } from '../../database-url';
import { dumpData } from '../fixtures';
import { backupSqlite } from '../commands/backup';
import { runManage } from '..';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-backup-'));
let t: TestDatabase;
let writer: Db;
beforeAll(async () => {
  t = await createTestDatabase('sqlite', { postMigrate: false });
  writer = createDb(t.target);
  for (let i = 0; i < 300; i++) await writer.tag.create({ data: { name: `태그 ${i} ${'x'.repeat(500)}`, slug: `tag-${i}` } });
});
afterAll(async () => {
  await writer.$disconnect();
  await t.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('manage backup', () => {
  it('copies a SQLite database that is being written to, whole and consistent', async () => {
    const before = await writer.tag.count();
    let stop = false;
    let written = 0;
    const writing = (async () => {
      for (let i = 0; !stop; i++) {
        await new Promise((r) => setImmediate(r));
        await writer.tag.create({ data: { name: `새 태그 ${i}`, slug: `new-${i}` } });
        written++;
      }
    })();
    const file = path.join(tmp, 'busy.db');
    const { bytes } = await backupSqlite(t.target, file);
    stop = true;
    await writing;
    expect(written).toBeGreaterThan(0);
    expect(bytes).toBe(fs.statSync(file).size);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const n = (copy.prepare('SELECT COUNT(*) AS n FROM Tag').get() as { n: number }).n;
      expect(n).toBeGreaterThanOrEqual(before);
      expect(n).toBeLessThanOrEqual(before + written);
    } finally {
      copy.close();
    }
    expect(fs.readdirSync(tmp).filter((f) => f.includes('.partial-'))).toEqual([]);

    // Quiet now: a copy holds exactly what the source holds.
    const quiet = path.join(tmp, 'quiet.db');
    await backupSqlite(t.target, quiet);
    const copyDb = createDb(parseDatabaseUrl(`file:${quiet}`));
    try {
      expect(JSON.stringify((await dumpData(copyDb)).records)).toBe(JSON.stringify((await dumpData(writer)).records));
    } finally {
      await copyDb.$disconnect();
    }
  });

  it('as a command: refuses to replace a file without --force, replaces it with', async () => {
    const file = path.join(tmp, 'cmd.db');
    fs.writeFileSync(file, 'keep me');
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runManage(argv, { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    const refused = await run(['backup', file, '--database', t.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/exists; pass --force to replace it/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const done = await run(['backup', file, '--database', t.url, '--force']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^Backed up .* to .*cmd\.db \(\d+ bytes\)\.$/);
    expect(fs.readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('points PostgreSQL at pg_dump', async () => {
    await expect(backupSqlite(parseDatabaseUrl('postgresql://postgres@127.0.0.1:5432/x'), path.join(tmp, 'pg.db'))).rejects.toThrow(/use pg_dump -Fc \(and pg_restore\), or manage dumpdata/);
    expect(fs.existsSync(path.join(tmp, 'pg.db'))).toBe(false);
  });
});
