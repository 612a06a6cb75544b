// The /admin/api/media endpoints as the admin serves them (nextRoute with a permission checker), on a real database
// (SQLite and PostgreSQL), a real storage folder and the blog's real usage finder (contrib/blog/media-usage.mjs, what
// the registry's media.usage list holds): upload → 201 UploadedMedia and files on disk; the same picture → the same
// Media; refusals (text named .png 415, SVG 415, oversize 413, permissions 403, bad ids 400/404); list and search;
// alt text; delete refused with 409 naming the posts while one uses the file, done once none does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { createDb, type Db } from '../../../lib/db';
import { nextRoute } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import blogUsage from '../../blog/media-usage.mjs';
import { mediaEndpoints } from '../endpoints';
import type { MediaDeps, MediaItem, MediaUsageFinder } from '../service';
import { localStorage } from '../storage';
import { jpegWithGps, solidPng } from './images';

const MAX = 2_000_000;

describe.each(PROVIDERS)('media endpoints on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let root: string;
  let granted = new Set<string>();
  let route: ReturnType<typeof nextRoute>;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'media-endpoints-'));
    const deps: MediaDeps = { db, storage: localStorage(root), usage: [blogUsage as MediaUsageFinder], provider };
    route = nextRoute(mediaEndpoints({ deps: () => deps, userId: async () => 7, maxBytes: () => MAX }), {
      checkPermission: (codename: string) => {
        if (!granted.has(codename)) throw new HttpError(403, `You need the permission ${codename}.`);
      },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await t?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    granted = new Set(['media.add_media', 'media.view_media', 'media.change_media', 'media.delete_media']);
    await db.post.deleteMany();
    await db.media.deleteMany();
    for (const entry of fs.readdirSync(root)) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  });

  const call = async (method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}) => {
    const res = await route[method as 'GET'](new Request(`http://localhost${url}`, { method, body, headers }));
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  const upload = (bytes: Buffer, query = '') => call('POST', `/admin/api/media/upload${query}`, new Uint8Array(bytes), { 'content-type': 'application/octet-stream' });
  const filesOnDisk = () => (fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String).filter((f) => /\.(jpg|png|webp)$/.test(f)).sort() : []);

  it('uploads a JPEG: 201 with the URL, size and Markdown; the stored files carry no EXIF; the uploader is recorded', async () => {
    const res = await upload(await jpegWithGps(1200, 800), `?filename=${encodeURIComponent('../../여행/서울 사진.jpg')}&alt=${encodeURIComponent('남산 [타워]')}`);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), width: 1200, height: 800, alt: '남산 [타워]', url: expect.stringMatching(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{16}\.1200x800\.jpg$/) });
    expect(res.body.markdown).toBe(`![남산 \\[타워\\]](${res.body.url})`);
    const row = await db.media.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ filename: '서울 사진.jpg', mime: 'image/jpeg', uploadedById: 7, width: 1200, height: 800 });
    expect(JSON.parse(row.variants).map((v: { width: number }) => v.width)).toEqual([480, 960]);
    const files = filesOnDisk();
    expect(files).toHaveLength(3);
    const original = fs.readFileSync(path.join(root, res.body.url.slice('/media/'.length)));
    expect(row.size).toBe(original.length);
    expect((await sharp(original).metadata()).exif).toBeUndefined();
    expect(original.includes(Buffer.from('WGS-84'))).toBe(false);
  });

  it('the same picture uploaded twice is one Media (200 the second time), and gets the alt text it lacked', async () => {
    const png = await solidPng(800, 600);
    const first = await upload(png, '?filename=a.png');
    const second = await upload(png, '?filename=b.png&alt=파란 사각형');
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.alt).toBe('파란 사각형');
    expect(await db.media.count()).toBe(1);
  });

  it('refuses what is not an image, SVG, an empty body, an oversize body and a caller without media.add_media', async () => {
    const text = await upload(Buffer.from('plain text pretending to be a PNG'), '?filename=evil.png');
    expect(text.status).toBe(415);
    expect(text.body.error).toMatch(/이미지 파일이 아닙니다.*Not an image/);
    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'), '?filename=logo.png');
    expect(svg.status).toBe(415);
    expect(svg.body.error).toMatch(/SVG/);
    expect((await upload(Buffer.alloc(0))).status).toBe(400);
    const big = await upload(Buffer.alloc(MAX + 1, 1), '?filename=big.jpg');
    expect(big.status).toBe(413);
    expect(big.body.error).toMatch(/limit/);
    granted.delete('media.add_media');
    const denied = await upload(await solidPng(10, 10));
    expect(denied).toMatchObject({ status: 403, body: { error: 'You need the permission media.add_media.' } });
    expect(await db.media.count()).toBe(0);
    expect(filesOnDisk()).toEqual([]);
  });

  it('lists newest first with each file\'s usage, and searches file names and alt text, case-insensitively', async () => {
    const a = (await upload(await solidPng(100, 100), '?filename=Gradient-Descent.png&alt=경사하강법 그림')).body;
    const b = (await upload(await solidPng(101, 100), '?filename=cat.png&alt=Cat')).body;
    await db.post.create({ data: { title: '경사하강법', slug: 'gd', source: `# GD\n\n![그림](${a.url})\n` } });
    const all = await call('GET', '/admin/api/media');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 2, page: 1, pages: 1 });
    expect(all.body.items.map((i: MediaItem) => i.id)).toEqual([b.id, a.id]);
    const itemA = all.body.items[1] as MediaItem;
    expect(itemA.usedBy).toEqual([{ id: expect.any(Number), title: '경사하강법', editUrl: expect.stringMatching(/^\/admin\/blog\/post\/\d+\/change$/) }]);
    expect(all.body.items[0].usedBy).toEqual([]);
    expect((await call('GET', '/admin/api/media?q=gradient')).body.items.map((i: MediaItem) => i.id)).toEqual([a.id]);
    expect((await call('GET', '/admin/api/media?q=CAT')).body.items.map((i: MediaItem) => i.id)).toEqual([b.id]);
    expect((await call('GET', '/admin/api/media?q=하강법')).body.items.map((i: MediaItem) => i.id)).toEqual([a.id]);
    expect((await call('GET', '/admin/api/media?q=nothing-like-this')).body).toMatchObject({ items: [], total: 0 });
    expect((await call('GET', '/admin/api/media?page=99')).body.page).toBe(1);
    granted.delete('media.view_media');
    expect((await call('GET', '/admin/api/media')).status).toBe(403);
  });

  it('changes the alt text (PATCH), refusing bad bodies and unknown ids', async () => {
    const m = (await upload(await solidPng(50, 50))).body;
    const ok = await call('PATCH', `/admin/api/media/${m.id}`, JSON.stringify({ alt: '  새 설명\n ' }), { 'content-type': 'application/json' });
    expect(ok.status).toBe(200);
    expect(ok.body.alt).toBe('새 설명');
    expect((await db.media.findUniqueOrThrow({ where: { id: m.id } })).alt).toBe('새 설명');
    expect((await call('PATCH', `/admin/api/media/${m.id}`, JSON.stringify({ alt: 3 }), { 'content-type': 'application/json' })).status).toBe(400);
    expect((await call('PATCH', `/admin/api/media/${m.id}`, JSON.stringify({ alt: 'x', key: '../x' }), { 'content-type': 'application/json' })).status).toBe(400);
    expect((await call('PATCH', '/admin/api/media/abc', JSON.stringify({ alt: 'x' }), { 'content-type': 'application/json' })).status).toBe(400);
    expect((await call('PATCH', '/admin/api/media/99999', JSON.stringify({ alt: 'x' }), { 'content-type': 'application/json' })).status).toBe(404);
    expect((await call('GET', `/admin/api/media/${m.id}`)).body.alt).toBe('새 설명');
  });

  it('refuses to delete a file a post uses (409 naming the posts: source, draft or cover), then deletes it with its variants', async () => {
    const m = (await upload(await solidPng(1000, 500), '?filename=figure.png')).body;
    const hash = /([0-9a-f]{16})\./.exec(m.url)![1];
    const p1 = await db.post.create({ data: { title: '본문에서 씀', slug: 'uses-source', source: `![x](${m.url})` } });
    const p2 = await db.post.create({ data: { title: 'Cover', slug: 'uses-cover', coverImage: m.url.replace('1000x500.png', '480x240.webp') } });
    const p3 = await db.post.create({ data: { title: 'Draft', slug: 'uses-draft', draft: JSON.stringify({ source: `![y](${m.url})` }) } });
    await db.post.create({ data: { title: 'Unrelated', slug: 'other', source: `mentions ${hash} without the key form` } });
    const refused = await call('DELETE', `/admin/api/media/${m.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.usedBy.map((u: { id: number }) => u.id)).toEqual([p1.id, p2.id, p3.id]);
    expect(refused.body.error).toMatch(/“본문에서 씀”.*“Cover”.*“Draft”/);
    expect(await db.media.count()).toBe(1);
    expect(filesOnDisk()).toHaveLength(3);
    await db.post.deleteMany({ where: { id: { in: [p1.id, p2.id, p3.id] } } });
    granted.delete('media.delete_media');
    expect((await call('DELETE', `/admin/api/media/${m.id}`)).status).toBe(403);
    granted.add('media.delete_media');
    expect(await call('DELETE', `/admin/api/media/${m.id}`)).toMatchObject({ status: 200, body: { deleted: true } });
    expect(await db.media.count()).toBe(0);
    expect(filesOnDisk()).toEqual([]);
    expect((await call('DELETE', `/admin/api/media/${m.id}`)).status).toBe(404);
  });
});
