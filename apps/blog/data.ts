// Reader-side data for the pages: the queries of queries.ts on the site's database, cached by tag
// (a write revalidates blog:posts, blog:post:<slug>, blog:categories or blog:tags).
import 'server-only';
import { unstable_cache } from 'next/cache';
import { db } from '../../lib/db';
import { blogTags, READER_REVALIDATE_SECONDS } from './cache';
import * as q from './queries';

export type { CategoryNode, CategoryTree, PostSummary, PostPage, PostDetail, PostFilter } from './queries';
export { flattenCategories } from './queries';

const cached = <A extends unknown[], R>(fn: (...args: A) => Promise<R>, key: string, tags: string[]) =>
  unstable_cache(fn, [key], { tags, revalidate: READER_REVALIDATE_SECONDS });

export const getCategoryTree = cached(() => q.buildCategoryTree(db), 'blog:category-tree', [blogTags.categories, blogTags.posts]);

export const listPublishedPosts = cached(
  async (filter: q.PostFilter, page: number) => q.queryPublishedPosts(db, filter, page, await getCategoryTree()),
  'blog:published-posts',
  [blogTags.posts, blogTags.categories],
);

export const listTags = cached(() => q.queryTags(db), 'blog:tags', [blogTags.tags, blogTags.posts]);

export async function findCategoryByPath(path: string[]) {
  return q.findCategoryInTree(await getCategoryTree(), path);
}

export async function findTag(slug: string) {
  return (await listTags()).find((t) => t.slug === slug) ?? null;
}

export const listFeedPosts = (limit = 20) => q.queryFeedPosts(db, limit);
export const listPostSlugs = () => q.queryPostSlugs(db);
export const searchPosts = async (query: string) => q.querySearch(db, query, 20, await getCategoryTree());
