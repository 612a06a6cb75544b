// The environment server.mjs (and the plain-ESM code it loads: the ML runtime, the logger's twin) reads, validated
// once at start-up. Plain ESM because server.mjs runs under plain Node (20, which cannot load TypeScript).
// lib/settings.ts is the one settings object of the TypeScript side and includes this module's result as
// `settings().server`, so every variable is validated by one schema: here, or in lib/settings.ts for the rest.
import os from 'node:os';
import { z } from 'zod';
import { DEFAULT_ML_RATE_LIMIT, parseRateLimit, parseTrustedProxies } from '../http-guard.mjs';

/** @param {string} name @param {number} fallback */
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
  // Caps how long any page stays fresh in the page cache (then it is served stale while one request refreshes it).
  // Content changes purge it anyway, so by default a page keeps what its route says (an hour for the blog's pages);
  // the benchmark sets a few seconds to measure expiries under load.
  MANIFOLD_PAGE_MAX_AGE_S: z.coerce
    .number({ message: 'MANIFOLD_PAGE_MAX_AGE_S must be a number of seconds' })
    .int('MANIFOLD_PAGE_MAX_AGE_S must be a whole number of seconds')
    .min(1, 'MANIFOLD_PAGE_MAX_AGE_S must be at least 1 (second)')
    .max(31_536_000, 'MANIFOLD_PAGE_MAX_AGE_S must be at most 31536000 (a year)')
    .optional(),
  MANIFOLD_FAST_PATHS: z.enum(['0', '1'], { message: 'MANIFOLD_FAST_PATHS must be 0 (everything through Next) or 1' }).default('1'),
  // A client must send its whole header block within this time (slowloris).
  MANIFOLD_HEADERS_TIMEOUT_MS: milliseconds('MANIFOLD_HEADERS_TIMEOUT_MS', 20_000),
  // ... and its whole request, body included.
  MANIFOLD_REQUEST_TIMEOUT_MS: milliseconds('MANIFOLD_REQUEST_TIMEOUT_MS', 60_000),
  // An idle keep-alive connection is closed after this; above the 60 s idle timeout of common load balancers.
  MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: milliseconds('MANIFOLD_KEEP_ALIVE_TIMEOUT_MS', 65_000),
  // A socket on which nothing moves for this long is destroyed, whatever state it is in.
  MANIFOLD_SOCKET_TIMEOUT_MS: milliseconds('MANIFOLD_SOCKET_TIMEOUT_MS', 120_000),
  // Server processes on this machine (lib/server/cluster.mjs): one per core by default (Heroku's and gunicorn's name);
  // 1 runs a single process with no primary, as before.
  WEB_CONCURRENCY: z.coerce
    .number({ message: 'WEB_CONCURRENCY must be a number of server processes' })
    .int('WEB_CONCURRENCY must be a whole number of server processes')
    .min(1, 'WEB_CONCURRENCY must be at least 1')
    .max(256, 'WEB_CONCURRENCY must be at most 256')
    .optional(),
  // The V8 young generation of each cluster worker (its semi-space, in MB; 0 leaves V8's default of 16): a page render
  // allocates ~0.5 MB, so with V8's default a worker under load collected its young objects every ~30 requests and
  // promoted the requests still in flight into the old space, whose mark-compact pauses set the tail latency.
  MANIFOLD_SEMI_SPACE_MB: z.coerce
    .number({ message: 'MANIFOLD_SEMI_SPACE_MB must be a number of megabytes (0 keeps V8\'s default)' })
    .int('MANIFOLD_SEMI_SPACE_MB must be a whole number of megabytes')
    .min(0, 'MANIFOLD_SEMI_SPACE_MB must not be negative (0 keeps V8\'s default)')
    .max(1024, 'MANIFOLD_SEMI_SPACE_MB must be at most 1024')
    .default(64),
  // How long a stopping server (SIGTERM, SIGINT) lets its requests in flight finish before it exits anyway.
  MANIFOLD_SHUTDOWN_TIMEOUT_MS: milliseconds('MANIFOLD_SHUTDOWN_TIMEOUT_MS', 10_000),
  // The longest each check of GET /api/ready (database, migrations, Redis, each app) may take before it counts as failed.
  MANIFOLD_READY_TIMEOUT_MS: milliseconds('MANIFOLD_READY_TIMEOUT_MS', 2000),
  // The logger's threshold; lib/log.ts and the ML runtime's logger (plain ESM) read the same value.
  MANIFOLD_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { message: 'MANIFOLD_LOG_LEVEL must be debug, info, warn or error' }).default('info'),
  // Set by Next and npm start; "production" switches the logger to JSON lines and check to deployment rules.
  NODE_ENV: z.string().optional(),
  // The ML worker pool (contrib/ml/runtime): plain ESM under server.mjs, so its variables are validated here.
  MANIFOLD_TF_BACKEND: z.enum(['wasm', 'cpu'], { message: 'MANIFOLD_TF_BACKEND must be wasm or cpu' }).default('wasm'),
  MANIFOLD_ML_THREADS: z.coerce
    .number({ message: 'MANIFOLD_ML_THREADS must be a number of worker threads' })
    .int('MANIFOLD_ML_THREADS must be a whole number')
    .min(1, 'MANIFOLD_ML_THREADS must be at least 1')
    .max(64, 'MANIFOLD_ML_THREADS must be at most 64')
    .optional(),
  MANIFOLD_ML_TIMEOUT_MS: milliseconds('MANIFOLD_ML_TIMEOUT_MS', 5000),
  // Where the demo models' trained files are (relative to the project), watched by the workers for new versions.
  MANIFOLD_ML_MODELS_DIR: z.string().min(1, 'MANIFOLD_ML_MODELS_DIR must be a folder').default('content/models'),
  // The ML fast path's rate limit and the proxies it believes; parsed by lib/http-guard.mjs below.
  MANIFOLD_ML_RATE_LIMIT: z.string().optional(),
  MANIFOLD_TRUSTED_PROXIES: z.string().optional(),
  MANIFOLD_ML_NICE: z.coerce
    .number({ message: 'MANIFOLD_ML_NICE must be a nice value from 0 to 19' })
    .int('MANIFOLD_ML_NICE must be a whole number from 0 to 19')
    .min(0, 'MANIFOLD_ML_NICE must be from 0 to 19')
    .max(19, 'MANIFOLD_ML_NICE must be from 0 to 19')
    .default(10),
  // The model library (contrib/ml/custom): authors' uploaded models, in a lane of their own beside the demos' pool.
  MANIFOLD_ML_CUSTOM_MAX_BYTES: z.coerce
    .number({ message: 'MANIFOLD_ML_CUSTOM_MAX_BYTES must be a number of bytes' })
    .int('MANIFOLD_ML_CUSTOM_MAX_BYTES must be a whole number of bytes')
    .min(1024, 'MANIFOLD_ML_CUSTOM_MAX_BYTES must be at least 1024')
    .max(512 * 1024 * 1024, 'MANIFOLD_ML_CUSTOM_MAX_BYTES must be at most 536870912 (512 MB)')
    .default(20 * 1024 * 1024),
  MANIFOLD_ML_CUSTOM_MAX_MFLOPS: z.coerce
    .number({ message: 'MANIFOLD_ML_CUSTOM_MAX_MFLOPS must be a number of millions of floating-point operations' })
    .positive('MANIFOLD_ML_CUSTOM_MAX_MFLOPS must be more than 0')
    .max(1_000_000, 'MANIFOLD_ML_CUSTOM_MAX_MFLOPS must be at most 1000000')
    .default(200),
  MANIFOLD_ML_CUSTOM_THREADS: z.coerce
    .number({ message: 'MANIFOLD_ML_CUSTOM_THREADS must be a number of worker threads' })
    .int('MANIFOLD_ML_CUSTOM_THREADS must be a whole number')
    .min(1, 'MANIFOLD_ML_CUSTOM_THREADS must be at least 1')
    .max(16, 'MANIFOLD_ML_CUSTOM_THREADS must be at most 16')
    .default(1),
  MANIFOLD_ML_CUSTOM_TIMEOUT_MS: milliseconds('MANIFOLD_ML_CUSTOM_TIMEOUT_MS', 5000),
  // Read by withManifold() at build time: `standalone` makes `next build` write .next/standalone (a server.js with only
  // the traced files), for a container or any host without node_modules. Vercel needs no setting: its builder packs
  // each function from the same traces itself.
  MANIFOLD_OUTPUT: z.enum(['standalone'], { message: 'MANIFOLD_OUTPUT must be standalone (or unset for the usual .next build)' }).optional(),
  // What several instances share through Redis (lib/server/broadcast.mjs, lib/server/leader.mjs, the sign-in rate
  // limits): content-change purges, the leader lock of background work, the rate-limit counts. Unset: this machine only.
  REDIS_URL: z
    .string()
    .refine((s) => /^rediss?:\/\/./.test(s), 'REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379')
    .optional(),
  // Names the purge channel and lock keys, so several sites can share one Redis (pub/sub ignores the database number).
  MANIFOLD_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'MANIFOLD_REDIS_PREFIX must be 1 to 64 letters, digits, or _ . : -')
    .default('manifold'),
};

