// Migrations without Prisma's native engine: Prisma's wasm schema engine driven through the driver adapters.
// Layout: prisma/migrations/<provider>/<timestamp>_<name>/{migration.sql,schema.prisma}. The schema.prisma
// beside each migration is the models' state after it (Django keeps that state in its migration files), so
// makemigrations diffs two datamodels and needs no database at all.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { assembleSchema, PROVIDERS, projectRoot, type Provider } from './schema';
import { pgConfig, type DatabaseTarget } from './database-url';
import { secureSqliteFiles } from './sqlite-files';
import { listMigrationNames as listMigrationFiles, migrationsDir as migrationFilesDir } from './migration-files';

type Engine = import('@prisma/schema-engine-wasm').SchemaEngine;
type MigrationList = import('@prisma/schema-engine-wasm').MigrationList;

const NO_FILTER = { externalTables: [] as string[], externalEnums: [] as string[] };
const SNAPSHOT = 'schema.prisma';

let engineModule: Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined;

/** Instantiates the wasm engine once per process (the package targets bundlers, so Node needs this by hand). */
function loadEngineModule() {
  engineModule ??= (async () => {
    const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const require = createRequire(import.meta.url);
    const wasmFile = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), { './schema_engine_bg.js': bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg;
  })();
  return engineModule;
}

/** An adapter factory that answers only the server-version probe: enough for diffing two datamodels offline. */
function offlineFactory(provider: Provider) {
  const adapterProvider = provider === 'postgresql' ? 'postgres' : 'sqlite';
  const query = async (q: { sql: string }) => {
    if (/version\(\)/.test(q.sql)) {
      return { columnNames: ['exists', 'version', 'numeric_version'], columnTypes: [5, 7, 0], rows: [[true, 'PostgreSQL 15 (offline)', 150000]] };
    }
    throw new Error(`makemigrations works offline and cannot run: ${q.sql.slice(0, 80)}`);
  };
  const adapter = {
    provider: adapterProvider,
    adapterName: 'manifold-offline',
    queryRaw: query,
    executeRaw: query,
    executeScript: query,
    startTransaction: query,
    dispose: async () => {},
    getConnectionInfo: () => ({ schemaName: 'public', supportsRelationJoins: true }),
  };
  return { provider: adapterProvider, adapterName: 'manifold-offline', connect: async () => adapter, connectToShadowDb: async () => adapter };
}

/** How long migrate waits by default for another process's write on a SQLite file (a server's autosave, a loaddata). */
export const MIGRATE_LOCK_WAIT_MS = 30_000;

/**
 * The SQLite file stayed locked by another process past the wait: nothing of the migration that met it was applied
 * (each is one transaction). `code` is SQLite's, so lib/db-errors.mjs reads it as "the database is busy".
 */
export class MigrationLockedError extends Error {
  readonly code = 'SQLITE_BUSY';
  constructor(file: string, waitedMs: number) {
    super(
      `데이터베이스 파일을 다른 프로세스(실행 중인 서버의 쓰기나 다른 manage 명령)가 ${Math.round(waitedMs / 1000)}초 넘게 잠그고 있어 마이그레이션을 멈췄습니다. / ` +
        `${file} stayed locked by another process (a running server's write, or another manage command) for more than ${Math.round(waitedMs / 100) / 10} s, so migrate stopped there: each migration is all or nothing, and \`manage showmigrations\` lists what is applied. Try again when that process is done, or wait longer with --wait.`,
    );
    this.name = 'MigrationLockedError';
  }
}

function liveFactory(target: DatabaseTarget, lockWaitMs = MIGRATE_LOCK_WAIT_MS) {
  if (target.provider === 'sqlite') {
    secureSqliteFiles(target.file, { create: true });
    return new PrismaBetterSqlite3({ url: target.file, timeout: lockWaitMs });
  }
  return new PrismaPg(pgConfig(target), { schema: target.schema });
}

