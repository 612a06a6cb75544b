// DATABASE_URL's TLS modes against a real TLS handshake made by the real pg client, malformed escapes, and redaction.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl, pgConfig, redact } from '../database-url';
import { loadSettings, SettingsError } from '../settings';

/** A PostgreSQL-shaped TLS endpoint: answers the SSLRequest with 'S', then does a TLS handshake with `cert`. */
function fakeTlsPostgres(key: Buffer, cert: Buffer) {
  const server = net.createServer((socket) => {
    socket.once('data', () => {
      socket.write('S');
      const secure = new tls.TLSSocket(socket, { isServer: true, key, cert });
      secure.on('error', () => socket.destroy());
      // A finished handshake is all the test needs: close, so the client reports a plain termination.
      secure.on('secure', () => secure.destroy());
    });
    socket.on('error', () => {});
  });
  return new Promise<{ port: number; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

describe('DATABASE_URL sslmode against a real TLS handshake', () => {
  let dir: string;
  let server: { port: number; close(): Promise<void> };
  let caFile: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-tls-'));
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Test CA');
    // The server's certificate names another host than the one the client dials (127.0.0.1).
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=db.example.com');
    fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:db.example.com\n');
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'ext.cnf');
    caFile = path.join(dir, 'ca.crt');
    server = await fakeTlsPostgres(fs.readFileSync(path.join(dir, 'server.key')), fs.readFileSync(path.join(dir, 'server.crt')));
  });

  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The pg client's error on connect: a certificate complaint, or a termination after a completed handshake. */
  async function connectError(query: string): Promise<string> {
    const target = parseDatabaseUrl(`postgresql://u:p@127.0.0.1:${server.port}/db?${query}`);
    if (target.provider !== 'postgresql') throw new Error('expected postgresql');
    const client = new pg.Client({ ...pgConfig(target), max: undefined } as pg.ClientConfig);
    client.on('error', () => {});
    try {
      await client.connect();
      return 'connected';
    } catch (err) {
      return (err as Error).message;
    } finally {
      await client.end().catch(() => {});
    }
  }

  it('verify-full refuses an unknown CA and a certificate for another host name', async () => {
    expect(await connectError('sslmode=verify-full')).toMatch(/self[- ]signed|unable to (get|verify)/i);
    expect(await connectError(`sslmode=verify-full&sslrootcert=${encodeURIComponent(caFile)}`)).toMatch(/Hostname\/IP does not match|altnames/i);
  });

  it('verify-ca refuses an unknown CA but accepts a trusted certificate for another host name', async () => {
    expect(await connectError('sslmode=verify-ca')).toMatch(/self[- ]signed|unable to (get|verify)/i);
    expect(await connectError(`sslmode=verify-ca&sslrootcert=${encodeURIComponent(caFile)}`)).toMatch(/terminated/i);
  });

  it('require encrypts without verifying, as libpq does, unless a root certificate is given', async () => {
    expect(await connectError('sslmode=require')).toMatch(/terminated/i);
    const other = path.join(dir, 'other-ca.crt');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'other.key'), '-out', other, '-days', '2', '-subj', '/CN=Other CA'], { stdio: 'pipe' });
    expect(await connectError(`sslmode=require&sslrootcert=${encodeURIComponent(other)}`)).toMatch(/unable to (get|verify)|self[- ]signed/i);
    expect(await connectError(`sslmode=require&sslrootcert=${encodeURIComponent(caFile)}`)).toMatch(/terminated/i);
  });

  it('refuses an sslmode libpq does not know, and a root certificate file that cannot be read, in one line', () => {
    expect(() => loadSettings({ DATABASE_URL: 'postgresql://u@h/db?sslmode=verify' })).toThrow(/sslmode "verify".*disable, allow, prefer, require, verify-ca, verify-full/);
    expect(() => loadSettings({ DATABASE_URL: 'postgresql://u@h/db?sslmode=verify-full&sslrootcert=/nonexistent/ca.crt' })).toThrow(SettingsError);
  });
});

