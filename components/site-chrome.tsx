// The frame of every reader page: header, the category sidebar and the footer.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { siteConfig } from '../site.config';
import { categoryHref, href, t, tagHref, type Lang } from '../lib/i18n';
import type { CategoryNode, CategoryTree } from '../apps/blog/data';
import { ThemeToggle } from './theme-toggle';

function CategoryList({ nodes, lang }: { nodes: CategoryNode[]; lang: Lang }) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.id}>
          <Link href={categoryHref(lang, node.path)} data-category={node.path.join('/')}>
            {node.name} <span className="count">({node.count})</span>
          </Link>
          {node.children.length > 0 && <CategoryList nodes={node.children} lang={lang} />}
        </li>
      ))}
    </ul>
  );
}

export function Sidebar({ tree, tags, lang }: { tree: CategoryTree; tags: { name: string; slug: string; count: number }[]; lang: Lang }) {
  const dict = t(lang);
  return (
    <aside className="sidebar" id="sidebar" aria-label={dict.categories}>
      <nav className="category-nav" aria-label={dict.categories}>
        <h2 className="sidebar-title">{dict.categories}</h2>
        <ul>
          <li>
            <Link href={href(lang, '/')} className="all-posts" data-category="">
              {dict.allPosts} <span className="count">({tree.total})</span>
            </Link>
            <CategoryList nodes={tree.roots} lang={lang} />
          </li>
        </ul>
      </nav>
      {tags.length > 0 && (
        <section className="tag-cloud" aria-label={dict.tags}>
          <h2 className="sidebar-title">{dict.tags}</h2>
          <ul>
            {tags.map((tag) => (
              <li key={tag.slug}>
                <Link href={tagHref(lang, tag.slug)}>#{tag.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

export function SiteHeader({ lang, switchHref }: { lang: Lang; switchHref: string }) {
  const dict = t(lang);
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link href={href(lang, '/')} className="site-title">
          {lang === 'en' ? siteConfig.titleEn : siteConfig.title}
        </Link>
        <nav className="site-tools" aria-label={dict.menu}>
          <a href="#sidebar" className="menu-link">
            {dict.categories}
          </a>
          <Link href={href(lang, '/search')} className="search-link">
            {dict.search}
          </Link>
          <Link href={switchHref} hrefLang={dict.languageHref} lang={dict.languageHref} className="lang-switch" prefetch={false}>
            {dict.language}
          </Link>
          <ThemeToggle label={dict.themeToggle} />
        </nav>
      </div>
    </header>
  );
}

export function SiteFooter({ lang }: { lang: Lang }) {
  const dict = t(lang);
  return (
    <footer className="site-footer">
      <p>
        © {siteConfig.author} · <a href="/feed.xml">{dict.feed}</a> · {dict.poweredBy}
      </p>
    </footer>
  );
}

export function PageFrame({ lang, sidebar, header, children }: { lang: Lang; sidebar: ReactNode; header: ReactNode; children: ReactNode }) {
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
      <SiteFooter lang={lang} />
    </div>
  );
}
