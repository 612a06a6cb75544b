// The environment server.mjs reads, validated once at start-up. Plain ESM because server.mjs runs under plain Node
// (20, which cannot load TypeScript); lib/settings.ts merges the same schema, so the app and the server agree.
import { z } from 'zod';

const milliseconds = (name, fallback) =>
  z.coerce
    .number({ message: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(100, `${name} must be at least 100 (milliseconds)`)
    .max(3_600_000, `${name} must be at most 3600000 (one hour)`)
    .default(fallback);

export const serverEnvShape = {
  HOST: z.string().min(1).default('0.0.0.0'),
  MANIFOLD_PAGE_CACHE_MB: z.coerce
    .number({ message: 'MANIFOLD_PAGE_CACHE_MB must be a number of megabytes (0 disables the page cache)' })
    .min(0, 'MANIFOLD_PAGE_CACHE_MB must not be negative (0 disables the page cache)')
    .max(65_536, 'MANIFOLD_PAGE_CACHE_MB must be at most 65536')
    .default(64),
  MANIFOLD_FAST_PATHS: z.enum(['0', '1'], { message: 'MANIFOLD_FAST_PATHS must be 0 (everything through Next) or 1' }).default('1'),
  // A client must send its whole header block within this time (slowloris).
  MANIFOLD_HEADERS_TIMEOUT_MS: milliseconds('MANIFOLD_HEADERS_TIMEOUT_MS', 20_000),
  // ... and its whole request, body included.
  MANIFOLD_REQUEST_TIMEOUT_MS: milliseconds('MANIFOLD_REQUEST_TIMEOUT_MS', 60_000),
  // An idle keep-alive connection is closed after this; above the 60 s idle timeout of common load balancers.
  MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: milliseconds('MANIFOLD_KEEP_ALIVE_TIMEOUT_MS', 65_000),
  // A socket on which nothing moves for this long is destroyed, whatever state it is in.
  MANIFOLD_SOCKET_TIMEOUT_MS: milliseconds('MANIFOLD_SOCKET_TIMEOUT_MS', 120_000),
};

const serverEnvSchema = z
  .object({
    PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(1).max(65535).default(3000),
    SITE_URL: z.url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' }).optional(),
    ...serverEnvShape,
  })
  .refine((e) => e.MANIFOLD_HEADERS_TIMEOUT_MS <= e.MANIFOLD_REQUEST_TIMEOUT_MS, {
    message: 'MANIFOLD_HEADERS_TIMEOUT_MS must not be larger than MANIFOLD_REQUEST_TIMEOUT_MS',
    path: ['MANIFOLD_HEADERS_TIMEOUT_MS'],
  });

export class ServerSettingsError extends Error {}

/**
 * @typedef {{ port: number, host: string, https: boolean, pageCacheBytes: number, fastPaths: boolean,
 *   headersTimeoutMs: number, requestTimeoutMs: number, keepAliveTimeoutMs: number, socketTimeoutMs: number }} ServerSettings
 */

/** @param {Record<string, string | undefined>} env @returns {ServerSettings} */
export function loadServerSettings(env = process.env) {
  // An empty variable counts as unset, as a shell's `X= cmd` means.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = serverEnvSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServerSettingsError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    https: e.SITE_URL?.startsWith('https:') ?? false,
    pageCacheBytes: Math.floor(e.MANIFOLD_PAGE_CACHE_MB * 1024 * 1024),
    fastPaths: e.MANIFOLD_FAST_PATHS === '1',
    headersTimeoutMs: e.MANIFOLD_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.MANIFOLD_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.MANIFOLD_KEEP_ALIVE_TIMEOUT_MS,
    socketTimeoutMs: e.MANIFOLD_SOCKET_TIMEOUT_MS,
  };
}
