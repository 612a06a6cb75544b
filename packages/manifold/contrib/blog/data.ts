// The blog's queries (queries.ts) bound to the site's database: the one data path of the reader pages, the feed
// and the sitemap. The rendered page is cached (cache.ts); here only the sidebar's data, the same for every page until
// content changes: in memory while server.mjs's purge broadcast is there to say when it does, else from the counts
// stored in the database (counts.ts). No 'server-only' import: the Pages Router's server bundle resolves that package
// to its throwing browser entry.
import { db } from '../../lib/db';
import { storedCounts } from './counts';
import * as q from './queries';
import * as seo from './seo-queries';
import * as search from './search/query';
import type { FeedScope } from './urls';

export type { CategoryNode, CategoryTree, PostSummary, PostPage, PostDetail, PostFilter } from './queries';
export type { SeriesNav } from './queries';
export { flattenCategories, findCategoryInTree } from './queries';

export type TagCount = Awaited<ReturnType<typeof q.queryTags>>[number];

interface Purges {
  subscribe(listener: () => void): () => void;
}
let sidebar: { tree?: Promise<q.CategoryTree>; tags?: Promise<TagCount[]> } = {};
let heard: Purges | undefined;

/**
 * The category tree and the tag list with their counts are read by every reader page: kept in memory between content
 * changes while server.mjs's purge broadcast (globalThis.__manifoldPurges) runs in this process, since every content
 * change and each scheduled post going live publish through it (lib/cache.ts), in every worker; a miss counts the
 * posts (`load`). Without it (tests, `next start`, Vercel) they are read each time, their counts from the stored ones
 * (`stored`, counts.ts), which notice a change without being told. A load in flight when a purge comes is not kept.
 */
export function remembered<K extends 'tree' | 'tags'>(
  name: K,
  load: () => NonNullable<(typeof sidebar)[K]>,
  stored: () => NonNullable<(typeof sidebar)[K]> = load,
): NonNullable<(typeof sidebar)[K]> {
  const purges = (globalThis as { __manifoldPurges?: Purges }).__manifoldPurges;
  if (!purges) return stored();
  if (heard !== purges) {
    heard = purges;
    sidebar = {};
    purges.subscribe(() => {
      sidebar = {};
    });
  }
  const kept = sidebar[name];
  if (kept) return kept as NonNullable<(typeof sidebar)[K]>;
  const memo = sidebar;
  const loading = load();
  memo[name] = loading;
  // A failed read is not remembered.
  loading.catch(() => {
    if (memo[name] === loading) delete memo[name];
  });
  return loading;
}

export const getCategoryTree = () => remembered('tree', () => q.buildCategoryTree(db), () => q.buildCategoryTree(db, storedCounts(db)));
export const listTags = () => remembered('tags', () => q.queryTags(db), () => q.queryTags(db, storedCounts(db)));
export const listPublishedPosts = (filter: q.PostFilter, page: number, tree?: q.CategoryTree, known?: { total: number }) => q.queryPublishedPosts(db, filter, page, tree, known);
export const getPublishedPost = (slug: string, tree?: q.CategoryTree) => q.queryPost(db, slug, new Date(), tree);
export const searchPosts = (query: string, tree?: q.CategoryTree) => search.querySearch(db, query, 20, tree);
export const searchPostsPage = (query: string, opts: { limit?: number; offset?: number; tree?: q.CategoryTree }) => search.querySearchPage(db, query, opts);
export const listFeedPosts = (limit = 20) => q.queryFeedPosts(db, limit);
export const listPostSlugs = () => q.queryPostSlugs(db);
/** A feed's posts (seo-queries.ts), or null for a category or tag readers cannot see. */
export const getFeed = async (scope: FeedScope) => seo.queryFeed(db, scope, { tree: await getCategoryTree() });
/** Every page the sitemap lists, with its last modification. */
export const getSitemap = () => seo.querySitemap(db);
