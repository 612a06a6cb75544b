// The one database client: SQLite (default, a file under data/) or PostgreSQL, picked by DATABASE_URL.
// No 'server-only' marker here: the post pages' Pages Router data loaders use this module and Next refuses
// the marker there. A browser bundle can't take it anyway: its drivers need fs and net, so the build fails.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '@site/prisma/generated/sqlite/client';
import { PrismaClient as PostgresClient } from '@site/prisma/generated/postgresql/client';
import { pgConfig, type DatabaseTarget } from './database-url';
import { settings } from './settings';
import { secureSqliteFiles } from './sqlite-files';

/** Both generated clients share one model layout; code is typed against the SQLite one. */
export type Db = SqliteClient;
export type { Prisma } from '@site/prisma/generated/sqlite/client';

export function createDb(target: DatabaseTarget = settings().database): Db {
  if (target.provider === 'sqlite') {
    // An existing world-readable file is tightened here too, so a server started without `migrate` fixes it.
    secureSqliteFiles(target.file);
    // WAL (set by migrate, kept in the file) lets readers work while one process writes; `timeout` is SQLite's busy
    // timeout, so a writer waits for another process's write (the cluster's other workers, manage) instead of failing
    // with SQLITE_BUSY (contrib/blog/tests/autosave-processes.test.ts).
    const adapter = new PrismaBetterSqlite3({ url: target.file, timeout: 5000 });
    const client = new SqliteClient({ adapter });
    return client;
  }
  const adapter = new PrismaPg(pgConfig(target), { schema: target.schema });
  return new PostgresClient({ adapter }) as unknown as Db;
}

const globalForDb = globalThis as unknown as { __manifoldDb?: Db };

/** The process-wide client (one pool per process, reused across hot reloads). */
export function getDb(): Db {
  globalForDb.__manifoldDb ??= createDb();
  return globalForDb.__manifoldDb;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = client[prop];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export function dbProvider(): DatabaseTarget['provider'] {
  return settings().database.provider;
}


export { providerOf } from './db-provider';
