// Parses DATABASE_URL into what the driver adapters want. Kept free of server-only so the CLI and tests share it.
import fs from 'node:fs';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';

/**
 * libpq's sslmode values, with libpq's meaning: disable/allow/prefer connect without TLS (node-pg cannot fall
 * back between plain and TLS); require encrypts without checking the certificate, unless sslrootcert names a
 * CA file, in which case it checks the chain as verify-ca does; verify-ca checks the chain; verify-full checks
 * the chain and that the certificate names the host.
 */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

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
      /** Present when the connection is encrypted. */
      ssl?: { mode: 'require' | 'verify-ca' | 'verify-full'; rootCert?: string };
      /** Connections in the pool (DATABASE_POOL_SIZE, via lib/settings.ts); 10 when absent. */
      poolSize?: number;
      /** Seconds to wait for a connection (libpq's `connect_timeout` in the URL's query), a new one or a pooled one. */
      connectTimeout: number;
    };

export class DatabaseUrlError extends Error {}

export const DEFAULT_DATABASE_URL = 'file:./data/manifold.db';

/** Seconds a request waits for a PostgreSQL connection unless the URL says `connect_timeout` (Prisma's pool_timeout
 * default: a loaded pool's wait is part of it). */
export const DEFAULT_CONNECT_TIMEOUT = 10;

const clip = (v: string) => (v.length > 20 ? `${v.slice(0, 20)}…` : v);

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
    // A bad %-escape would otherwise surface as a bare URIError; the message names the part, never its text.
    const decode = (part: string, what: string) => {
      try {
        return decodeURIComponent(part);
      } catch {
        throw new DatabaseUrlError(`DATABASE_URL has a malformed %-escape in the ${what}: ${redact(url)} (write a literal % as %25)`);
      }
    };
    const database = decode(u.pathname.replace(/^\//, ''), 'database name');
    if (!database) throw new DatabaseUrlError(`DATABASE_URL names no database: ${redact(url)} (expected postgresql://user@host:5432/dbname)`);
    const sslmode = u.searchParams.get('sslmode') ?? 'disable';
    if (!(SSL_MODES as readonly string[]).includes(sslmode)) {
      throw new DatabaseUrlError(`DATABASE_URL has sslmode "${sslmode}"; use one of ${SSL_MODES.join(', ')}`);
    }
    const rootCert = u.searchParams.get('sslrootcert') ?? undefined;
    if (rootCert !== undefined && !fs.existsSync(path.resolve(root, rootCert))) {
      throw new DatabaseUrlError(`DATABASE_URL's sslrootcert names no readable file: ${rootCert}`);
    }
    const timeout = u.searchParams.get('connect_timeout');
    const connectTimeout = timeout === null ? DEFAULT_CONNECT_TIMEOUT : Number(timeout);
    if (!/^\d{1,4}$/.test(timeout ?? '0') || connectTimeout < 1 || connectTimeout > 3600) {
      throw new DatabaseUrlError(`DATABASE_URL has connect_timeout "${clip(timeout ?? '')}"; use a whole number of seconds from 1 to 3600`);
    }
    const encrypted = sslmode === 'require' || sslmode === 'verify-ca' || sslmode === 'verify-full';
    return {
      provider: 'postgresql',
      url,
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 5432,
      user: decode(u.username, 'user name') || 'postgres',
      password: u.password ? decode(u.password, 'password') : undefined,
      database,
      schema: u.searchParams.get('schema') ?? undefined,
      connectTimeout,
      ssl: encrypted ? { mode: sslmode, rootCert: rootCert && path.resolve(root, rootCert) } : undefined,
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
    ssl: t.ssl && tlsOptions(t.ssl),
    max: t.poolSize ?? 10,
    // A database host that drops packets (a failover in progress, a firewall) would otherwise hold every request
    // until the operating system gives up, minutes later; past this the request gets pg's "timeout exceeded when
    // trying to connect", which is a 503 (lib/db-errors.mjs). It bounds the wait for a free pooled connection too.
    connectionTimeoutMillis: t.connectTimeout * 1000,
  };
}

/** Node TLS options for an sslmode, read at connect time so a renewed CA file is picked up on the next start. */
export function tlsOptions(ssl: NonNullable<Extract<DatabaseTarget, { provider: 'postgresql' }>['ssl']>): ConnectionOptions {
  const ca = ssl.rootCert ? fs.readFileSync(ssl.rootCert) : undefined;
  if (ssl.mode === 'require' && !ca) return { rejectUnauthorized: false };
  // verify-full keeps Node's own host-name check; verify-ca (and require with a CA) checks the chain only.
  if (ssl.mode === 'verify-full') return { rejectUnauthorized: true, ca };
  return { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined };
}

/**
 * Hides the password of a URL meant for logs and errors. The user info ends at the LAST @ (a password may hold
 * a literal @, : or /), so everything between the first : after the scheme and that @ goes; a query that holds
 * an @ only makes it hide more.
 */
export function redact(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  const at = rest.lastIndexOf('@');
  if (at < 0) return url;
  const userinfo = rest.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (!scheme) return `***@${rest.slice(at + 1)}`;
  if (colon < 0) return url;
  return `${scheme}${userinfo.slice(0, colon)}:***@${rest.slice(at + 1)}`;
}
