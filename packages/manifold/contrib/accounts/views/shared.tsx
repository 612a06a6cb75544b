// What the sign-in pages share: the language of the request, the admin frame, form fields with their errors.
import 'server-only';
import type { ReactNode } from 'react';
import { cookies, headers } from 'next/headers';
import { AdminFrame } from '../../admin/views/frame';
import type { CurrentUser } from '../auth';
import type { AccountsLang } from './i18n';

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** ?lang= first, then the admin's language cookie, then the browser's Accept-Language; Korean otherwise. */
export async function accountsLang(sp: Record<string, string | string[] | undefined>): Promise<AccountsLang> {
  const asked = first(sp.lang);
  if (asked === 'en' || asked === 'ko') return asked;
  const cookie = (await cookies()).get('manifold-admin-lang')?.value;
  if (cookie === 'en' || cookie === 'ko') return cookie;
  const accept = (await headers()).get('accept-language') ?? '';
  const top = accept.split(',')[0]?.trim().toLowerCase() ?? '';
  return top.startsWith('en') ? 'en' : 'ko';
}

export function AuthPage({ title, lang, user, path, children }: { title: string; lang: AccountsLang; user: CurrentUser | null; path: string; children: ReactNode }) {
  return (
    <AdminFrame user={user} title={title} lang={lang} path={path} variant="auth">
      {children}
    </AdminFrame>
  );
}

export function Notice({ kind, children }: { kind: 'success' | 'error' | 'info'; children: ReactNode }) {
  return (
    // The live region wraps the list: a role on the <ul> itself would take away its list semantics.
    <div role={kind === 'error' ? 'alert' : 'status'}>
      <ul className="adm-messages">
        <li className={`adm-msg adm-msg--${kind}`}>{children}</li>
      </ul>
    </div>
  );
}

export function Field({ id, label, error, help, children }: { id: string; label: string; error?: string | null; help?: string; children: ReactNode }) {
  return (
    <div className={`adm-field adm-field--required${error ? ' adm-field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help && (
        <p className="adm-help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <ul className="adm-errorlist" id={`${id}-error`}>
          <li>{error}</li>
        </ul>
      )}
    </div>
  );
}

/** aria-describedby for a field's input: its help and its error. */
export const describedBy = (id: string, help?: boolean, error?: unknown) => [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

/** A path with ?lang=en kept, for links and redirects between the sign-in pages. */
export const withLang = (path: string, lang: AccountsLang) => (lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);
