// Full-text search's reader query (the index is search/index.ts, the words search/tokenize.ts). Kept out of
// queries.ts: the post page's views import that module, and nothing a view imports may reach the search's server parts.
import type { Db } from '../../../lib/db';
import { categoryPaths, toSummary, type CategoryTree, type PostSummary } from '../queries';
import { queryIndex } from './index';
import { MAX_QUERY_LENGTH } from './request';
import { highlight, snippet, type Segment } from './snippet';
import { siteSynonyms } from './synonyms';
import { parseQuery } from './tokenize';

/** One search result: the post's summary, its title and best passage with the query's words marked, and its score. */
export interface SearchHit extends PostSummary {
  /** Higher is better: the integer part is how many of the query's words the post matched, the rest its relevance. */
  score: number;
  titleParts: Segment[];
  /** The passage of the body that holds the most query words, or the excerpt when only the title, tags or headings matched. */
  snippet: Segment[];
}

export interface SearchResults {
  hits: SearchHit[];
  total: number;
  /**
   * The total is a floor: the query has a word more than EXACT_LIMIT posts have, counted that far and no further
   * (search/index.ts' queryIndex); the page says "1,000+".
   */
  capped: boolean;
  /** The query's words as searched (a synonym's span is one), and those past the limit that were not. */
  words: string[];
  dropped: string[];
}

/**
 * Full-text search (search/): ranked by how many of the query's words a post matches, then BM25 (SQLite) or ts_rank
 * (PostgreSQL); Korean-aware (syllable bigrams, particles stripped, spacing variants), English stemmed, synonyms
 * bridging the two. Drafts, scheduled posts not yet due and posts that never compiled are never found. A query with a word
 * most posts have lists its newest matches instead, and counts them up to EXACT_LIMIT (search/index.ts' queryIndex).
 */
export async function querySearchPage(db: Db, query: string, opts: { limit?: number; offset?: number; tree?: CategoryTree; fullRankLimit?: number; exactLimit?: number } = {}): Promise<SearchResults> {
  const parsed = parseQuery([...query.trim()].slice(0, MAX_QUERY_LENGTH).join(''), siteSynonyms());
  const words = parsed.groups.map((g) => g.label);
  const { hits, total, capped } = await queryIndex(db, parsed, { limit: opts.limit ?? 20, offset: opts.offset ?? 0, fullRankLimit: opts.fullRankLimit, exactLimit: opts.exactLimit });
  if (!hits.length) return { hits: [], total, capped, words, dropped: parsed.dropped };
  const [rows, paths] = await Promise.all([
    db.post.findMany({
      where: { id: { in: hits.map((h) => h.id) } },
      select: { id: true, slug: true, title: true, excerpt: true, searchText: true, publishedAt: true, readingMinutes: true, category: { select: { id: true, name: true } } },
    }),
    opts.tree ? categoryPaths(db, opts.tree) : slugPaths(db),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const found = hits.flatMap((h) => {
    const row = byId.get(h.id);
    if (!row) return [];
    const passage = snippet(row.searchText, parsed.groups) ?? snippet(row.excerpt, parsed.groups) ?? [{ text: row.excerpt, hit: false }];
    return [{ ...toSummary(row, paths), score: h.matched + h.relevance / (1 + Math.abs(h.relevance)), titleParts: highlight(row.title, parsed.groups), snippet: passage }];
  });
  return { hits: found, total, capped, words, dropped: parsed.dropped };
}

/** Each category's slug path, from the categories alone (the tree's counts read every post). */
async function slugPaths(db: Db): Promise<Map<number, string[]>> {
  const categories = await db.category.findMany({ select: { id: true, slug: true, parentId: true } });
  const byId = new Map(categories.map((c) => [c.id, c]));
  const pathOf = (id: number, seen = new Set<number>()): string[] => {
    const c = byId.get(id);
    if (!c || seen.has(id)) return [];
    seen.add(id);
    return [...(c.parentId != null ? pathOf(c.parentId, seen) : []), c.slug];
  };
  return new Map(categories.map((c) => [c.id, pathOf(c.id)]));
}

/** The first `limit` results of a search (the shell's and the tests' shorthand). */
export async function querySearch(db: Db, query: string, limit = 20, tree?: CategoryTree): Promise<SearchHit[]> {
  return (await querySearchPage(db, query, { limit, tree })).hits;
}
