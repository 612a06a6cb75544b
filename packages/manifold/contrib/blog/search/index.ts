// The search index: SQLite's FTS5 (BM25) or PostgreSQL's full-text search (tsvector, GIN, ts_rank) over the tokens
// tokenize.ts makes, so both databases match the same words and only the ranking formula differs.
//
// The index is derived data, like Django's cache table: created on first use (and by `migrate`), rebuilt by
// `manage blog reindex`, and kept current without hooking every way a post is written (the admin, the editor, loaddata,
// loadcontent, publish-scheduled, the shell): each indexed post keeps the stamp "updatedAt:version" it was built from,
// and a search first indexes the posts whose stamp changed (at most SYNC_BATCH per search; a search that finds no post
// changed since its process last looked costs one indexed query). A category's or tag's new name reaches its posts
// through markStale (the admin's hooks call it).
import type { Db } from '../../../lib/db';
import { providerOf } from '../../../lib/db-provider';
import { logger } from '../../../lib/log';
import { visibleToReaders } from '../visibility';
import { readPostsStamp } from '../posts-stamp';
import { MAX_OFFSET } from './request';
import { documentLexemes, documentTokens, fts5Expression, variantTsquery, type ParsedQuery } from './tokenize';

type Provider = 'sqlite' | 'postgresql';

/** Posts indexed by one search's catch-up; the rest wait for the next search or `manage blog reindex`. */
export const SYNC_BATCH = 500;
/** Column weights: title, keys (headings, tags, category), excerpt, body. */
const FTS5_WEIGHTS = '10.0, 4.0, 2.0, 1.0';
/** PostgreSQL keeps at most 256 positions of a lexeme, and none past 16383. */
const PG_MAX_POSITIONS = 256;
const PG_MAX_POSITION = 16383;

const ready = new WeakMap<object, Promise<void>>();
/** Per client, the posts' newest change and count when the index last caught up with them. */
const seen = new WeakMap<object, string>();
const inflight = new WeakMap<object, Promise<void>>();
/** Per client, how many posts there were at the catch-up's last look: no word of a smaller blog can be common. */
const postCount = new WeakMap<object, number>();

interface Purges {
  subscribe(listener: () => void): () => void;
}
/**
 * While server.mjs's purge broadcast runs in this process (every content change, scheduled post going live and manage
 * command that changes posts publishes through it, in every worker, and on every instance with Redis), a catch-up
 * that found the index current stays true until the next purge, or RECHECK_MS at most (a change that reached the
 * database without a purge: another machine without Redis, a hand-made edit). Without the broadcast (tests, `next
 * start`, Vercel) every search looks. The look reads the whole (updatedAt, version) index: ~145 ms at 100,000 posts.
 */
const RECHECK_MS = 10_000;
let checkedAt = new WeakMap<object, number>();
let heard: Purges | undefined;
function broadcast(): Purges | undefined {
  const purges = (globalThis as { __manifoldPurges?: Purges }).__manifoldPurges;
  if (purges && heard !== purges) {
    heard = purges;
    checkedAt = new WeakMap();
    purges.subscribe(() => {
      checkedAt = new WeakMap();
    });
  }
  return purges;
}

/** Creates the index's tables when missing; idempotent, once per client. */
export function ensureSearchIndex(db: Db): Promise<void> {
  let done = ready.get(db);
  if (!done) {
    done = createTables(db, providerOf(db));
    ready.set(db, done);
    done.catch(() => ready.delete(db));
  }
  return done;
}

