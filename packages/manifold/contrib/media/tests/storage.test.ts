// The storage contract, run against both backends: the local folder, and the S3 backend against a real
// S3-compatible server (s3rver from npm, on a port) — put/get/exists/delete, content types, missing keys, and keys
// that are not media keys refused before any path or URL is built.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error s3rver ships no types of its own
import S3rver from 's3rver';
import { localStorage, s3Storage, type MediaStorage } from '../storage';

const KEY = '2026/12/0123456789abcdef.640x480.jpg';
const VARIANT = '2026/12/0123456789abcdef.480x360.webp';
const BAD_KEYS = ['../../etc/passwd', '2026/12/../../x.640x480.jpg', '/2026/12/0123456789abcdef.640x480.jpg', '2026/12/0123456789abcdef.640x480.svg', '2026/13/0123456789abcdef.640x480.jpg', '2026/12/0123456789ABCDEF.640x480.jpg', '2026/12/0123456789abcdef.640x480.jpg?x=1', ''];

let tmp: string;
let s3: { close(): Promise<void> } | undefined;
let s3Port = 0;
const backends: Record<string, () => MediaStorage> = {};

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'media-storage-'));
  backends.local = () => localStorage(path.join(tmp, 'local'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(tmp, 's3'), configureBuckets: [{ name: 'media-test' }] });
  const { port } = (await server.run()) as { port: number };
  s3 = server;
  s3Port = port;
  // s3rver's default credentials; path-style requests signed with aws4fetch, as against any S3-compatible service.
  backends.s3 = () => s3Storage({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', bucket: 'media-test', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
});
afterAll(async () => {
  await s3?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe.each(['local', 's3'])('%s media storage', (kind) => {
  it('puts, gets, tells what exists, and deletes', async () => {
    const storage = backends[kind]();
    expect(storage.kind).toBe(kind);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0, 255]);
    expect(await storage.exists(KEY)).toBe(false);
    expect(await storage.get(KEY)).toBeNull();
    await storage.put(KEY, bytes, 'image/jpeg');
    await storage.put(VARIANT, Buffer.from('RIFFxxxxWEBP'), 'image/webp');
    expect(await storage.exists(KEY)).toBe(true);
    const got = await storage.get(KEY);
    expect(got && Buffer.compare(got.bytes, bytes)).toBe(0);
    expect(got?.contentType).toBe('image/jpeg');
    expect(got?.etag).toMatch(/^"?[^"]+"?$/);
    expect((await storage.get(VARIANT))?.contentType).toBe('image/webp');
    // Putting the same key again replaces the file whole.
    await storage.put(KEY, Buffer.from('second'), 'image/jpeg');
    expect((await storage.get(KEY))?.bytes.toString()).toBe('second');
    await storage.delete(KEY);
    expect(await storage.exists(KEY)).toBe(false);
    expect(await storage.get(KEY)).toBeNull();
    // Deleting what is not there is fine.
    await expect(storage.delete(KEY)).resolves.toBeUndefined();
    expect(await storage.exists(VARIANT)).toBe(true);
  });

  it('refuses keys that are not media keys before touching the disk or the network', async () => {
    const storage = backends[kind]();
    for (const key of BAD_KEYS) {
      await expect(storage.put(key, Buffer.from('x'), 'image/jpeg'), key).rejects.toThrow(/not a media key/);
      await expect(storage.get(key), key).rejects.toThrow(/not a media key/);
      await expect(storage.delete(key), key).rejects.toThrow(/not a media key/);
    }
    if (kind === 'local') expect(fs.readdirSync(tmp).sort()).toEqual(['local', 's3']);
  });
});

it('the local backend keeps files under its root, in year/month folders, without temporary files left over', async () => {
  const storage = backends.local();
  await storage.put(KEY, Buffer.from('abc'), 'image/jpeg');
  expect(fs.readFileSync(path.join(tmp, 'local', '2026', '12', '0123456789abcdef.640x480.jpg'), 'utf8')).toBe('abc');
  expect(fs.readdirSync(path.join(tmp, 'local', '2026', '12')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

it('the S3 backend reports a refused request (unknown key id, missing bucket) as an error, not as a missing file', async () => {
  await backends.s3().put(KEY, Buffer.from('abc'), 'image/jpeg');
  const wrong = s3Storage({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', bucket: 'media-test', accessKeyId: 'NOT-A-KEY', secretAccessKey: 'S3RVER' });
  await expect(wrong.get(KEY)).rejects.toThrow(/S3 GET .*HTTP 403 InvalidAccessKeyId/);
  await expect(wrong.put(KEY, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/S3 PUT .*HTTP 403/);
  const noBucket = s3Storage({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', bucket: 'no-such-bucket', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  await expect(noBucket.get(KEY)).rejects.toThrow(/NoSuchBucket/);
  expect((await backends.s3().get(KEY))?.bytes.toString()).toBe('abc');
});
