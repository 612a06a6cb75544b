// The secret next-auth signs and encrypts session cookies with: AUTH_SECRET, or one kept in data/.auth-secret (0600).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { logger } from '../../lib/log';
import { settings, SettingsError } from '../../lib/settings';

const MIN_BYTES = 32;

const told = globalThis as unknown as { __manifoldAuthSecretTold?: boolean };

/**
 * AUTH_SECRET when set; otherwise one made on first use and kept in data/.auth-secret, so sessions survive a restart
 * and every process on the machine agrees on it (several machines need AUTH_SECRET: `manage check` says so). Only on
 * Vercel, with no persistent disk, is AUTH_SECRET required.
 */
export function authSecret(root = process.cwd()): string {
  const s = settings();
  if (s.authSecret) return s.authSecret;
  if (s.vercel) throw new SettingsError('AUTH_SECRET must be set on Vercel (no disk to keep a generated one): 32 random bytes, e.g. `openssl rand -hex 32`.');
  if (!told.__manifoldAuthSecretTold) {
    told.__manifoldAuthSecretTold = true;
    logger.info('AUTH_SECRET is not set: sessions are signed with the secret kept in data/.auth-secret (set AUTH_SECRET when several machines serve the site).');
  }
  const file = path.join(root, 'data', '.auth-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (Buffer.byteLength(existing) >= MIN_BYTES) {
      if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
      return existing;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = crypto.randomBytes(32).toString('hex');
  // Written aside and renamed, so another process reading at that moment sees a whole file.
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, secret, { mode: 0o600 });
  try {
    // A second process may have made one first: keep the first, so both sign with the same secret.
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return fs.readFileSync(file, 'utf8').trim();
}