async function createTables(db: Db, provider: Provider) {
  if (provider === 'sqlite') {
    // Contentless: the tokens are only matched and ranked, never read back (snippets come from the post's own text).
    await db.$executeRawUnsafe(
      `CREATE VIRTUAL TABLE IF NOT EXISTS "blog_search" USING fts5(title, keys, excerpt, body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0')`,
    );
    // Beside each entry: the post's stamp, and from when readers may see it (ms; NULL: not as it stands), so a search
    // never reads a Post row until it has its page of results (SQLite keeps a row's later columns past its long text).
    await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "blog_search_state" ("post_id" INTEGER PRIMARY KEY, "stamp" TEXT NOT NULL, "visible_from" INTEGER)`);
    // A query too common to rank in full walks its newest matches from here (queryIndex).
    await db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "blog_search_state_visible_idx" ON "blog_search_state" ("visible_from", "post_id")`);
    return;
  }
  try {
    await db.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "blog_search" ("post_id" INTEGER PRIMARY KEY REFERENCES "Post"("id") ON DELETE CASCADE, "stamp" TEXT NOT NULL, "visible_from" TIMESTAMPTZ, "document" tsvector NOT NULL)`,
    );
    // The title's, tags', category's and series' terms: small enough to stay in the row, for ranking common words.
    await db.$executeRawUnsafe(`ALTER TABLE "blog_search" ADD COLUMN IF NOT EXISTS "head" tsvector NOT NULL DEFAULT ''`);
    await db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "blog_search_document_idx" ON "blog_search" USING gin ("document")`);
    // A query too common to rank in full walks its newest matches from here (queryIndex).
    await db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "blog_search_visible_idx" ON "blog_search" ("visible_from", "post_id")`);
  } catch (err) {
    // Two processes creating it at once: the loser sees the winner's type or index; the table is there either way.
    if (!/already exists|duplicate key/i.test((err as Error).message)) throw err;
  }
}

/**
 * An entry's stamp: the index's format (raised when the terms an entry holds change, so every entry is written again
 * as searches catch up), then the post's updatedAt and version.
 */
const FORMAT = { sqlite: '', postgresql: 't3:' } as const;
const stampSql = (provider: Provider) =>
  provider === 'sqlite' ? `CAST(p."updatedAt" AS TEXT) || ':' || p."version"` : `'${FORMAT.postgresql}' || p."updatedAt"::text || ':' || p."version"`;

async function staleStamps(db: Db, provider: Provider, limit: number): Promise<{ id: number; stamp: string }[]> {
  const rows =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe<{ id: number; stamp: string }[]>(
          `SELECT p."id" AS id, ${stampSql(provider)} AS stamp FROM "Post" p LEFT JOIN "blog_search_state" s ON s."post_id" = p."id" WHERE s."stamp" IS NULL OR s."stamp" <> ${stampSql(provider)} ORDER BY p."id" LIMIT ${limit}`,
        )
      : await db.$queryRawUnsafe<{ id: number; stamp: string }[]>(
          `SELECT p."id" AS id, ${stampSql(provider)} AS stamp FROM "Post" p LEFT JOIN "blog_search" s ON s."post_id" = p."id" WHERE s."stamp" IS NULL OR s."stamp" <> ${stampSql(provider)} ORDER BY p."id" LIMIT ${limit}`,
        );
  return rows.map((r) => ({ id: Number(r.id), stamp: String(r.stamp) }));
}

interface IndexedText {
  title: string;
  keys: string;
  /** Of the keys, the short ones a post is filed under: tags, category path, series. */
  labels: string;
  excerpt: string;
  body: string;
  /** visibility.ts' rule for this row: its publication time when it is or will be shown to readers, else null. */
  visibleFrom: Date | null;
}

/** The end of time, for visibleToReaders(): which posts readers see once their time comes. */
const EVER = new Date('9999-12-31T23:59:59.999Z'); // a four-digit year: SQLite compares Prisma's dates as ISO text

/** What a post is found by: its title, headings, tags and category path, excerpt, and body text (embeds included). */
async function postTexts(db: Db, ids: number[]): Promise<Map<number, IndexedText>> {
  const [posts, categories, shown] = await Promise.all([
    db.post.findMany({
      where: { id: { in: ids } },
      select: { id: true, title: true, excerpt: true, searchText: true, toc: true, categoryId: true, seoTitle: true, publishedAt: true, tags: { select: { name: true } }, series: { select: { title: true } } },
    }),
    db.category.findMany({ select: { id: true, name: true, parentId: true } }),
    db.post.findMany({ where: { id: { in: ids }, ...visibleToReaders(EVER) }, select: { id: true } }),
  ]);
  const visible = new Set(shown.map((p) => p.id));
  const byId = new Map(categories.map((c) => [c.id, c]));
  const categoryPath = (id: number | null) => {
    const names: string[] = [];
    for (let at = id, guard = 0; at != null && guard < 50; guard++) {
      const c = byId.get(at);
      if (!c) break;
      names.unshift(c.name);
      at = c.parentId;
    }
    return names;
  };
  const headings = (toc: string) => {
    try {
      const entries = JSON.parse(toc) as { text?: unknown }[];
      return Array.isArray(entries) ? entries.map((e) => (typeof e?.text === 'string' ? e.text : '')).join('\n') : '';
    } catch {
      return '';
    }
  };
  return new Map(
    posts.map((p) => [
      p.id,
      {
        title: [p.title, p.seoTitle ?? ''].join('\n'),
        keys: [headings(p.toc), ...p.tags.map((t) => t.name), ...categoryPath(p.categoryId), p.series?.title ?? ''].join('\n'),
        labels: [...p.tags.map((t) => t.name), ...categoryPath(p.categoryId), p.series?.title ?? ''].join('\n'),
        excerpt: p.excerpt,
        body: p.searchText,
        visibleFrom: visible.has(p.id) ? p.publishedAt : null,
      },
    ]),
  );
}

const columns = ['title', 'keys', 'excerpt', 'body'] as const;

/** A tsvector literal: every token with its positions, weighted A (title) to D (body). */
function tsvectorLiteral(text: Pick<IndexedText, (typeof columns)[number]>): string {
  const weights = { title: 'A', keys: 'B', excerpt: 'C', body: 'D' } as const;
  const positions = new Map<string, string[]>();
  let at = 0;
  for (const column of columns) {
    for (const lexemes of documentLexemes(text[column])) {
      at = Math.min(at + 1, PG_MAX_POSITION);
      for (const token of lexemes) {
        const list = positions.get(token) ?? [];
        if (list.length < PG_MAX_POSITIONS) list.push(`${at}${weights[column]}`);
        positions.set(token, list);
      }
    }
    at = Math.min(at + 1, PG_MAX_POSITION); // no phrase runs across two columns
  }
  return [...positions].map(([token, list]) => `'${token.replace(/['\\]/g, '\\$&')}':${list.join(',')}`).join(' ');
}

