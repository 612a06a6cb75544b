// Post addresses from titles: a readable slug that keeps Hangul as it is ("경사하강법 이해하기!" → 경사하강법-이해하기), made
// unique against the other posts and the old addresses they still answer (Redirect) with -2, -3, ….
// slugFromTitle is pure (the editor may run it in the browser too); uniqueSlug asks the database.
import type { Db } from '../../../lib/db';

/** Longest slug made from a title (characters, not bytes); an author may type a longer one. */
export const MAX_SLUG_LENGTH = 80;

/** What a stored slug may be: letters and digits of any script, marks, '-', '_' and '.' inside, nothing that needs escaping. */
export const SLUG_PATTERN = /^[\p{L}\p{N}\p{M}](?:[\p{L}\p{N}\p{M}_.-]*[\p{L}\p{N}\p{M}])?$/u;

/**
 * The slug of a title: NFC, lower case (Latin), letters and digits of every script kept (Hangul, kana, Hanzi),
 * spaces, dashes and slashes become one '-', other punctuation goes, cut at MAX_SLUG_LENGTH on a word boundary when
 * there is one. Empty when the title has no letter or digit (the caller picks a fallback).
 */
export function slugFromTitle(title: string): string {
  const words = String(title ?? '')
    .normalize('NFC')
    .toLowerCase()
    // Apostrophes inside a word join it ("don't" → dont), as people read it.
    .replace(/(\p{L})['’](\p{L})/gu, '$1$2')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean);
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if ([...next].length > MAX_SLUG_LENGTH) {
      if (!out) out = [...w].slice(0, MAX_SLUG_LENGTH).join('');
      break;
    }
    out = next;
  }
  return out;
}

/** A slug the author typed, tidied the way a generated one is (so "My Post" becomes my-post), or '' when nothing is left. */
export function normalizeSlug(input: string): string {
  const s = String(input ?? '')
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s/\\]+/g, '-')
    .replace(/[^\p{L}\p{N}\p{M}_.-]+/gu, '')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return s;
}

/** Whether a slug is one a post may have (after normalizeSlug): the pattern, and not longer than 200 characters. */
export function isValidSlug(slug: string): boolean {
  return [...slug].length <= 200 && SLUG_PATTERN.test(slug);
}

/**
 * `base`, or `base-2`, `base-3`, … — the first that no other post has as its slug or as an old address. `postId` is
 * the post the slug is for (its own slug and old addresses do not count as taken).
 */
export async function uniqueSlug(db: Db, base: string, postId: number | null = null): Promise<string> {
  const stem = base || 'post';
  const notMine = postId === null ? {} : { NOT: { id: postId } };
  const [posts, redirects] = await Promise.all([
    db.post.findMany({ where: { slug: { startsWith: stem }, ...notMine }, select: { slug: true } }),
    db.redirect.findMany({ where: { oldSlug: { startsWith: stem }, ...(postId === null ? {} : { NOT: { postId } }) }, select: { oldSlug: true } }),
  ]);
  const taken = new Set([...posts.map((p) => p.slug), ...redirects.map((r) => r.oldSlug)]);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Whether `slug` is taken by another post, or answers for another post as an old address (null when free). */
export async function slugTakenBy(db: Db, slug: string, postId: number): Promise<'post' | 'redirect' | null> {
  const post = await db.post.findFirst({ where: { slug, NOT: { id: postId } }, select: { id: true } });
  if (post) return 'post';
  const redirect = await db.redirect.findFirst({ where: { oldSlug: slug, NOT: { postId } }, select: { id: true } });
  return redirect ? 'redirect' : null;
}
