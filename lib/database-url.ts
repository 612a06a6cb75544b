// Parses DATABASE_URL into what the driver adapters want. Kept free of server-only so the CLI and tests share it.
import path from 'node:path';

export type DatabaseTarget =
  | { provider: 'sqlite'; url: string; file: string }
  | {
      provider: 'postgresql';
      url: string;
      host: string;
      port: number;
      user: string;
      password?: string;
      database: string;
      schema?: string;
      ssl?: boolean;
    };

export class DatabaseUrlError extends Error {}

export const DEFAULT_DATABASE_URL = 'file:./data/manifold.db';

export function parseDatabaseUrl(raw: string | undefined, root = process.cwd()): DatabaseTarget {
  const url = (raw ?? '').trim() || DEFAULT_DATABASE_URL;
  if (url.startsWith('file:')) {
    const rest = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!rest) throw new DatabaseUrlError('DATABASE_URL "file:" names no file; use e.g. file:./data/manifold.db');
    const file = rest === ':memory:' ? rest : path.resolve(root, rest);
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new DatabaseUrlError(`DATABASE_URL is not a valid PostgreSQL URL: ${redact(url)}`);
    }
    const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
    if (!database) throw new DatabaseUrlError(`DATABASE_URL names no database: ${redact(url)} (expected postgresql://user@host:5432/dbname)`);
    return {
      provider: 'postgresql',
      url,
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 5432,
      user: decodeURIComponent(u.username || 'postgres'),
      password: u.password ? decodeURIComponent(u.password) : undefined,
      database,
      schema: u.searchParams.get('schema') ?? undefined,
      ssl: ['require', 'verify-full', 'verify-ca'].includes(u.searchParams.get('sslmode') ?? '') || undefined,
    };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${redact(url)}"`,
  );
}

/** The connection settings for adapter-pg, passed field by field (a connectionString would also steer the shadow database). */
export function pgConfig(t: Extract<DatabaseTarget, { provider: 'postgresql' }>, database = t.database) {
  return {
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database,
    ssl: t.ssl ? { rejectUnauthorized: false } : undefined,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
