// The one settings object, read from the environment and validated once at start-up. Every environment variable the
// project reads is declared here or in lib/server/settings.mjs (what plain-Node server.mjs needs; merged below as
// `server`), and listed in the README's settings table; lib/tests/settings-guard.test.ts keeps it so.
import path from 'node:path';
import { z } from 'zod';
import { DatabaseUrlError, parseDatabaseUrl, type DatabaseTarget } from './database-url';
// server.mjs runs under plain Node and cannot load this file; its variables are validated in one .mjs module, read here too.
import { applyDeprecatedSettings, loadServerSettings, projectRoot, SERVER_VARIABLES, ServerSettingsError, type ServerSettings } from './server/settings.mjs';

export { DEPRECATED_SETTINGS, deprecatedSettingsInUse, deprecationMessage } from './server/settings.mjs';

export class SettingsError extends Error {}

const envSchema = z.object({
  DATABASE_URL: z.string().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SITE_URL: z.url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' }).optional(),
  AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters').optional(),
  DATABASE_POOL_SIZE: z.coerce
    .number({ message: 'DATABASE_POOL_SIZE must be a number of connections' })
    .int('DATABASE_POOL_SIZE must be a whole number')
    .min(1, 'DATABASE_POOL_SIZE must be at least 1')
    .max(1000, 'DATABASE_POOL_SIZE must be at most 1000')
    .default(10),
  // Shorter secrets are refused: a blank or short value must never let an empty or guessable header in.
  MANIFOLD_REVALIDATE_TOKEN: z
    .string()
    .transform((s) => s.trim())
    .refine((s) => s === '' || Buffer.byteLength(s) >= 32, 'MANIFOLD_REVALIDATE_TOKEN must be at least 32 bytes; unset it to use data/.revalidate-token')
    .optional(),
  // createsuperuser --no-input and changepassword --no-input (Django's DJANGO_SUPERUSER_* variables).
  MANIFOLD_SUPERUSER_EMAIL: z.string().optional(),
  MANIFOLD_SUPERUSER_NAME: z.string().optional(),
  MANIFOLD_SUPERUSER_PASSWORD: z.string().optional(),
  MANIFOLD_PASSWORD: z.string().optional(),
  // The project folder when manage runs from elsewhere (tests, tools); the working directory otherwise.
  MANIFOLD_ROOT: z.string().min(1).optional(),
  MANIFOLD_DEBUG: z.string().optional(),
  CI: z.string().optional(),
  // Sign-in (contrib/accounts): the mail transport of password-reset links, and the OAuth providers (each switched on
  // by setting both of its variables). REDIS_URL, which also holds the sign-in rate limits, is a server setting.
  EMAIL_URL: z
    .string()
    .refine((s) => /^smtps?:\/\/./.test(s), 'EMAIL_URL must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587')
    .optional(),
  EMAIL_FROM: z.string().optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  GOOGLE_ID: z.string().optional(),
  GOOGLE_SECRET: z.string().optional(),
  // Set by Vercel: no persistent disk there, so AUTH_SECRET cannot be generated into data/ and must be given.
  VERCEL: z.string().optional(),
  // The post editor and the media library (contrib/blog/editor, contrib/media).
  MANIFOLD_COMPILE_TIMEOUT_MS: z.coerce
    .number({ message: 'MANIFOLD_COMPILE_TIMEOUT_MS must be a number of milliseconds' })
    .int('MANIFOLD_COMPILE_TIMEOUT_MS must be a whole number')
    .min(500, 'MANIFOLD_COMPILE_TIMEOUT_MS must be at least 500')
    .max(120000, 'MANIFOLD_COMPILE_TIMEOUT_MS must be at most 120000')
    .default(10000),
  MANIFOLD_SETUP_TOKEN: z
    .string()
    .refine((s) => s === '' || s.trim().length >= 20, 'MANIFOLD_SETUP_TOKEN must be at least 20 characters (e.g. openssl rand -base64 24)')
    .optional(),
  CRON_SECRET: z
    .string()
    .refine((s) => s === '' || s.length >= 16, 'CRON_SECRET must be at least 16 characters')
    .optional(),
  MEDIA_STORAGE: z.enum(['local', 's3'], { message: 'MEDIA_STORAGE must be local or s3' }).default('local'),
  MEDIA_ROOT: z.string().min(1).optional(),
  MEDIA_MAX_BYTES: z.coerce
    .number({ message: 'MEDIA_MAX_BYTES must be a number of bytes' })
    .int('MEDIA_MAX_BYTES must be a whole number')
    .min(1024, 'MEDIA_MAX_BYTES must be at least 1024')
    .max(200 * 1024 * 1024, 'MEDIA_MAX_BYTES must be at most 209715200 (200 MB)')
    .default(20 * 1024 * 1024),
  S3_ENDPOINT: z.url({ message: 'S3_ENDPOINT must be an absolute URL such as https://s3.ap-northeast-2.amazonaws.com' }).optional(),
  S3_REGION: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
});

