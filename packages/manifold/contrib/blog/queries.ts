// Reader-side queries against a given client. Each returns plain, serialisable data (dates as ISO strings);
// data.ts caches them by tag for the pages, tests call them directly on SQLite and PostgreSQL.
import type { Db } from '../../lib/db';
import { siteConfig } from '@site/site.config';
import { visibleToReaders } from './visibility';
import type { TocEntry } from '../../lib/mdx/compile';
import commentCounters from '@site/.manifold/provides/blog.comment-counts.mjs';

export interface CategoryNode {
  id: number;
  name: string;
  slug: string;
  description: string;
  /** Slugs from the root, e.g. ["딥러닝", "최적화"]. */
  path: string[];
  /** Published posts in this category and all its descendants. */
  count: number;
  children: CategoryNode[];
}

export interface CategoryTree {
  total: number;
  roots: CategoryNode[];
}

export interface PostSummary {
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: string;
  readingMinutes: number;
  category: { name: string; path: string[] } | null;
  /** Approved comments, when an app counts them ("blog.comment-counts": the comments app); absent otherwise. */
  comments?: number;
}

export interface PostPage {
  posts: PostSummary[];
  page: number;
  pageCount: number;
  total: number;
}

export interface PostDetail extends PostSummary {
  id: number;
  version: number;
  code: string;
  toc: TocEntry[];
  embeds: string[];
  updatedAt: string;
  /** The "updated" date the author gave (Post.revisedAt), for the page's structured data; null when none. */
  revisedAt: string | null;
  tags: { name: string; slug: string }[];
  seoTitle: string | null;
  seoDescription: string | null;
  coverImage: string | null;
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
  /** The series the post is part of, as readers see it (visible parts only); absent (or null) when none. */
  series?: SeriesNav | null;
  /** Up to RELATED_LIMIT other visible posts, most related first (queryRelatedPosts); absent means none. */
  related?: PostSummary[];
}

export interface SeriesNav {
  title: string;
  slug: string;
  /** 1-based position of the post among the series' visible posts, and how many there are. */
  position: number;
  total: number;
  /** Every visible post of the series in reading order, the current one included. */
  posts: { slug: string; title: string; current: boolean }[];
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
}

/** How many posts readers see: in all, per category (its own posts, not its descendants') and per tag. */
export interface VisibleCounts {
  total: number;
  categories: Map<number, number>;
  tags: Map<number, number>;
}

/** The visible posts per category, by one groupBy; the total is the groups' sum (the uncategorised included). */
async function countByCategory(db: Db, now: Date): Promise<Pick<VisibleCounts, 'total' | 'categories'>> {
  const groups = await db.post.groupBy({ by: ['categoryId'], where: visibleToReaders(now), _count: { _all: true } });
  const categories = new Map<number, number>();
  for (const g of groups) if (g.categoryId !== null) categories.set(g.categoryId, g._count._all);
  return { total: groups.reduce((sum, g) => sum + g._count._all, 0), categories };
}

/** The visible posts of each tag, in one statement. */
async function countByTag(db: Db, now: Date): Promise<Map<number, number>> {
  const tags = await db.tag.findMany({ select: { id: true, _count: { select: { posts: { where: visibleToReaders(now) } } } } });
  return new Map(tags.map((t) => [t.id, t._count.posts]));
}

/** Every count the sidebar shows, counted at `now` (reads every visible post: ~0.3–0.9 s at 100,000 on PostgreSQL). */
export async function countVisible(db: Db, now = new Date()): Promise<VisibleCounts> {
  const [byCategory, tags] = await Promise.all([countByCategory(db, now), countByTag(db, now)]);
  return { ...byCategory, tags };
}

/**
 * The categories as a tree, each with its visible posts and its descendants'. `counted`: counts the caller has (the
 * stored ones, counts.ts); without, they are counted here.
 */
