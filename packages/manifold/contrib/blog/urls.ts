// The blog's reader URLs, written once (Django's URLconf and reverse()): views, the sitemap, the feed and the tests
// build every address here. Korean is the default language and has no prefix; English pages live under /en. The
// routes behind them are pages/[lang]/…; next.config.mjs's rewrites() only add the missing /ko to Korean addresses.
import { LANGS, type Lang } from '../../lib/i18n';

const enc = encodeURIComponent;

/** A site path in the given language: Korean paths have no prefix, English ones start with /en. */
export function localized(lang: Lang, path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  if (lang === 'ko') return clean;
  return clean === '/' ? '/en' : `/en${clean}`;
}

const pageSuffix = (page: number) => (page > 1 ? `/page/${page}` : '');

/** The home page, or page N of all posts (/page/N; page 1 is the home page itself). */
export const homeUrl = (lang: Lang, page = 1) => localized(lang, page > 1 ? `/page/${page}` : '/');
export const postUrl = (lang: Lang, slug: string) => localized(lang, `/posts/${enc(slug)}`);
/** `path` is the category's slugs from the root, e.g. ["딥러닝", "최적화"]. */
export const categoryUrl = (lang: Lang, path: readonly string[], page = 1) => localized(lang, `/category/${path.map(enc).join('/')}${pageSuffix(page)}`);
export const tagUrl = (lang: Lang, slug: string, page = 1) => localized(lang, `/tag/${enc(slug)}${pageSuffix(page)}`);
export const searchUrl = (lang: Lang, query = '') => localized(lang, '/search') + (query ? `?q=${enc(query)}` : '');
export const feedUrl = () => '/feed.xml';

/** The first path segments of the reader routes (the Korean ones get /ko prepended by next.config.mjs). */
export const READER_SECTIONS = ['posts', 'category', 'tag', 'search', 'page'] as const;

/** Page numbers as they appear in a URL: 1–999999 without leading zeros; anything else names no page. */
export function parsePageNumber(raw: string | undefined): number | null {
  if (raw === undefined) return 1;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : null;
}

/**
 * Splits a trailing "page/N" off a catch-all path (/category/a/b/page/2 → ["a","b"], 2); null when N is not a page
 * number. A category or tag whose own slug is "page" is reachable as /category/page (the split needs two segments).
 */
export function splitPage(segments: readonly string[]): { rest: string[]; page: number } | null {
  const n = segments.length;
  if (n >= 2 && segments[n - 2] === 'page') {
    const page = parsePageNumber(segments[n - 1]);
    return page === null ? null : { rest: segments.slice(0, n - 2), page };
  }
  return { rest: [...segments], page: 1 };
}

/** The language of a [lang] route segment, or null (an unknown language is a 404). */
export function parseLang(raw: unknown): Lang | null {
  return typeof raw === 'string' && (LANGS as readonly string[]).includes(raw) ? (raw as Lang) : null;
}

/** An absolute URL for the sitemap and the feed. */
export const absolute = (siteUrl: string, path: string) => `${siteUrl.replace(/\/+$/, '')}${path}`;