const serverEnvSchema = z
  .object({
    PORT: z.coerce.number({ message: 'PORT must be a number' }).int().min(1).max(65535).default(3000),
    SITE_URL: z.url({ message: 'SITE_URL must be an absolute URL such as https://blog.example.com' }).optional(),
    // Validated in full by lib/settings.ts (lib/database-url.ts); here only to know whether it names PostgreSQL.
    DATABASE_URL: z.string().optional(),
    // Node's own; read only to see whether the operator chose the workers' young generation there (cluster.mjs).
    NODE_OPTIONS: z.string().optional(),
    ...serverEnvShape,
  })
  .refine((e) => e.MANIFOLD_HEADERS_TIMEOUT_MS <= e.MANIFOLD_REQUEST_TIMEOUT_MS, {
    message: 'MANIFOLD_HEADERS_TIMEOUT_MS must not be larger than MANIFOLD_REQUEST_TIMEOUT_MS',
    path: ['MANIFOLD_HEADERS_TIMEOUT_MS'],
  });

export class ServerSettingsError extends Error {}

/**
 * @typedef {{ replacement: string, since: string, removedIn: string }} DeprecatedSetting
 */

/**
 * Renamed environment variables (Django's deprecation timeline): the old name keeps working, with a warning, from
 * `since` until the release `removedIn`. Both settings loaders read through applyDeprecatedSettings(), and
 * `manage check` reports each old name still set (settings.W003). Add an entry when renaming a variable here or in
 * lib/settings.ts, and keep a README row for the old name until it goes.
 * @type {Readonly<Record<string, DeprecatedSetting>>}
 */
