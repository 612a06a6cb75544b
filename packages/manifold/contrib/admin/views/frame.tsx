// The frame of every admin and sign-in page: skip link, header (site name, language, user menu, sign out),
// breadcrumbs and the main landmark. A server component: it ships no JavaScript.
import type { ReactNode } from 'react';
import { siteConfig } from '@site/site.config';
import { adminT, type AdminLang } from './i18n';
import { setAdminLanguage } from './language';

/** The part of accounts' CurrentUser the frame shows (a CurrentUser fits). */
export interface FrameUser {
  name: string;
  email: string;
}

export interface Crumb {
  label: string;
  /** Omitted for the current page (the last crumb). */
  href?: string;
}

export interface AdminFrameProps {
  user: FrameUser | null;
  /** The page's heading, also the document title's first part. */
  title: string;
  lang: AdminLang;
  breadcrumbs?: Crumb[];
  /** This page's path with its query, so the language button returns here. */
  path?: string;
  /** Renders the content as a centred card (sign-in, reset, setup) instead of the full-width admin column. */
  variant?: 'admin' | 'auth';
  children: ReactNode;
}

export function AdminFrame({ user, title, lang, breadcrumbs, path = '/admin', variant = 'admin', children }: AdminFrameProps) {
  const t = adminT(lang);
  const other = lang === 'ko' ? 'en' : 'ko';
  return (
    <div className="adm" lang={lang}>
      <a className="adm-skip" href="#adm-content">
        {t.skip}
      </a>
      <header className="adm-header">
        <div className="adm-header-inner">
          <a className="adm-brand" href="/admin">
            {lang === 'en' ? siteConfig.titleEn : siteConfig.title}
            <small>{t.siteAdmin}</small>
          </a>
          <nav aria-label={t.userMenu}>
            <ul className="adm-usertools">
              {user && (
                <li>
                  <span title={user.email}>{t.welcome(user.name || user.email)}</span>
                </li>
              )}
              <li>
                <a href="/">{t.viewSite}</a>
              </li>
              {user && (
                <li>
                  <a href="/accounts/password-change">{t.changePassword}</a>
                </li>
              )}
              {user && (
                <li>
                  <a href="/accounts/logout">{t.signOut}</a>
                </li>
              )}
              <li>
                <form action={setAdminLanguage}>
                  <input type="hidden" name="lang" value={other} />
                  <input type="hidden" name="next" value={path} />
                  <button type="submit" className="adm-linkbutton" lang={other} title={t.languageLabel}>
                    {t.language}
                  </button>
                </form>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      {breadcrumbs && breadcrumbs.length > 0 && (
        <nav className="adm-crumbs" aria-label={t.breadcrumbs}>
          <ol>
            {breadcrumbs.map((c, i) => (
              <li key={i}>{c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
            ))}
          </ol>
        </nav>
      )}
      {variant === 'auth' ? (
        <main id="adm-content" className="adm-auth" tabIndex={-1}>
          <div className="adm-auth-card">
            <h1>{title}</h1>
            {children}
          </div>
        </main>
      ) : (
        <main id="adm-content" className="adm-main" tabIndex={-1}>
          {children}
        </main>
      )}
    </div>
  );
}
