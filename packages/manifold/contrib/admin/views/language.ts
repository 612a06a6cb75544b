'use server';
// The header's language button: remembers the choice for a year and returns to the same page (a plain form post, no JS).
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { ADMIN_LANG_COOKIE } from './lang';

/** Only a same-site path may be returned to: anything else (//evil, https://…) goes to /admin. */
export async function safeNext(next: unknown, fallback = '/admin'): Promise<string> {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}

export async function setAdminLanguage(formData: FormData): Promise<void> {
  const lang = formData.get('lang') === 'en' ? 'en' : 'ko';
  (await cookies()).set(ADMIN_LANG_COOKIE, lang, { path: '/', maxAge: 60 * 60 * 24 * 365, sameSite: 'lax', httpOnly: true });
  redirect(await safeNext(formData.get('next')));
}