async function writeEntries(db: Db, provider: Provider, stamps: { id: number; stamp: string }[]) {
  const texts = await postTexts(db, stamps.map((s) => s.id));
  const present = stamps.filter((s) => texts.has(s.id));
  if (!present.length) return;
  if (provider === 'sqlite') {
    await db.$transaction(
      present.flatMap(({ id, stamp }) => {
        const t = texts.get(id)!;
        const tokens = columns.map((c) => documentTokens(t[c]).join(' '));
        return [
          db.$executeRawUnsafe(`DELETE FROM "blog_search" WHERE rowid = ?`, id),
          db.$executeRawUnsafe(`INSERT INTO "blog_search" (rowid, title, keys, excerpt, body) VALUES (?, ?, ?, ?, ?)`, id, ...tokens),
          db.$executeRawUnsafe(
            `INSERT INTO "blog_search_state" ("post_id", "stamp", "visible_from") VALUES (?, ?, ?) ON CONFLICT ("post_id") DO UPDATE SET "stamp" = excluded."stamp", "visible_from" = excluded."visible_from"`,
            id,
            stamp,
            t.visibleFrom?.getTime() ?? null,
          ),
        ];
      }),
    );
    return;
  }
  await db.$transaction(
    present.map(({ id, stamp }) =>
      db.$executeRawUnsafe(
        `INSERT INTO "blog_search" ("post_id", "stamp", "visible_from", "document", "head") VALUES ($1, $2, $3, $4::tsvector, $5::tsvector)
         ON CONFLICT ("post_id") DO UPDATE SET "stamp" = EXCLUDED."stamp", "visible_from" = EXCLUDED."visible_from", "document" = EXCLUDED."document", "head" = EXCLUDED."head"`,
        id,
        stamp,
        texts.get(id)!.visibleFrom,
        tsvectorLiteral(texts.get(id)!),
        tsvectorLiteral({ ...texts.get(id)!, keys: texts.get(id)!.labels, excerpt: '', body: '' }),
      ),
    ),
  );
}

