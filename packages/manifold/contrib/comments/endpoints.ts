// The comments API, declared once (lib/endpoint.mjs): GET /api/comments?post=<slug> (a post's approved comments as
// threads, for the island under the post) and POST /api/comments (a reader's comment: zod, honeypot, links, a per-address
// rate limit, same-site only). Made by a function of what they work on, so tests serve the same declarations on a test
// database with their own limiter and signed-in user.
import { defineEndpoint, Reply, type Endpoint, type RateLimitSlot } from '../../lib/endpoint.mjs';
import { createRateLimit, HttpError } from '../../lib/http-guard.mjs';
import { commentInput, createComment, listComments, type CommentDeps, type CommentWriter } from './service';

export interface CommentEndpointOptions {
  deps: () => CommentDeps | Promise<CommentDeps>;
  /** The signed-in user of the request, if any. */
  currentUser: () => Promise<CommentWriter | null>;
  /** The POST's per-address budget; null: none. */
  rateLimit: () => RateLimitSlot | null;
  /** The origins a browser's POST may come from besides the request's own host (SITE_URL's). */
  siteOrigins?: () => string[];
  /** Called when a comment was published at once (a moderator's): the post's list counts changed. */
  published?: (slug: string) => Promise<void>;
}

/** Comments a reader may post per address: 5 in 10 minutes. */
export const COMMENT_RATE = { points: 5, seconds: 600 } as const;

/** A RateLimitSlot over lib/http-guard's limiter (rate-limiter-flexible), with the proxies whose X-Forwarded-For counts. */
export function commentRateLimit(spec: { points: number; seconds: number } = COMMENT_RATE, trustedProxies: string[] = [], redis: { url: string; prefix: string } | null = null): RateLimitSlot {
  const limit = createRateLimit(spec, { name: 'comments', redis });
  return {
    trustedProxies,
    consume: (key) =>
      limit.consume(key, 'comments').catch((err: unknown) => {
        if (!(err instanceof HttpError) || err.status !== 429) throw err;
        const wait = Math.ceil(Number(err.headers?.['Retry-After'] ?? 60) / 60);
        throw new HttpError(429, `댓글을 너무 자주 보냈습니다. ${wait}분 뒤에 다시 시도해 주세요 / ${err.message}`, err.headers);
      }),
  };
}

/**
 * A POST from another site's page would post in the name of a signed-in reader (their cookie goes with it): refused.
 * A request with neither Origin nor Sec-Fetch-Site is not from a browser page.
 */
function sameSite(header: (name: string) => string | undefined, extra: string[]) {
  const origin = header('origin');
  if (origin) {
    const host = header('x-forwarded-host') ?? header('host');
    const allowed = new Set(extra);
    if (host) {
      allowed.add(`http://${host}`);
      allowed.add(`https://${host}`);
    }
    if (!allowed.has(origin)) throw new HttpError(403, `다른 사이트에서 보낸 요청은 받지 않습니다 / Cross-site request refused: Origin ${origin.slice(0, 100)} is not this site.`);
    return;
  }
  const site = header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new HttpError(403, '다른 사이트에서 보낸 요청은 받지 않습니다 / Cross-site request refused.');
}

const readSlug = (value: string | null) => {
  const slug = (value ?? '').trim();
  if (!slug || slug.length > 300) throw new HttpError(400, 'post(글 주소)를 주세요 / Give the post as ?post=<slug>');
  return slug;
};

export function commentEndpoints(opts: CommentEndpointOptions): Endpoint[] {
  return [
    defineEndpoint({
      method: 'GET',
      path: '/api/comments',
      handler: async ({ query }) => {
        const found = await listComments(await opts.deps(), readSlug(query.get('post')));
        if (!found) throw new HttpError(404, '글을 찾을 수 없습니다 / No such published post');
        // Who the form writes as: the page is the same for everyone (cached), so the island learns it here.
        const user = await opts.currentUser();
        const viewer = user?.isActive ? user.name.trim() || user.email.split('@')[0] : null;
        // Asked on every view of a post (the page itself comes from the page cache); per reader (viewer), never shared.
        return new Reply(200, { ...found, viewer }, { headers: { 'cache-control': 'private, no-cache' } });
      },
    }),
    defineEndpoint({
      method: 'POST',
      path: '/api/comments',
      input: commentInput,
      bodyLimit: 32_000,
      rateLimit: opts.rateLimit,
      permission: ({ header }) => sameSite(header, opts.siteOrigins?.() ?? []),
      handler: async ({ input, client }) => {
        const result = await createComment(await opts.deps(), input, { client, user: await opts.currentUser() });
        if ('discarded' in result) return new Reply(202, { status: 'pending', message: result.message });
        if (result.status === 'approved') await opts.published?.(input.post);
        return new Reply(result.status === 'approved' ? 201 : 202, result);
      },
    }),
  ];
}
