// DATABASE_URL parsed field by field: defaults, SQLite paths, PostgreSQL parts and TLS options (issue 17's survivors).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// A fresh import per test, so that the constants built at load (the sslmode list, the default URL) are checked as
// built: mutation testing reloads nothing between tests, and a shared import would never see a change there.
type Module = typeof import('../database-url');
let DatabaseUrlError: Module['DatabaseUrlError'], DEFAULT_DATABASE_URL: string, parseDatabaseUrl: Module['parseDatabaseUrl'];
let pgConfig: Module['pgConfig'], redact: Module['redact'], tlsOptions: Module['tlsOptions'];
beforeEach(async () => {
  vi.resetModules();
  ({ DatabaseUrlError, DEFAULT_DATABASE_URL, parseDatabaseUrl, pgConfig, redact, tlsOptions } = await import('../database-url'));
});

// Mutation testing (issue 17) leaves two mutants alive here, both equivalent: dropping the ^ from /^\/\/(?=\/)/ in
// the file: branch only changes a later "//" inside the path, which path.resolve collapses to "/" anyway; dropping
// the ^ from /^\// on the PostgreSQL pathname changes nothing because a non-empty pathname always starts with "/".
const root = path.join(os.tmpdir(), 'manifold-root');

function pg(url: string, at = root) {
  const t = parseDatabaseUrl(url, at);
  if (t.provider !== 'postgresql') throw new Error(`expected postgresql from ${url}`);
  return t;
}

/** The error parseDatabaseUrl throws for `url`; fails the test if it accepts it. */
function refusal(url: string, at = root): Error {
  try {
    parseDatabaseUrl(url, at);
  } catch (e) {
    expect(e).toBeInstanceOf(DatabaseUrlError);
    return e as Error;
  }
  throw new Error(`accepted ${url}`);
}

describe('SQLite URLs', () => {
  it('falls back to the default file when DATABASE_URL is unset, empty or blank', () => {
    const expected = { provider: 'sqlite', file: path.join(root, 'data/manifold.db'), url: `file:${path.join(root, 'data/manifold.db')}` };
    expect(DEFAULT_DATABASE_URL).toBe('file:./data/manifold.db');
    for (const raw of [undefined, '', '   \n']) expect(parseDatabaseUrl(raw, root)).toEqual(expected);
  });

  it('trims the value before reading it', () => {
    expect(parseDatabaseUrl('  file:./x.db \n', root)).toEqual({ provider: 'sqlite', file: path.join(root, 'x.db'), url: `file:${path.join(root, 'x.db')}` });
    expect(pg('  postgresql://u@h/db  ').database).toBe('db');
  });

  it('resolves a relative file against the given root, keeps an absolute one and the file:/// form', () => {
    expect(parseDatabaseUrl('file:sub/blog.db', '/srv/app')).toMatchObject({ file: '/srv/app/sub/blog.db', url: 'file:/srv/app/sub/blog.db' });
    expect(parseDatabaseUrl('file:/var/lib/blog.db', '/srv/app')).toMatchObject({ file: '/var/lib/blog.db' });
    expect(parseDatabaseUrl('file:///var/lib/blog.db', '/srv/app')).toMatchObject({ file: '/var/lib/blog.db', url: 'file:/var/lib/blog.db' });
    // Only the two slashes before an absolute path go: file://x is a relative "//x", which resolves to /x.
    expect(parseDatabaseUrl('file://x.db', '/srv/app')).toMatchObject({ file: '/x.db' });
  });

  it('keeps :memory: as it is', () => {
    expect(parseDatabaseUrl('file::memory:', '/srv/app')).toEqual({ provider: 'sqlite', file: ':memory:', url: 'file::memory:' });
  });

  it('refuses file: with no file, saying what to write', () => {
    expect(refusal('file:').message).toBe('DATABASE_URL "file:" names no file; use e.g. file:./data/manifold.db');
  });
});

describe('PostgreSQL URLs', () => {
  it('reads every part, decoding escapes', () => {
    expect(pg('postgresql://bl%40g:p%3Ass@db.example.com:6543/man%20ifold?schema=blog')).toEqual({
      provider: 'postgresql',
      url: 'postgresql://bl%40g:p%3Ass@db.example.com:6543/man%20ifold?schema=blog',
      host: 'db.example.com',
      port: 6543,
      user: 'bl@g',
      password: 'p:ss',
      database: 'man ifold',
      schema: 'blog',
      ssl: undefined,
      connectTimeout: 10,
    });
  });

  it('defaults host, port and user as libpq does, and leaves password and schema out', () => {
    const t = pg('postgresql:///blog');
    expect(t).toMatchObject({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'blog' });
    expect(t.password).toBeUndefined();
    expect(t.schema).toBeUndefined();
    expect(t.ssl).toBeUndefined();
  });

  it('takes postgres:// as well as postgresql://, and nothing else', () => {
    expect(pg('postgres://u@h/db').host).toBe('h');
    const err = refusal('mysql://u:secret@h/db');
    expect(err.message).toBe('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "mysql://u:***@h/db"');
    expect(refusal('xpostgresql://u@h/db').message).toMatch(/^DATABASE_URL must start with file:/);
    expect(refusal('postgresq://u@h/db').message).toMatch(/^DATABASE_URL must start with file:/);
    expect(refusal('postgresql:/u@h/db').message).toMatch(/^DATABASE_URL must start with file:/);
  });

  it('names an unparsable URL, a missing database and a bad escape, each without the password', () => {
    expect(refusal('postgresql://u:secret@h:99999/db').message).toBe('DATABASE_URL is not a valid PostgreSQL URL: postgresql://u:***@h:99999/db');
    expect(refusal('postgresql://u:secret@h/').message).toBe('DATABASE_URL names no database: postgresql://u:***@h/ (expected postgresql://user@host:5432/dbname)');
    expect(refusal('postgresql://u:secret@h').message).toMatch(/^DATABASE_URL names no database/);
    expect(refusal('postgresql://u:s%zz@h/db').message).toBe('DATABASE_URL has a malformed %-escape in the password: postgresql://u:***@h/db (write a literal % as %25)');
    expect(refusal('postgresql://u%zz@h/db').message).toMatch(/in the user name: /);
    expect(refusal('postgresql://u@h/d%zz').message).toMatch(/in the database name: /);
  });

  it('strips only the leading slash of the database name', () => {
    expect(pg('postgresql://u@h//db').database).toBe('/db');
  });
});

