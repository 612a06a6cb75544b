// A short in-process cache for what the admin would otherwise recount on every view (dashboard counts, the date
// hierarchy's years, filter choices): each entry names the models it was read from, and an admin write to one of
// them drops it at once. Another server process's writes are seen within the TTL.
import { LRUCache } from 'lru-cache';

const TTL_MS = 30_000;

interface Entry {
  models: readonly string[];
  value: unknown;
}

const cache = new LRUCache<string, Entry>({ max: 2000, ttl: TTL_MS });
const pending = new Map<string, Promise<unknown>>();

/** The cached value of `key` read from `models`, or `load()`'s (concurrent callers share one load). */
export async function remember<T>(models: readonly string[], key: string, load: () => Promise<T>): Promise<T> {
  const full = `${models.join(',')}|${key}`;
  const hit = cache.get(full);
  if (hit) return hit.value as T;
  const running = pending.get(full);
  if (running) return running as Promise<T>;
  const p = load().then(
    (value) => {
      cache.set(full, { models, value });
      pending.delete(full);
      return value;
    },
    (err) => {
      pending.delete(full);
      throw err;
    },
  );
  pending.set(full, p);
  return p;
}

/** Drops every entry read from `model` (called by every admin write to it). */
export function invalidate(model: string): void {
  for (const [key, entry] of cache.entries()) if (entry.models.includes(model)) cache.delete(key);
}

/** Empties the cache (tests, and the bench's cold runs). */
export function clearAdminCaches(): void {
  cache.clear();
}
