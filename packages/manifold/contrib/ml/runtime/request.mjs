// The demo-model API's per-client rate limit: one bucket per client address for every POST under /api/ml, from
// MANIFOLD_ML_RATE_LIMIT and MANIFOLD_TRUSTED_PROXIES (parsed by the same functions lib/settings.ts validates them
// with at start-up; this plain module, loaded by server.mjs, cannot import lib/settings.ts). The endpoints in
// contrib/ml/endpoints.mjs ask for it on every request, so configureMlLimits() takes effect at once.
import { createRateLimit, DEFAULT_ML_RATE_LIMIT, parseRateLimit, parseTrustedProxies } from '../../../lib/http-guard.mjs';
import { serverSetting } from '../../../lib/server/settings.mjs';

/** @typedef {import('../../../lib/endpoint.mjs').RateLimitSlot} RateLimitSlot */

/** @param {string | undefined} rateLimit @param {string | undefined} trustedProxies @returns {RateLimitSlot | null} */
function build(rateLimit, trustedProxies) {
  const spec = parseRateLimit(rateLimit, DEFAULT_ML_RATE_LIMIT);
  const proxies = parseTrustedProxies(trustedProxies);
  if (!spec) return null;
  // Counted in Redis when the site has one, so every instance and worker shares one budget per client.
  const url = serverSetting('REDIS_URL');
  const limit = createRateLimit(spec, { name: 'ml', redis: url ? { url, prefix: serverSetting('MANIFOLD_REDIS_PREFIX') } : null });
  return { trustedProxies: proxies, consume: (key) => limit.consume(key, 'demo-model requests') };
}

/** @type {{ slot: RateLimitSlot | null } | undefined} */
let current;

/** The process's demo-model rate limit, null when it is off. @returns {RateLimitSlot | null} */
export function mlRateLimit() {
  current ??= { slot: build(serverSetting('MANIFOLD_ML_RATE_LIMIT'), serverSetting('MANIFOLD_TRUSTED_PROXIES')) };
  return current.slot;
}

/**
 * Replaces the process's limit (tests; a setting changed at run time).
 * @param {{ rateLimit?: string, trustedProxies?: string }} settings
 */
export function configureMlLimits(settings) {
  current = { slot: build(settings.rateLimit, settings.trustedProxies) };
}
