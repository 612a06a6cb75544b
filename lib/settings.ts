// The one settings object, read from the environment and validated once at start-up.
import { z } from 'zod';
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from './database-url';
// server.mjs runs under plain Node and cannot load this file; its variables are validated in one .mjs module, read here too.
import { loadServerSettings, ServerSettingsError, type ServerSettings } from './server/settings.mjs';

export class SettingsError extends Error {}

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SITE_URL: z.url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' }).optional(),
  AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters').optional(),
  MANIFOLD_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

export interface Settings {
  database: DatabaseTarget;
  port: number;
  siteUrl: string;
  authSecret?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** What server.mjs reads: page cache size, fast paths, timeouts (lib/server/settings.mjs). */
  server: ServerSettings;
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
  return {
    database,
    port: e.PORT,
    siteUrl: (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    authSecret: e.AUTH_SECRET,
    logLevel: e.MANIFOLD_LOG_LEVEL,
    server,
  };
}

let cached: Settings | undefined;
export function settings(): Settings {
  cached ??= loadSettings();
  return cached;
}