/** Drops the entries of deleted posts (PostgreSQL's foreign key does it itself). */
async function dropOrphans(db: Db, provider: Provider) {
  if (provider !== 'sqlite') return;
  const [{ n }] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT COUNT(*) AS n FROM "blog_search_state" WHERE "post_id" NOT IN (SELECT "id" FROM "Post")`);
  if (Number(n) === 0) return;
  await db.$transaction([
    db.$executeRawUnsafe(`DELETE FROM "blog_search" WHERE rowid IN (SELECT "post_id" FROM "blog_search_state" WHERE "post_id" NOT IN (SELECT "id" FROM "Post"))`),
    db.$executeRawUnsafe(`DELETE FROM "blog_search_state" WHERE "post_id" NOT IN (SELECT "id" FROM "Post")`),
  ]);
}

/** Indexes up to `limit` posts changed since they were indexed; returns how many. */
export async function syncSearchIndex(db: Db, limit = SYNC_BATCH): Promise<number> {
  await ensureSearchIndex(db);
  const provider = providerOf(db);
  const stale = await staleStamps(db, provider, limit);
  if (stale.length) await writeEntries(db, provider, stale);
  await dropOrphans(db, provider);
  return stale.length;
}

/**
 * The catch-up a search runs first. Most searches find nothing changed by one cheap look at the posts' newest change
 * and count (the (updatedAt, version) index answers it without reading a row); only then are stamps compared.
 * Concurrent searches of one process share one catch-up.
 */
function syncIfChanged(db: Db): Promise<void> {
  const purges = broadcast();
  const at = checkedAt.get(db);
  if (purges && at !== undefined && Date.now() - at < RECHECK_MS) return Promise.resolve();
  let running = inflight.get(db);
  if (!running) {
    // A purge during this catch-up (its map replaced) keeps the result from counting as current.
    const since = checkedAt;
    running = (async () => {
      const { stamp: generation, posts } = await readPostsStamp(db);
      postCount.set(db, posts);
      if (seen.get(db) !== generation) {
        const indexed = await syncSearchIndex(db);
        // A catch-up cut short by SYNC_BATCH is taken up again by the next search.
        if (indexed >= SYNC_BATCH) return;
        seen.set(db, generation);
      }
      if (purges && since === checkedAt) checkedAt.set(db, Date.now());
    })().finally(() => inflight.delete(db));
    inflight.set(db, running);
  }
  return running;
}

/**
 * A category's or tag's new name is a word its posts are found by, and shows on their pages: their updatedAt is
 * touched (not their version, which an open editor holds), so every process's next search indexes them again and the
 * sitemap says they changed.
 */
export async function markStale(db: Db, postIds: number[]) {
  const ids = [...new Set(postIds.map((id) => Math.trunc(Number(id))).filter(Number.isFinite))];
  for (let i = 0; i < ids.length; i += 500) await db.post.updateMany({ where: { id: { in: ids.slice(i, i + 500) } }, data: { updatedAt: new Date() } });
}

/**
 * Rebuilds every entry (`manage blog reindex`): each is marked stale and written again, so searches keep finding the
 * old entries until their new ones land. `progress` hears each batch. Returns how many posts it indexed.
 */
export async function rebuildSearchIndex(db: Db, progress?: (done: number) => void): Promise<number> {
  await ensureSearchIndex(db);
  const provider = providerOf(db);
  await db.$executeRawUnsafe(`UPDATE ${provider === 'sqlite' ? '"blog_search_state"' : '"blog_search"'} SET "stamp" = ''`);
  let done = 0;
  for (;;) {
    const n = await syncSearchIndex(db, 200);
    if (!n) break;
    done += n;
    progress?.(done);
  }
  if (provider === 'sqlite') await db.$executeRawUnsafe(`INSERT INTO "blog_search" ("blog_search") VALUES ('optimize')`);
  else await db.$executeRawUnsafe(`ANALYZE "blog_search"`);
  seen.delete(db);
  return done;
}

export interface IndexHit {
  id: number;
  /** How many of the query's groups the post matched. */
  matched: number;
  /** The database's relevance (higher is better): −BM25 on SQLite, ts_rank on PostgreSQL. */
  relevance: number;
}

/**
 * Past this many visible posts matching one of a query's words, that word is "common" and its matches are not ranked
 * (queryIndex). The search page and the API reach no result past MAX_OFFSET, so a total above it is shown as "1,000+".
 */
export const EXACT_LIMIT = MAX_OFFSET;

/** Rows of the newest visible entries a common word's walk reads, at most, per result it must find (plus WALK_BASE). */
const WALK_PER_RESULT = 20;
const WALK_BASE = 2000;

export interface IndexPage {
  hits: IndexHit[];
  /** How many posts match; when `capped`, at least this many (the count stopped at EXACT_LIMIT). */
  total: number;
  capped: boolean;
}

/**
 * The visible posts that match any group, best first: by how many groups they match, then relevance, then newest.
 * Who may see a post is visibility.ts' visibleToReaders(), applied when the entry is written (visible_from: its
 * publication time, or NULL); the time is compared here, so a scheduled post appears when its time comes.
 *
 * A query with a common word (more than `exactLimit` visible matches, counted up to that bound from the index alone:
 * GIN's posting lists with each phrase loosened to its words, FTS5's doclists) is answered without scoring every
 * match, which at 100,000 posts means reading and ranking up to 100,000 documents, for a word whose IDF is near zero:
 * its candidates are the newest posts with every common word, walked from the (visible_from) index until the page
 * is filled, and every match of the query's other, rarer words. Each candidate keeps its tier (how many of the
 * query's words it has, from the index), so posts with more of the words still come first; within a tier, newest
 * first (relevance 0). The total is then `exactLimit`, capped: "1,000+" on the page. A post with some of the common
 * words and none of the rare ones comes after every post with all of them (the walk never reaches it on the pages a
 * reader can open). When the walk cannot fill the page (common words seldom together, a rare phrase of common words,
 * the last page), the query is ranked in full as a rare one is.
 */
export async function queryIndex(
  db: Db,
  parsed: ParsedQuery,
  opts: { limit: number; offset: number; now?: Date; fullRankLimit?: number; exactLimit?: number },
): Promise<IndexPage> {
  if (!parsed.groups.length) return { hits: [], total: 0, capped: false };
  await ensureSearchIndex(db);
  // A catch-up that fails (a writer holding SQLite's lock past its timeout) leaves the index as it was: the search
  // still answers, from entries a little behind, and the next search tries again.
  await syncIfChanged(db).catch((err: Error) => logger.warn('search index catch-up failed', { error: err.message }));
  const provider = providerOf(db);
  const now = opts.now ?? new Date();
  const limit = Math.max(1, Math.trunc(opts.limit));
  const offset = Math.max(0, Math.trunc(opts.offset));
  const exactLimit = Math.max(0, Math.trunc(opts.exactLimit ?? EXACT_LIMIT));
  const page = { now, limit, offset };
  // Nothing to probe for countOnly's count of a query ranked in full, nor on a blog of at most exactLimit posts.
  const probing = exactLimit < Number.MAX_SAFE_INTEGER && (postCount.get(db) ?? Infinity) > exactLimit;
  let rows: { id: unknown; matched: unknown; relevance: unknown; total?: unknown }[];
  if (provider === 'sqlite') {
    const probe = probing ? await probeSqlite(db, parsed, now, exactLimit) : { counts: [], entries: 0 };
    const common = new Set(probe.counts.flatMap((n, i) => (n > exactLimit ? [i] : [])));
    if (common.size) {
      const newest = await newestSqlite(db, parsed, common, page, probe.entries);
      // Filled: every result the page shows was found among the newest; else (past the end, or a rare phrase of
      // common words) ranked in full below.
      if (newest.length && Number(newest[0].found) >= offset + limit) return { hits: newest.map(toHit), total: exactLimit, capped: true };
    }
    rows = await querySqlite(db, parsed, page);
  } else {
    // One statement probes, then ranks (no common word) or walks (queryPostgres); a second one ranks a walk that
    // could not fill the page.
    const fullRankLimit = opts.fullRankLimit ?? FULL_RANK_LIMIT;
    const first = await withoutSeqscan(db, (raw) => queryPostgres(raw, parsed, { ...page, fullRankLimit, probeBound: probing ? exactLimit : undefined }));
    // The probe's row is told by its counts, not by where it comes.
    const probe = first.find((r) => r.probe);
    rows = first.filter((r) => !r.probe);
    if (probe?.probe?.some((n) => Number(n) > exactLimit)) {
      if (rows.length && Number(probe.found) >= offset + limit) return { hits: rows.map(toHit), total: exactLimit, capped: true };
      rows = await withoutSeqscan(db, (raw) => queryPostgres(raw, parsed, { ...page, fullRankLimit }));
    }
  }
  return {
    hits: rows.map(toHit),
    total: rows.length ? Number(rows[0].total) : offset > 0 ? await countOnly(db, parsed, now) : 0,
    capped: false,
  };
}

/** A PostgreSQL statement whose planner is told not to scan the table (queryPostgres says why). */
async function withoutSeqscan<T>(db: Db, run: (raw: Raw) => RawPromise<T>): Promise<T> {
  const [, result] = await db.$transaction([db.$executeRawUnsafe(`SET LOCAL enable_seqscan = off`), run(db)]);
  return result;
}

/** A raw query not yet sent (Prisma's PrismaPromise), so that a batch transaction can carry it. */
type RawPromise<T> = ReturnType<typeof rawQuery<T>>;
const rawQuery = <T>(db: Raw, sql: string, ...params: unknown[]) => db.$queryRawUnsafe<T>(sql, ...params);

/** What the queries below run on. */
type Raw = Pick<Db, '$queryRawUnsafe' | '$executeRawUnsafe'>;

const toHit = (r: { id: unknown; matched: unknown; relevance: unknown }): IndexHit => ({ id: Number(r.id), matched: Number(r.matched), relevance: Number(r.relevance) });

/** The total when the page asked for is past the last result (of a query ranked in full: no common word). */
async function countOnly(db: Db, parsed: ParsedQuery, now: Date): Promise<number> {
  const first = await queryIndex(db, parsed, { limit: 1, offset: 0, now, exactLimit: Number.MAX_SAFE_INTEGER });
  return first.total;
}

async function querySqlite(db: Raw, parsed: ParsedQuery, opts: { now: Date; limit: number; offset: number }) {
  const unions = parsed.groups.map(() => `SELECT rowid AS id, bm25("blog_search", ${FTS5_WEIGHTS}) AS score FROM "blog_search" WHERE "blog_search" MATCH ?`).join(' UNION ALL ');
  return db.$queryRawUnsafe<{ id: number; matched: number; relevance: number; total: number }[]>(
    `WITH hits AS MATERIALIZED (${unions}), scored AS (SELECT id, COUNT(*) AS matched, -SUM(score) AS relevance FROM hits GROUP BY id)
     SELECT s.id AS id, s.matched AS matched, s.relevance AS relevance, COUNT(*) OVER () AS total
     FROM scored s JOIN "blog_search_state" v ON v."post_id" = s.id
     WHERE v."visible_from" <= ?
     ORDER BY s.matched DESC, s.relevance DESC, v."visible_from" DESC, s.id DESC LIMIT ? OFFSET ?`,
    ...parsed.groups.map(fts5Expression),
    opts.now.getTime(),
    opts.limit,
    opts.offset,
  );
}

/**
 * Per group, how many visible posts match it, counted no further than `bound` + 1: FTS5 answers from its doclists
 * (positions included), without the posts' text.
 */
async function probeSqlite(db: Raw, parsed: ParsedQuery, now: Date, bound: number): Promise<{ counts: number[]; entries: number }> {
  // better-sqlite3 binds plain `?` only, in order.
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${parsed.groups
      .map(
        (_, i) =>
          `(SELECT COUNT(*) FROM (SELECT 1 FROM (SELECT rowid AS id FROM "blog_search" WHERE "blog_search" MATCH ?) f CROSS JOIN "blog_search_state" v ON v."post_id" = f.id WHERE v."visible_from" <= ? LIMIT ?)) AS n${i}`,
      )
      .join(', ')}, (SELECT MAX("post_id") FROM "blog_search_state") AS entries`,
    ...parsed.groups.flatMap((g) => [fts5Expression(g), now.getTime(), bound + 1]),
  );
  return { counts: parsed.groups.map((_, i) => Number(row[`n${i}`])), entries: Number(row.entries ?? 0) };
}

