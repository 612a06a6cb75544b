// The admin's language for this request: the visitor's choice (a cookie set by the header's language button), else
// the browser's first Accept-Language, else Korean. The sign-in pages read the same cookie.
import 'server-only';
import { cookies, headers } from 'next/headers';
import type { AdminLang } from './i18n';

export const ADMIN_LANG_COOKIE = 'manifold-admin-lang';

export async function adminLang(): Promise<AdminLang> {
  const value = (await cookies()).get(ADMIN_LANG_COOKIE)?.value;
  if (value === 'en' || value === 'ko') return value;
  const top = ((await headers()).get('accept-language') ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return top.startsWith('en') ? 'en' : 'ko';
}
