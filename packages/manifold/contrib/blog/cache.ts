// How long readers' caches may keep a blog page, and the names a content change is announced with.

/**
 * Seconds a rendered reader page may be served from a shared cache (server.mjs's page cache on a Node host, the CDN
 * on Vercel) before it is rendered again; scheduled posts appear within this time. A content change on a Node host
 * clears the page cache at once (lib/cache.ts).
 */
export const READER_MAX_AGE_SECONDS = 60;

/** The Cache-Control of every reader page: shared caches keep it for the max age, then may serve it stale while refreshing. */
export const READER_CACHE_CONTROL = `public, s-maxage=${READER_MAX_AGE_SECONDS}, stale-while-revalidate=${READER_MAX_AGE_SECONDS * 5}`;

/** What a content change names (manage commands send these to /api/revalidate; any of them purges the page cache). */
export const blogTags = {
  posts: 'blog:posts',
  post: (slug: string) => `blog:post:${slug}`,
  categories: 'blog:categories',
  tags: 'blog:tags',
};
