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
export const searchUrl = (lang: Lang, query = '', page = 1) => localized(lang, '/search') + (query ? `?q=${enc(query)}${page > 1 ? `&page=${page}` : ''}` : '');
/** The feed formats and the file name each is served under: RSS 2.0, Atom 1.0 and JSON Feed 1.1. */
export const FEED_FILES = { rss: 'feed.xml', atom: 'atom.xml', json: 'feed.json' } as const;
export type FeedFormat = keyof typeof FEED_FILES;
export const FEED_CONTENT_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** What a feed holds: every published post, a category's (with its descendants') or a tag's. */
export type FeedScope = { kind: 'site' } | { kind: 'category'; path: readonly string[] } | { kind: 'tag'; slug: string };

/**
 * A feed's address: /feed.xml, /atom.xml, /feed.json for the whole site; the same file names after a category's or a
 * tag's page (/category/딥러닝/최적화/atom.xml, /tag/cnn/feed.json). Feeds are not per language: posts are written in one.
 */
export function feedUrl(format: FeedFormat = 'rss', scope: FeedScope = { kind: 'site' }): string {
  const file = FEED_FILES[format];
  if (scope.kind === 'category') return `${categoryUrl('ko', scope.path)}/${file}`;
  if (scope.kind === 'tag') return `${tagUrl('ko', scope.slug)}/${file}`;
  return `/${file}`;
}

/** The format a feed file name names, or null. */
export function parseFeedFile(file: unknown): FeedFormat | null {
  const found = Object.entries(FEED_FILES).find(([, name]) => name === file);
  return found ? (found[0] as FeedFormat) : null;
}

/**
 * Where next.config.mjs's rewrite sends a category's or tag's feed (/category/<path>/<file> → /feeds/<file>/category/<path>),
 * an App Router route (app/feeds/[file]/[...scope]); the reader routes would otherwise take the address for a page.
 * The scope's segments as the route receives them: ["category", ...path] or ["tag", slug]; null for anything else.
 */
export function parseFeedScope(segments: readonly string[]): FeedScope | null {
  const [kind, ...rest] = segments;
  if (kind === 'category' && rest.length > 0 && rest.every(Boolean)) return { kind: 'category', path: rest };
  if (kind === 'tag' && rest.length === 1 && rest[0]) return { kind: 'tag', slug: rest[0] };
  return null;
}

/** The site's icons and web manifest (icons.ts serves them; every reader page's head links them). */
export const ICON_PATHS = {
  favicon: '/favicon.ico',
  svg: '/icons/icon.svg',
  appleTouch: '/icons/apple-touch-icon.png',
  medium: '/icons/icon-192.png',
  large: '/icons/icon-512.png',
} as const;
export const MANIFEST_PATH = '/manifest.webmanifest';

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
