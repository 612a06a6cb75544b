// Every core on one machine: the primary process of server.mjs when WEB_CONCURRENCY > 1. It loads neither Next nor
// the site; it forks the workers (each a whole server.mjs sharing the listening socket, and nothing else but the
// database and data/), relays cache purges and the pages they render between them (broadcast.mjs), replaces a worker
// that dies, hands them the secrets they must agree on, and on SIGTERM/SIGINT stops them all gracefully within the
// shutdown limit.
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import { redisDisplayUrl, relayPurges } from './broadcast.mjs';

/** The worker asks for its start-up values once it listens for the answer (a message sent earlier could be lost). */
export const HELLO_MESSAGE = 'manifold:hello';
const INIT_MESSAGE = 'manifold:init';

/**
 * @typedef {{ workerId: number, cronToken: string, refreshToken: string }} WorkerInit what the primary gives every
 *   worker: the same tokens for the calls a worker makes to its own address, which the kernel may hand to any worker
 *   (the scheduled-publishing timer's cron call, the page cache's background refresh of a stale page).
 */

/** A worker that dies this soon after starting counts as a crash loop, and its replacement waits longer. */
const EARLY_EXIT_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * The Node options a worker starts with: the primary's own, plus the young generation's size (`semiSpaceMb`, V8's
 * `--max-semi-space-size`) unless it is 0 or the operator already chose one (on the command line or in NODE_OPTIONS,
 * which the workers inherit). A render allocates ~0.5 MB; with V8's default 16 MB a worker collected its young objects
 * every ~30 requests, promoting the requests still in flight into the old space, whose mark-compact pauses (7–25 ms)
 * made the tail: measured on 2 cores, page cache off, 32 connections, in the runs nothing else disturbed, p99 of the
 * home page 46–87 → 29–41 ms, of a post 60–88 → 44–70 ms (README, stop 38: a modest gain within that VM's noise), for
 * up to ~150 MB more reserved per worker.
 * @param {{ semiSpaceMb: number, execArgv?: readonly string[], nodeOptions: string }} o
 * @returns {string[]}
 */
export function workerExecArgv({ semiSpaceMb, execArgv = process.execArgv, nodeOptions }) {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) => /^--max[-_]semi[-_]space[-_]size(=|$)/.test(arg));
  return semiSpaceMb > 0 && !chosen ? [...execArgv, `--max-semi-space-size=${semiSpaceMb}`] : [...execArgv];
}

/**
 * How the primary forks: structured clone on the IPC channels (the pages workers share, broadcast.mjs, go as bytes,
 * not as JSON arrays) and the workers' Node options (workerExecArgv).
 * @param {{ semiSpaceMb: number, nodeOptions: string }} o
 */
export function setupWorkers({ semiSpaceMb, nodeOptions }) {
  cluster.setupPrimary({ serialization: 'advanced', execArgv: workerExecArgv({ semiSpaceMb, nodeOptions }) });
}

/**
 * Runs the primary until it is stopped. Resolves never; exits the process.
 * @param {{ workers: number, semiSpaceMb: number, nodeOptions: string, shutdownTimeoutMs: number, host: string, port: number, mlThreads: number | undefined,
 *   redis?: { url: string, prefix: string } | null }} opts
 * @param {{ log?: (line: string) => void, error?: (line: string) => void }} [out]
 */
