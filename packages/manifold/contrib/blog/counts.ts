// The sidebar's counts stored in the database (PostCount rows), shared by every process and instance: what a reader
// page reads where no purge broadcast says when content changed (`next start`, Vercel; data.ts). A read is two small
// statements, the posts table's stamp (posts-stamp.ts) and the rows, O(categories + tags), instead of counting the
// visible posts (at 100,000 posts on PostgreSQL, the tree and tags in 19 ms instead of 220 ms: bench-scale.mjs
// --sidebar-only).
// The posts are counted again, and the rows replaced, only when the stamp is not the one the rows were counted at (a
// post added, deleted or changed by any path, without a hook), or when the earliest post still to come reaches its
// time (validUntil), so a scheduled post is counted the moment it shows, with no write and no cron. A category's or
// tag's own changes need nothing: the rows are keyed by id and joined with the categories and tags as they are (a
// deleted one's row is ignored; its posts lose it with no change of theirs, and the rows count each category's own
// posts, so its parent's sum drops them too). What the stamp cannot see: a change of a post's tags alone through
// Prisma's relation writes (`tags: { set }` with no other field: Prisma leaves updatedAt, and the blog's own writers
// raise the version with it), and a raw write that leaves updatedAt and version as they were.
import type { Db } from '../../lib/db';
import { providerOf } from '../../lib/db-provider';
import { logger } from '../../lib/log';
import { postsStamp } from './posts-stamp';
import { countVisible, type VisibleCounts } from './queries';
import { visibleLater } from './visibility';

const TOTAL = { scope: 'total', refId: 0 } as const;

interface Counted extends VisibleCounts {
  validUntil: Date | null;
}

/** Per client, by stamp: the count this process is running, shared by the reads that find the same stamp. */
const counting = new WeakMap<object, Map<string, Promise<Counted>>>();
/** Per client: the read begun in this turn of the event loop, until done (a page asks for tree and tags at once). */
const reading = new WeakMap<object, Promise<VisibleCounts>>();
let warned = false;

/**
 * The counts as readers see them at this moment, from the stored rows when they are current, else counted and stored.
 * Reads asked for in the same turn share one; a read never joins one that began before it (which may predate a write
 * its caller has seen), only a count begun at the same stamp.
 */
export function storedCounts(db: Db): Promise<VisibleCounts> {
  let read = reading.get(db);
  if (!read) {
    const begun = readOrCount(db);
    const forget = () => {
      if (reading.get(db) === begun) reading.delete(db);
    };
    read = begun.finally(forget);
    reading.set(db, begun);
    // SQLite's driver answers within the turn: a read done is never joined, whatever the turn.
    setImmediate(forget);
  }
  return read;
}

async function readOrCount(db: Db): Promise<VisibleCounts> {
  const now = new Date();
  // The stamp before any count: counts begun after it are at least as new as it says, so a post changed in between
  // leaves rows that the next read finds stale rather than stale rows that look current.
  const [stamp, rows] = await Promise.all([
    postsStamp(db),
    db.postCount.findMany().catch((err: Error) => {
      // No table yet (a framework upgrade before its `makemigrations`, `migrate`): count, as before it existed.
      if (!warned) logger.warn('blog: stored post counts unreadable; counting the posts', { error: err.message });
      warned = true;
      return null;
    }),
  ]);
  const total = rows?.find((r) => r.scope === TOTAL.scope && r.refId === TOTAL.refId);
  if (rows && total && total.stamp === stamp && (!total.validUntil || now < total.validUntil)) {
    const of = (scope: string) => new Map(rows.filter((r) => r.scope === scope).map((r) => [r.refId, r.count]));
    return { total: total.count, categories: of('category'), tags: of('tag') };
  }
  let byStamp = counting.get(db);
  if (!byStamp) counting.set(db, (byStamp = new Map()));
  let running = byStamp.get(stamp);
  if (!running) {
    const runs = byStamp;
    running = countAndStore(db, stamp, rows !== null).finally(() => runs.delete(stamp));
    byStamp.set(stamp, running);
  }
  let counted = await running;
  // Counted at the same stamp, but earlier: not if a post's time came in between.
  if (counted.validUntil && now >= counted.validUntil) counted = await countAndStore(db, stamp, rows !== null);
  return { total: counted.total, categories: counted.categories, tags: counted.tags };
}

async function countAndStore(db: Db, stamp: string, store: boolean): Promise<Counted> {
  const now = new Date();
  const [counts, next] = await Promise.all([
    countVisible(db, now),
    db.post.findFirst({ where: visibleLater(now), orderBy: { publishedAt: 'asc' }, select: { publishedAt: true } }),
  ]);
  const counted = { ...counts, validUntil: next?.publishedAt ?? null };
  if (store) {
    // On SQLite, one store at a time in this process, whichever client: its driver waits for a lock synchronously, so
    // a second client's transaction would block the thread the first one needs to commit, for the whole busy timeout.
    const mine = providerOf(db) === 'sqlite' ? storing.then(() => storeCounts(db, stamp, counted)) : storeCounts(db, stamp, counted);
    if (providerOf(db) === 'sqlite') storing = mine.catch(() => {});
    await mine.catch((err: Error) => logger.warn('blog: could not store the post counts', { error: err.message }));
  }
  return counted;
}

let storing: Promise<void> = Promise.resolve();

/**
 * Replaces the rows in one transaction. The total's row is written first: its lock (PostgreSQL's row lock, SQLite's
 * write lock) makes a second process storing at once wait, then replace these rows whole with its own; the last to
 * commit wins, and it counted at a stamp of its own, which the next read checks.
 */
async function storeCounts(db: Db, stamp: string, counted: Counted) {
  const total = { ...TOTAL, count: counted.total, stamp, validUntil: counted.validUntil };
  const rows = [
    ...[...counted.categories].map(([refId, count]) => ({ scope: 'category', refId, count })),
    ...[...counted.tags].filter(([, count]) => count > 0).map(([refId, count]) => ({ scope: 'tag', refId, count })),
  ];
  await db.$transaction([
    db.postCount.upsert({ where: { scope_refId: TOTAL }, create: total, update: total }),
    db.postCount.deleteMany({ where: { NOT: TOTAL } }),
    db.postCount.createMany({ data: rows }),
  ]);
}