/** Every environment variable the project reads (the settings-guard test checks the README lists them all). */
export const SETTINGS_VARIABLES: readonly string[] = [...new Set([...Object.keys(envSchema.shape), ...SERVER_VARIABLES])];

/** A flag variable: set and not "0"/"false". */
const flag = (v: string | undefined) => v !== undefined && !['', '0', 'false'].includes(v.trim().toLowerCase());

/**
 * What the manage runner needs before (and whether or not) the rest of the environment validates: `manage help`
 * must work, and a configuration error must still be explained, with a broken DATABASE_URL.
 */
export function cliSettings(env: Record<string, string | undefined> = process.env): { ci: boolean; debug: boolean } {
  return { ci: flag(env.CI), debug: flag(env.MANIFOLD_DEBUG) };
}

/** The project folder (MANIFOLD_ROOT, else the working directory); read before anything else can be validated. */
export function projectRootSetting(env: Record<string, string | undefined> = process.env): string {
  return projectRoot(env);
}


export interface Settings {
  database: DatabaseTarget;
  port: number;
  siteUrl: string;
  authSecret?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** NODE_ENV is "production". */
  production: boolean;
  /** The shared secret of POST /api/revalidate when set; otherwise lib/revalidation.ts keeps one in data/. */
  revalidateToken?: string;
  /** createsuperuser --no-input's answers. */
  superuser: { email?: string; name?: string; password?: string };
  /** changepassword --no-input's new password. */
  newPassword?: string;
  /** What server.mjs reads: page cache size, fast paths, timeouts (lib/server/settings.mjs). */
  server: ServerSettings;
  /** Requests per window per client address for POST /api/ml/*; null when off. */
  mlRateLimit: { points: number; seconds: number } | null;
  /** Proxies whose X-Forwarded-For is believed; none by default. */
  trustedProxies: string[];
  /** SITE_URL was given (not derived from PORT): sign-in links and OAuth callbacks use it rather than the Host header. */
  siteUrlConfigured: boolean;
  /** Sign-in rate limits are kept here when set (several processes), in memory otherwise. */
  redisUrl?: string;
  /** SMTP transport for password-reset mail; unset means the link is printed to the server log. */
  emailUrl?: string;
  /** The From of that mail (default: no-reply at SITE_URL's host). */
  emailFrom: string;
  /** Running on Vercel (no persistent disk: secrets cannot be kept in data/). */
  vercel: boolean;
  /** The OAuth providers whose two variables are set. */
  oauth: { github?: { id: string; secret: string }; google?: { id: string; secret: string } };
  /** How long one MDX compile may take in the compile pool before it is stopped and refused (ms). */
  compileTimeoutMs: number;
  /** The first-run setup token shared by every instance (MANIFOLD_SETUP_TOKEN); unset: each machine makes data/.setup-token. */
  setupToken?: string;
  /** The shared secret of the cron routes (Vercel sends it as `Authorization: Bearer <CRON_SECRET>`); unset: cron routes refuse. */
  cronSecret?: string;
  /** Where uploads are kept: the local disk (root: MEDIA_ROOT, default data/media) or an S3-compatible bucket. */
  media: {
    storage: 'local' | 's3';
    root: string;
    maxBytes: number;
    s3?: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  };
}