/**
 * What one walked row's FTS5 lookup (a cursor opened on its rowid, the phrase's doclists sought) costs, in rowids of
 * a match set read whole: about 200 (SQLite 3.4x, 100,000 posts: ~0.1 ms against ~0.5 µs).
 */
const LOOKUP_COST = 200;

/**
 * A query with common words on SQLite (queryIndex): the newest entries from the (visible_from) index until offset +
 * limit have every common word, with every match of the rarer words. A walked row is tested by an FTS5 lookup of its
 * rowid, or against the common words' match set read whole once, whichever costs less: a word most posts have
 * fills the page within a few rows (lookups), one post in ten reads fewer rowids than it would open lookups. With
 * M matches of E entries, a page of N takes N·E/M rows: lookups cost N·E/M·LOOKUP_COST, the set M, so the set is
 * read when M² < N·E·LOOKUP_COST (counted that far and no further).
 */
async function newestSqlite(db: Raw, parsed: ParsedQuery, common: Set<number>, opts: { now: Date; limit: number; offset: number }, entries: number) {
  const need = opts.offset + opts.limit;
  const setBound = Math.ceil(Math.sqrt(need * Math.max(entries, 1) * LOOKUP_COST));
  const expr = parsed.groups.map((g) => `(${fts5Expression(g)})`);
  const commonGroups = [...common];
  const rareGroups = parsed.groups.map((_, i) => i).filter((i) => !common.has(i));
  const allCommon = commonGroups.map((i) => expr[i]).join(' AND ');
  const anyRare = rareGroups.map((i) => expr[i]).join(' OR ');
  // Which groups each candidate has, from the index: a rare group's matches; a common group's among the rare ones
  // (FTS5's AND of the two, which seeks through the common doclist); the newest have every common one.
  const members = [
    ...rareGroups.map((i) => `SELECT rowid AS id, ${i} AS grp FROM "blog_search" WHERE "blog_search" MATCH ?`),
    ...(rareGroups.length ? commonGroups.map((i) => `SELECT rowid AS id, ${i} AS grp FROM "blog_search" WHERE "blog_search" MATCH ?`) : []),
    ...commonGroups.map((i) => `SELECT id, ${i} AS grp FROM newest`),
  ];
  const memberParams = [
    ...rareGroups.map((i) => expr[i]),
    ...(rareGroups.length ? commonGroups.map((i) => `(${anyRare}) AND ${expr[i]}`) : []),
  ];
  return db.$queryRawUnsafe<{ id: number; matched: number; relevance: number; found: number }[]>(
    `WITH matches AS MATERIALIZED (SELECT rowid AS id FROM "blog_search" WHERE "blog_search" MATCH ? LIMIT ?),
     newest AS MATERIALIZED (
       SELECT w.id AS id, w.vf AS vf FROM (
         SELECT "post_id" AS id, "visible_from" AS vf FROM "blog_search_state" INDEXED BY "blog_search_state_visible_idx"
         WHERE "visible_from" <= ? ORDER BY "visible_from" DESC, "post_id" DESC LIMIT ?) w
       WHERE CASE WHEN (SELECT COUNT(*) FROM matches) <= ? THEN w.id IN (SELECT id FROM matches)
                  ELSE EXISTS (SELECT 1 FROM "blog_search" WHERE "blog_search" MATCH ? AND rowid = w.id) END
       LIMIT ?),
     member AS (${members.join(' UNION ')}),
     cand AS (SELECT id, COUNT(*) AS matched FROM member GROUP BY id)
     SELECT c.id AS id, c.matched AS matched, 0 AS relevance, (SELECT COUNT(*) FROM newest) AS found
     FROM cand c JOIN "blog_search_state" v ON v."post_id" = c.id WHERE v."visible_from" <= ?
     ORDER BY c.matched DESC, v."visible_from" DESC, c.id DESC LIMIT ? OFFSET ?`,
    // better-sqlite3 binds plain `?` only, in order.
    allCommon,
    setBound + 1,
    opts.now.getTime(),
    WALK_BASE + WALK_PER_RESULT * need,
    setBound,
    allCommon,
    need,
    ...memberParams,
    opts.now.getTime(),
    opts.limit,
    opts.offset,
  );
}