export async function buildCategoryTree(db: Db, counted?: Promise<VisibleCounts>): Promise<CategoryTree> {
  const [categories, { total, categories: own }] = await Promise.all([
    db.category.findMany({ orderBy: [{ order: 'asc' }, { name: 'asc' }] }),
    counted ?? countByCategory(db, new Date()),
  ]);
  const nodes = new Map<number, CategoryNode & { parentId: number | null }>();
  for (const c of categories) {
    nodes.set(c.id, { id: c.id, name: c.name, slug: c.slug, description: c.description, path: [], count: own.get(c.id) ?? 0, children: [], parentId: c.parentId });
  }
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const finish = (node: CategoryNode, prefix: string[]): number => {
    node.path = [...prefix, node.slug];
    delete (node as Partial<CategoryNode & { parentId: unknown }>).parentId;
    node.count += node.children.reduce((sum, child) => sum + finish(child, node.path), 0);
    return node.count;
  };
  for (const root of roots) finish(root, []);
  return { total, roots };
}

export function flattenCategories(tree: CategoryTree): CategoryNode[] {
  const out: CategoryNode[] = [];
  const walk = (n: CategoryNode) => {
    out.push(n);
    n.children.forEach(walk);
  };
  tree.roots.forEach(walk);
  return out;
}

/** The category at a slug path (e.g. ["딥러닝", "최적화"]) with its descendants' ids, or null. */
export function findCategoryInTree(tree: CategoryTree, path: string[]) {
  const node = flattenCategories(tree).find((n) => n.path.join('/') === path.join('/'));
  if (!node) return null;
  const ids = flattenCategories({ total: 0, roots: [node] }).map((n) => n.id);
  return { node, ids };
}

export function toSummary(p: {
  slug: string;
  title: string;
  excerpt: string;
  publishedAt: Date | null;
  readingMinutes: number;
  category: { id: number; name: string } | null;
}, paths: Map<number, string[]>): PostSummary {
  return {
    slug: p.slug,
    title: p.title,
    excerpt: p.excerpt,
    publishedAt: (p.publishedAt ?? new Date(0)).toISOString(),
    readingMinutes: p.readingMinutes,
    category: p.category ? { name: p.category.name, path: paths.get(p.category.id) ?? [] } : null,
  };
}

const categoryNames = new WeakMap<CategoryTree, Map<number, string>>();

/**
 * Rows with their category (id and name) from the category tree the page holds already, which has every category,
 * instead of one more query for them; any the tree does not know (a category made after it was read) are queried.
 */
async function withCategory<T extends { categoryId: number | null }>(db: Db, rows: T[], tree: CategoryTree): Promise<(T & { category: { id: number; name: string } | null })[]> {
  let names = categoryNames.get(tree);
  if (!names) categoryNames.set(tree, (names = new Map(flattenCategories(tree).map((n) => [n.id, n.name]))));
  const known = names;
  const missing = [...new Set(rows.flatMap((r) => (r.categoryId !== null && !known.has(r.categoryId) ? [r.categoryId] : [])))];
  const found = missing.length ? new Map((await db.category.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })).map((c) => [c.id, c.name])) : undefined;
  return rows.map((r) => {
    const name = r.categoryId === null ? undefined : (known.get(r.categoryId) ?? found?.get(r.categoryId));
    return { ...r, category: r.categoryId !== null && name !== undefined ? { id: r.categoryId, name } : null };
  });
}

/** Category id → slug path. Callers that already hold the tree pass it, so it is not queried twice. */
export async function categoryPaths(db: Db, tree?: CategoryTree): Promise<Map<number, string[]>> {
  return new Map(flattenCategories(tree ?? (await buildCategoryTree(db))).map((n) => [n.id, n.path]));
}

export interface PostFilter {
  categoryIds?: number[];
  tagSlug?: string;
}

type CountProvider = { counts: (db: Db, ids: number[]) => Promise<Map<number, number>> };

/** Approved comments per listed post (one query, whatever the list's length); null when no app counts comments. */
async function listCounts(db: Db, ids: number[]): Promise<Map<number, number> | null> {
  const providers = commentCounters as CountProvider[];
  if (!providers.length) return null;
  return (await providers[0].counts(db, ids)) ?? new Map();
}

const withCount = (summary: PostSummary, n: number | undefined, counts: Map<number, number> | null): PostSummary => (counts ? { ...summary, comments: n ?? 0 } : summary);

/**
 * A page of visible posts, newest first. `total`, when the caller knows it (the category tree's and the tag list's
 * counts are the same visibleToReaders() count: the home page's tree.total, a category's node.count, a tag's count),
 * saves counting the matching posts again, which reads every one of them (100,000 on a large site, per request).
 */
