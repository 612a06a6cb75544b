// Reader-side queries of the feeds and the sitemap against a given client (as queries.ts): only what readers may see
// (visibility.ts), tested on SQLite and PostgreSQL (tests/feeds.test.ts). A post's "modified" date is the one its
// author gave (revisedAt, "not every typo fix is an update"), never before its publication: feed readers and search
// engines are told of a change the author meant, not of every save or recompile (updatedAt).
import type { Db } from '../../lib/db';
import { buildCategoryTree, findCategoryInTree, flattenCategories, type CategoryTree } from './queries';
import type { FeedScope } from './urls';
import { visibleToReaders } from './visibility';

/** How many posts a feed carries, newest first (each with its whole text). */
export const FEED_LENGTH = 20;

export interface FeedPost {
  id: number;
  version: number;
  slug: string;
  title: string;
  excerpt: string;
  /** The stored compiler output (a hast tree as JSON); feed-content.ts turns it into HTML. */
  code: string;
  publishedAt: Date;
  modifiedAt: Date;
  category: { name: string; path: string[] } | null;
  tags: { name: string; slug: string }[];
}

export interface FeedSource {
  /** What the feed is of, for its title: a category's name or a tag's; null for the whole site. */
  name: string | null;
  posts: FeedPost[];
}

export const modifiedAt = (publishedAt: Date, revisedAt: Date | null) => (revisedAt && revisedAt > publishedAt ? revisedAt : publishedAt);

/**
 * The posts of a feed, newest first, or null when the scope names nothing a reader can see: an unknown category, or a
 * tag that is unknown or has no published post (as its page, which is a 404 then; an existing empty category is an
 * empty feed, as its page is an empty list).
 */
export async function queryFeed(db: Db, scope: FeedScope, opts: { limit?: number; now?: Date; tree?: CategoryTree } = {}): Promise<FeedSource | null> {
  const now = opts.now ?? new Date();
  const tree = opts.tree ?? (await buildCategoryTree(db));
  let where: object = visibleToReaders(now);
  let name: string | null = null;
  if (scope.kind === 'category') {
    const found = findCategoryInTree(tree, [...scope.path]);
    if (!found) return null;
    name = found.node.name;
    where = { ...where, categoryId: { in: found.ids } };
  } else if (scope.kind === 'tag') {
    const tag = await db.tag.findUnique({ where: { slug: scope.slug }, select: { name: true } });
    if (!tag) return null;
    name = tag.name;
    where = { ...where, tags: { some: { slug: scope.slug } } };
  }
  const rows = await db.post.findMany({
    where,
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
    take: opts.limit ?? FEED_LENGTH,
    select: {
      id: true,
      version: true,
      slug: true,
      title: true,
      excerpt: true,
      compiledCode: true,
      publishedAt: true,
      revisedAt: true,
      category: { select: { id: true, name: true } },
      tags: { select: { name: true, slug: true }, orderBy: { name: 'asc' } },
    },
  });
  if (scope.kind === 'tag' && rows.length === 0) return null;
  const paths = new Map(flattenCategories(tree).map((n) => [n.id, n.path]));
  return {
    name,
    posts: rows.map((r) => {
      const publishedAt = r.publishedAt ?? new Date(0);
      return {
        id: r.id,
        version: r.version,
        slug: r.slug,
        title: r.title,
        excerpt: r.excerpt,
        code: r.compiledCode,
        publishedAt,
        modifiedAt: modifiedAt(publishedAt, r.revisedAt),
        category: r.category ? { name: r.category.name, path: paths.get(r.category.id) ?? [] } : null,
        tags: r.tags,
      };
    }),
  };
}

export interface SitemapSource {
  /** Every published post, newest first. */
  posts: { slug: string; modifiedAt: Date }[];
  /** Categories with at least one published post (in them or below), with their newest post's date. */
  categories: { path: string[]; modifiedAt: Date }[];
  /** Tags with at least one published post, with their newest post's date. */
  tags: { slug: string; modifiedAt: Date }[];
  /** The newest date of all: the home page's. */
  latest: Date | null;
}

/** What the sitemap lists: exactly the pages readers can reach, each with its last modification. */
export async function querySitemap(db: Db, now = new Date()): Promise<SitemapSource> {
  const [rows, tree] = await Promise.all([
    db.post.findMany({
      where: visibleToReaders(now),
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      select: { slug: true, publishedAt: true, revisedAt: true, categoryId: true, tags: { select: { slug: true } } },
    }),
    buildCategoryTree(db),
  ]);
  const later = (map: Map<string, Date>, key: string, date: Date) => {
    const had = map.get(key);
    if (!had || had < date) map.set(key, date);
  };
  const nodes = flattenCategories(tree);
  const pathOf = new Map(nodes.map((n) => [n.id, n.path]));
  const byCategory = new Map<string, Date>();
  const byTag = new Map<string, Date>();
  let latest: Date | null = null;
  const posts = rows.map((r) => {
    const date = modifiedAt(r.publishedAt ?? new Date(0), r.revisedAt);
    if (!latest || latest < date) latest = date;
    const path = r.categoryId === null ? undefined : pathOf.get(r.categoryId);
    // A post counts for its category and every category above it (a category's page lists its descendants' posts).
    if (path) for (let i = 1; i <= path.length; i++) later(byCategory, path.slice(0, i).join('/'), date);
    for (const tag of r.tags) later(byTag, tag.slug, date);
    return { slug: r.slug, modifiedAt: date };
  });
  return {
    posts,
    categories: nodes.flatMap((n) => {
      const date = byCategory.get(n.path.join('/'));
      return date ? [{ path: n.path, modifiedAt: date }] : [];
    }),
    tags: [...byTag].map(([slug, date]) => ({ slug, modifiedAt: date })).sort((a, b) => a.slug.localeCompare(b.slug)),
    latest,
  };
}
