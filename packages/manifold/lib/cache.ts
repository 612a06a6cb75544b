// Invalidating cached pages after a content change. Reader pages are rendered per request (getServerSideProps) and
// cached only by server.mjs's page cache (a CDN on Vercel), which runs in this process: clearing it is the whole job.
// No app is named here: whatever changed, every cached page may show it (a sidebar count, a neighbour's title).
import 'server-only';
import type { ContentChange } from './revalidation';

/** `change` says what changed; every kind clears the whole page cache, so it is not read yet. */
export async function revalidateContent(_change?: ContentChange): Promise<void> {
  (globalThis as { __manifoldPageCache?: { clear(): void } }).__manifoldPageCache?.clear();
}
