// Invalidating cached pages after a content change. Reader pages are rendered per request (getServerSideProps) and
// cached only by server.mjs's page cache (a CDN on Vercel); Next itself caches none of them (no data cache, no ISR), so
// clearing the page cache is the whole job, in every server process: server.mjs hands this module a broadcast
// (lib/server/broadcast.mjs) that purges this process at once, and the cluster's other workers and, with REDIS_URL,
// the other instances (lib/server/redis-broadcast.mjs) before it resolves.
// No app is named here: whatever changed, every cached page may show it (a sidebar count, a neighbour's title).
import 'server-only';
import type { ContentChange } from './revalidation';

interface Purges {
  publish(change: Partial<ContentChange>): Promise<void>;
}

/** `change` says what changed and travels to every worker; every kind clears the whole page cache, so it is not read yet. */
export async function revalidateContent(change?: ContentChange): Promise<void> {
  const g = globalThis as { __manifoldPageCache?: { clear(): void }; __manifoldPurges?: Purges };
  // Outside server.mjs (tests, `next start`) there is no broadcast: this process's cache, if any, is all there is.
  if (g.__manifoldPurges) await g.__manifoldPurges.publish(change ?? { tags: [], paths: [] });
  else g.__manifoldPageCache?.clear();
}
