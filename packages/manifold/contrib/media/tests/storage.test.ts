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

// Each test puts its own keys (a hash of its own), so what one test stored or deleted is never what another expects.
let keysMade = 0;
function freshKeys() {
  const hash = (0x0123456789abcdefn + BigInt(++keysMade)).toString(16).padStart(16, '0');
  return { key: `2026/12/${hash}.640x480.jpg`, variant: `2026/12/${hash}.480x360.webp`, file: `${hash}.640x480.jpg` };
}
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
    const { key, variant } = freshKeys();
    expect(storage.kind).toBe(kind);
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0, 255]);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, bytes, 'image/jpeg');
    await storage.put(variant, Buffer.from('RIFFxxxxWEBP'), 'image/webp');
    expect(await storage.exists(key)).toBe(true);
    const got = await storage.get(key);
    expect(got && Buffer.compare(got.bytes, bytes)).toBe(0);
    expect(got?.contentType).toBe('image/jpeg');
    expect(got?.etag).toMatch(/^"?[^"]+"?$/);
    expect((await storage.get(variant))?.contentType).toBe('image/webp');
    // Putting the same key again replaces the file whole.
    await storage.put(key, Buffer.from('second'), 'image/jpeg');
    expect((await storage.get(key))?.bytes.toString()).toBe('second');
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    // Deleting what is not there is fine.
    await expect(storage.delete(key)).resolves.toBeUndefined();
    expect(await storage.exists(variant)).toBe(true);
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
  const { key, file } = freshKeys();
  await storage.put(key, Buffer.from('abc'), 'image/jpeg');
  expect(fs.readFileSync(path.join(tmp, 'local', '2026', '12', file), 'utf8')).toBe('abc');
  expect(fs.readdirSync(path.join(tmp, 'local', '2026', '12')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});

it('the S3 backend reports a refused request (unknown key id, missing bucket) as an error, not as a missing file', async () => {
  const { key } = freshKeys();
  await backends.s3().put(key, Buffer.from('abc'), 'image/jpeg');
  const wrong = s3Storage({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', bucket: 'media-test', accessKeyId: 'NOT-A-key', secretAccessKey: 'S3RVER' });
  await expect(wrong.get(key)).rejects.toThrow(/S3 GET .*HTTP 403 InvalidAccessKeyId/);
  await expect(wrong.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow(/S3 PUT .*HTTP 403/);
  const noBucket = s3Storage({ endpoint: `http://127.0.0.1:${s3Port}`, region: 'us-east-1', bucket: 'no-such-bucket', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  await expect(noBucket.get(key)).rejects.toThrow(/NoSuchBucket/);
  expect((await backends.s3().get(key))?.bytes.toString()).toBe('abc');
});