export const DEPRECATED_SETTINGS = Object.freeze({});

/** Old names already warned about in this process: the warning is said once, however often settings are read. */
const warned = new Set();

/**
 * @param {string} name @param {DeprecatedSetting} d
 * @returns {string} the one line check and the loaders print
 */
export function deprecationMessage(name, d) {
  return `${name} is deprecated since manifold ${d.since} and will be removed in ${d.removedIn}: rename it to ${d.replacement}.`;
}

/**
 * The deprecated names set in env (non-empty), with what replaces them and whether the new name is set too (then
 * the old value is ignored).
 * @param {Record<string, string | undefined>} [env] @param {Readonly<Record<string, DeprecatedSetting>>} [table]
 * @returns {{ name: string, deprecation: DeprecatedSetting, ignored: boolean }[]}
 */
export function deprecatedSettingsInUse(env = process.env, table = DEPRECATED_SETTINGS) {
  return Object.entries(table)
    .filter(([name]) => env[name] !== undefined && env[name] !== '')
    .map(([name, deprecation]) => ({ name, deprecation, ignored: env[deprecation.replacement] !== undefined && env[deprecation.replacement] !== '' }));
}

/**
 * env with each deprecated name's value given to its replacement when only the old name is set; warns once per name
 * on stderr (plain ESM reads settings before any logger can exist). The given object is not changed.
 * @param {Record<string, string | undefined>} env @param {Readonly<Record<string, DeprecatedSetting>>} [table]
 * @returns {Record<string, string | undefined>}
 */
export function applyDeprecatedSettings(env, table = DEPRECATED_SETTINGS) {
  const used = deprecatedSettingsInUse(env, table);
  if (used.length === 0) return env;
  const out = { ...env };
  for (const { name, deprecation, ignored } of used) {
    if (!ignored) out[deprecation.replacement] = env[name];
    if (!warned.has(name)) {
      warned.add(name);
      process.stderr.write(`Warning: ${deprecationMessage(name, deprecation)}${ignored ? ` (${deprecation.replacement} is set too, so ${name} is ignored)` : ''}\n`);
    }
  }
  return out;
}

const singleShape = { PORT: z.coerce.number().int().min(1).max(65535).default(3000), ...serverEnvShape };

/**
 * One server variable, read and validated with the same schema as loadServerSettings(), for code that reads a
 * setting where it is used: the logger (per call, so a level set after import counts), a worker thread, the model
 * code. An invalid value gives the default here: loadServerSettings() at start-up is what refuses it, with one line.
 * @template {keyof typeof singleShape} K
 * @param {K} name @param {Record<string, string | undefined>} [env]
 * @returns {import('zod').infer<(typeof singleShape)[K]>}
 */
export function serverSetting(name, env = process.env) {
  const schema = singleShape[name];
  const current = applyDeprecatedSettings(env);
  const value = current[name] === '' ? undefined : current[name];
  const parsed = schema.safeParse(value);
  return /** @type {any} */ (parsed.success ? parsed.data : schema.safeParse(undefined).data);
}

/** The variables this module reads (the settings-guard test and the README table check them all). */
export const SERVER_VARIABLES = ['PORT', 'SITE_URL', 'DATABASE_URL', 'NODE_OPTIONS', ...Object.keys(serverEnvShape), ...Object.keys(DEPRECATED_SETTINGS)];

