// Database sessions behind next-auth's JWT cookie: the cookie carries a random secret, its sha256 is a Session row.
// Deleting the row ends the session at the next request, in every process, across restarts.
import crypto from 'node:crypto';
import type { Db } from '../../lib/db';
import type { CurrentUser } from './user';

/** How long a session lasts without signing in again (next-auth's maxAge uses the same figure). */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 60 * 60;
/** lastSeenAt is written at most this often, so a busy page does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export const sessionId = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

/** Starts a session for the user; returns the secret the cookie carries (never stored). */
export async function createSession(db: Db, userId: number, meta: { userAgent?: string; ip?: string } = {}): Promise<string> {
  const secret = crypto.randomBytes(32).toString('base64url');
  await db.session.create({
    data: {
      id: sessionId(secret),
      userId,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
      userAgent: (meta.userAgent ?? '').slice(0, 300),
      ip: (meta.ip ?? '').slice(0, 64),
    },
  });
  return secret;
}

/** Ends one session (sign-out). */
export async function endSession(db: Db, secret: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sessionId(secret) } });
}

/** Ends every session of a user (deactivation, password change, password reset). Returns how many ended. */
export async function endUserSessions(db: Db, userId: number): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } });
  return count;
}

const userInclude = {
  groups: { select: { name: true, permissions: { select: { app: true, codename: true } } } },
  userPermissions: { select: { app: true, codename: true } },
} as const;

/** A user row with its groups and permissions, as CurrentUser. */
export async function loadCurrentUser(db: Db, userId: number): Promise<CurrentUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: userInclude });
  if (!user) return null;
  const permissions = new Set<string>();
  for (const p of user.userPermissions) permissions.add(`${p.app}.${p.codename}`);
  for (const g of user.groups) for (const p of g.permissions) permissions.add(`${p.app}.${p.codename}`);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    isActive: user.isActive,
    isStaff: user.isStaff,
    isSuperuser: user.isSuperuser,
    groups: user.groups.map((g) => g.name).sort(),
    permissions,
  };
}

/**
 * The user a session secret belongs to, or null when the session was ended, expired or its user is inactive.
 * Touches lastSeenAt at most once a minute.
 */
export async function sessionUser(db: Db, secret: string, now = new Date()): Promise<CurrentUser | null> {
  if (!secret || secret.length > 200) return null;
  const row = await db.session.findUnique({ where: { id: sessionId(secret) }, select: { id: true, userId: true, expiresAt: true, lastSeenAt: true } });
  if (!row) return null;
  if (row.expiresAt <= now) {
    await db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  const user = await loadCurrentUser(db, row.userId);
  if (!user || !user.isActive) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    // deleteMany/updateMany: a sign-out racing this request must not turn into an error here.
    await db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return user;
}
