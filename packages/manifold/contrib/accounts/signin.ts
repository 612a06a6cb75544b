// Checking an email and password (the credentials provider's authorize): rate limits first, then the hash; a wrong
// password, an unknown email and an inactive account get the same answer after the same work.
import type { Db } from '../../lib/db';
import { burnTime, hashPassword, normalizeEmail, verifyPassword, MAX_PASSWORD_BYTES } from './passwords';
import type { SignInLimiter } from './rate-limit';

export type SignInResult = { ok: true; userId: number } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'limited'; retryAfterMs: number };

export async function authenticate(db: Db, limiter: SignInLimiter, input: { email: unknown; password: unknown; ip: string }): Promise<SignInResult> {
  const email = typeof input.email === 'string' ? normalizeEmail(input.email).slice(0, 320) : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const wait = await limiter.waitFor(email, input.ip);
  if (wait > 0) return { ok: false, reason: 'limited', retryAfterMs: wait };
  const user = email ? await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, isActive: true } }) : null;
  let ok = false;
  if (!user || !password || Buffer.byteLength(password) > MAX_PASSWORD_BYTES * 4) {
    // The same work as a real check, so the answer's timing says nothing about which emails exist.
    await burnTime(password.slice(0, MAX_PASSWORD_BYTES * 4));
  } else {
    const checked = await verifyPassword(password, user.passwordHash);
    ok = checked.ok && user.isActive;
    if (ok && checked.upgrade) {
      // 0.2's bcrypt hash (or old argon2 parameters): replaced now that the password is known.
      await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    }
  }
  if (!ok || !user) {
    const after = await limiter.fail(email, input.ip);
    return after > 0 ? { ok: false, reason: 'limited', retryAfterMs: after } : { ok: false, reason: 'invalid' };
  }
  await limiter.succeed(email);
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ok: true, userId: user.id };
}
