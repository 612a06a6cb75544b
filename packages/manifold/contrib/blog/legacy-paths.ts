// Old addresses of moved-in posts (LegacyPath rows): one normal form for what an importer or `manage redirects` records
// and for what a reader's request asks, so `/2020/02/16/slug/`, `/2020/02/16/slug` and `/2020/02/16/%EC%A0%9C%EB%AA%A9`
// find the same row. A legacy path is hostile input: only a path on this site (no scheme, no host, no `//`, no control
// characters, at most 500 characters); the redirect always goes to one of our own post URLs, never to the path itself.
import type { Db } from '../../lib/db';
import type { Lang } from '../../lib/i18n';
import { postUrl } from './urls';
import { visibleToReaders } from './visibility';

export const MAX_LEGACY_PATH = 500;
/** The query parameters an old address keeps (WordPress's `/?p=123` and `/?page_id=45`); every other one is dropped. */
export const LEGACY_QUERY_PARAMS = ['p', 'page_id'] as const;

export class LegacyPathError extends Error {}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const show = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/**
 * The normal form of an old address: begins with /, no trailing slash (except "/"), percent-decoded (NFC), and of the
 * query only `p` / `page_id` with a numeric value. Throws a LegacyPathError naming the value for anything that is not
 * a path on this site.
 */
export function normaliseLegacyPath(raw: string): string {
  if (typeof raw !== 'string') throw new LegacyPathError('a legacy path must be a string');
  const value = raw.trim();
  if (!value) throw new LegacyPathError('a legacy path may not be empty');
  if (value.length > MAX_LEGACY_PATH) throw new LegacyPathError(`legacy path ${show(value)} is longer than ${MAX_LEGACY_PATH} characters`);
  if (CONTROL.test(value)) throw new LegacyPathError(`legacy path ${show(value)} holds a control character`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//') || value.includes('\\')) {
    throw new LegacyPathError(`legacy path ${show(value)} must be a path on this site such as /2020/02/16/slug (no scheme or host)`);
  }
  const withSlash = value.startsWith('/') ? value : `/${value}`;
  const noFragment = withSlash.split('#')[0];
  const mark = noFragment.indexOf('?');
  const rawPath = mark < 0 ? noFragment : noFragment.slice(0, mark);
  const rawQuery = mark < 0 ? '' : noFragment.slice(mark + 1);
  if (rawPath.includes('//')) throw new LegacyPathError(`legacy path ${show(value)} holds an empty segment (//)`);
  let path: string;
  try {
    path = decodeURIComponent(rawPath).normalize('NFC');
  } catch {
    throw new LegacyPathError(`legacy path ${show(value)} has a malformed %-escape`);
  }
  if (CONTROL.test(path) || path.includes('//') || path.includes('\\')) {
    throw new LegacyPathError(`legacy path ${show(value)} decodes to a control character, // or \\`);
  }
  if (path.length > 1) path = path.replace(/\/+$/, '');
  const params = new URLSearchParams(rawQuery);
  const kept = LEGACY_QUERY_PARAMS.flatMap((name) => {
    const v = params.get(name);
    return v !== null && /^\d{1,12}$/.test(v) ? [`${name}=${v}`] : [];
  });
  const result = kept.length ? `${path}?${kept.join('&')}` : path;
  if (result === '/') throw new LegacyPathError(`legacy path ${show(value)} is the home page itself`);
  if (result.length > MAX_LEGACY_PATH) throw new LegacyPathError(`legacy path ${show(value)} is longer than ${MAX_LEGACY_PATH} characters`);
  return result;
}

/** The normal form of a request's URL, or null when it cannot be a legacy path (nothing to look up). */
export function legacyPathOfRequest(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return normaliseLegacyPath(url);
  } catch {
    return null;
  }
}

/**
 * Where a request for an old address goes: the URL of the post it names, when readers may see that post; null
 * otherwise. `urls` are the request's candidate URLs (as sent, and as the router rewrote it).
 */
export async function legacyRedirect(db: Db, lang: Lang, urls: (string | undefined)[], now = new Date()): Promise<string | null> {
  const paths = [...new Set(urls.map(legacyPathOfRequest).filter((p): p is string => p !== null))];
  if (!paths.length) return null;
  const rows = await db.legacyPath.findMany({ where: { path: { in: paths } }, select: { path: true, postId: true } });
  for (const path of paths) {
    const row = rows.find((r) => r.path === path);
    if (!row) continue;
    const post = await db.post.findFirst({ where: { id: row.postId, ...visibleToReaders(now) }, select: { slug: true } });
    if (post) return postUrl(lang, post.slug);
  }
  return null;
}

/** Turns "/blog/{slug}/" into the legacy path of one post; refuses a pattern without {slug} or that is no path. */
export function pathFromPattern(pattern: string, slug: string): string {
  if (!pattern.includes('{slug}')) throw new LegacyPathError(`pattern ${show(pattern)} must hold {slug}, e.g. "/blog/{slug}/"`);
  return normaliseLegacyPath(pattern.replaceAll('{slug}', encodeURIComponent(slug)));
}