describe('sslmode', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-dburl-'));
    fs.writeFileSync(path.join(dir, 'ca.crt'), 'not really a certificate');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves the connection plain for disable, allow, prefer and no sslmode', () => {
    for (const q of ['', '?sslmode=disable', '?sslmode=allow', '?sslmode=prefer']) expect(pg(`postgresql://u@h/db${q}`).ssl, q).toBeUndefined();
  });

  it('encrypts for require, verify-ca and verify-full, with a root certificate resolved against the root', () => {
    expect(pg('postgresql://u@h/db?sslmode=require').ssl).toEqual({ mode: 'require', rootCert: undefined });
    expect(pg('postgresql://u@h/db?sslmode=verify-ca').ssl).toEqual({ mode: 'verify-ca', rootCert: undefined });
    expect(pg('postgresql://u@h/db?sslmode=verify-full&sslrootcert=ca.crt', dir).ssl).toEqual({ mode: 'verify-full', rootCert: path.join(dir, 'ca.crt') });
  });

  it('refuses an unknown sslmode listing the known ones, and a root certificate that is not there', () => {
    expect(refusal('postgresql://u@h/db?sslmode=on').message).toBe('DATABASE_URL has sslmode "on"; use one of disable, allow, prefer, require, verify-ca, verify-full');
    expect(refusal('postgresql://u@h/db?sslmode=require&sslrootcert=missing.crt', dir).message).toBe("DATABASE_URL's sslrootcert names no readable file: missing.crt");
  });

  it('turns each mode into the TLS options that do what libpq does', () => {
    const ca = path.join(dir, 'ca.crt');
    expect(tlsOptions({ mode: 'require' })).toEqual({ rejectUnauthorized: false });
    const requireCa = tlsOptions({ mode: 'require', rootCert: ca });
    expect(requireCa).toMatchObject({ rejectUnauthorized: true, ca: Buffer.from('not really a certificate') });
    expect(requireCa.checkServerIdentity!('db.example.com', {} as never)).toBeUndefined();
    const verifyCa = tlsOptions({ mode: 'verify-ca' });
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true, ca: undefined });
    expect(typeof verifyCa.checkServerIdentity).toBe('function');
    expect(tlsOptions({ mode: 'verify-full', rootCert: ca })).toEqual({ rejectUnauthorized: true, ca: Buffer.from('not really a certificate') });
  });
});

describe('pgConfig', () => {
  it('passes every field, another database when asked, and a pool of 10 unless the target (DATABASE_POOL_SIZE) says', () => {
    const t = pg('postgresql://u:pw@db.example.com:6000/blog?sslmode=require');
    expect(pgConfig(t)).toEqual({ host: 'db.example.com', port: 6000, user: 'u', password: 'pw', database: 'blog', ssl: { rejectUnauthorized: false }, max: 10, connectionTimeoutMillis: 10_000 });
    expect(pgConfig({ ...pg('postgresql://u@h/blog'), poolSize: 3 }, 'blog_shadow')).toEqual({ host: 'h', port: 5432, user: 'u', password: undefined, database: 'blog_shadow', ssl: undefined, max: 3, connectionTimeoutMillis: 10_000 });
  });
});

describe('redact', () => {
  it('leaves a URL without user info or without a password as it is', () => {
    expect(redact('postgresql://h/db')).toBe('postgresql://h/db');
    expect(redact('file:./data/manifold.db')).toBe('file:./data/manifold.db');
    expect(redact('postgresql://blog@h/db')).toBe('postgresql://blog@h/db');
    // The port's colon comes after the @: it is no password.
    expect(redact('postgresql://blog@h:5432/db')).toBe('postgresql://blog@h:5432/db');
  });

  it('hides a password given without a user name', () => {
    expect(redact('postgresql://:secret@h/db')).toBe('postgresql://:***@h/db');
  });

  it('hides the password whatever the scheme and its case', () => {
    expect(redact('POSTGRESQL://blog:pw@h/db')).toBe('POSTGRESQL://blog:***@h/db');
    expect(redact('git+ssh.x-y://blog:pw@h/db')).toBe('git+ssh.x-y://blog:***@h/db');
  });

  it('hides all the user info when there is no scheme to tell where it starts', () => {
    expect(redact('blog:pw@h/db')).toBe('***@h/db');
    expect(redact('blog@h/db')).toBe('***@h/db');
    expect(redact('@h/db')).toBe('***@h/db');
    expect(redact('x postgresql://blog:pw@h/db')).toBe('***@h/db');
  });
});