type Factory = { provider: string; adapterName: string; connect(): Promise<{ dispose(): Promise<void> }>; connectToShadowDb(): Promise<{ dispose(): Promise<void> }> };

/** Runs `work` with an engine on the factory's database, then closes every connection the engine opened. */
async function withEngine<T>(provider: Provider, factory: Factory, root: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const bg = await loadEngineModule();
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => { const a = await factory.connect(); opened.push(a); return a; },
    connectToShadowDb: async () => { const a = await factory.connectToShadowDb(); opened.push(a); return a; },
  };
  const engine = (await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', assembleSchema(provider, root)]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(tracking as never),
  )) as Engine;
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((a) => a.dispose()));
  }
}

export function migrationsDir(provider: Provider, root = projectRoot) {
  return migrationFilesDir(provider, root);
}

export function listMigrationNames(provider: Provider, root = projectRoot): string[] {
  return listMigrationFiles(provider, root);
}

export function readMigrationList(provider: Provider, root = projectRoot): MigrationList {
  const baseDir = migrationsDir(provider, root);
  const lockPath = path.join(baseDir, 'migration_lock.toml');
  return {
    baseDir,
    lockfile: { path: 'migration_lock.toml', content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: listMigrationNames(provider, root).map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: fs.readFileSync(path.join(baseDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  } as MigrationList;
}

function latestSnapshot(provider: Provider, root: string): string | null {
  const names = listMigrationNames(provider, root);
  for (const name of names.reverse()) {
    const file = path.join(migrationsDir(provider, root), name, SNAPSHOT);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  return null;
}

/** The SQL that takes the last migration's schema to the apps' current models ('' when nothing changed). */
export async function pendingModelChanges(provider: Provider, root = projectRoot): Promise<string> {
  const current = assembleSchema(provider, root);
  const previous = latestSnapshot(provider, root);
  return withEngine(provider, offlineFactory(provider) as unknown as Factory, root, async (engine) => {
    const result = await engine.diff({
      from: previous ? { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: previous }] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: current }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = (result.stdout ?? '').trim();
    return /^-- This is an empty migration\.?$/.test(sql) ? '' : sql;
  });
}

export function migrationTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[-:TZ]/g, '').slice(0, 14);
}

export interface CreatedMigration {
  provider: Provider;
  name: string;
  dir: string;
  sql: string;
}

/** Writes the next migration for every provider whose schema changed. Returns [] when nothing changed. */
export async function makeMigrations(opts: { name?: string; root?: string; now?: Date } = {}): Promise<CreatedMigration[]> {
  const root = opts.root ?? projectRoot;
  const changes = await Promise.all(PROVIDERS.map(async (provider) => ({ provider, sql: await pendingModelChanges(provider, root) })));
  if (changes.every((c) => !c.sql)) return [];
  const isFirst = PROVIDERS.every((p) => listMigrationNames(p, root).length === 0);
  const label = (opts.name ?? (isFirst ? 'initial' : 'auto')).replace(/[^\w]+/g, '_').replace(/^_+|_+$/g, '') || 'auto';
  const name = `${migrationTimestamp(opts.now)}_${label}`;
  const created: CreatedMigration[] = [];
  for (const { provider, sql } of changes) {
    if (!sql) continue;
    const base = migrationsDir(provider, root);
    const dir = path.join(base, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'migration.sql'), `${sql}\n`);
    fs.writeFileSync(path.join(dir, SNAPSHOT), assembleSchema(provider, root));
    const lock = path.join(base, 'migration_lock.toml');
    if (!fs.existsSync(lock)) fs.writeFileSync(lock, `# Written by manage makemigrations; do not edit.\nprovider = "${provider}"\n`);
    created.push({ provider, name, dir, sql });
  }
  return created;
}

/** Creates the PostgreSQL database named by the target when it does not exist yet. */
export async function ensurePostgresDatabase(target: Extract<DatabaseTarget, { provider: 'postgresql' }>) {
  const client = new pg.Client({ ...pgConfig(target, 'postgres'), max: undefined } as pg.ClientConfig);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${target.database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export interface MigrationStatus {
  name: string;
  applied: boolean;
  appliedAt?: Date;
}

/**
 * Applies every pending migration to the target database, in order, each in its own transaction. On SQLite it waits up
 * to `lockWaitMs` for another process's write lock, then fails with MigrationLockedError.
 */
export async function migrate(target: DatabaseTarget, root = projectRoot, { lockWaitMs = MIGRATE_LOCK_WAIT_MS }: { lockWaitMs?: number } = {}): Promise<string[]> {
  if (target.provider === 'postgresql') await ensurePostgresDatabase(target);
  const list = readMigrationList(target.provider, root);
  if (list.migrationDirectories.length === 0) {
    throw new Error(`No migrations for ${target.provider} in ${path.relative(root, list.baseDir)}; run \`npm run manage -- makemigrations\` first.`);
  }
  const applied = await withEngine(target.provider, liveFactory(target, lockWaitMs) as unknown as Factory, root, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: list, filters: NO_FILTER });
    return appliedMigrationNames;
  }).catch(async (err: unknown) => {
    // The wasm engine cannot name the adapter's "busy" error (its message reads: unknown variant `SocketTimeout`); the
    // file itself says whether another process holds it.
    if (target.provider === 'sqlite' && (/SocketTimeout|SQLITE_BUSY|database is locked/.test(String((err as Error)?.message)) || (await sqliteWriteLocked(target.file)))) {
      throw new MigrationLockedError(target.file, lockWaitMs);
    }
    throw err;
  });
  if (target.provider === 'sqlite') {
    await enableWriteAheadLog(target.file);
    secureSqliteFiles(target.file);
  }
  return applied;
}