/** The S3 variables, all required when MEDIA_STORAGE=s3 (and ignored otherwise). */
function s3Settings(e: z.infer<typeof envSchema>): Settings['media']['s3'] {
  if (e.MEDIA_STORAGE !== 's3') return undefined;
  const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k]?.trim());
  if (missing.length) throw new SettingsError(`MEDIA_STORAGE=s3 needs ${missing.join(', ')}`);
  return {
    endpoint: e.S3_ENDPOINT!.replace(/\/$/, ''),
    region: e.S3_REGION?.trim() || 'us-east-1',
    bucket: e.S3_BUCKET!.trim(),
    accessKeyId: e.S3_ACCESS_KEY_ID!.trim(),
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!.trim(),
  };
}

/** Both variables of a provider, or neither: one alone is a mistake worth stopping for. */
function oauthPair(name: string, id: string | undefined, secret: string | undefined): { id: string; secret: string } | undefined {
  const i = id?.trim();
  const s = secret?.trim();
  if (!i && !s) return undefined;
  if (!i || !s) throw new SettingsError(`${name}_ID and ${name}_SECRET must be set together (only ${i ? `${name}_ID` : `${name}_SECRET`} is set)`);
  return { id: i, secret: s };
}

export function loadSettings(given: Record<string, string | undefined> = process.env, root = process.cwd()): Settings {
  // A renamed variable (DEPRECATED_SETTINGS) still counts under its new name, with a warning.
  const env = applyDeprecatedSettings(given);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SettingsError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  let database: DatabaseTarget;
  try {
    database = parseDatabaseUrl(e.DATABASE_URL, root);
    if (database.provider === 'postgresql') database = { ...database, poolSize: e.DATABASE_POOL_SIZE };
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
    logLevel: server.logLevel,
    production: server.production,
    revalidateToken: e.MANIFOLD_REVALIDATE_TOKEN || undefined,
    superuser: { email: e.MANIFOLD_SUPERUSER_EMAIL, name: e.MANIFOLD_SUPERUSER_NAME, password: e.MANIFOLD_SUPERUSER_PASSWORD },
    newPassword: e.MANIFOLD_PASSWORD,
    server,
    mlRateLimit: server.mlRateLimit,
    trustedProxies: server.trustedProxies,
    siteUrlConfigured: e.SITE_URL !== undefined,
    redisUrl: server.redis?.url,
    emailUrl: e.EMAIL_URL || undefined,
    emailFrom: e.EMAIL_FROM?.trim() || `no-reply@${new URL(e.SITE_URL ?? 'http://localhost').hostname}`,
    vercel: flag(e.VERCEL),
    oauth: { github: oauthPair('GITHUB', e.GITHUB_ID, e.GITHUB_SECRET), google: oauthPair('GOOGLE', e.GOOGLE_ID, e.GOOGLE_SECRET) },
    compileTimeoutMs: e.MANIFOLD_COMPILE_TIMEOUT_MS,
    cronSecret: e.CRON_SECRET?.trim() || undefined,
    setupToken: e.MANIFOLD_SETUP_TOKEN?.trim() || undefined,
    media: {
      storage: e.MEDIA_STORAGE,
      root: path.resolve(root, e.MEDIA_ROOT ?? path.join('data', 'media')),
      maxBytes: e.MEDIA_MAX_BYTES,
      s3: s3Settings(e),
    },
  };
}

/**
 * next-auth 4 takes its own address from NEXTAUTH_URL, or from the Host header when AUTH_TRUST_HOST is set: both
 * are derived here from SITE_URL (the Host header is trusted only when SITE_URL is not given, as in development).
 */
export function exportAuthEnvironment(s: Settings = settings()): void {
  if (s.siteUrlConfigured) process.env.NEXTAUTH_URL = `${s.siteUrl}/api/auth`;
  else process.env.AUTH_TRUST_HOST = '1';
}

let cached: Settings | undefined;
export function settings(): Settings {
  cached ??= loadSettings();
  return cached;
}
