// Wraps a blog view in the site frame (components/site-chrome) with the blog's category and tag sidebar.
import type { ReactNode } from 'react';
import { PageFrame, SiteFooter, SiteHeader } from './site-chrome';
import { t, type Lang } from '../../../lib/i18n';
import { siteConfig } from '@site/site.config';
import type { CategoryNode, CategoryTree, TagCount } from '../data';
import { categoryUrl, feedUrl, homeUrl, searchUrl, tagUrl } from '../urls';

/** What every reader page shows around its content: the sidebar's categories (with counts) and tags. */
export interface ReaderChrome {
  tree: CategoryTree;
  tags: TagCount[];
}

function CategoryList({ nodes, lang }: { nodes: CategoryNode[]; lang: Lang }) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.id}>
          <a href={categoryUrl(lang, node.path)} data-category={node.path.join('/')}>
            {node.name} <span className="count">({node.count})</span>
          </a>
          {node.children.length > 0 && <CategoryList nodes={node.children} lang={lang} />}
        </li>
      ))}
    </ul>
  );
}

export function Sidebar({ chrome: { tree, tags }, lang }: { chrome: ReaderChrome; lang: Lang }) {
  const dict = t(lang);
  return (
    <aside className="sidebar" id="sidebar" aria-label={dict.categories}>
      <nav className="category-nav" aria-label={dict.categories}>
        <h2 className="sidebar-title">{dict.categories}</h2>
        <ul>
          <li>
            <a href={homeUrl(lang)} className="all-posts" data-category="">
              {dict.allPosts} <span className="count">({tree.total})</span>
            </a>
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
                <a href={tagUrl(lang, tag.slug)}>#{tag.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}

export const otherLang = (lang: Lang): Lang => (lang === 'ko' ? 'en' : 'ko');

/** `urlIn` gives this page's address in a language, so the language switch lands on the same page. */
export function BlogFrame({ lang, chrome, urlIn, children }: { lang: Lang; chrome: ReaderChrome; urlIn: (lang: Lang) => string; children: ReactNode }) {
  const links = { home: homeUrl(lang), search: searchUrl(lang), otherLanguage: urlIn(otherLang(lang)), feed: feedUrl() };
  return (
    <PageFrame
      lang={lang}
      header={<SiteHeader lang={lang} title={lang === 'en' ? siteConfig.titleEn : siteConfig.title} links={links} />}
      sidebar={<Sidebar chrome={chrome} lang={lang} />}
      footer={<SiteFooter lang={lang} author={siteConfig.author} feed={links.feed} />}
    >
      {children}
    </PageFrame>
  );
}
