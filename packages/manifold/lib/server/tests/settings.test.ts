// The server's environment is validated at start-up: a bad value is one line naming the variable, never a default.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadServerSettings } from '../settings.mjs';
import { loadSettings } from '../../settings';

describe('server settings', () => {
  it('has safe defaults', () => {
    expect(loadServerSettings({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      https: false,
      pageCacheBytes: 64 * 1024 * 1024,
      pageMaxAgeSeconds: undefined,
      fastPaths: true,
      headersTimeoutMs: 20_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 65_000,
      socketTimeoutMs: 120_000,
      workers: os.availableParallelism(),
      semiSpaceMb: 64,
      nodeOptions: '',
      shutdownTimeoutMs: 10_000,
      readyTimeoutMs: 2000,
      logLevel: 'info',
      production: false,
      ml: { backend: 'wasm', threads: undefined, timeoutMs: 5000, nice: 10 },
      mlCustom: { maxBytes: 20 * 1024 * 1024, maxMflops: 200, threads: 1, timeoutMs: 5000 },
      mlRateLimit: { points: 40, seconds: 2 },
      trustedProxies: [],
      redis: null,
      postgresUrl: null,
    });
  });

  it('reads the workers’ young generation, refusing what V8 could not take', () => {
    expect(loadServerSettings({ MANIFOLD_SEMI_SPACE_MB: '0' }).semiSpaceMb).toBe(0);
    expect(loadServerSettings({ MANIFOLD_SEMI_SPACE_MB: '128' }).semiSpaceMb).toBe(128);
    expect(() => loadServerSettings({ MANIFOLD_SEMI_SPACE_MB: '-1' })).toThrow("MANIFOLD_SEMI_SPACE_MB: MANIFOLD_SEMI_SPACE_MB must not be negative (0 keeps V8's default)");
    expect(() => loadServerSettings({ MANIFOLD_SEMI_SPACE_MB: '1.5' })).toThrow('MANIFOLD_SEMI_SPACE_MB must be a whole number of megabytes');
    expect(() => loadServerSettings({ MANIFOLD_SEMI_SPACE_MB: 'lots' })).toThrow('MANIFOLD_SEMI_SPACE_MB must be a number of megabytes');
    expect(() => loadServerSettings({ MANIFOLD_SEMI_SPACE_MB: '4096' })).toThrow('MANIFOLD_SEMI_SPACE_MB must be at most 1024');
  });

  it('reads REDIS_URL (shared by the instances) and the prefix of its channel and keys, refusing anything else', () => {
    expect(loadServerSettings({ REDIS_URL: 'redis://:pw@cache:6379/2' }).redis).toEqual({ url: 'redis://:pw@cache:6379/2', prefix: 'manifold' });
    expect(loadServerSettings({ REDIS_URL: 'rediss://cache', MANIFOLD_REDIS_PREFIX: 'blog-a:' }).redis).toEqual({ url: 'rediss://cache', prefix: 'blog-a:' });
    expect(loadServerSettings({ REDIS_URL: '' }).redis).toBeNull();
    expect(() => loadServerSettings({ REDIS_URL: 'http://cache:6379' })).toThrow('REDIS_URL: REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379');
    expect(() => loadServerSettings({ REDIS_URL: 'redis://x', MANIFOLD_REDIS_PREFIX: 'a b' })).toThrow('MANIFOLD_REDIS_PREFIX: MANIFOLD_REDIS_PREFIX must be 1 to 64 letters');
    expect(() => loadServerSettings({ MANIFOLD_REDIS_PREFIX: '*'.repeat(3) })).toThrow('MANIFOLD_REDIS_PREFIX must be');
    expect(loadServerSettings({ DATABASE_URL: 'postgresql://u@db:5432/blog' }).postgresUrl).toBe('postgresql://u@db:5432/blog');
    expect(loadServerSettings({ DATABASE_URL: 'file:./data/x.db' }).postgresUrl).toBeNull();
    // The TypeScript side's settings read the same value.
    expect(loadSettings({ REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379');
  });

  it('reads the page cache size, 0 disabling it, and refuses anything else', () => {
    expect(loadServerSettings({ MANIFOLD_PAGE_CACHE_MB: '0' }).pageCacheBytes).toBe(0);
    expect(loadServerSettings({ MANIFOLD_PAGE_CACHE_MB: '1.5' }).pageCacheBytes).toBe(1.5 * 1024 * 1024);
    expect(() => loadServerSettings({ MANIFOLD_PAGE_CACHE_MB: 'lots' })).toThrow('MANIFOLD_PAGE_CACHE_MB: MANIFOLD_PAGE_CACHE_MB must be a number of megabytes (0 disables the page cache)');
    expect(() => loadServerSettings({ MANIFOLD_PAGE_CACHE_MB: '-1' })).toThrow('MANIFOLD_PAGE_CACHE_MB must not be negative');
  });

  it('runs one server process per core unless WEB_CONCURRENCY says how many, and refuses nonsense with one line', () => {
    expect(loadServerSettings({ WEB_CONCURRENCY: '1' }).workers).toBe(1);
    expect(loadServerSettings({ WEB_CONCURRENCY: '3' }).workers).toBe(3);
    expect(loadServerSettings({ WEB_CONCURRENCY: '' }).workers).toBe(os.availableParallelism());
    expect(() => loadServerSettings({ WEB_CONCURRENCY: '0' })).toThrow('WEB_CONCURRENCY: WEB_CONCURRENCY must be at least 1');
    expect(() => loadServerSettings({ WEB_CONCURRENCY: '1.5' })).toThrow('WEB_CONCURRENCY: WEB_CONCURRENCY must be a whole number of server processes');
    expect(() => loadServerSettings({ WEB_CONCURRENCY: 'auto' })).toThrow('WEB_CONCURRENCY: WEB_CONCURRENCY must be a number of server processes');
    expect(loadServerSettings({ MANIFOLD_PAGE_MAX_AGE_S: '3' }).pageMaxAgeSeconds).toBe(3);
    expect(() => loadServerSettings({ MANIFOLD_PAGE_MAX_AGE_S: '0' })).toThrow('MANIFOLD_PAGE_MAX_AGE_S: MANIFOLD_PAGE_MAX_AGE_S must be at least 1 (second)');
    expect(loadServerSettings({ MANIFOLD_READY_TIMEOUT_MS: '500' }).readyTimeoutMs).toBe(500);
    expect(() => loadServerSettings({ MANIFOLD_READY_TIMEOUT_MS: '50' })).toThrow('MANIFOLD_READY_TIMEOUT_MS: MANIFOLD_READY_TIMEOUT_MS must be at least 100 (milliseconds)');
    expect(loadServerSettings({ MANIFOLD_SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    expect(() => loadServerSettings({ MANIFOLD_SHUTDOWN_TIMEOUT_MS: '50' })).toThrow('MANIFOLD_SHUTDOWN_TIMEOUT_MS must be at least 100');
  });

  it('switches the fast paths off only with an exact 0', () => {
    expect(loadServerSettings({ MANIFOLD_FAST_PATHS: '0' }).fastPaths).toBe(false);
    expect(loadServerSettings({ MANIFOLD_FAST_PATHS: '1' }).fastPaths).toBe(true);
    expect(() => loadServerSettings({ MANIFOLD_FAST_PATHS: 'false' })).toThrow('MANIFOLD_FAST_PATHS must be 0 (everything through Next) or 1');
  });

  it('checks the timeouts', () => {
    expect(loadServerSettings({ MANIFOLD_HEADERS_TIMEOUT_MS: '1000' }).headersTimeoutMs).toBe(1000);
    expect(() => loadServerSettings({ MANIFOLD_HEADERS_TIMEOUT_MS: '0' })).toThrow('MANIFOLD_HEADERS_TIMEOUT_MS must be at least 100');
    expect(() => loadServerSettings({ MANIFOLD_SOCKET_TIMEOUT_MS: '5s' })).toThrow('MANIFOLD_SOCKET_TIMEOUT_MS must be a number of milliseconds');
    expect(() => loadServerSettings({ MANIFOLD_HEADERS_TIMEOUT_MS: '90000' })).toThrow('MANIFOLD_HEADERS_TIMEOUT_MS must not be larger than MANIFOLD_REQUEST_TIMEOUT_MS');
  });

  it('reads the model library\'s limits and refuses nonsense with one line', () => {
    expect(loadServerSettings({ MANIFOLD_ML_CUSTOM_MAX_BYTES: '1048576', MANIFOLD_ML_CUSTOM_MAX_MFLOPS: '2.5', MANIFOLD_ML_CUSTOM_THREADS: '2', MANIFOLD_ML_CUSTOM_TIMEOUT_MS: '15000' }).mlCustom).toEqual({
      maxBytes: 1048576,
      maxMflops: 2.5,
      threads: 2,
      timeoutMs: 15000,
    });
    expect(() => loadServerSettings({ MANIFOLD_ML_CUSTOM_MAX_BYTES: '20MB' })).toThrow('MANIFOLD_ML_CUSTOM_MAX_BYTES: MANIFOLD_ML_CUSTOM_MAX_BYTES must be a number of bytes');
    expect(() => loadServerSettings({ MANIFOLD_ML_CUSTOM_MAX_MFLOPS: '0' })).toThrow('MANIFOLD_ML_CUSTOM_MAX_MFLOPS must be more than 0');
    expect(() => loadServerSettings({ MANIFOLD_ML_CUSTOM_THREADS: '0' })).toThrow('MANIFOLD_ML_CUSTOM_THREADS must be at least 1');
    expect(() => loadServerSettings({ MANIFOLD_ML_CUSTOM_TIMEOUT_MS: '50' })).toThrow('MANIFOLD_ML_CUSTOM_TIMEOUT_MS must be at least 100');
  });

  it('sends HSTS only when the site is served over https', () => {
    expect(loadServerSettings({ SITE_URL: 'https://blog.example.com' }).https).toBe(true);
    expect(loadServerSettings({ SITE_URL: 'http://blog.example.com' }).https).toBe(false);
  });

  it('is part of the one settings object the app reads', () => {
    expect(loadSettings({ MANIFOLD_PAGE_CACHE_MB: '8', MANIFOLD_FAST_PATHS: '0' }).server).toMatchObject({ pageCacheBytes: 8 * 1024 * 1024, fastPaths: false });
    expect(() => loadSettings({ MANIFOLD_PAGE_CACHE_MB: '-3' })).toThrow('MANIFOLD_PAGE_CACHE_MB must not be negative');
  });
});
