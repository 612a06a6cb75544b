// The site's own endpoints (lib/endpoint.mjs declarations): GET /api/health, GET /api/ready and POST /api/revalidate.
// Not on the fast path: readiness asks the database through Prisma and revalidation changes Next's cache, both
// Next's business.
import 'server-only';
import { z } from 'zod';
import { defineEndpoint, nextRoute, Reply } from './endpoint.mjs';
import { isInstalled } from '@site/.manifold/registry.client';
import { db } from './db';
import { checkHealth } from './health';
import { checkReadiness } from './readiness';
import { logger } from './log';
import { projectRootSetting, settings } from './settings';
import { HttpError } from './http-guard.mjs';
import { checkRevalidateToken } from './revalidation';

export const healthEndpoint = defineEndpoint({
  method: 'GET',
  path: '/api/health',
  // Liveness only (lib/health.ts): 200 while the process answers, whatever the database's state.
  handler: async () => new Reply(200, checkHealth()),
});

/**
 * Readiness (lib/readiness.ts): 200 when the database answers, every shipped migration is applied, Redis answers
 * (when REDIS_URL is set) and every installed app says it is ready; else 503 with the reason. Never cached.
 */
export const readyEndpoint = defineEndpoint({
  method: 'GET',
  path: '/api/ready',
  handler: async () => {
    const s = settings();
    const ready = await checkReadiness({ db, provider: s.database.provider, root: projectRootSetting(), redisUrl: s.redisUrl, timeoutMs: s.server.readyTimeoutMs });
    if (!ready.ok) logger.warn('not ready', { reason: ready.reason });
    return new Reply(ready.ok ? 200 : 503, ready);
  },
});

const contentChange = z.object({
  tags: z.array(z.string().min(1).max(256)).max(500).default([]),
  paths: z.array(z.string().startsWith('/').max(1000)).max(500).default([]),
  posts: z.array(z.string().min(1).max(300)).max(500).default([]),
});

/** Manage commands (another process) tell the server what content changed; the route applies it with revalidateContent. */
export const revalidateEndpoint = defineEndpoint({
  method: 'POST',
  path: '/api/revalidate',
  input: contentChange,
  bodyLimit: 200_000,
  permission: ({ header }) => {
    const refused = checkRevalidateToken(header('x-manifold-token') ?? null);
    if (refused) throw new HttpError(403, `${refused} Manage commands send the token kept in data/.revalidate-token.`);
  },
  handler: ({ input }) => ({ revalidated: input }),
  cacheEffects: ({ input }) => input,
});

type RouteMethods = ReturnType<typeof nextRoute>;

/**
 * An installed app's endpoints as a Next route file's exports, loaded on first request: when the app is not in the
 * registry every method answers 404 and the app's code is never imported (uninstalling an app uninstalls its API).
 */
export function appRoute(label: string, load: () => Promise<Parameters<typeof nextRoute>[0]>): RouteMethods {
  let routes: Promise<RouteMethods> | undefined;
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  return Object.fromEntries(
    methods.map((m) => [
      m,
      async (request: Request) => {
        if (!isInstalled(label)) return Response.json({ error: `The ${label} app is not installed.` }, { status: 404, headers: { 'cache-control': 'no-store' } });
        routes ??= load().then((endpoints) => nextRoute(endpoints));
        return (await routes)[m](request);
      },
    ]),
  ) as RouteMethods;
}
