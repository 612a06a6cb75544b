'use server';
// The sign-in pages' form posts (server actions: Next refuses one whose Origin is not this site). Each answers with
// a redirect, so the pages work without JavaScript and a reload never posts twice; errors travel as codes.
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { db } from '../../../lib/db';
import { clientAddress } from '../../../lib/http-guard.mjs';
import { logger } from '../../../lib/log';
import { settings } from '../../../lib/settings';
import { getCurrentUser } from '../auth';
import { sendResetLink } from '../mail';
import { hashPassword, passwordProblemCode, verifyPassword } from '../passwords';
import { minutesOf, signInLimiter } from '../rate-limit';
import { endUserSessions } from '../sessions';
import { checkResetToken, createFirstSuperuser, createResetToken, resetPassword } from '../tokens';
import { withLang } from './shared';

const str = (form: FormData, name: string, max = 500) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.slice(0, max) : '';
};
const langOf = (form: FormData) => (form.get('lang') === 'en' ? 'en' : 'ko');

async function siteOrigin(): Promise<string> {
  const s = settings();
  if (s.siteUrlConfigured) return s.siteUrl;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? `localhost:${s.port}`;
  return `${h.get('x-forwarded-proto') === 'https' ? 'https' : 'http'}://${host}`;
}

async function clientIp(): Promise<string> {
  return clientAddress(undefined, (await headers()).get('x-forwarded-for'), settings().trustedProxies);
}

export async function requestPasswordReset(form: FormData): Promise<void> {
  const lang = langOf(form);
  const email = str(form, 'email', 320);
  const ip = await clientIp();
  const limiter = signInLimiter();
  // Counted like failed sign-ins per address, so the form cannot mail-bomb someone or probe at speed.
  const wait = await limiter.fail(`reset:${email}`, ip);
  if (wait > 0) redirect(withLang(`/accounts/password-reset?error=${encodeURIComponent(`TooManyAttempts:${minutesOf(wait)}`)}`, lang));
  const made = email ? await createResetToken(db, email) : null;
  if (made) {
    const link = `${await siteOrigin()}${withLang(`/accounts/password-reset/${made.token}`, lang)}`;
    // Not awaited: the answer must not take longer for a registered address than for an unknown one.
    void sendResetLink(made.email, link, lang).catch((err: unknown) => logger.error('password reset mail failed', { error: (err as Error).message }));
  }
  redirect(withLang('/accounts/password-reset?sent=1', lang));
}

export async function confirmPasswordReset(form: FormData): Promise<void> {
  const lang = langOf(form);
  const token = str(form, 'token', 200);
  const password = str(form, 'password', 1000);
  const back = (code: string) => redirect(withLang(`/accounts/password-reset/${encodeURIComponent(token)}?error=${code}`, lang));
  const valid = await checkResetToken(db, token);
  if (!valid) back('invalid');
  if (password !== str(form, 'password2', 1000)) back('mismatch');
  const weak = passwordProblemCode(password, valid!.email);
  if (weak) back(weak);
  const outcome = await resetPassword(db, token, password);
  if (!outcome.ok) back('invalid');
  redirect(withLang('/accounts/login?reset=1', lang));
}

export async function changePassword(form: FormData): Promise<void> {
  const lang = langOf(form);
  const user = await getCurrentUser();
  if (!user) redirect(withLang('/accounts/login?next=/accounts/password-change', lang));
  const back = (code: string) => redirect(withLang(`/accounts/password-change?error=${encodeURIComponent(code)}`, lang));
  const ip = await clientIp();
  const limiter = signInLimiter();
  const wait = await limiter.waitFor(user.email, ip);
  if (wait > 0) back(`TooManyAttempts:${minutesOf(wait)}`);
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  const old = await verifyPassword(str(form, 'old', 1000), row?.passwordHash ?? '');
  if (!old.ok) {
    await limiter.fail(user.email, ip);
    back('old');
  }
  const password = str(form, 'password', 1000);
  if (password !== str(form, 'password2', 1000)) back('mismatch');
  const weak = passwordProblemCode(password, user.email);
  if (weak) back(weak);
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password), passwordChangedAt: new Date() } });
  // Every session ends, this one too: whoever had the old password is out, and this browser signs in again.
  await endUserSessions(db, user.id);
  redirect(withLang('/accounts/login?changed=1', lang));
}

export async function setupFirstAdmin(form: FormData): Promise<void> {
  const lang = langOf(form);
  const ip = await clientIp();
  const limiter = signInLimiter();
  const wait = await limiter.waitFor('setup', ip);
  if (wait > 0) redirect(withLang(`/accounts/setup?error=${encodeURIComponent(`TooManyAttempts:${minutesOf(wait)}`)}`, lang));
  if (str(form, 'password', 1000) !== str(form, 'password2', 1000)) redirect(withLang('/accounts/setup?error=mismatch', lang));
  const outcome = await createFirstSuperuser(db, { token: str(form, 'token', 200), email: str(form, 'email', 320), name: str(form, 'name', 150), password: str(form, 'password', 1000) });
  if (outcome.ok) redirect(withLang('/accounts/login?setup=1&next=/admin', lang));
  if (outcome.field === null) redirect(withLang('/accounts/login', lang));
  if (outcome.field === 'token') await limiter.fail('setup', ip);
  const code = outcome.field === 'password' ? (passwordProblemCode(str(form, 'password', 1000), str(form, 'email', 320)) ?? 'short') : outcome.field;
  redirect(withLang(`/accounts/setup?error=${code}`, lang));
}
