// The one settings object, read from the environment and validated once at start-up.
import { z } from 'zod';
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from './database-url';
// server.mjs runs under plain Node and cannot load this file; its variables are validated in one .mjs module, read here too.
import { loadServerSettings, ServerSettingsError, type ServerSettings } from './server/settings.mjs';
import { DEFAULT_ML_RATE_LIMIT, parseRateLimit, parseTrustedProxies } from './http-guard.mjs';

export class SettingsError extends Error {}

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SITE_URL: z.url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' }).optional(),
  AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters').optional(),
  MANIFOLD_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  MANIFOLD_ML_RATE_LIMIT: z.string().optional(),
  MANIFOLD_TRUSTED_PROXIES: z.string().optional(),
});


export interface Settings {
  database: DatabaseTarget;
  port: number;
  siteUrl: string;
  authSecret?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** What server.mjs reads: page cache size, fast paths, timeouts (lib/server/settings.mjs). */
  server: ServerSettings;
  /** Requests per window per client address for POST /api/ml/*; null when off. */
  mlRateLimit: { points: number; seconds: number } | null;
  /** Proxies whose X-Forwarded-For is believed; none by default. */
  trustedProxies: string[];
}

export function loadSettings(env: Record<string, string | undefined> = process.env, root = process.cwd()): Settings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(e.DATABASE_URL, root);
  } catch (err) {
    if (err instanceof DatabaseUrlError) throw new SettingsError(err.message);
    throw err;
  }
  let server: ServerSettings;
  try {
    server = loadServerSettings(env);
  } catch (err) {
    if (err instanceof ServerSettingsError) throw new SettingsError(err.message);
    throw err;
  }
  // The ML fast path in server.mjs is plain ESM and cannot import this file; it parses the same variables with the
  // same functions (lib/http-guard.mjs), and validating them here stops a bad value at start-up with one message.
  let mlRateLimit: Settings['mlRateLimit'];
  let trustedProxies: string[];
  try {
    mlRateLimit = parseRateLimit(e.MANIFOLD_ML_RATE_LIMIT, DEFAULT_ML_RATE_LIMIT);
  } catch (err) {
    throw new SettingsError(`MANIFOLD_ML_RATE_LIMIT: ${(err as Error).message}`);
  }
  try {
    trustedProxies = parseTrustedProxies(e.MANIFOLD_TRUSTED_PROXIES);
  } catch (err) {
    throw new SettingsError(`MANIFOLD_TRUSTED_PROXIES: ${(err as Error).message}`);
  }
  return {
    database,
    port: e.PORT,
    siteUrl: (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    authSecret: e.AUTH_SECRET,
    logLevel: e.MANIFOLD_LOG_LEVEL,
    server,
    mlRateLimit,
    trustedProxies,
  };
}

let cached: Settings | undefined;
export function settings(): Settings {
  cached ??= loadSettings();
  return cached;
}
