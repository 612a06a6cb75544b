// The home, category and tag pages: a heading and a paginated list of published posts.
import { notFound } from 'next/navigation';
import { categoryHref, href, t, tagHref, type Lang } from '../../../lib/i18n';
import { siteConfig } from '../../../site.config';
import { findCategoryByPath, findTag, listPublishedPosts } from '../data';
import { BlogFrame } from './frame';
import { PostList } from './post-list';

/** Splits a trailing "page/N" off a catch-all path; null when N is not a page number. */
export function splitPage(segments: string[]): { rest: string[]; page: number } | null {
  const n = segments.length;
  if (n >= 2 && segments[n - 2] === 'page') {
    if (!/^[1-9]\d{0,5}$/.test(segments[n - 1])) return null;
    return { rest: segments.slice(0, n - 2), page: Number(segments[n - 1]) };
  }
  return { rest: segments, page: 1 };
}

export function parsePageNumber(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

export async function HomeView({ lang, page }: { lang: Lang; page: number }) {
  const result = await listPublishedPosts({}, page);
  if (page > result.pageCount) notFound();
  const dict = t(lang);
  const path = page === 1 ? '/' : `/page/${page}`;
  return (
    <BlogFrame lang={lang} path={path}>
      <h1 className="list-heading">
        {dict.allPosts} <span className="count">({result.total})</span>
      </h1>
      {page === 1 && <p className="site-description">{lang === 'en' ? siteConfig.descriptionEn : siteConfig.description}</p>}
      <PostList page={result} lang={lang} pageHref={(n) => href(lang, n === 1 ? '/' : `/page/${n}`)} />
    </BlogFrame>
  );
}

export async function CategoryView({ lang, segments }: { lang: Lang; segments: string[] }) {
  const split = splitPage(segments.map((s) => decodeURIComponent(s)));
  if (!split || split.rest.length === 0) notFound();
  const found = await findCategoryByPath(split.rest);
  if (!found) notFound();
  const result = await listPublishedPosts({ categoryIds: found.ids }, split.page);
  if (split.page > result.pageCount) notFound();
  const base = categoryHref(lang, found.node.path);
  return (
    <BlogFrame lang={lang} path={`/category/${found.node.path.map(encodeURIComponent).join('/')}`}>
      <h1 className="list-heading">
        {found.node.name} <span className="count">({found.node.count})</span>
      </h1>
      {found.node.description && <p className="site-description">{found.node.description}</p>}
      <PostList page={result} lang={lang} pageHref={(n) => (n === 1 ? base : `${base}/page/${n}`)} />
    </BlogFrame>
  );
}

export async function TagView({ lang, segments }: { lang: Lang; segments: string[] }) {
  const split = splitPage(segments.map((s) => decodeURIComponent(s)));
  if (!split || split.rest.length !== 1) notFound();
  const tag = await findTag(split.rest[0]);
  if (!tag) notFound();
  const result = await listPublishedPosts({ tagSlug: tag.slug }, split.page);
  if (split.page > result.pageCount) notFound();
  const base = tagHref(lang, tag.slug);
  return (
    <BlogFrame lang={lang} path={`/tag/${encodeURIComponent(tag.slug)}`}>
      <h1 className="list-heading">
        {t(lang).taggedWith(tag.name)} <span className="count">({tag.count})</span>
      </h1>
      <PostList page={result} lang={lang} pageHref={(n) => (n === 1 ? base : `${base}/page/${n}`)} />
    </BlogFrame>
  );
}
