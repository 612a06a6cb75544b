// The revalidation token: made strong and private on disk, and checked by the real route handlers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { revalidateToken } from '../revalidation';
import { loadSettings } from '../settings';
import { nextRoute } from '../endpoint.mjs';
import { revalidateEndpoint } from '../endpoints';
import { revalidateContent } from '../cache';
import { PageCache } from '../server/page-cache.mjs';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
// The route a site mounts at app/api/revalidate/route.ts, built here as the site does (the framework's tests import no site file).
const { POST } = nextRoute([revalidateEndpoint], { revalidate: revalidateContent });

describe('the revalidation token', () => {
  let dir: string;
  let file: string;

  // The token lives under the project's data/ (process.cwd()); the project here is a fresh directory. A spy rather
  // than process.chdir, which worker threads (Stryker's vitest pool) do not allow.
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-token-'));
    file = path.join(dir, 'data', '.revalidate-token');
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fs.rmSync(path.join(dir, 'data'), { recursive: true, force: true });
    delete process.env.MANIFOLD_REVALIDATE_TOKEN;
  });

  it('is made when missing: at least 32 random bytes, readable by this user only', () => {
    const token = revalidateToken();
    expect(Buffer.byteLength(token)).toBeGreaterThanOrEqual(32);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(token);
    expect(mode(file)).toBe(0o600);
    expect(revalidateToken()).toBe(token);
  });

  it('is made anew when the file is blank or short, and a loose file mode is tightened', () => {
    for (const content of ['', '   \n', 'short-token']) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content, { mode: 0o644 });
      const token = revalidateToken();
      expect(Buffer.byteLength(token), JSON.stringify(content)).toBeGreaterThanOrEqual(32);
      expect(fs.readFileSync(file, 'utf8').trim()).toBe(token);
      expect(mode(file)).toBe(0o600);
      fs.rmSync(file);
    }
    const strong = 'k'.repeat(48);
    fs.writeFileSync(file, strong, { mode: 0o644 });
    expect(revalidateToken()).toBe(strong);
    expect(mode(file)).toBe(0o600);
  });

  it('refuses a short MANIFOLD_REVALIDATE_TOKEN at start-up (lib/settings.ts), and takes a long one trimmed', () => {
    expect(() => loadSettings({ MANIFOLD_REVALIDATE_TOKEN: 'tiny' })).toThrow(/^MANIFOLD_REVALIDATE_TOKEN: MANIFOLD_REVALIDATE_TOKEN must be at least 32 bytes/);
    expect(() => loadSettings({ MANIFOLD_REVALIDATE_TOKEN: ` ${'x'.repeat(31)} ` })).toThrow(/at least 32 bytes/);
    expect(loadSettings({ MANIFOLD_REVALIDATE_TOKEN: ` ${'k'.repeat(32)}\n` }).revalidateToken).toBe('k'.repeat(32));
    expect(loadSettings({ MANIFOLD_REVALIDATE_TOKEN: '' }).revalidateToken).toBeUndefined();
  });

  describe('POST /api/revalidate', () => {
    const post = (headers: Record<string, string>) =>
      POST(new NextRequest('http://127.0.0.1/api/revalidate', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' }), {
        params: Promise.resolve({}),
      });

    it('refuses an empty header even when the token file is blank', async () => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '  \n');
      const refused = await post({ 'x-manifold-token': '' });
      expect(refused.status).toBe(403);
      expect((await refused.json()).error).toMatch(/missing or empty/);
    });

    it('answers 403 without a token or with a wrong or short one, 200 with the right one', async () => {
      const token = revalidateToken();
      expect((await post({})).status).toBe(403);
      expect((await post({ 'x-manifold-token': token.slice(0, 8) })).status).toBe(403);
      expect((await post({ 'x-manifold-token': `${token}x` })).status).toBe(403);
      expect((await post({ 'x-manifold-token': token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) })).status).toBe(403);
      const ok = await post({ 'x-manifold-token': token });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ revalidated: { tags: [], paths: [], posts: [] } });
    });

    it('a content change empties the page cache of this process (no request goes out), a refused one does not', async () => {
      const cache = new PageCache({ maxBytes: 1 << 20 });
      const page = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, s-maxage=60' }, body: Buffer.from('<p>old</p>') };
      expect(cache.consider('/posts/a', page)).toBe(true);
      const g = globalThis as { __manifoldPageCache?: PageCache };
      g.__manifoldPageCache = cache;
      try {
        const token = revalidateToken();
        expect((await post({ 'x-manifold-token': 'x'.repeat(64) })).status).toBe(403);
        expect(cache.entries.size).toBe(1);
        expect((await post({ 'x-manifold-token': token })).status).toBe(200);
        expect(cache.entries.size).toBe(0);
        expect(cache.bytes).toBe(0);
      } finally {
        delete g.__manifoldPageCache;
      }
    });
  });
});
