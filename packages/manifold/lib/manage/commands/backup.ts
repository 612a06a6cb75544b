// `manage backup FILE`: a consistent copy of a SQLite database while the site keeps serving, with SQLite's
// `VACUUM INTO` (safe with WAL: readers and writers carry on). PostgreSQL has its own tools:
// pg_dump / pg_restore (README "Backups"), so this command names them rather than re-implementing them.
import fs from 'node:fs';
import path from 'node:path';
import { CommandError, defineCommand } from '../../app';
import { settings } from '../../settings';
import { DatabaseUrlError, parseDatabaseUrl, redact, type DatabaseTarget } from '../../database-url';
import { shown } from '../support';

/** Copies the SQLite database to `dest` (written beside it under a temporary name, then renamed: never half a file). */
export async function backupSqlite(target: DatabaseTarget, dest: string, opts: { force?: boolean } = {}): Promise<{ bytes: number }> {
  if (target.provider !== 'sqlite') {
    throw new CommandError(`backup copies SQLite databases; for PostgreSQL (${redact(target.url)}) use pg_dump -Fc (and pg_restore), or manage dumpdata.`);
  }
  if (!fs.existsSync(target.file)) throw new CommandError(`The database ${shown(target.file)} does not exist.`);
  const file = path.resolve(dest);
  if (file === path.resolve(target.file)) throw new CommandError('The backup must not be the database itself.');
  if (fs.existsSync(file) && !opts.force) throw new CommandError(`${shown(file)} exists; pass --force to replace it.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(target.file, { readonly: true, fileMustExist: true });
  try {
    // VACUUM INTO: one statement, so one consistent moment, written compacted; in WAL mode writers carry on meanwhile.
    // (The step-wise backup API restarts whenever another connection writes, so on a busy site it may never finish.)
    db.prepare('VACUUM INTO ?').run(partial);
    // The copy is readable by this user only, as data/ is.
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, file);
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw new CommandError(`The backup failed: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    db.close();
  }
  return { bytes: fs.statSync(file).size };
}

export const backupCommand = defineCommand({
  description: 'Copy the SQLite database to FILE while the site keeps serving (SQLite\'s VACUUM INTO; PostgreSQL: use pg_dump).',
  arguments: [{ name: 'file', metavar: 'FILE', help: 'Where to write the copy (a SQLite database file).' }],
  options: {
    database: { type: 'string', metavar: 'URL', help: 'Copy this database instead of DATABASE_URL\'s.' },
    force: { type: 'boolean', help: 'Replace FILE if it exists.' },
  },
  epilog: 'Reads DATABASE_URL. Restore by stopping the server and putting the copy in place of the database file.',
  async run({ file, database, force }, ctx) {
    let target: DatabaseTarget;
    try {
      target = database ? parseDatabaseUrl(database) : settings().database;
    } catch (err) {
      if (err instanceof DatabaseUrlError) throw new CommandError(`--database: ${err.message}`, 2);
      throw err;
    }
    const { bytes } = await backupSqlite(target, file, { force });
    ctx.out(`Backed up ${shown(target.provider === 'sqlite' ? target.file : '')} to ${shown(path.resolve(file))} (${bytes} bytes).`);
  },
});
