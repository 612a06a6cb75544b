// A spec that runs its own server.mjs works on a copy of the e2e database (SQLite), so its edits stay out of the
// other specs: a consistent copy taken with VACUUM INTO (the source may be in use), in a fresh temporary folder the
// spec removes afterwards. `wal` puts the copy in WAL mode, as several processes writing it need.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export function copyE2eDatabase(name: string, { wal = false } = {}): { dir: string; databaseUrl: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `manifold-${name}-`));
  const copy = path.join(dir, `${name}.db`);
  const source = new Database(String(process.env.E2E_DATABASE_URL).slice('file:'.length), { readonly: true });
  try {
    source.prepare('VACUUM INTO ?').run(copy);
  } finally {
    source.close();
  }
  if (wal) {
    const db = new Database(copy);
    db.pragma('journal_mode = WAL');
    db.close();
  }
  return { dir, databaseUrl: `file:${copy}` };
}
