// Keeps the SQLite database private: it holds password hashes, so its files are 0600 and the directories Manifold
// makes for it 0700. Used where the file is first opened (migrate, the db client); no process umask, so media and
// build output keep their usual modes.
import fs from 'node:fs';
import path from 'node:path';

const SIDECARS = ['', '-wal', '-shm', '-journal'];

function tighten(p: string, mode: number) {
  try {
    if ((fs.statSync(p).mode & 0o777 & ~mode) !== 0) fs.chmodSync(p, mode);
  } catch (err) {
    // Gone, or another user's file on a mount we may not change: then it is the owner's to keep private.
    if (!['ENOENT', 'EPERM', 'EACCES', 'EROFS'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}

/**
 * Makes the database's directory (0700, only the levels it creates) when `create` says so, creates a missing
 * database file as 0600 (an empty file is an empty SQLite database; SQLite gives its -wal, -shm and -journal files
 * the database file's mode), and tightens existing files that are looser. The project's own data/ directory
 * (under `root`) is tightened to 0700 too; a directory elsewhere that Manifold did not create is left as it is.
 */
export function secureSqliteFiles(file: string, opts: { create?: boolean; root?: string } = {}) {
  if (file === ':memory:') return;
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) {
    if (!opts.create) return;
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const suffix of SIDECARS) tighten(file + suffix, 0o600);
  const data = path.join(path.resolve(opts.root ?? process.cwd()), 'data');
  if (dir === data || dir.startsWith(data + path.sep)) tighten(data, 0o700);
}
