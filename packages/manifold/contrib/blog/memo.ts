// What the reader pages read, kept in this process's memory between content changes (issue 16): the sidebar's
// category tree and tags, each post page's post (its row, neighbours, series and related posts) and each list page's
// posts (home, category, tag, by page). Only while server.mjs's purge broadcast runs in the process
// (globalThis.__manifoldPurges): every content change publishes through it, in every worker and, with REDIS_URL, on
// every instance (lib/cache.ts), and an instance back from a Redis outage purges everything it holds. Without it
// (tests, `next start`, Vercel) nothing is kept and every read goes to the database.
//
// Everything kept belongs to a generation, which ends at the first of: a purge; the moment the earliest post still to
// come becomes visible (visibleLater(), read once per generation before anything is kept in it), so a scheduled post
// shows at its time with no purge and no cron; MAX_AGE_MS (what no purge covers: a database edited behind the app's
// back, as the page cache's hour); another database client. A read in flight when its generation ends is answered but
// not kept, and a read that was given data of an ended generation (a tree read before a purge) is not kept either.
// Kept values are frozen: every request shares them.
import { LRUCache } from 'lru-cache';
import { getDb } from '../../lib/db';
import { visibleLater } from './visibility';

interface Purges {
  subscribe(listener: () => void): () => void;
}

/** Bounds of the posts and lists kept (per process), by an estimate of their size and by count; least recently read go first. */
export const MEMO_MAX_BYTES = 32 * 1024 * 1024;
export const MEMO_MAX_ENTRIES = 4000;
/** A generation's longest life, as the page cache's fresh time (cache.ts' READER_PAGE_CACHE_SECONDS.fresh). */
export const MEMO_MAX_AGE_MS = 3600_000;

class Generation {
  readonly born = Date.now();
  /** When this generation ends by time (ms since the epoch); undefined until read. */
  until: number | undefined;
  private reading: Promise<boolean> | undefined;
  /** Reads in flight, shared by the requests that ask for the same key meanwhile. */
  readonly loading = new Map<string, Promise<unknown>>();
  readonly kept = new LRUCache<string, object>({ max: MEMO_MAX_ENTRIES, maxSize: MEMO_MAX_BYTES });
  /** The sidebar's values: always kept, outside the bounds. */
  readonly pinned = new Map<string, object>();
  /** The values kept in this generation: a read given one of them is of this generation. */
  readonly values = new WeakSet<object>();

  constructor(readonly client: object) {}

  /** Whether `until` is known (read now when it is not; a failed read is tried again by the next call). */
  ready(): Promise<boolean> | boolean {
    if (this.until !== undefined) return true;
    this.reading ??= readUntil().then(
      (until) => {
        this.until = Math.min(until, this.born + MEMO_MAX_AGE_MS);
        return true;
      },
      () => {
        this.reading = undefined;
        return false;
      },
    );
    return this.reading;
  }
}

/** When the earliest post not yet visible only because its time has not come becomes visible; Infinity when none. */
async function readUntil(): Promise<number> {
  const next = await getDb().post.findFirst({ where: visibleLater(new Date()), orderBy: { publishedAt: 'asc' }, select: { publishedAt: true } });
  return next?.publishedAt ? next.publishedAt.getTime() : Infinity;
}

let live: Generation | undefined;
let heard: Purges | undefined;

/** The generation reads are kept in now, or undefined when nothing may be kept (no broadcast, or its time is not known). */
async function generation(): Promise<Generation | undefined> {
  const purges = (globalThis as { __manifoldPurges?: Purges }).__manifoldPurges;
  if (!purges) return undefined;
  if (heard !== purges) {
    heard = purges;
    live = undefined;
    purges.subscribe(() => {
      live = undefined;
    });
  }
  const client = getDb();
  if (live && (live.client !== client || (live.until !== undefined && Date.now() >= live.until))) live = undefined;
  const gen = (live ??= new Generation(client));
  const ready = gen.ready();
  if (ready !== true && !(await ready)) return undefined;
  // Ended while its time was read (a purge), or its time has come already.
  return gen === live && Date.now() < (gen.until as number) ? gen : undefined;
}

/** Freezes a value read for sharing and estimates its size in bytes (strings at two bytes a character). */
function freeze(value: unknown, seen = new Set<object>()): number {
  if (typeof value === 'string') return 16 + value.length * 2;
  if (value === null || typeof value !== 'object') return 8;
  if (seen.has(value)) return 0;
  seen.add(value);
  let size = 32;
  if (value instanceof Map) for (const [k, v] of value) size += freeze(k, seen) + freeze(v, seen);
  else for (const [k, v] of Object.entries(value)) size += k.length + freeze(v, seen);
  Object.freeze(value);
  return size;
}

export interface RememberOptions<T> {
  /** The read without the broadcast (default: `load`). */
  fallback?: () => Promise<T>;
  /** Kept values of this process the read was given (the page's tree): when one is not of this generation, nothing is kept. */
  from?: readonly object[];
  /** Whether a value read is worth keeping (not a miss: a post that is not there, a page past the last). */
  keep?: (value: T) => boolean;
  /** The sidebar's two values are always kept, outside the bounds of the posts and lists. */
  pinned?: boolean;
}

/**
 * The value of `load` as kept under `key` in this generation, or read (once for every request that asks meanwhile)
 * and kept when nothing ended the generation in the meantime.
 */
export async function remember<T extends object | null>(key: string, load: () => Promise<T>, opts: RememberOptions<T> = {}): Promise<T> {
  const gen = await generation();
  if (!gen) return (opts.fallback ?? load)();
  if (opts.from?.some((v) => !gen.values.has(v))) return load();
  const kept = opts.pinned ? gen.pinned.get(key) : gen.kept.get(key);
  if (kept) return kept as T;
  const running = gen.loading.get(key);
  if (running) return running as Promise<T>;
  const loading = load();
  gen.loading.set(key, loading);
  try {
    const value = await loading;
    if (value !== null && gen === live && Date.now() < (gen.until as number) && (opts.keep?.(value) ?? true)) {
      const size = freeze(value);
      gen.values.add(value);
      if (opts.pinned) gen.pinned.set(key, value);
      else if (size <= MEMO_MAX_BYTES) gen.kept.set(key, value, { size });
    }
    return value;
  } finally {
    if (gen.loading.get(key) === loading) gen.loading.delete(key);
  }
}
