// The comments endpoints as the site serves them (app/api/comments/route.ts): the site's database, the signed-in user
// from the session cookie, one limiter per process, and a changed count on post lists clearing the page cache.
import 'server-only';
import { db } from '../../lib/db';
import { settings } from '../../lib/settings';
import { authSecret } from '../accounts/secret';
import { getCurrentUser } from '../accounts/auth';
import { commentEndpoints, commentRateLimit } from './endpoints';
import { revalidateCommentedPosts } from './cache';

const limiter = globalThis as unknown as { __manifoldCommentLimit?: ReturnType<typeof commentRateLimit> };

export const siteCommentEndpoints = commentEndpoints({
  deps: () => ({ db, hashKey: authSecret }),
  currentUser: getCurrentUser,
  rateLimit: () => (limiter.__manifoldCommentLimit ??= commentRateLimit(undefined, settings().trustedProxies, settings().server.redis)),
  siteOrigins: () => {
    try {
      return [new URL(settings().siteUrl).origin];
    } catch {
      return [];
    }
  },
  published: (slug) => revalidateCommentedPosts([slug]),
});