export async function queryPublishedPosts(db: Db, filter: PostFilter, page: number, tree?: CategoryTree, known?: { total: number }): Promise<PostPage> {
  const perPage = siteConfig.postsPerPage;
  const where = {
    ...visibleToReaders(),
    ...(filter.categoryIds ? { categoryId: { in: filter.categoryIds } } : {}),
    ...(filter.tagSlug ? { tags: { some: { slug: filter.tagSlug } } } : {}),
  };
  const [found, total, fullTree] = await Promise.all([
    db.post.findMany({
      where,
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * perPage,
      take: perPage,
      select: { id: true, slug: true, title: true, excerpt: true, publishedAt: true, readingMinutes: true, categoryId: true },
    }),
    known ? known.total : db.post.count({ where }),
    tree ?? buildCategoryTree(db),
  ]);
  const paths = await categoryPaths(db, fullTree);
  const [rows, counts] = await Promise.all([withCategory(db, found, fullTree), listCounts(db, found.map((r) => r.id))]);
  return { posts: rows.map((r) => withCount(toSummary(r, paths), counts?.get(r.id), counts)), page, pageCount: Math.max(1, Math.ceil(total / perPage)), total };
}

/**
 * Keeps what a read computes for the other reads of the same content (data.ts passes memo.ts' remember(): kept until
 * content changes); without it, each read reads.
 */
export type Keep = <T extends object>(key: string, load: () => Promise<T>) => Promise<T>;
const readEachTime: Keep = (_key, load) => load();

export async function queryPost(db: Db, slug: string, now = new Date(), tree?: CategoryTree, keep: Keep = readEachTime): Promise<PostDetail | null> {
  const found = await db.post.findFirst({
    where: { slug, ...visibleToReaders(now) },
    // The columns the page shows, not the row: its source, search text and the editor's autosaved draft are as large
    // as the body again and were read, decoded and dropped on every request.
    select: {
      id: true,
      slug: true,
      title: true,
      excerpt: true,
      publishedAt: true,
      readingMinutes: true,
      compiledCode: true,
      version: true,
      toc: true,
      embeds: true,
      updatedAt: true,
      revisedAt: true,
      seoTitle: true,
      seoDescription: true,
      coverImage: true,
      categoryId: true,
      seriesId: true,
      tags: { select: { id: true, name: true, slug: true }, orderBy: { name: 'asc' } },
      series: { select: { title: true, slug: true } },
    },
  });
  if (!found || !found.compiledCode) return null;
  const at = found.publishedAt ?? new Date(0);
  // The bound on publishedAt (lte/gte `at`) beside the OR is what lets the database start its index walk at the post
  // instead of at the newest (or oldest) post and filter its way there (thousands of rows on a large site).
  const neighbour = (direction: 'older' | 'newer') =>
    db.post.findFirst({
      where: {
        AND: [
          visibleToReaders(now),
          { publishedAt: direction === 'older' ? { lte: at } : { gte: at } },
          {
            OR:
              direction === 'older'
                ? [{ publishedAt: { lt: at } }, { publishedAt: at, id: { lt: found.id } }]
                : [{ publishedAt: { gt: at } }, { publishedAt: at, id: { gt: found.id } }],
          },
        ],
      },
      orderBy: direction === 'older' ? [{ publishedAt: 'desc' }, { id: 'desc' }] : [{ publishedAt: 'asc' }, { id: 'asc' }],
      select: { slug: true, title: true },
    });
  const fullTree = tree ?? (await buildCategoryTree(db));
  const [[post], previous, next, paths, series, related] = await Promise.all([
    withCategory(db, [found], fullTree),
    neighbour('older'),
    neighbour('newer'),
    categoryPaths(db, fullTree),
    querySeriesNav(db, found, now),
    queryRelatedPosts(db, { id: found.id, categoryId: found.categoryId, seriesId: found.seriesId, tagIds: found.tags.map((t) => t.id) }, { now, tree: fullTree, keep }),
  ]);
  return {
    ...toSummary(post, paths),
    id: post.id,
    version: post.version,
    code: post.compiledCode,
    toc: JSON.parse(post.toc) as TocEntry[],
    embeds: JSON.parse(post.embeds) as string[],
    updatedAt: post.updatedAt.toISOString(),
    revisedAt: post.revisedAt?.toISOString() ?? null,
    tags: post.tags.map(({ name, slug: tagSlug }) => ({ name, slug: tagSlug })),
    seoTitle: post.seoTitle,
    seoDescription: post.seoDescription,
    coverImage: post.coverImage,
    previous,
    next,
    // Only when there is something to show: a post in no series, with nothing related, keeps the shape it had.
    ...(series ? { series } : {}),
    ...(related.length ? { related } : {}),
  };
}

