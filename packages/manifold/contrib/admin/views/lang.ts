// The admin's language for this request: the visitor's choice (a cookie set by the header's language button), else Korean.
import 'server-only';
import { cookies } from 'next/headers';
import type { AdminLang } from './i18n';

export const ADMIN_LANG_COOKIE = 'manifold-admin-lang';

export async function adminLang(): Promise<AdminLang> {
  const value = (await cookies()).get(ADMIN_LANG_COOKIE)?.value;
  return value === 'en' ? 'en' : 'ko';
}