export async function runPrimary(opts, out = {}) {
  const log = out.log ?? ((line) => console.log(line));
  const error = out.error ?? ((line) => console.error(line));
  const cronToken = crypto.randomBytes(32).toString('hex');
  const refreshToken = crypto.randomBytes(32).toString('hex');
  // Each worker would start a pool of up to two ML threads (~60–100 MB each, their own tfjs and weights): with one
  // worker per core that is twice as many inference threads as cores, all competing with rendering. One thread per
  // worker keeps the total at one per core; MANIFOLD_ML_THREADS, when set, is taken as it is (per worker).
  /** @type {Record<string, string>} */
  const workerEnv = opts.mlThreads === undefined ? { MANIFOLD_ML_THREADS: '1' } : {};
  let stopping = false;
  let everListening = false;
  let restartDelay = 500;
  /** @type {Set<number>} */
  const listening = new Set();
  /** @type {Map<number, number>} worker id → when it was forked */
  const startedAt = new Map();

  setupWorkers(opts);
  const fork = () => {
    const w = cluster.fork(workerEnv);
    startedAt.set(w.id, Date.now());
  };

  // With REDIS_URL this primary is its machine's one instance on Redis, bridging it and the workers (broadcast.mjs).
  const remote = opts.redis ? (await import('./redis-broadcast.mjs')).redisBroadcast(opts.redis.url, { prefix: opts.redis.prefix }) : undefined;
  log(purgesLine(opts.redis, remote?.channel));
  relayPurges(/** @type {any} */ (cluster), () => /** @type {any[]} */ (Object.values(cluster.workers ?? {})), remote);
  cluster.on('message', (w, msg) => {
    if (msg && typeof msg === 'object' && msg.type === HELLO_MESSAGE) w.send({ type: INIT_MESSAGE, init: /** @type {WorkerInit} */ ({ workerId: w.id, cronToken, refreshToken }) });
  });
  cluster.on('listening', (w) => {
    listening.add(w.id);
    if (everListening || listening.size < opts.workers) return;
    everListening = true;
    const host = opts.host === '0.0.0.0' ? 'localhost' : opts.host;
    log(`Manifold ready on http://${host}:${opts.port} (${opts.workers} workers, WEB_CONCURRENCY=${opts.workers}; primary pid ${process.pid})`);
  });
  cluster.on('exit', (w, code, signal) => {
    listening.delete(w.id);
    const lived = Date.now() - (startedAt.get(w.id) ?? 0);
    startedAt.delete(w.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    // A worker that fails before the server was ever up is a configuration or build problem: every replacement
    // would fail the same way, so stop with its code instead of looping (its own error line is already printed).
    if (!everListening) {
      stopping = true;
      error(`A worker stopped before the server was ready (${signal ?? `exit code ${code}`}); stopping.`);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = code || 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code || 1);
      return;
    }
    restartDelay = lived < EARLY_EXIT_MS ? Math.min(MAX_RESTART_DELAY_MS, restartDelay * 2) : 500;
    error(`Worker ${w.id} (pid ${w.process.pid}) died (${signal ?? `exit code ${code}`}); starting a new one in ${restartDelay} ms.`);
    setTimeout(() => stopping || fork(), restartDelay);
  });

  /** @param {NodeJS.Signals} sig */
  const stop = (sig) => {
    if (stopping) return;
    stopping = true;
    remote?.close();
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit(0);
    // Each worker stops accepting, finishes its requests within the limit, and exits; the ones still there a
    // second after the limit are killed.
    for (const w of workers) w?.process.kill(sig);
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(0);
    }, opts.shutdownTimeoutMs + 1000).unref();
  };
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(sig, () => stop(sig));

  for (let i = 0; i < opts.workers; i++) fork();
}

/**
 * The start-up line saying how far a content change's purge reaches (never with the Redis password).
 * @param {{ url: string } | null | undefined} redis @param {string | undefined} channel
 */
export function purgesLine(redis, channel) {
  if (!redis) return 'purges: this machine only (REDIS_URL unset)';
  return `purges: redis ${redisDisplayUrl(redis.url)} (channel ${channel})`;
}

/**
 * In a worker: asks the primary for the start-up values and waits for them.
 * @returns {Promise<WorkerInit>}
 */
export function workerInit(proc = process) {
  return new Promise((resolve) => {
    /** @param {any} msg */
    const onMessage = (msg) => {
      if (!msg || typeof msg !== 'object' || msg.type !== INIT_MESSAGE) return;
      proc.off('message', onMessage);
      resolve(msg.init);
    };
    proc.on('message', onMessage);
    proc.send?.({ type: HELLO_MESSAGE });
  });
}
