// The blog's queries (queries.ts) bound to the site's database: the one data path of the reader pages, the feed
// and the sitemap. Nothing is cached here; the rendered page is (READER_CACHE_CONTROL in cache.ts). No
// 'server-only' import: the Pages Router's server bundle resolves that package to its throwing browser entry.
import { db } from '../../lib/db';
import * as q from './queries';

export type { CategoryNode, CategoryTree, PostSummary, PostPage, PostDetail, PostFilter } from './queries';
export { flattenCategories, findCategoryInTree } from './queries';

export type TagCount = Awaited<ReturnType<typeof q.queryTags>>[number];

export const getCategoryTree = () => q.buildCategoryTree(db);
export const listTags = () => q.queryTags(db);
export const listPublishedPosts = (filter: q.PostFilter, page: number, tree?: q.CategoryTree) => q.queryPublishedPosts(db, filter, page, tree);
export const getPublishedPost = (slug: string, tree?: q.CategoryTree) => q.queryPost(db, slug, new Date(), tree);
export const searchPosts = (query: string, tree?: q.CategoryTree) => q.querySearch(db, query, 20, tree);
export const listFeedPosts = (limit = 20) => q.queryFeedPosts(db, limit);
export const listPostSlugs = () => q.queryPostSlugs(db);