/** Whether another connection holds the SQLite file's write lock right now (asked without waiting). */
async function sqliteWriteLocked(file: string): Promise<boolean> {
  if (!fs.existsSync(file)) return false;
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(file, { timeout: 0, fileMustExist: true });
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    sqlite.exec('ROLLBACK');
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    sqlite.close();
  }
}

/** WAL lets the web server read while manage or the admin writes; the mode persists in the file. */
async function enableWriteAheadLog(file: string) {
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
  } finally {
    sqlite.close();
  }
}

/** Applied/pending state of each migration on disk for the target database. */
export async function showMigrations(target: DatabaseTarget, root = projectRoot): Promise<MigrationStatus[]> {
  const names = listMigrationNames(target.provider, root);
  const applied = new Map<string, Date>();
  if (target.provider === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    if (fs.existsSync(target.file)) {
      const sqlite = new Database(target.file, { readonly: true });
      try {
        const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
        if (hasTable) {
          for (const row of sqlite
            .prepare('SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL')
            .all() as { migration_name: string; finished_at: number | string }[]) {
            applied.set(row.migration_name, new Date(row.finished_at));
          }
        }
      } finally {
        sqlite.close();
      }
    }
  } else {
    const client = new pg.Client(pgConfig(target) as pg.ClientConfig);
    await client.connect();
    try {
      const exists = await client.query("SELECT to_regclass('_prisma_migrations') AS t");
      if (exists.rows[0]?.t) {
        const rows = await client.query(
          'SELECT migration_name, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
        );
        for (const row of rows.rows) applied.set(row.migration_name, new Date(row.finished_at));
      }
    } finally {
      await client.end();
    }
  }
  return names.map((name) => ({ name, applied: applied.has(name), appliedAt: applied.get(name) }));
}

export function sqlForMigration(provider: Provider, name: string, root = projectRoot): string {
  const match = listMigrationNames(provider, root).filter((n) => n === name || n.endsWith(`_${name}`) || n.startsWith(name));
  if (match.length === 0) throw new Error(`No ${provider} migration named "${name}". See \`manage showmigrations\`.`);
  if (match.length > 1) throw new Error(`"${name}" matches several migrations: ${match.join(', ')}`);
  return fs.readFileSync(path.join(migrationsDir(provider, root), match[0], 'migration.sql'), 'utf8');
}