/**
 * The series box of a post: the series' visible posts in reading order — numbered parts by seriesOrder, then those
 * without a number by date (a content file may leave seriesOrder out; the editor may too). One query, small columns.
 */
export async function querySeriesNav(
  db: Db,
  post: { id: number; seriesId: number | null; series: { title: string; slug: string } | null },
  now = new Date(),
): Promise<SeriesNav | null> {
  if (post.seriesId === null || !post.series) return null;
  const rows = await db.post.findMany({
    where: { seriesId: post.seriesId, ...visibleToReaders(now) },
    orderBy: [{ seriesOrder: { sort: 'asc', nulls: 'last' } }, { publishedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, slug: true, title: true },
  });
  const index = rows.findIndex((r) => r.id === post.id);
  if (index < 0) return null;
  const link = (r: (typeof rows)[number] | undefined) => (r ? { slug: r.slug, title: r.title } : null);
  return {
    title: post.series.title,
    slug: post.series.slug,
    position: index + 1,
    total: rows.length,
    posts: rows.map((r) => ({ slug: r.slug, title: r.title, current: r.id === post.id })),
    previous: link(rows[index - 1]),
    next: link(rows[index + 1]),
  };
}

export const RELATED_LIMIT = 4;
/** Of each shared tag, the posts last given it, this many, are the candidates (ranked by shared tags, closeness, date). */
export const RELATED_TAG_CANDIDATES = 200;
/** A post's first this many tags are looked through (one query each). */
export const RELATED_MAX_TAGS = 8;

/**
 * Other visible posts a reader of `post` may want next: most shared tags first, then the same category, then one of the
 * same top-level category (a parent, child or sibling), then the newest; never the post itself nor its own series' parts
 * (the series box lists those). A bounded number of queries whatever the site's size, each reading only small columns: the
 * posts that share a tag come as (id, category, date) through the tags, and the rest is filled by date within the
 * category, the top-level category and the site, only as far as needed. The candidates sharing a tag are the last
 * RELATED_TAG_CANDIDATES posts given each tag (RELATED_MAX_TAGS tags at most), so a large site reads no more.
 */
export async function queryRelatedPosts(
  db: Db,
  post: { id: number; categoryId: number | null; seriesId: number | null; tagIds: number[] },
  opts: { now?: Date; tree?: CategoryTree; limit?: number; keep?: Keep } = {},
): Promise<PostSummary[]> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? RELATED_LIMIT;
  const tree = opts.tree ?? (await buildCategoryTree(db));
  const nodes = flattenCategories(tree);
  const rootSlugOf = new Map(nodes.map((n) => [n.id, n.path[0]]));
  const ownRoot = post.categoryId === null ? undefined : rootSlugOf.get(post.categoryId);
  const family = ownRoot === undefined ? [] : (findCategoryInTree(tree, [ownRoot])?.ids ?? []);
  const closeness = (categoryId: number | null) =>
    categoryId === null || post.categoryId === null ? 0 : categoryId === post.categoryId ? 2 : ownRoot !== undefined && rootSlugOf.get(categoryId) === ownRoot ? 1 : 0;
  const eligible = {
    ...visibleToReaders(now),
    id: { not: post.id },
    ...(post.seriesId === null ? {} : { OR: [{ seriesId: null }, { seriesId: { not: post.seriesId } }] }),
  };

  const picked: number[] = [];
  if (post.tagIds.length) {
    // Per tag, its candidates: of the RELATED_TAG_CANDIDATES posts last given it, those readers may see. The same for
    // every post of the tag, so kept (opts.keep) until content changes: a post read for the first time then costs no
    // query for them, where it cost one a tag and one more for the posts' columns.
    const tagIds = post.tagIds.slice(0, RELATED_MAX_TAGS);
    const tags = await Promise.all(tagIds.map((tagId) => (opts.keep ?? readEachTime)(`related:tag:${tagId}`, () => tagCandidates(db, tagId, now))));
    const shared = new Map<number, { id: number; tags: number; closeness: number; at: number }>();
    for (const candidates of tags) {
      for (const p of candidates) {
        // Never the post itself nor a part of its own series (the series box lists those).
        if (p.id === post.id || (post.seriesId !== null && p.seriesId === post.seriesId)) continue;
        const seen = shared.get(p.id);
        if (seen) seen.tags += 1;
        else shared.set(p.id, { id: p.id, tags: 1, closeness: closeness(p.categoryId), at: p.at });
      }
    }
    const ranked = [...shared.values()].sort((a, b) => b.tags - a.tags || b.closeness - a.closeness || b.at - a.at || b.id - a.id);
    picked.push(...ranked.slice(0, limit).map((r) => r.id));
  }
  const fill = async (where: object) => {
    if (picked.length >= limit) return;
    const rows = await db.post.findMany({
      where: { AND: [eligible, where, { id: { notIn: picked } }] },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: limit - picked.length,
      select: { id: true },
    });
    picked.push(...rows.map((r) => r.id));
  };
  if (post.categoryId !== null) await fill({ categoryId: post.categoryId });
  if (family.length > 1) await fill({ categoryId: { in: family.filter((id) => id !== post.categoryId) } });
  await fill({});
  if (!picked.length) return [];

  const [found, paths] = await Promise.all([
    db.post.findMany({
      where: { id: { in: picked } },
      select: { id: true, slug: true, title: true, excerpt: true, publishedAt: true, readingMinutes: true, categoryId: true },
    }),
    categoryPaths(db, tree),
  ]);
  const rows = await withCategory(db, found, tree);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return picked.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toSummary(row, paths)] : [];
  });
}

