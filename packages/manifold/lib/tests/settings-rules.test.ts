// The one settings object rule by rule: what each variable accepts and how each refusal reads (issue 17's mutation
// target for lib/settings.ts).
// Stryker, command runner (every mutant against the three settings test files): 38 of 41 killed (92.7%). The three
// survivors are equivalent: `issue.path.join('.')` -> `join('')` (each variable is a top-level key, so a path has one
// element); and `err instanceof DatabaseUrlError` / `err instanceof ServerSettingsError` -> `true`, because
// parseDatabaseUrl throws nothing else (it wraps new URL and decodeURIComponent) and loadServerSettings throws nothing
// else (safeParse never throws), so the rethrow branch is unreachable from any environment.
import { describe, expect, it } from 'vitest';
import { loadSettings, settings, SettingsError } from '../settings';

const refusal = (env: Record<string, string>) => {
  try {
    loadSettings(env, '/srv/site');
  } catch (e) {
    return e as Error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('settings, rule by rule', () => {
  it('has the documented defaults', () => {
    const s = loadSettings({}, '/srv/site');
    expect(s).toMatchObject({ port: 3000, siteUrl: 'http://localhost:3000', authSecret: undefined, logLevel: 'info', mlRateLimit: { points: 40, seconds: 2 }, trustedProxies: [] });
    expect(s.server.port).toBe(3000);
  });

  it('builds the site URL from PORT when SITE_URL is unset, and drops one trailing slash from SITE_URL', () => {
    expect(loadSettings({ PORT: '8080' }, '/srv/site')).toMatchObject({ port: 8080, siteUrl: 'http://localhost:8080' });
    expect(loadSettings({ SITE_URL: 'https://blog.example.com/' }, '/srv/site').siteUrl).toBe('https://blog.example.com');
    expect(loadSettings({ SITE_URL: 'https://blog.example.com/ko/' }, '/srv/site').siteUrl).toBe('https://blog.example.com/ko');
  });

  it('reads PORT from 1 to 65535 and names it when it is wrong', () => {
    expect(loadSettings({ PORT: '1' }, '/srv/site').port).toBe(1);
    expect(loadSettings({ PORT: '65535' }, '/srv/site').port).toBe(65535);
    for (const port of ['0', '65536', '1.5']) expect(refusal({ PORT: port }).message, port).toMatch(/^PORT: /);
  });

  it('wants an AUTH_SECRET of at least 16 characters', () => {
    expect(loadSettings({ AUTH_SECRET: 'x'.repeat(16) }, '/srv/site').authSecret).toBe('x'.repeat(16));
    const err = refusal({ AUTH_SECRET: 'x'.repeat(15) });
    expect(err).toBeInstanceOf(SettingsError);
    expect(err.message).toBe('AUTH_SECRET: AUTH_SECRET must be at least 16 characters');
  });

  it('reads the log level, and refuses one it does not know', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) expect(loadSettings({ MANIFOLD_LOG_LEVEL: level }, '/srv/site').logLevel).toBe(level);
    expect(refusal({ MANIFOLD_LOG_LEVEL: 'verbose' }).message).toMatch(/^MANIFOLD_LOG_LEVEL: /);
  });

  it('refuses a bad SITE_URL with the message the operator needs', () => {
    expect(refusal({ SITE_URL: 'blog.example.com' }).message).toBe('SITE_URL: SITE_URL must be an absolute URL such as https://blog.example.com');
  });

  it('turns a bad server variable into a SettingsError naming it', () => {
    const err = refusal({ MANIFOLD_HEADERS_TIMEOUT_MS: 'soon' });
    expect(err).toBeInstanceOf(SettingsError);
    expect(err.message).toBe('MANIFOLD_HEADERS_TIMEOUT_MS: MANIFOLD_HEADERS_TIMEOUT_MS must be a number of milliseconds');
  });

  it('reads the ML rate limit and the trusted proxies, and names each when it is wrong', () => {
    expect(loadSettings({ MANIFOLD_ML_RATE_LIMIT: '5/10s', MANIFOLD_TRUSTED_PROXIES: '10.0.0.1, ::1' }, '/srv/site')).toMatchObject({
      mlRateLimit: { points: 5, seconds: 10 },
      trustedProxies: ['10.0.0.1', '::1'],
    });
    expect(loadSettings({ MANIFOLD_ML_RATE_LIMIT: 'off' }, '/srv/site').mlRateLimit).toBeNull();
    const rate = refusal({ MANIFOLD_ML_RATE_LIMIT: 'fast' });
    expect(rate).toBeInstanceOf(SettingsError);
    expect(rate.message).toBe('MANIFOLD_ML_RATE_LIMIT: "fast" is not a rate limit; write <requests>/<seconds>s, such as 40/2s, or off');
    const proxies = refusal({ MANIFOLD_TRUSTED_PROXIES: '10.0.0.1,proxy.internal' });
    expect(proxies).toBeInstanceOf(SettingsError);
    expect(proxies.message).toBe(`MANIFOLD_TRUSTED_PROXIES: "proxy.internal" is not an IP address; list the trusted proxies' addresses, comma-separated`);
  });

  it('reads the environment once: settings() returns the same object every time', () => {
    const first = settings();
    expect(first.port).toBeGreaterThanOrEqual(1);
    expect(settings()).toBe(first);
  });
});
