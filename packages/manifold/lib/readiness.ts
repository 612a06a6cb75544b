// Readiness (GET /api/ready): whether this process can serve real traffic now, as a load balancer or an orchestrator
// asks before sending it any. /api/health stays liveness (is the process up; it asks nothing of the database): cheap,
// for restarts. Every check here has a time limit (MANIFOLD_READY_TIMEOUT_MS), so an unreachable database or Redis
// gives a 503 with a reason, never a probe that hangs.
import { Redis } from 'ioredis';
import type { Db } from './db';
import { listMigrationNames } from './migration-files';
import type { Provider } from './schema';
import { appReadinessProbes, withTimeout } from './server/readiness.mjs';

export interface CheckResult {
  ok: boolean;
  /** How long the check took (ms). */
  ms: number;
  /** Why it is not ok, or what was found. */
  detail?: string;
  /** Not run, and why (no REDIS_URL, the database is unreachable). */
  skipped?: string;
  [extra: string]: unknown;
}

export interface Readiness {
  ok: boolean;
  /** The first failing check's reason, for the 503's body and the log. */
  reason?: string;
  checks: {
    database: CheckResult;
    migrations: CheckResult;
    redis: CheckResult;
    /** Each installed app's own probe (its Node hooks' readiness()), by label. */
    apps: Record<string, CheckResult>;
  };
}

export interface ReadinessOptions {
  db: Db;
  provider: Provider;
  /** The project whose prisma/migrations/<provider>/ the database is compared with. */
  root: string;
  redisUrl?: string;
  timeoutMs: number;
}

/** The first line of an error, short: enough for an operator, never a stack or a page of driver output. */
function errorLine(err: unknown): string {
  const line = (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim()) ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

type Outcome = { ok: boolean; detail?: string; [extra: string]: unknown };

async function timed(work: () => Promise<Outcome>, timeoutMs: number, what: string): Promise<CheckResult> {
  const start = performance.now();
  let result: Outcome;
  try {
    result = await withTimeout(work(), timeoutMs, what);
  } catch (err) {
    result = { ok: false, detail: errorLine(err) };
  }
  return { ...result, ms: Math.round(performance.now() - start) };
}

/** The names of the migrations recorded as applied (finished, not rolled back); [] when the table does not exist yet. */
async function appliedMigrations(db: Db, provider: Provider): Promise<string[]> {
  const exists =
    provider === 'sqlite'
      ? await db.$queryRawUnsafe<{ n: unknown }[]>("SELECT 1 AS n FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
      : await db.$queryRawUnsafe<{ n: unknown }[]>("SELECT 1 AS n WHERE to_regclass('_prisma_migrations') IS NOT NULL");
  if (!exists.length) return [];
  const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM _prisma_migrations WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
  );
  return rows.map((r) => r.migration_name);
}

/** PING on a connection of its own, closed afterwards; no retry, no offline queue: an answer or an error, quickly. */
async function pingRedis(url: string, timeoutMs: number): Promise<string> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than the "Connection is closed." connect() rejects with.
  let socketError: Error | undefined;
  client.on('error', (err: Error) => (socketError ??= err));
  try {
    await client.connect().catch((err: Error) => {
      throw socketError ?? err;
    });
    return await client.ping();
  } finally {
    client.disconnect();
  }
}

/** Runs every check (in parallel where they are independent) and says whether the process is ready. */
export async function checkReadiness(opts: ReadinessOptions): Promise<Readiness> {
  const { db, provider, root, redisUrl, timeoutMs } = opts;
  const database = timed(async () => {
    await db.$queryRawUnsafe('SELECT 1');
    return { ok: true, provider };
  }, timeoutMs, 'The database');
  const migrations = database.then((d) =>
    !d.ok
      ? { ok: false, ms: 0, skipped: 'the database is unreachable' }
      : timed(async () => {
          const shipped = listMigrationNames(provider, root);
          if (!shipped.length) return { ok: false, detail: `no migrations are shipped for ${provider} (prisma/migrations/${provider} is missing or empty)` };
          const applied = new Set(await appliedMigrations(db, provider));
          const pending = shipped.filter((n) => !applied.has(n));
          return pending.length
            ? { ok: false, detail: `${pending.length} migration(s) not applied: ${pending.slice(0, 5).join(', ')}${pending.length > 5 ? ', …' : ''}; run \`manage migrate\``, pending }
            : { ok: true, applied: shipped.length };
        }, timeoutMs, 'The migrations table'),
  );
  const redis: Promise<CheckResult> = redisUrl
    ? timed(async () => ({ ok: (await pingRedis(redisUrl, timeoutMs)) === 'PONG' }), timeoutMs, 'Redis')
    : Promise.resolve({ ok: true, ms: 0, skipped: 'REDIS_URL is not set' });
  const probes = appReadinessProbes() ?? [];
  const apps = Promise.all(
    probes.map(async ({ label, probe }) => [label, await timed(async () => probe(), timeoutMs, `The ${label} app's readiness`)] as const),
  ).then((entries) => Object.fromEntries(entries));

  const checks = { database: await database, migrations: await migrations, redis: await redis, apps: await apps };
  const failures: string[] = [];
  // Migrations are not read when the database is unreachable: that is said once, by the database.
  if (!checks.database.ok) failures.push(`database unreachable: ${checks.database.detail}`);
  else if (!checks.migrations.ok) failures.push(`migrations pending: ${checks.migrations.detail}`);
  if (!checks.redis.ok) failures.push(`redis unreachable: ${checks.redis.detail ?? 'no PONG'}`);
  for (const [label, r] of Object.entries(checks.apps)) if (!r.ok) failures.push(`${label} not ready: ${r.detail ?? 'not ready'}`);
  return failures.length ? { ok: false, reason: failures.join('; '), checks } : { ok: true, checks };
}