/** A variant's tsquery without positions: `'경사하' & '사하강' & '하강법'`, which GIN answers without reading a document. */
const loosened = (tsquery: string) => tsquery.replace(/ <(?:-|\d+)> /g, ' & ');

const pgVariants = (parsed: ParsedQuery) => parsed.groups.flatMap((group, grp) => group.variants.map((v) => ({ grp, tsquery: variantTsquery(v) })));

/** Past this many posts in the tier a page reaches, they are ranked by their title, tags, category and series alone (PostgreSQL). */
export const FULL_RANK_LIMIT = 300;

/**
 * PostgreSQL's ranked search, in one statement. Each variant of each group is its own GIN lookup: a simple word or a
 * trigram is answered by the index alone, without reading the post's tsvector, and only a phrase's lookup reads the
 * documents holding all its words to check their positions (one query of both, `'학습률' | 'learn' <-> 'rate'`, would
 * check every document). The lookups also rank the post's small "head" vector (title, tags, category, series, kept in
 * the row); which groups a post matched is counted from them, not by testing its document again. ts_rank on the whole
 * document, which reads it from TOAST, runs only on the tier of "words matched" the page reaches (the first ten
 * results of a three-word query rank the posts with all three, not the thousands with one), and only when that tier
 * holds at most FULL_RANK_LIMIT posts; a larger tier is ranked by the head: for a word that common its IDF is near
 * zero, and where it stands says more than how often. ts_rank weighs a word by where and how often the post has it,
 * not by how rare it is: BM25's IDF is applied here. The planner is told not to scan the table: it cannot see that
 * testing every document means reading every one from TOAST, and would scan for a word most posts have.
 */
