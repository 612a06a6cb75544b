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
import { postsStamp } from '../posts-stamp';
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
    return;
  }
  try {
    await db.$executeRawUnsafe(
      `CREATE TABLE IF NOT EXISTS "blog_search" ("post_id" INTEGER PRIMARY KEY REFERENCES "Post"("id") ON DELETE CASCADE, "stamp" TEXT NOT NULL, "visible_from" TIMESTAMPTZ, "document" tsvector NOT NULL)`,
    );
    // The title's, tags', category's and series' terms: small enough to stay in the row, for ranking common words.
    await db.$executeRawUnsafe(`ALTER TABLE "blog_search" ADD COLUMN IF NOT EXISTS "head" tsvector NOT NULL DEFAULT ''`);
    await db.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS "blog_search_document_idx" ON "blog_search" USING gin ("document")`);
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
      const generation = await postsStamp(db);
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
 * The visible posts that match any group, best first: by how many groups they match, then relevance, then newest.
 * Who may see a post is visibility.ts' visibleToReaders(), applied when the entry is written (visible_from: its
 * publication time, or NULL); the time is compared here, so a scheduled post appears when its time comes.
 */
export async function queryIndex(db: Db, parsed: ParsedQuery, opts: { limit: number; offset: number; now?: Date; fullRankLimit?: number }): Promise<{ hits: IndexHit[]; total: number }> {
  if (!parsed.groups.length) return { hits: [], total: 0 };
  await ensureSearchIndex(db);
  // A catch-up that fails (a writer holding SQLite's lock past its timeout) leaves the index as it was: the search
  // still answers, from entries a little behind, and the next search tries again.
  await syncIfChanged(db).catch((err: Error) => logger.warn('search index catch-up failed', { error: err.message }));
  const provider = providerOf(db);
  const now = opts.now ?? new Date();
  const limit = Math.max(1, Math.trunc(opts.limit));
  const offset = Math.max(0, Math.trunc(opts.offset));
  let rows: { id: number; matched: number; relevance: number; total: number }[];
  if (provider === 'sqlite') {
    const unions = parsed.groups.map(() => `SELECT rowid AS id, bm25("blog_search", ${FTS5_WEIGHTS}) AS score FROM "blog_search" WHERE "blog_search" MATCH ?`).join(' UNION ALL ');
    rows = await db.$queryRawUnsafe(
      `WITH hits AS MATERIALIZED (${unions}), scored AS (SELECT id, COUNT(*) AS matched, -SUM(score) AS relevance FROM hits GROUP BY id)
       SELECT s.id AS id, s.matched AS matched, s.relevance AS relevance, COUNT(*) OVER () AS total
       FROM scored s JOIN "blog_search_state" v ON v."post_id" = s.id
       WHERE v."visible_from" <= ?
       ORDER BY s.matched DESC, s.relevance DESC, v."visible_from" DESC, s.id DESC LIMIT ? OFFSET ?`,
      ...parsed.groups.map(fts5Expression),
      now.getTime(),
      limit,
      offset,
    );
  } else {
    rows = await queryPostgres(db, parsed, { now, limit, offset, fullRankLimit: opts.fullRankLimit ?? FULL_RANK_LIMIT });
  }
  return {
    hits: rows.map((r) => ({ id: Number(r.id), matched: Number(r.matched), relevance: Number(r.relevance) })),
    total: rows.length ? Number(rows[0].total) : offset > 0 ? await countOnly(db, parsed, now) : 0,
  };
}

/** The total when the page asked for is past the last result. */
async function countOnly(db: Db, parsed: ParsedQuery, now: Date): Promise<number> {
  const first = await queryIndex(db, parsed, { limit: 1, offset: 0, now });
  return first.total;
}

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
async function queryPostgres(db: Db, parsed: ParsedQuery, opts: { now: Date; limit: number; offset: number; fullRankLimit: number }) {
  const variants = parsed.groups.flatMap((group, grp) => group.variants.map((v) => ({ grp, tsquery: variantTsquery(v) })));
  const g = parsed.groups.map((_, i) => i);
  const m = variants.length;
  const [now$, limit$, offset$, last$] = [m + 1, m + 2, m + 3, m + 4].map((i) => `$${i}`);
  const groupQuery = (i: number) => variants.flatMap((v, j) => (v.grp === i ? [`q.v${j}`] : [])).join(' || ');
  const idf = (i: number) => `ln((docs.n - stats.d${i} + 0.5) / (stats.d${i} + 0.5) + 1)`;
  const lookups = variants.map(
    (v, j) => `SELECT s."post_id" AS id, ${v.grp} AS grp, s."visible_from" AS vf, ts_rank(s."head", q.v${j}, 1) AS hr FROM "blog_search" s, q WHERE s."document" @@ q.v${j} AND s."visible_from" <= ${now$}`,
  );
  const matched =
    m === 1
      ? `SELECT id, 1 AS matched, vf, TRUE AS h0, hr AS r0 FROM g`
      : `SELECT id, COUNT(DISTINCT grp)::int AS matched, MAX(vf) AS vf, ${g.map((i) => `BOOL_OR(grp = ${i}) AS h${i}, COALESCE(MAX(hr) FILTER (WHERE grp = ${i}), 0) AS r${i}`).join(', ')} FROM g GROUP BY id`;
  const sql = `WITH q AS (SELECT ${variants.map((_, j) => `$${j + 1}::tsquery AS v${j}`).join(', ')}),
     g AS (${lookups.join(' UNION ALL ')}),
     t AS MATERIALIZED (${matched}),
     stats AS (SELECT COUNT(*) AS total, ${g.map((i) => `COUNT(*) FILTER (WHERE h${i})::float8 AS d${i}`).join(', ')} FROM t),
     cut AS (SELECT matched FROM t ORDER BY matched DESC LIMIT 1 OFFSET ${last$}),
     tier AS MATERIALIZED (SELECT * FROM t WHERE matched >= COALESCE((SELECT matched FROM cut), 0)),
     size AS (SELECT COUNT(*) AS k FROM tier),
     docs AS (SELECT GREATEST((SELECT reltuples FROM pg_class WHERE oid = '"blog_search"'::regclass), (SELECT total FROM stats))::float8 AS n)
     SELECT tier.id AS id, tier.matched AS matched, stats.total::int AS total, (CASE WHEN size.k <= ${Math.max(0, Math.trunc(opts.fullRankLimit))}
       THEN (SELECT ${g.map((i) => `CASE WHEN tier.h${i} THEN ts_rank(b."document", ${groupQuery(i)}, 1) * ${idf(i)} ELSE 0 END`).join(' + ')} FROM "blog_search" b WHERE b."post_id" = tier.id)
       ELSE ${g.map((i) => `tier.r${i} * ${idf(i)}`).join(' + ')} END)::float8 AS relevance
     FROM tier, q, docs, stats, size
     ORDER BY tier.matched DESC, relevance DESC, tier.vf DESC, tier.id DESC LIMIT ${limit$} OFFSET ${offset$}`;
  const params = [...variants.map((v) => v.tsquery), opts.now, opts.limit, opts.offset, opts.offset + opts.limit - 1];
  const [, rows] = await db.$transaction([db.$executeRawUnsafe(`SET LOCAL enable_seqscan = off`), db.$queryRawUnsafe<{ id: number; matched: number; relevance: number; total: number }[]>(sql, ...params)]);
  return rows;
}
