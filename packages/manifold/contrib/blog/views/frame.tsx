// Wraps a blog view in the site frame (components/site-chrome) with the blog's category and tag sidebar.
import { LRUCache } from 'lru-cache';
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

/**
 * Where the reader is, for the sidebar to mark: the list being read (aria-current="page": the home page's "all posts",
 * a category, a tag), or the category of the post being read (aria-current="true": the current item of the set).
 */
export type SidebarCurrent = { list: 'all' } | { list: 'category'; path: string[] } | { list: 'tag'; slug: string } | { post: { category?: string[] } };

/** Where the reader is on each kind of page: the views and the page loaders (pages.ts, prepareSidebar) agree through these. */
export const sidebarAt = {
  home: (): SidebarCurrent => ({ list: 'all' }),
  category: (path: string[]): SidebarCurrent => ({ list: 'category', path }),
  tag: (slug: string): SidebarCurrent => ({ list: 'tag', slug }),
  post: (category: string[] | undefined): SidebarCurrent => ({ post: { category } }),
};

const samePath = (a: string[], b: string[] | undefined) => b !== undefined && a.length === b.length && a.every((s, i) => s === b[i]);

function categoryCurrent(path: string[], current: SidebarCurrent | undefined): 'page' | 'true' | undefined {
  if (!current) return undefined;
  if ('list' in current) return current.list === 'category' && samePath(path, current.path) ? 'page' : undefined;
  return samePath(path, current.post.category) ? 'true' : undefined;
}

function CategoryList({ nodes, lang, current }: { nodes: CategoryNode[]; lang: Lang; current?: SidebarCurrent }) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.id}>
          <a href={categoryUrl(lang, node.path)} data-category={node.path.join('/')} aria-current={categoryCurrent(node.path, current)}>
            {node.name} <span className="count">({node.count})</span>
          </a>
          {node.children.length > 0 && <CategoryList nodes={node.children} lang={lang} current={current} />}
        </li>
      ))}
    </ul>
  );
}

interface SidebarProps {
  chrome: ReaderChrome;
  lang: Lang;
  current?: SidebarCurrent;
}

/**
 * The sidebar's inside as HTML, per kept chrome (the same tree and tag list objects, frozen: contrib/blog/memo.ts keeps
 * them until content changes), by language and current item: made by prepareSidebar before the page renders, so a
 * page renders one element here instead of every category and tag link: one entry per language and place a reader
 * can be (the home page, each category, each tag, a post in each category, the search), up to 8 MB per chrome.
 */
const preparedSidebars = new WeakMap<CategoryTree, WeakMap<TagCount[], LRUCache<string, string>>>();
/** Per kept chrome: a site with thousands of tags has thousands of tag pages, each with its own sidebar. */
const PREPARED_SIDEBAR_BYTES = 8 * 1024 * 1024;
const sidebarKey = (lang: Lang, current: SidebarCurrent | undefined) => JSON.stringify([lang, current ?? null]);

function preparedSidebar({ chrome, lang, current }: SidebarProps): string | undefined {
  return preparedSidebars.get(chrome.tree)?.get(chrome.tags)?.get(sidebarKey(lang, current));
}

/**
 * Renders the sidebar's inside to HTML once per kept chrome, language and current item (`renderToString` is React's:
 * Next refuses react-dom/server in a view module, so the page's data loader passes it, as for prepareMdxBody). A chrome
 * that is not kept (not frozen: read for this request alone) is rendered as elements, as before.
 */
export function prepareSidebar(props: SidebarProps, renderToString: (node: ReactNode) => string): void {
  const { tree, tags } = props.chrome;
  if (!Object.isFrozen(tree) || !Object.isFrozen(tags) || preparedSidebar(props) !== undefined) return;
  let byTags = preparedSidebars.get(tree);
  if (!byTags) preparedSidebars.set(tree, (byTags = new WeakMap()));
  let byKey = byTags.get(tags);
  if (!byKey) byTags.set(tags, (byKey = new LRUCache<string, string>({ maxSize: PREPARED_SIDEBAR_BYTES, sizeCalculation: (html) => 2 * html.length + 64 })));
  byKey.set(sidebarKey(props.lang, props.current), renderToString(<SidebarInside {...props} />));
}

export function Sidebar(props: SidebarProps) {
  const dict = t(props.lang);
  const html = preparedSidebar(props);
  if (html !== undefined) return <aside className="sidebar" id="sidebar" aria-label={dict.categories} dangerouslySetInnerHTML={{ __html: html }} />;
  return (
    <aside className="sidebar" id="sidebar" aria-label={dict.categories}>
      <SidebarInside {...props} />
    </aside>
  );
}

function SidebarInside({ chrome: { tree, tags }, lang, current }: SidebarProps) {
  const dict = t(lang);
  const isList = (list: 'all' | 'tag', slug?: string) => current !== undefined && 'list' in current && current.list === list && (list === 'all' || (current.list === 'tag' && current.slug === slug));
  return (
    <>
      <nav className="category-nav" aria-label={dict.categories}>
        <h2 className="sidebar-title">{dict.categories}</h2>
        <ul>
          <li>
            <a href={homeUrl(lang)} className="all-posts" data-category="" aria-current={isList('all') ? 'page' : undefined}>
              {dict.allPosts} <span className="count">({tree.total})</span>
            </a>
            <CategoryList nodes={tree.roots} lang={lang} current={current} />
          </li>
        </ul>
      </nav>
      {tags.length > 0 && (
        <section className="tag-cloud" aria-label={dict.tags}>
          <h2 className="sidebar-title">{dict.tags}</h2>
          <ul>
            {tags.map((tag) => (
              <li key={tag.slug}>
                <a href={tagUrl(lang, tag.slug)} aria-current={isList('tag', tag.slug) ? 'page' : undefined}>
                  #{tag.name} <span className="count">{tag.count}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

export const otherLang = (lang: Lang): Lang => (lang === 'ko' ? 'en' : 'ko');

/** `urlIn` gives this page's address in a language, so the language switch lands on the same page. */
export function BlogFrame({ lang, chrome, urlIn, current, children }: { lang: Lang; chrome: ReaderChrome; urlIn: (lang: Lang) => string; current?: SidebarCurrent; children: ReactNode }) {
  const links = { home: homeUrl(lang), search: searchUrl(lang), otherLanguage: urlIn(otherLang(lang)), feed: feedUrl() };
  return (
    <PageFrame
      lang={lang}
      header={<SiteHeader lang={lang} title={lang === 'en' ? siteConfig.titleEn : siteConfig.title} links={links} />}
      sidebar={<Sidebar chrome={chrome} lang={lang} current={current} />}
      footer={<SiteFooter lang={lang} author={siteConfig.author} feed={links.feed} />}
    >
      {children}
    </PageFrame>
  );
}
