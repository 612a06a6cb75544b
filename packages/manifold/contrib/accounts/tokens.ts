// One-time secrets: password-reset links (their hash in PasswordResetToken, an hour, spent on first use) and the
// first-run setup token (data/.setup-token, printed to the server log, deleted once the first admin exists).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../lib/db';
import { logger } from '../../lib/log';
import { settings } from '../../lib/settings';
import { hashPassword, normalizeEmail, passwordProblem } from './passwords';
import { endUserSessions } from './sessions';

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const sameSecret = (a: string, b: string) => crypto.timingSafeEqual(Buffer.from(sha256(a)), Buffer.from(sha256(b)));

/**
 * A reset link's token for the active user with this email, or null when there is none. The caller answers the
 * same either way ("if the address is registered, a link is on its way").
 */
export async function createResetToken(db: Db, rawEmail: string, now = new Date()): Promise<{ token: string; email: string } | null> {
  const email = normalizeEmail(rawEmail).slice(0, 320);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, isActive: true } });
  if (!user || !user.isActive) return null;
  const token = crypto.randomBytes(32).toString('base64url');
  await db.passwordResetToken.create({ data: { tokenHash: sha256(token), userId: user.id, expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS) } });
  return { token, email };
}

/** The user a reset token is good for (unused, not expired, user active), or null. */
export async function checkResetToken(db: Db, token: string, now = new Date()): Promise<{ userId: number; email: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await db.passwordResetToken.findUnique({ where: { tokenHash: sha256(token) }, select: { usedAt: true, expiresAt: true, user: { select: { id: true, email: true, isActive: true } } } });
  if (!row || row.usedAt || row.expiresAt <= now || !row.user.isActive) return null;
  return { userId: row.user.id, email: row.user.email };
}

export type ResetOutcome = { ok: true; email: string } | { ok: false; error: 'invalid' } | { ok: false; error: 'weak'; message: string };

/** Sets a new password with a reset token: spends it (and the user's other tokens) and ends the user's sessions. */
export async function resetPassword(db: Db, token: string, password: string, now = new Date()): Promise<ResetOutcome> {
  const valid = await checkResetToken(db, token, now);
  if (!valid) return { ok: false, error: 'invalid' };
  const weak = passwordProblem(password, valid.email);
  if (weak) return { ok: false, error: 'weak', message: weak };
  // Spent first, conditionally: of two requests racing with one token, only one gets count 1.
  const spent = await db.passwordResetToken.updateMany({ where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (spent.count !== 1) return { ok: false, error: 'invalid' };
  await db.user.update({ where: { id: valid.userId }, data: { passwordHash: await hashPassword(password), passwordChangedAt: now } });
  await db.passwordResetToken.updateMany({ where: { userId: valid.userId, usedAt: null }, data: { usedAt: now } });
  await endUserSessions(db, valid.userId);
  return { ok: true, email: valid.email };
}

const setupFile = (root: string) => path.join(root, 'data', '.setup-token');
const announced = globalThis as unknown as { __manifoldSetupAnnounced?: string };

/**
 * The first-run setup token: MANIFOLD_SETUP_TOKEN when set (the same on every instance of a site; the operator chose
 * it, so it is not printed), else made (0600) in data/.setup-token on first need and printed to the server log once
 * per process (one machine: a second machine would make a token of its own).
 */
export function ensureSetupToken(root = process.cwd(), fixed = settings().setupToken): string {
  if (fixed) {
    if (announced.__manifoldSetupAnnounced !== fixed) {
      announced.__manifoldSetupAnnounced = fixed;
      logger.warn('No user exists yet. Create the first admin at /accounts/setup with the setup token from MANIFOLD_SETUP_TOKEN.');
    }
    return fixed;
  }
  const file = setupFile(root);
  let token = '';
  try {
    token = fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (token.length < 20) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    token = crypto.randomBytes(18).toString('base64url');
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, token, { mode: 0o600 });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      token = fs.readFileSync(file, 'utf8').trim();
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  if (announced.__manifoldSetupAnnounced !== token) {
    announced.__manifoldSetupAnnounced = token;
    logger.warn(`No user exists yet. Create the first admin at /accounts/setup with the setup token: ${token}`, { setupToken: token });
  }
  return token;
}

export type SetupOutcome = { ok: true; userId: number } | { ok: false; field: 'token' | 'email' | 'password' | null; message: string };

/** Creates the first superuser: only while no user exists, and only with the setup token (then deleted). */
export async function createFirstSuperuser(db: Db, input: { token: string; email: string; name: string; password: string }, root = process.cwd(), fixed = settings().setupToken): Promise<SetupOutcome> {
  if ((await db.user.count()) > 0) return { ok: false, field: null, message: 'done' };
  let expected = fixed ?? '';
  if (!fixed) {
    try {
      expected = fs.readFileSync(setupFile(root), 'utf8').trim();
    } catch {
      /* no token file: every token is wrong */
    }
  }
  if (!expected || !input.token || !sameSecret(input.token.trim(), expected)) return { ok: false, field: 'token', message: 'token' };
  const email = normalizeEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return { ok: false, field: 'email', message: 'email' };
  const weak = passwordProblem(input.password, email);
  if (weak) return { ok: false, field: 'password', message: weak };
  const passwordHash = await hashPassword(input.password);
  // Inside a transaction with the count: two setup forms posted at once make one admin, not two.
  const created = await db.$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data: { email, name: input.name.trim().slice(0, 150) || email.split('@')[0], passwordHash, isSuperuser: true, isStaff: true, isActive: true }, select: { id: true } });
  });
  if (!created) return { ok: false, field: null, message: 'done' };
  fs.rmSync(setupFile(root), { force: true });
  announced.__manifoldSetupAnnounced = undefined;
  return { ok: true, userId: created.id };
}
