// For a site's own tests (e2e seeds, integration tests): make passwords and signed-in sessions the way sign-in does, so
// a test can act as a user without driving the sign-in form, and never by going around the permission checks.
import { encode } from 'next-auth/jwt';
import type { Db } from '../../lib/db';
import { hashPassword } from './passwords';
import { authSecret } from './secret';
import { createSession, SESSION_MAX_AGE_SECONDS } from './sessions';

export { hashPassword };

/** The cookie name a session travels in over plain http (behind https: `__Secure-` + this). */
export const SESSION_COOKIE = 'next-auth.session-token';

/**
 * A new database session for the user with this email and the value of its session cookie, as a successful sign-in
 * would set it (signed with the server's secret: AUTH_SECRET or data/.auth-secret, so run it where the server runs).
 */
export async function sessionCookieFor(db: Db, email: string, meta: { userAgent?: string } = {}): Promise<string> {
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const sid = await createSession(db, user.id, { userAgent: meta.userAgent ?? 'test' });
  return encode({ token: { sid, sub: String(user.id) }, secret: authSecret(), maxAge: SESSION_MAX_AGE_SECONDS });
}