/**
 * @typedef {{ port: number, host: string, https: boolean, pageCacheBytes: number, fastPaths: boolean,
 *   headersTimeoutMs: number, requestTimeoutMs: number, keepAliveTimeoutMs: number, socketTimeoutMs: number,
 *   workers: number, semiSpaceMb: number, nodeOptions: string, shutdownTimeoutMs: number, readyTimeoutMs: number, pageMaxAgeSeconds: number | undefined,
 *   logLevel: 'debug' | 'info' | 'warn' | 'error', production: boolean, output: 'standalone' | undefined,
 *   ml: { backend: 'wasm' | 'cpu', threads: number | undefined, timeoutMs: number, nice: number },
 *   mlCustom: { maxBytes: number, maxMflops: number, threads: number, timeoutMs: number },
 *   mlRateLimit: { points: number, seconds: number } | null, trustedProxies: string[],
 *   redis: { url: string, prefix: string } | null, postgresUrl: string | null }} ServerSettings
 */

/** @param {Record<string, string | undefined>} env @returns {ServerSettings} */
export function loadServerSettings(env = process.env) {
  // An empty variable counts as unset, as a shell's `X= cmd` means; a renamed variable still counts under its new name.
  const given = Object.fromEntries(Object.entries(applyDeprecatedSettings(env)).filter(([, v]) => v !== ''));
  const parsed = serverEnvSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServerSettingsError(`${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  /** @param {string} name @param {() => T} parse @returns {T} @template T */
  const guarded = (name, parse) => {
    try {
      return parse();
    } catch (err) {
      throw new ServerSettingsError(`${name}: ${/** @type {Error} */ (err).message}`);
    }
  };
  return {
    port: e.PORT,
    host: e.HOST,
    https: e.SITE_URL?.startsWith('https:') ?? false,
    pageCacheBytes: Math.floor(e.MANIFOLD_PAGE_CACHE_MB * 1024 * 1024),
    pageMaxAgeSeconds: e.MANIFOLD_PAGE_MAX_AGE_S,
    fastPaths: e.MANIFOLD_FAST_PATHS === '1',
    headersTimeoutMs: e.MANIFOLD_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.MANIFOLD_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.MANIFOLD_KEEP_ALIVE_TIMEOUT_MS,
    socketTimeoutMs: e.MANIFOLD_SOCKET_TIMEOUT_MS,
    workers: e.WEB_CONCURRENCY ?? os.availableParallelism(),
    semiSpaceMb: e.MANIFOLD_SEMI_SPACE_MB,
    nodeOptions: e.NODE_OPTIONS ?? '',
    shutdownTimeoutMs: e.MANIFOLD_SHUTDOWN_TIMEOUT_MS,
    readyTimeoutMs: e.MANIFOLD_READY_TIMEOUT_MS,
    logLevel: e.MANIFOLD_LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    output: e.MANIFOLD_OUTPUT,
    ml: { backend: e.MANIFOLD_TF_BACKEND, threads: e.MANIFOLD_ML_THREADS, timeoutMs: e.MANIFOLD_ML_TIMEOUT_MS, nice: e.MANIFOLD_ML_NICE },
    mlCustom: {
      maxBytes: e.MANIFOLD_ML_CUSTOM_MAX_BYTES,
      maxMflops: e.MANIFOLD_ML_CUSTOM_MAX_MFLOPS,
      threads: e.MANIFOLD_ML_CUSTOM_THREADS,
      timeoutMs: e.MANIFOLD_ML_CUSTOM_TIMEOUT_MS,
    },
    mlRateLimit: guarded('MANIFOLD_ML_RATE_LIMIT', () => parseRateLimit(e.MANIFOLD_ML_RATE_LIMIT, DEFAULT_ML_RATE_LIMIT)),
    trustedProxies: guarded('MANIFOLD_TRUSTED_PROXIES', () => parseTrustedProxies(e.MANIFOLD_TRUSTED_PROXIES)),
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.MANIFOLD_REDIS_PREFIX } : null,
    // For what needs a PostgreSQL session of its own (lib/server/leader.mjs' advisory lock when there is no Redis).
    postgresUrl: e.DATABASE_URL && /^postgres(ql)?:\/\//.test(e.DATABASE_URL) ? e.DATABASE_URL : null,
  };
}

/**
 * The project folder the framework serves (MANIFOLD_ROOT, else the working directory): read before anything else can
 * be validated, by the production server, the module hooks and withManifold().
 * @param {Record<string, string | undefined>} [env]
 */
export function projectRoot(env = process.env) {
  return env.MANIFOLD_ROOT || process.cwd();
}
