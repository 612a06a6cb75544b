// `manage check --deploy` (Django's `check --deploy`): settings that are fine on a laptop and wrong in production.
// Ids follow Django's where the meaning is the same (security.W008: not https, W012: session cookie not Secure, W018:
// development mode); Manifold's own start at 101. Pure: the settings in, the findings out (tests call it directly).
import type { CheckMessage } from '../app';
import type { Settings } from '../settings';

/** Fewer characters, or fewer distinct ones, make AUTH_SECRET guessable (Django's W009 asks 50 and 5). */
export const MIN_SECRET_LENGTH = 32;
const MIN_SECRET_DISTINCT = 5;

/**
 * Signs that several instances serve the site (several machines, or a platform's functions): REDIS_URL (only useful
 * to share state between instances), Vercel, media on S3. What one machine keeps in data/ is then not shared.
 */
function severalInstances(s: Settings): string | null {
  if (s.vercel) return 'on Vercel';
  if (s.redisUrl) return 'REDIS_URL is set';
  if (s.media.storage === 's3') return 'MEDIA_STORAGE=s3';
  return null;
}

export function deployChecks(s: Settings, opts: { debug: boolean }): CheckMessage[] {
  const out: CheckMessage[] = [];
  const add = (level: CheckMessage['level'], id: string, where: string, message: string, hint: string) => out.push({ level, id, where, message, hint });
  const several = severalInstances(s);

  // Development mode.
  if (!s.production) {
    add('WARNING', 'security.W018', 'NODE_ENV', 'NODE_ENV is not "production": logs are not JSON, and Next and React run their development checks.', 'Set NODE_ENV=production in deployment (`npm start` and `manifold start` do).');
  }
  if (opts.debug) {
    add('WARNING', 'security.W102', 'MANIFOLD_DEBUG', 'MANIFOLD_DEBUG is set: manage prints stack traces.', 'Unset MANIFOLD_DEBUG in deployment.');
  }

  // Secrets.
  if (!s.authSecret) {
    if (several) add('ERROR', 'security.E101', 'AUTH_SECRET', `AUTH_SECRET is not set while several instances are likely (${several}): each would sign sessions with its own data/.auth-secret, and a session made on one is refused by the others.`, 'Set AUTH_SECRET to the same random string everywhere (`openssl rand -hex 32`).');
    else add('WARNING', 'security.W101', 'AUTH_SECRET', 'AUTH_SECRET is not set: sessions are signed with the secret generated into data/.auth-secret, lost with that folder and not shared with another machine.', 'Set AUTH_SECRET (`openssl rand -hex 32`) and keep it with your other secrets.');
  } else if (s.authSecret.length < MIN_SECRET_LENGTH || new Set(s.authSecret).size < MIN_SECRET_DISTINCT) {
    add('WARNING', 'security.W103', 'AUTH_SECRET', `AUTH_SECRET has ${s.authSecret.length} characters (${new Set(s.authSecret).size} distinct): short or repetitive secrets can be guessed, and every session with them.`, `Use at least ${MIN_SECRET_LENGTH} random characters (\`openssl rand -hex 32\`).`);
  }
  if (!s.revalidateToken) {
    const message = 'MANIFOLD_REVALIDATE_TOKEN is not set: manage and the server share the revalidation secret through data/.revalidate-token';
    if (several) add('ERROR', 'security.E104', 'MANIFOLD_REVALIDATE_TOKEN', `${message}, which each instance makes for itself (${several}), so a content change made elsewhere cannot reach them.`, 'Set MANIFOLD_REVALIDATE_TOKEN to the same random string (at least 32 bytes) on every instance and wherever manage runs.');
    else add('WARNING', 'security.W104', 'MANIFOLD_REVALIDATE_TOKEN', `${message}, which is fine while both run on one machine.`, 'Set MANIFOLD_REVALIDATE_TOKEN (`openssl rand -hex 32`) from the environment in production.');
  }
  if (!s.cronSecret) {
    if (s.vercel) add('ERROR', 'security.E105', 'CRON_SECRET', 'CRON_SECRET is not set on Vercel: the cron routes refuse every call, so scheduled posts are never published.', 'Set CRON_SECRET (at least 16 characters); Vercel sends it with each cron call.');
    else add('INFO', 'security.I105', 'CRON_SECRET', 'CRON_SECRET is not set: the cron routes answer only the server\'s own timer (scheduled publishing still works under `npm start`).', 'Set CRON_SECRET if an outside scheduler calls /api/cron/*.');
  }

  // Transport: https, Secure cookies, the proxy in front.
  const https = s.siteUrl.startsWith('https://');
  if (!s.siteUrlConfigured) {
    add('WARNING', 'security.W008', 'SITE_URL', `SITE_URL is not set: links in feeds, sitemaps and mail point at ${s.siteUrl}, and the Host header is trusted for sign-in.`, 'Set SITE_URL to the public https:// address.');
  } else if (!https) {
    add('WARNING', 'security.W008', 'SITE_URL', `SITE_URL (${s.siteUrl}) is not https: passwords and session cookies cross the network in clear text, and browsers are not told to insist on https (HSTS).`, 'Serve the site over https (nginx or the platform terminates TLS) and set SITE_URL=https://….');
  }
  if (!https) {
    add('WARNING', 'security.W012', 'SITE_URL', 'Session cookies are not marked Secure (they are only when SITE_URL is https), so a browser sends them over plain http too.', 'Set SITE_URL to an https:// address.');
  }
  if (s.trustedProxies.length === 0 && !s.vercel && (https || several)) {
    add('WARNING', 'security.W106', 'MANIFOLD_TRUSTED_PROXIES', `MANIFOLD_TRUSTED_PROXIES is not set, yet a proxy is likely in front (${https ? 'SITE_URL is https and the server speaks plain http' : several}): every reader then has the proxy's address, and the rate limits count them all as one client.`, 'Set MANIFOLD_TRUSTED_PROXIES to the proxy\'s address (e.g. 127.0.0.1 for nginx on the same machine).');
  }

  // Several instances: what one machine keeps locally must be shared.
  if (s.database.provider === 'sqlite' && several) {
    add('ERROR', 'database.E101', 'DATABASE_URL', `The database is SQLite (a file on one machine) while several instances are likely (${several}): each would have its own data.`, 'Use PostgreSQL (DATABASE_URL=postgresql://…) for several instances; SQLite serves every core of one machine (WEB_CONCURRENCY).');
  }
  if (!s.redisUrl && (s.database.provider === 'postgresql' || s.vercel || s.media.storage === 's3')) {
    add('WARNING', 'cache.W101', 'REDIS_URL', `REDIS_URL is not set while ${s.vercel ? 'on Vercel' : s.database.provider === 'postgresql' ? 'the database is PostgreSQL' : 'media are on S3'}, which suggests several instances: each keeps its own page cache and rate-limit counters, and a publish on one leaves the others stale.`, 'Set REDIS_URL when more than one instance serves the site; one machine needs none.');
  }
  if (s.media.storage === 'local' && several) {
    add(s.vercel ? 'ERROR' : 'WARNING', s.vercel ? 'media.E101' : 'media.W101', 'MEDIA_STORAGE', `Uploads are kept on the local disk (${s.media.root}) while several instances are likely (${several}): an upload made through one is missing on the others${s.vercel ? ', and Vercel has no lasting disk' : ''}.`, 'Set MEDIA_STORAGE=s3 and the S3_* variables.');
  }
  return out;
}
