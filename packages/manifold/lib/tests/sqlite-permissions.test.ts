// The SQLite database holds password hashes: its directory is private (0700) and its files (0600), new or old.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseDatabaseUrl } from '../database-url';
import { migrate } from '../migrations';
import { createDb } from '../db';

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('SQLite file permissions', () => {
  const cwd = process.cwd();
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-perm-'));
    fs.chmodSync(dir, 0o755);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrate creates data/ 0700 and the database, its WAL and shared-memory files 0600', async () => {
    const file = path.join(dir, 'data', 'site', 'manifold.db');
    const target = parseDatabaseUrl(`file:${file}`);
    await migrate(target, cwd);
    expect(mode(path.join(dir, 'data'))).toBe(0o700);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    // WAL mode: a connection that writes keeps -wal and -shm beside the file while it is open.
    const db = createDb(target);
    try {
      await db.tag.create({ data: { name: 'x', slug: 'x' } });
      for (const side of ['-wal', '-shm']) {
        expect(fs.existsSync(file + side), side).toBe(true);
        expect(mode(file + side), side).toBe(0o600);
      }
    } finally {
      await db.$disconnect();
    }
  });

  it('tightens an existing world-readable database and the project data/ directory on migrate and on connect', async () => {
    // The project is this directory (a spy rather than process.chdir, which worker threads do not allow).
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const data = path.join(dir, 'data');
    const file = path.join(data, 'manifold.db');
    const target = parseDatabaseUrl(`file:${file}`);
    await migrate(target, cwd);
    fs.chmodSync(data, 0o755);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-journal`, '', { mode: 0o644 });
    fs.chmodSync(`${file}-journal`, 0o644);
    await migrate(target, cwd);
    expect(mode(data)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-journal`)).toBe(0o600);

    fs.rmSync(`${file}-journal`);
    fs.chmodSync(data, 0o755);
    fs.chmodSync(file, 0o666);
    const db = createDb(target);
    await db.$disconnect();
    expect(mode(file)).toBe(0o600);
    expect(mode(data)).toBe(0o700);
  });

  it('leaves alone a directory it did not create outside the project data/', async () => {
    const own = path.join(dir, 'srv');
    fs.mkdirSync(own, { mode: 0o755 });
    fs.chmodSync(own, 0o755);
    const file = path.join(own, 'blog.db');
    await migrate(parseDatabaseUrl(`file:${file}`), cwd);
    expect(mode(own)).toBe(0o755);
    expect(mode(file)).toBe(0o600);
  });
});
