// The server's environment rule by rule: each limit at its edge, each message as the operator reads it, empty as unset
// (issue 17's mutation target for lib/server/settings.mjs).
// Stryker, command runner (every mutant against all four settings test files): 67 of 68 killed (98.5%). The survivor
// is equivalent: `issue.path.join('.')` -> `join('')` cannot change a message, because every variable is a top-level
// key of a flat object, so an issue's path has exactly one element and the separator is never written.
import { describe, expect, it } from 'vitest';
import { loadServerSettings, ServerSettingsError } from '../settings.mjs';

const refusal = (env: Record<string, string>) => {
  try {
    loadServerSettings(env);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('server settings, edge by edge', () => {
  it('treats an empty variable as unset, falling back to the default', () => {
    expect(loadServerSettings({ HOST: '', PORT: '', MANIFOLD_PAGE_CACHE_MB: '', MANIFOLD_FAST_PATHS: '', MANIFOLD_HEADERS_TIMEOUT_MS: '', SITE_URL: '' })).toMatchObject({
      host: '0.0.0.0', port: 3000, pageCacheBytes: 64 * 1024 * 1024, fastPaths: true, headersTimeoutMs: 20_000, https: false,
    });
  });

  it('reads HOST and PORT, and refuses a port outside 1..65535 or with a fraction', () => {
    expect(loadServerSettings({ HOST: '127.0.0.1', PORT: '1' })).toMatchObject({ host: '127.0.0.1', port: 1 });
    expect(loadServerSettings({ PORT: '65535' }).port).toBe(65535);
    for (const port of ['0', '65536', '80.5']) expect(refusal({ PORT: port }), port).toBeInstanceOf(ServerSettingsError);
    expect(refusal({ PORT: 'http' }).message).toBe('PORT: PORT must be a number');
  });

  it('reads each timeout from 100 ms to one hour, whole milliseconds only', () => {
    const edges = { MANIFOLD_HEADERS_TIMEOUT_MS: '100', MANIFOLD_REQUEST_TIMEOUT_MS: '3600000', MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: '100', MANIFOLD_SOCKET_TIMEOUT_MS: '3600000' };
    expect(loadServerSettings(edges)).toMatchObject({ headersTimeoutMs: 100, requestTimeoutMs: 3_600_000, keepAliveTimeoutMs: 100, socketTimeoutMs: 3_600_000 });
    expect(refusal({ MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: '99' }).message).toBe('MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: MANIFOLD_KEEP_ALIVE_TIMEOUT_MS must be at least 100 (milliseconds)');
    expect(refusal({ MANIFOLD_SOCKET_TIMEOUT_MS: '3600001' }).message).toBe('MANIFOLD_SOCKET_TIMEOUT_MS: MANIFOLD_SOCKET_TIMEOUT_MS must be at most 3600000 (one hour)');
    expect(refusal({ MANIFOLD_REQUEST_TIMEOUT_MS: '1500.5' }).message).toBe('MANIFOLD_REQUEST_TIMEOUT_MS: MANIFOLD_REQUEST_TIMEOUT_MS must be a whole number of milliseconds');
    expect(refusal({ MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: 'soon' }).message).toBe('MANIFOLD_KEEP_ALIVE_TIMEOUT_MS: MANIFOLD_KEEP_ALIVE_TIMEOUT_MS must be a number of milliseconds');
  });

  it('lets the header timeout equal the request timeout, not exceed it', () => {
    expect(loadServerSettings({ MANIFOLD_HEADERS_TIMEOUT_MS: '60000', MANIFOLD_REQUEST_TIMEOUT_MS: '60000' }).headersTimeoutMs).toBe(60_000);
    expect(refusal({ MANIFOLD_HEADERS_TIMEOUT_MS: '5001', MANIFOLD_REQUEST_TIMEOUT_MS: '5000' }).message).toBe(
      'MANIFOLD_HEADERS_TIMEOUT_MS: MANIFOLD_HEADERS_TIMEOUT_MS must not be larger than MANIFOLD_REQUEST_TIMEOUT_MS',
    );
  });

  it('sizes the page cache in whole bytes, up to 64 GiB', () => {
    expect(loadServerSettings({ MANIFOLD_PAGE_CACHE_MB: '0.000001' }).pageCacheBytes).toBe(1);
    expect(loadServerSettings({ MANIFOLD_PAGE_CACHE_MB: '65536' }).pageCacheBytes).toBe(65_536 * 1024 * 1024);
    expect(refusal({ MANIFOLD_PAGE_CACHE_MB: '65537' }).message).toBe('MANIFOLD_PAGE_CACHE_MB: MANIFOLD_PAGE_CACHE_MB must be at most 65536');
    expect(refusal({ MANIFOLD_PAGE_CACHE_MB: '-0.5' }).message).toBe('MANIFOLD_PAGE_CACHE_MB: MANIFOLD_PAGE_CACHE_MB must not be negative (0 disables the page cache)');
  });

  it('knows https only from the scheme at the start of SITE_URL, and refuses a SITE_URL that is not a URL', () => {
    expect(loadServerSettings({ SITE_URL: 'http://blog.example.com/?next=https:' }).https).toBe(false);
    expect(loadServerSettings({ SITE_URL: 'https://blog.example.com' }).https).toBe(true);
    expect(refusal({ SITE_URL: 'blog.example.com' }).message).toBe('SITE_URL: SITE_URL must be an absolute URL such as https://blog.example.com');
  });

  it('names the variable and its problem in one ServerSettingsError', () => {
    const err = refusal({ MANIFOLD_FAST_PATHS: 'yes' });
    expect(err).toBeInstanceOf(ServerSettingsError);
    expect(err.message).toBe('MANIFOLD_FAST_PATHS: MANIFOLD_FAST_PATHS must be 0 (everything through Next) or 1');
  });
});