function queryPostgres(db: Raw, parsed: ParsedQuery, opts: { now: Date; limit: number; offset: number; fullRankLimit: number; probeBound?: number }) {
  const variants = pgVariants(parsed);
  const g = parsed.groups.map((_, i) => i);
  const m = variants.length;
  const [now$, limit$, offset$, last$, bound$] = [m + 1, m + 2, m + 3, m + 4, m + 5].map((i) => `$${i}`);
  const probing = opts.probeBound !== undefined;
  const groupQuery = (i: number) => variants.flatMap((v, j) => (v.grp === i ? [`q.v${j}`] : [])).join(' || ');
  // The probe (queryIndex): per group, how many visible posts match it, counted no further than the bound + 1 and
  // from the GIN index alone: the group's phrases loosened to their words (a superset), so no document is read from
  // TOAST, and the time compared as an expression, which the (visible_from) index cannot serve (a walk of it would
  // test each document). A common group stops the ranked lookups before they start (a one-time filter); the last row
  // carries the counts.
  const loose = parsed.groups.map((_, i) => variants.flatMap((v) => (v.grp === i ? [`(${loosened(v.tsquery)})`] : [])).join(' | '));
  const probe = `probe AS MATERIALIZED (SELECT c, (SELECT bool_or(n > ${bound$}) FROM unnest(c) n) AS common FROM (SELECT ARRAY[${g
    .map((i) => `(SELECT COUNT(*) FROM (SELECT 1 FROM "blog_search" WHERE "document" @@ $${m + 6 + i}::tsquery AND "visible_from" + interval '0 s' <= ${now$} LIMIT ${bound$} + 1) x)`)
    .join(', ')}]::int[] AS c OFFSET 0) a),`; // OFFSET 0: counted once, not once per use of c
  // With a common group (queryIndex): the newest entries from the (visible_from, post_id) index, each document tested,
  // until offset + limit have every common group, and every match of the rarer groups. Which groups each candidate has
  // comes from the index: a rare group's matches (GIN lookups); a common group's among a rare group's (GIN's AND of
  // the two, which intersects their posting lists); the newest have every common one. Every part of it waits on the
  // probe's one-time filter.
  const common = (i: number) => `probe.c[${i + 1}] > ${bound$}`;
  const [walk$, need$] = [m + 6 + g.length, m + 7 + g.length].map((i) => `$${i}`);
  const need = opts.offset + opts.limit;
  const members = [
    ...variants.map(
      (v, j) =>
        `SELECT s."post_id" AS id, ${v.grp} AS grp, s."visible_from" AS vf FROM "blog_search" s, q WHERE s."document" @@ q.v${j} AND s."visible_from" <= ${now$} AND (SELECT common AND NOT ${common(v.grp)} FROM probe)`,
    ),
    ...g.flatMap((i) =>
      g.flatMap((k) =>
        i === k
          ? []
          : [
              `SELECT s."post_id" AS id, ${i} AS grp, s."visible_from" AS vf FROM "blog_search" s, q WHERE s."document" @@ ((${groupQuery(k)}) && (${groupQuery(i)})) AND s."visible_from" <= ${now$} AND (SELECT ${common(i)} AND NOT ${common(k)} FROM probe)`,
            ],
      ),
    ),
    ...g.map(
      (i) =>
        `SELECT n.id, ${i} AS grp, n.vf FROM newest n, probe WHERE ${common(i)}`,
    ),
  ];
  const walk = `newest AS (SELECT w.id, w.vf FROM (SELECT "post_id" AS id, "visible_from" AS vf, "document" AS d FROM "blog_search" WHERE "visible_from" <= ${now$} AND (SELECT common FROM probe)
                ORDER BY "visible_from" DESC, "post_id" DESC LIMIT ${walk$}) w, q, probe WHERE ${g.map((i) => `(NOT ${common(i)} OR w.d @@ (${groupQuery(i)}))`).join(' AND ')} LIMIT ${need$}),
     member AS (${members.join(' UNION ')}),
     cand AS (SELECT id, COUNT(*)::int AS matched, MAX(vf) AS vf FROM member GROUP BY id),`;
  const walked = `(SELECT c.id AS id, c.matched AS matched, NULL::int AS total, NULL::int[] AS probe, NULL::int AS found, 0::float8 AS relevance
       FROM cand c ORDER BY c.matched DESC, c.vf DESC, c.id DESC LIMIT ${limit$} OFFSET ${offset$})`;
  const idf = (i: number) => `ln((docs.n - stats.d${i} + 0.5) / (stats.d${i} + 0.5) + 1)`;
  const lookups = variants.map(
    (v, j) =>
      `SELECT s."post_id" AS id, ${v.grp} AS grp, s."visible_from" AS vf, ts_rank(s."head", q.v${j}, 1) AS hr FROM "blog_search" s, q WHERE s."document" @@ q.v${j} AND s."visible_from" <= ${now$}${probing ? ' AND NOT (SELECT common FROM probe)' : ''}`,
  );
  const matched =
    m === 1
      ? `SELECT id, 1 AS matched, vf, TRUE AS h0, hr AS r0 FROM g`
      : `SELECT id, COUNT(DISTINCT grp)::int AS matched, MAX(vf) AS vf, ${g.map((i) => `BOOL_OR(grp = ${i}) AS h${i}, COALESCE(MAX(hr) FILTER (WHERE grp = ${i}), 0) AS r${i}`).join(', ')} FROM g GROUP BY id`;
  const sql = `WITH ${probing ? probe : ''} q AS (SELECT ${variants.map((_, j) => `$${j + 1}::tsquery AS v${j}`).join(', ')}),
     g AS (${lookups.join(' UNION ALL ')}),
     t AS MATERIALIZED (${matched}),
     stats AS (SELECT COUNT(*) AS total, ${g.map((i) => `COUNT(*) FILTER (WHERE h${i})::float8 AS d${i}`).join(', ')} FROM t),
     cut AS (SELECT matched FROM t ORDER BY matched DESC LIMIT 1 OFFSET ${last$}),
     tier AS MATERIALIZED (SELECT * FROM t WHERE matched >= COALESCE((SELECT matched FROM cut), 0)),
     size AS (SELECT COUNT(*) AS k FROM tier),
     ${probing ? walk : ''}
     docs AS (SELECT GREATEST((SELECT reltuples FROM pg_class WHERE oid = '"blog_search"'::regclass), (SELECT total FROM stats))::float8 AS n)
     ${probing ? '(' : ''}SELECT tier.id AS id, tier.matched AS matched, stats.total::int AS total, NULL::int[] AS probe, NULL::int AS found, (CASE WHEN size.k <= ${Math.max(0, Math.trunc(opts.fullRankLimit))}
       THEN (SELECT ${g.map((i) => `CASE WHEN tier.h${i} THEN ts_rank(b."document", ${groupQuery(i)}, 1) * ${idf(i)} ELSE 0 END`).join(' + ')} FROM "blog_search" b WHERE b."post_id" = tier.id)
       ELSE ${g.map((i) => `tier.r${i} * ${idf(i)}`).join(' + ')} END)::float8 AS relevance
     FROM tier, q, docs, stats, size
     ORDER BY tier.matched DESC, relevance DESC, tier.vf DESC, tier.id DESC LIMIT ${limit$} OFFSET ${offset$}${
       probing ? `) UNION ALL ${walked} UNION ALL SELECT NULL, NULL, NULL, c, (SELECT COUNT(*) FROM newest)::int, NULL FROM probe` : ''
     }`;
  const params = [
    ...variants.map((v) => v.tsquery),
    opts.now,
    opts.limit,
    opts.offset,
    opts.offset + opts.limit - 1,
    ...(probing ? [opts.probeBound, ...loose, WALK_BASE + WALK_PER_RESULT * need, need] : []),
  ];
  return db.$queryRawUnsafe<{ id: number; matched: number; relevance: number; total: number | null; probe: number[] | null; found: number | null }[]>(sql, ...params);
}
