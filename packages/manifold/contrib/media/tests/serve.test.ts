// GET /media/<key> (contrib/media/route.ts, behind app/media/[...key]/route.ts) on a real storage folder: the right
// content type, a year's immutable caching and an ETag (304 on a match), 404 for unknown keys and for anything that
// is not exactly a media key (path traversal, encoded dots, other extensions), and nothing outside the folder read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMedia } from '../route';
import { localStorage, type MediaStorage } from '../storage';

let root: string;
let storage: MediaStorage;
const KEY = '2026/12/00112233445566aa.640x480.webp';
const BYTES = Buffer.from('RIFF\0\0\0\0WEBPVP8 fake');

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'media-serve-'));
  storage = localStorage(path.join(root, 'media'));
  await storage.put(KEY, BYTES, 'image/webp');
  // A file beside the media folder that no URL may reach.
  fs.writeFileSync(path.join(root, 'secret.txt'), 'secret');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const get = (p: string, headers: Record<string, string> = {}, method = 'GET') => serveMedia(new Request(`http://localhost${p}`, { method, headers }), storage);

describe('serving /media/<key>', () => {
  it('answers with the bytes, the content type, immutable caching and an ETag', async () => {
    const res = await get(`/media/${KEY}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(BYTES)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-length')).toBe(String(BYTES.length));
    const etag = res.headers.get('etag');
    expect(etag).toBe('"00112233445566aa-640x480-webp"');
    const again = await get(`/media/${KEY}`, { 'if-none-match': `W/"other", ${etag}` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await get(`/media/${KEY}`, {}, 'HEAD');
    expect([head.status, await head.text(), head.headers.get('content-length')]).toEqual([200, '', String(BYTES.length)]);
  });

  it('404s unknown keys, and every path that is not exactly a media key', async () => {
    const paths = [
      '/media/2026/12/00112233445566ab.640x480.webp',
      '/media/2026/12/00112233445566aa.640x480.jpg',
      '/media/../secret.txt',
      '/media/2026/12/%2e%2e/%2e%2e/%2e%2e/secret.txt',
      '/media/2026%2F12%2F00112233445566aa.640x480.webp',
      '/media/2026/12/00112233445566aa.640x480.webp/',
      '/media/2026/12/00112233445566aa.640x480.svg',
      '/media/',
      '/media/secret.txt',
      '/other/2026/12/00112233445566aa.640x480.webp',
    ];
    for (const p of paths) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('cache-control'), p).toBe('no-store');
      expect(await res.text(), p).not.toContain('secret');
    }
    // A matching ETag for a file that is gone is still a 404, not a 304.
    expect((await get('/media/2026/12/00112233445566ab.640x480.webp', { 'if-none-match': '"00112233445566ab-640x480-webp"' })).status).toBe(404);
  });
});
