// The site's own endpoints (lib/endpoint.mjs declarations): GET /api/health and POST /api/revalidate. Neither is
// fast: health asks the database through Prisma and revalidation changes Next's cache, both Next's business.
import 'server-only';
import { z } from 'zod';
import { defineEndpoint, nextRoute, Reply } from './endpoint.mjs';
import { isInstalled } from '@site/.manifold/registry.client';
import { checkHealth } from './health';
import { HttpError } from './http-guard.mjs';
import { checkRevalidateToken } from './revalidation';

export const healthEndpoint = defineEndpoint({
  method: 'GET',
  path: '/api/health',
  handler: async () => {
    const health = await checkHealth();
    return new Reply(health.ok ? 200 : 503, health);
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
