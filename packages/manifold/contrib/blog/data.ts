// The blog's queries (queries.ts) bound to the site's database: the one data path of the reader pages, the feed
// and the sitemap. The rendered page is cached (cache.ts); the data of the reader pages (sidebar, posts, lists) is kept
// in memory until content changes while server.mjs's purge broadcast is there to say when it does (memo.ts), else read
// each time, the sidebar's counts from the ones stored in the database (counts.ts). No 'server-only' import: the Pages
// Router's server bundle resolves that package to its throwing browser entry.
import { db } from '../../lib/db';
import { storedCounts } from './counts';
import { remember } from './memo';
import * as q from './queries';
import * as seo from './seo-queries';
import * as search from './search/query';
import type { FeedScope } from './urls';

export type { CategoryNode, CategoryTree, PostSummary, PostPage, PostDetail, PostFilter } from './queries';
export type { SeriesNav } from './queries';
export { flattenCategories, findCategoryInTree } from './queries';

export type TagCount = Awaited<ReturnType<typeof q.queryTags>>[number];

/**
 * The category tree and the tag list with their counts, read by every reader page. Kept (memo.ts), a miss counts the
 * posts; where nothing is kept, their counts come from the stored ones (counts.ts), which notice a change without being
 * told.
 */
export const getCategoryTree = () => remember('sidebar:tree', () => q.buildCategoryTree(db), { pinned: true, fallback: () => q.buildCategoryTree(db, storedCounts(db)) });
export const listTags = () => remember('sidebar:tags', () => q.queryTags(db), { pinned: true, fallback: () => q.queryTags(db, storedCounts(db)) });

/**
 * A page of visible posts (home, a category, a tag), kept (memo.ts) by filter and page when `tree` is this
 * generation's (the caller's `known` total comes from it). A page past the last is not kept.
 */
export const listPublishedPosts = (filter: q.PostFilter, page: number, tree?: q.CategoryTree, known?: { total: number }) =>
  remember(`list:${filter.categoryIds?.join(',') ?? ''}:${filter.tagSlug ?? ''}:${page}:${known?.total ?? ''}`, () => q.queryPublishedPosts(db, filter, page, tree, known), {
    from: tree ? [tree] : [],
    keep: (result) => result.page <= result.pageCount,
  });

/** A post as its page shows it (with neighbours, series, related posts), kept (memo.ts) by slug; a slug with no post is not. */
export const getPublishedPost = (slug: string, tree?: q.CategoryTree) =>
  remember(`post:${slug}`, async () => q.queryPost(db, slug, new Date(), tree ?? (await getCategoryTree()), keepForPosts), { from: tree ? [tree] : [] });
/** What post reads share (a tag's related-post candidates), kept as the posts are. */
const keepForPosts: q.Keep = (key, load) => remember(key, load);
export const searchPosts = (query: string, tree?: q.CategoryTree) => search.querySearch(db, query, 20, tree);
export const searchPostsPage = (query: string, opts: { limit?: number; offset?: number; tree?: q.CategoryTree }) => search.querySearchPage(db, query, opts);
export const listFeedPosts = (limit = 20) => q.queryFeedPosts(db, limit);
export const listPostSlugs = () => q.queryPostSlugs(db);
/** A feed's posts (seo-queries.ts), or null for a category or tag readers cannot see. */
export const getFeed = async (scope: FeedScope) => seo.queryFeed(db, scope, { tree: await getCategoryTree() });
/** Every page the sitemap lists, with its last modification. */
export const getSitemap = () => seo.querySitemap(db);
