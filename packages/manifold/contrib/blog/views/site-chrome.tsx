// The frame of every reader page: skip link, header, main column, a sidebar slot and the footer. It knows no app:
// the app's views pass in the addresses, the site's title and the sidebar. Plain <a> links: reader pages ship no
// client router (the document is the whole page).
import type { ReactNode } from 'react';
import { t, type Lang } from '../../../lib/i18n';
import { ThemeToggle } from './theme-toggle';

export interface SiteLinks {
  home: string;
  search: string;
  /** The same page in the other language. */
  otherLanguage: string;
  feed: string;
}

export function SiteHeader({ lang, title, links }: { lang: Lang; title: string; links: SiteLinks }) {
  const dict = t(lang);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <a href={links.home} className="site-title">
          {title}
        </a>
        <nav className="site-tools" aria-label={dict.menu}>
          <a href="#sidebar" className="menu-link">
            {dict.categories}
          </a>
          <a href={links.search} className="search-link">
            {dict.search}
          </a>
          <a href={links.otherLanguage} hrefLang={dict.languageHref} lang={dict.languageHref} className="lang-switch">
            {dict.language}
          </a>
          <ThemeToggle label={dict.themeToggle} />
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter({ lang, author, feed }: { lang: Lang; author: string; feed: string }) {
  const dict = t(lang);
  return (
    <footer className="site-footer">
      <p>
        © {author} · <a href={feed}>{dict.feed}</a> · {dict.poweredBy}
      </p>
    </footer>
  );
}

export function PageFrame({ lang, header, sidebar, footer, children }: { lang: Lang; header: ReactNode; sidebar: ReactNode; footer: ReactNode; children: ReactNode }) {
  const dict = t(lang);
  return (
    <div lang={lang} className="page">
      <a href="#content" className="skip-link">
        {dict.skipToContent}
      </a>
      {header}
      <div className="layout">
        <main id="content" className="content" tabIndex={-1}>
          {children}
        </main>
        {sidebar}
      </div>
      {footer}
    </div>
  );
}