/**
 * A tag's related-post candidates: the RELATED_TAG_CANDIDATES posts last given it (the highest ids in Prisma's implicit
 * join table, which both databases name and lay out alike: its (A, B) key is walked backwards, no post read), then those
 * of them readers may see, by primary key, in that order. Not every post of the tag: on a large site a tag has thousands,
 * and neither walking them nor walking the posts by date looking for the tag (no index has both) stays cheap.
 */
async function tagCandidates(db: Db, tagId: number, now: Date): Promise<{ id: number; categoryId: number | null; seriesId: number | null; at: number }[]> {
  const links = await db.$queryRaw<{ id: number | bigint }[]>`SELECT "A" AS id FROM "_PostToTag" WHERE "B" = ${tagId} ORDER BY "A" DESC LIMIT ${RELATED_TAG_CANDIDATES}`;
  const ids = links.map((r) => Number(r.id));
  if (!ids.length) return [];
  const rows = await db.post.findMany({ where: { AND: [visibleToReaders(now), { id: { in: ids } }] }, select: { id: true, categoryId: true, seriesId: true, publishedAt: true } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, categoryId: r.categoryId, seriesId: r.seriesId, at: r.publishedAt?.getTime() ?? 0 }] : [];
  });
}

/** The tags readers can reach (one visible post at least), by name, with their counts (`counted` as for buildCategoryTree). */
export async function queryTags(db: Db, counted?: Promise<VisibleCounts>) {
  if (counted) {
    const [tags, { tags: counts }] = await Promise.all([db.tag.findMany({ select: { id: true, name: true, slug: true }, orderBy: { name: 'asc' } }), counted]);
    return tags.map((t) => ({ name: t.name, slug: t.slug, count: counts.get(t.id) ?? 0 })).filter((t) => t.count > 0);
  }
  const tags = await db.tag.findMany({
    select: { name: true, slug: true, _count: { select: { posts: { where: visibleToReaders() } } } },
    orderBy: { name: 'asc' },
  });
  return tags.map((t) => ({ name: t.name, slug: t.slug, count: t._count.posts })).filter((t) => t.count > 0);
}

/** Recent posts with their compiled code, for the feed. */
export async function queryFeedPosts(db: Db, limit = 20) {
  return db.post.findMany({
    where: visibleToReaders(),
    orderBy: { publishedAt: 'desc' },
    take: limit,
    select: { slug: true, title: true, excerpt: true, publishedAt: true, updatedAt: true, category: { select: { name: true } }, tags: { select: { name: true } } },
  });
}

export async function queryPostSlugs(db: Db) {
  return db.post.findMany({ where: visibleToReaders(), select: { slug: true, updatedAt: true }, orderBy: { publishedAt: 'desc' } });
}

