// How long readers' caches may keep a blog page, and the names a content change is announced with.

/**
 * Seconds a rendered reader page may be served by a shared cache that nobody purges (the CDN on Vercel) before it
 * is rendered again; there, scheduled posts appear within this time.
 */
export const READER_MAX_AGE_SECONDS = 60;

/** The Cache-Control of every reader page: shared caches keep it for the max age, then may serve it stale while refreshing. */
export const READER_CACHE_CONTROL = `public, s-maxage=${READER_MAX_AGE_SECONDS}, stale-while-revalidate=${READER_MAX_AGE_SECONDS * 5}`;

/**
 * How long server.mjs's page cache keeps a reader page: an hour fresh, then up to a day served stale while one
 * background request renders it again. Sent as `Manifold-Cache-Control` (a targeted Cache-Control, RFC 9213, read by
 * that cache alone and never sent on). It can be long because that cache is purged, not timed: every content change
 * clears it (lib/cache.ts), and so does a scheduled post going live, at its time (node.mjs' timer calls the cron
 * route a moment after the next post is due, editor/schedule.ts purges). The hour only bounds what no purge
 * covers (a database edited behind the app's back).
 */
export const READER_PAGE_CACHE_SECONDS = { fresh: 3600, stale: 86_400 };
export const READER_PAGE_CACHE_CONTROL = `max-age=${READER_PAGE_CACHE_SECONDS.fresh}, stale-while-revalidate=${READER_PAGE_CACHE_SECONDS.stale}`;

/** What a content change names (manage commands send these to /api/revalidate; any of them purges the page cache). */
export const blogTags = {
  posts: 'blog:posts',
  post: (slug: string) => `blog:post:${slug}`,
  categories: 'blog:categories',
  tags: 'blog:tags',
};
