// The installed apps' readiness probes (their Node hooks' `readiness()`), kept on globalThis by server.mjs so the
// /api/ready route, which runs in the same process but in Next's bundle (its own copy of every module), asks the very
// pool server.mjs started rather than a second copy that never started. Plain ESM: server.mjs loads it.

const KEY = '__manifoldReadiness';

/**
 * What a probe answers: ok, and a short human detail ("3 models loaded", "the model workers are still loading").
 * @typedef {{ ok: boolean, detail?: string }} AppReadiness
 * @typedef {{ label: string, probe: () => AppReadiness | Promise<AppReadiness> }} ReadinessProbe
 */

/**
 * Registers the probes of the apps whose hooks export `readiness()` (server.mjs calls it once its hooks are loaded).
 * @param {readonly { label: string, hooks: { readiness?: () => AppReadiness | Promise<AppReadiness> } }[]} apps
 */
export function registerAppReadiness(apps) {
  /** @type {ReadinessProbe[]} */
  const probes = [];
  for (const { label, hooks } of apps) {
    const readiness = hooks.readiness;
    if (typeof readiness === 'function') probes.push({ label, probe: () => readiness() });
  }
  /** @type {Record<string, unknown>} */ (globalThis)[KEY] = probes;
  return probes;
}

/**
 * The registered probes, or null when no server.mjs registered any in this process (`next start`, a platform such as
 * Vercel, where each function loads what it needs on its first request).
 * @returns {ReadinessProbe[] | null}
 */
export function appReadinessProbes() {
  const probes = /** @type {Record<string, unknown>} */ (globalThis)[KEY];
  return Array.isArray(probes) ? /** @type {ReadinessProbe[]} */ (probes) : null;
}

/** Forgets the registered probes (tests). */
export function clearAppReadiness() {
  delete (/** @type {Record<string, unknown>} */ (globalThis)[KEY]);
}

/**
 * `work` within `ms`, else a rejection saying what timed out: a readiness check must answer, never hang on a database
 * or a Redis that does not answer. The work itself is not cancelled (a driver keeps its own timeouts).
 * @template T @param {Promise<T>} work @param {number} ms @param {string} what
 * @returns {Promise<T>}
 */
export function withTimeout(work, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([work, timeout]).finally(() => clearTimeout(timer)));
}