describe('DATABASE_URL escapes and redaction', () => {
  const settingsError = (url: string) => {
    try {
      loadSettings({ DATABASE_URL: url });
    } catch (e) {
      return e as Error;
    }
    throw new Error(`accepted ${url}`);
  };

  it('reports a malformed %-escape as the one-line settings error, without the password', () => {
    for (const url of ['postgresql://blog:pa%zzss@db.example.com/manifold', 'postgresql://bl%og:x@db.example.com/manifold', 'postgresql://blog@db.example.com/mani%fold']) {
      const err = settingsError(url);
      expect(err).toBeInstanceOf(SettingsError);
      expect(err.message).toMatch(/malformed %-escape/);
      expect(err.message).not.toContain('\n');
      expect(err.message).not.toContain('zzss');
    }
  });

  it('redacts the whole password, whatever it contains', () => {
    for (const [url, secret] of [
      ['postgresql://blog:p@ss@db.example.com/manifold', 'ss@'],
      ['postgresql://blog:pa/ss@db.example.com/manifold', 'pa/ss'],
      ['postgresql://blog:pa:ss@db.example.com/manifold', 'pa:ss'],
      ['postgresql://blog:s%40cret@db.example.com/manifold', 'cret'],
      ['postgresql://blog:a@b/c:d@db.example.com/manifold', 'b/c'],
      ['mysql://blog:p@ss@db.example.com/manifold', 'ss@'],
      ['blog:p@ss@db.example.com/manifold', 'p@ss'],
    ]) {
      const shown = redact(url);
      expect(shown, url).not.toContain(secret);
      expect(shown, url).toContain('db.example.com');
    }
    expect(redact('postgresql://blog:p@ss@db.example.com/manifold')).toBe('postgresql://blog:***@db.example.com/manifold');
    expect(redact('postgresql://blog@db.example.com/manifold')).toBe('postgresql://blog@db.example.com/manifold');
  });

  it('names an unparsable PostgreSQL URL without its password', () => {
    const err = settingsError('postgresql://blog:pa/ss@db.example.com:99999/manifold');
    expect(err).toBeInstanceOf(SettingsError);
    expect(err.message).not.toContain('pa/ss');
    expect(err.message).toContain('db.example.com');
  });
});

describe('DATABASE_URL connect_timeout against a database host that never answers', () => {
  it('is read from the URL (libpq name, seconds), 10 by default, and refused when not 1–3600 whole seconds', () => {
    const timeoutOf = (q: string) => {
      const t = parseDatabaseUrl(`postgresql://u@127.0.0.1:5432/db${q}`);
      return t.provider === 'postgresql' ? t.connectTimeout : null;
    };
    expect(timeoutOf('')).toBe(10);
    expect(timeoutOf('?connect_timeout=3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', '3601', 'abc', '', '9'.repeat(50)]) {
      expect(() => timeoutOf(`?connect_timeout=${bad}`), bad).toThrow(/connect_timeout .*whole number of seconds from 1 to 3600/);
    }
  });

  it('gives up after connect_timeout with an error the 503 mapping knows, instead of hanging', async () => {
    // Accepts the TCP connection and never says a word: a host mid-failover, or a firewall that eats the replies.
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const target = parseDatabaseUrl(`postgresql://u@127.0.0.1:${(silent.address() as net.AddressInfo).port}/db?connect_timeout=1`);
      const { createDb } = await import('../db');
      const { databaseUnavailable } = await import('../db-errors.mjs');
      const db = createDb(target);
      const started = Date.now();
      const err = await db.$queryRawUnsafe('SELECT 1').then(() => null, (e: unknown) => e);
      const waited = Date.now() - started;
      await db.$disconnect().catch(() => {});
      expect(err, 'the query did not fail').not.toBeNull();
      expect(databaseUnavailable(err), String((err as Error).message)).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(8000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  }, 15_000);
});
