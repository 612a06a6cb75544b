// Invalidating cached pages inside the server process: Next's data cache by tag (App Router pages), the
// post pages by path (Pages Router ISR, through /api/revalidate-pages), and server.mjs's page cache.
import 'server-only';
import { revalidatePath, revalidateTag } from 'next/cache';
import { revalidateToken, type ContentChange } from './revalidation';
import { postRevalidationPaths } from '../apps/blog/cache';
import { settings } from './settings';
import { logger } from './log';

export async function revalidateContent(change: ContentChange) {
  for (const tag of change.tags) revalidateTag(tag, { expire: 0 });
  for (const p of change.paths) revalidatePath(p);
  const pagePaths = (change.posts ?? []).flatMap(postRevalidationPaths);
  if (pagePaths.length) {
    const res = await fetch(`http://127.0.0.1:${settings().port}/api/revalidate-pages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-manifold-token': revalidateToken() },
      body: JSON.stringify({ paths: pagePaths }),
    }).catch((err: Error) => err);
    if (res instanceof Error || !res.ok) logger.warn('post pages were not rebuilt; they refresh within a minute', { paths: pagePaths });
  }
  (globalThis as { __manifoldPageCache?: { clear(): void } }).__manifoldPageCache?.clear();
}
