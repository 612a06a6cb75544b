// The model library's store on real databases (SQLite and PostgreSQL), a real storage folder and the real custom
// lane (tfjs on its own piscina thread) with real tfjs models made by make-models.ts: a version is read and
// inspected as data, its files land under ml/<slug>/v<n>/, its check loads and times it ("ready" with shapes, load
// time, p50 and the example's output); a refused upload stores nothing; a new version is what follow-latest serves
// at once; the signature is checked against the shapes; a version whose files are damaged is "unhealthy" with why;
// the pages that embed a model are purged when the version it serves changes; delete removes rows and files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../../testing/databases';
import { createDb, type Db } from '../../../../lib/db';
// @ts-expect-error s3rver ships no types of its own
import S3rver from 's3rver';
import { localStorage, s3Storage } from '../../../media/storage';
import { serveMedia } from '../../../media/route';
import { PageCache } from '../../../../lib/server/page-cache.mjs';
import { CustomModelLane } from '../../runtime/custom-lane.mjs';
import * as store from '../store';
import { customLayerModel, denseClassifier, truncate, zipOf } from './make-models';

const WORKER = path.resolve(__dirname, '../../runtime/custom-worker.mjs');

type Files = { name: string; bytes: Uint8Array }[];
let dense: Files;
let lane: CustomModelLane;

beforeAll(async () => {
  dense = await denseClassifier();
  lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
}, 120_000);

afterAll(async () => {
  await lane?.close();
});

const filesUnder = (root: string, prefix: string) => {
  const dir = path.join(root, ...prefix.split('/'));
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()) : [];
};

const SIGNATURE = {
  input: { kind: 'vector', fields: [{ name: 'x', label: 'x', min: -3, max: 3, step: 0.1, default: 0 }, { name: 'y', label: 'y', min: -3, max: 3, step: 0.1, default: 0 }] },
  output: { kind: 'classes', labels: ['빨강 red', '초록 green', '파랑 blue'] },
};

describe.each(PROVIDERS)('model store on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let root: string;
  let purged: { posts: string[]; tags: string[] }[];
  let restore: () => void;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-store-'));
    restore = store.configureModelStore({ storage: localStorage(root), lane, purge: async (c) => void purged.push(c) });
  });
  afterAll(async () => {
    restore?.();
    await db?.$disconnect();
    await t?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    purged = [];
    await db.post.deleteMany();
    await db.mlModel.deleteMany();
    for (const entry of fs.readdirSync(root)) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  });

  it('creates a model; refuses a bad or taken slug', async () => {
    const m = await store.createModel(db, { slug: 'points', title: '점 분류기' }, { id: 3 });
    expect(m).toMatchObject({ slug: 'points', title: '점 분류기', signature: '', example: '', createdById: 3 });
    await expect(store.createModel(db, { slug: 'points', title: 'again' }, null)).rejects.toMatchObject({ status: 409 });
    for (const slug of ['-x', 'A', 'a', 'has space', 'x'.repeat(41), '../etc']) {
      await expect(store.createModel(db, { slug, title: 't' }, null)).rejects.toMatchObject({ status: 400 });
    }
  });

  it('adds a version: files in the storage, checked in the lane, ready with its figures; the next upload is served at once', async () => {
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    const checking = await store.addVersion(db, 'points', dense, { id: 1 });
    expect(checking).toMatchObject({ number: 1, status: 'checking', format: 'layers' });
    const v1 = await store.whenChecked('points', 1)!;
    expect(v1.status).toBe('ready');
    expect(v1.error).toBe('');
    expect(JSON.parse(v1.inputShape)).toEqual([null, 2]);
    expect(JSON.parse(v1.outputShape)).toEqual([null, 3]);
    expect(v1.params).toBeGreaterThan(0);
    expect(v1.flops).toBeGreaterThan(0);
    expect(v1.loadMs).toBeGreaterThan(0);
    expect(v1.p50Ms).toBeGreaterThan(0);
    const stored = JSON.parse(v1.files) as { name: string; key: string; size: number; sha256: string }[];
    expect(stored.map((f) => f.name)).toContain('model.json');
    for (const f of stored) {
      expect(f.key).toMatch(/^ml\/points\/v1\/[0-9a-f]{16}\.(json|bin)$/);
      expect(fs.statSync(path.join(root, ...f.key.split('/'))).size).toBe(f.size);
    }
    expect(v1.size).toBeGreaterThan(0);
    // Becoming ready changed what the model serves: its pages were purged.
    expect(purged.length).toBe(1);
    // The files are the runtime's: /media/ (readers' uploads) never serves them.
    for (const f of stored) expect((await serveMedia(new Request(`http://localhost/media/${f.key}`), localStorage(root))).status).toBe(404);

    expect((await store.resolveVersion(db, 'points')).version.number).toBe(1);
    // A second upload (as one .zip) is version 2, and follow-latest serves it as soon as it is ready.
    const v2 = await store.addVersion(db, 'points', [zipOf(dense)], null, { wait: true });
    expect(v2).toMatchObject({ number: 2, status: 'ready' });
    expect((await store.resolveVersion(db, 'points')).version.number).toBe(2);
    expect((await store.resolveVersion(db, 'points', 1)).version.number).toBe(1);
    await expect(store.resolveVersion(db, 'points', 9)).rejects.toMatchObject({ status: 404 });
    expect(filesUnder(root, 'ml/points/v2').length).toBe(stored.length);
    expect((await store.listModels(db)).map((m) => [m.slug, m.versions.map((v) => v.number)])).toEqual([['points', [2, 1]]]);
  });

  it('refuses a custom layer and a truncated shard before storing anything', async () => {
    await store.createModel(db, { slug: 'bad', title: 'Bad' }, null);
    const custom = await customLayerModel();
    const err = await store.addVersion(db, 'bad', custom, null).catch((e) => e);
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/[가-힣]/);
    await expect(store.addVersion(db, 'bad', truncate(dense), null)).rejects.toMatchObject({ status: expect.any(Number) });
    expect(await db.mlModelVersion.count()).toBe(0);
    expect(filesUnder(root, 'ml')).toEqual([]);
    await expect(store.addVersion(db, 'nobody', dense, null)).rejects.toMatchObject({ status: 404 });
  });

  it('declares a signature: checked against the shapes, the example answered by every ready version', async () => {
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    await store.addVersion(db, 'points', dense, null, { wait: true });
    const wrong = { ...SIGNATURE, output: { kind: 'classes', labels: ['a', 'b'] } };
    await expect(store.setSignature(db, 'points', wrong, null)).rejects.toMatchObject({ status: 422 });
    await expect(store.setSignature(db, 'points', SIGNATURE, { values: { x: 99, y: 0 } })).rejects.toMatchObject({ status: 422 });
    purged = [];
    const model = await store.setSignature(db, 'points', SIGNATURE, { values: { x: 1.5, y: -0.5 } });
    expect(JSON.parse(model.example)).toEqual({ values: { x: 1.5, y: -0.5 } });
    const out = JSON.parse(model.versions[0].exampleOutput) as { predictions: { label: string; p: number }[]; top: string };
    expect(out.predictions.map((p) => p.label).sort()).toEqual([...SIGNATURE.output.labels].sort());
    expect(out.predictions.reduce((s, p) => s + p.p, 0)).toBeCloseTo(1, 2);
    expect(SIGNATURE.output.labels).toContain(out.top);
    expect(purged.length).toBe(1);
    // A version uploaded after the signature gets its example output at its check.
    const v2 = await store.addVersion(db, 'points', dense, null, { wait: true });
    expect(JSON.parse(v2.exampleOutput)).toEqual(out);
  });

  it('marks a version whose stored files were damaged unhealthy with the reason, and serves the last ready one', async () => {
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    await store.addVersion(db, 'points', dense, null, { wait: true });
    const v2 = await store.addVersion(db, 'points', dense, null, { wait: true });
    const shard = (JSON.parse(v2.files) as { name: string; key: string }[]).find((f) => f.name !== 'model.json')!;
    fs.writeFileSync(path.join(root, ...shard.key.split('/')), Buffer.from('not weights'));
    purged = [];
    const again = await store.recheckVersion(db, 'points', 2);
    expect(again.status).toBe('unhealthy');
    expect(again.error).toMatch(/changed in the media storage/);
    expect(again.error).toMatch(/[가-힣]/);
    expect((await store.resolveVersion(db, 'points')).version.number).toBe(1);
    // The pinned version says why it cannot answer.
    const pinned = await store.resolveVersion(db, 'points', 2);
    expect(() => store.assertServing('points', pinned.version)).toThrow(expect.objectContaining({ status: 503 }));
    expect(purged.length).toBe(1);
  });

  it('settles a check cut short by a restart: old "checking" rows nobody here runs become unhealthy with what to do', async () => {
    const m = await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    const base = { modelId: m.id, format: 'layers', files: '[]', size: 1, params: 1, flops: 1, inputShape: '[null,2]', outputShape: '[null,3]', dtypes: '{}', status: 'checking' };
    const old = await db.mlModelVersion.create({ data: { ...base, number: 1, createdAt: new Date(Date.now() - 3600_000) } });
    const fresh = await db.mlModelVersion.create({ data: { ...base, number: 2 } });
    const listed = await store.listModels(db);
    const byId = new Map(listed[0].versions.map((v) => [v.id, v]));
    expect(byId.get(old.id)).toMatchObject({ status: 'unhealthy', error: expect.stringMatching(/다시 검사하세요.*check it again/) });
    expect(byId.get(fresh.id)!.status).toBe('checking');
  });

  it('clears the real page cache (server.mjs\'s, in this process) when the served version changes', async () => {
    const cache = new PageCache({ maxBytes: 1024 * 1024 });
    const g = globalThis as { __manifoldPageCache?: unknown };
    const before = g.__manifoldPageCache;
    g.__manifoldPageCache = cache;
    const restorePurge = store.configureModelStore({ purge: store.purgeReaderPages });
    try {
      await store.createModel(db, { slug: 'points', title: 'Points' }, null);
      cache.store('/ko/posts/cnn-post', 200, ['content-type', 'text/html'], Buffer.from('<p>v0</p>'), 60);
      expect(cache.bytes).toBeGreaterThan(0);
      await store.addVersion(db, 'points', dense, null, { wait: true });
      expect(cache.bytes).toBe(0);
    } finally {
      restorePurge();
      g.__manifoldPageCache = before;
    }
  });

  it('purges the pages of the posts that embed the model; delete removes rows and files', async () => {
    await db.post.create({ data: { title: 'CNN', slug: 'cnn-post', source: '# CNN\n\n<ModelDemo model="points" />\n', embeds: '["ModelDemo"]' } });
    await db.post.create({ data: { title: 'Other', slug: 'other', source: '# other\n', embeds: '[]' } });
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    await store.addVersion(db, 'points', dense, null, { wait: true });
    expect(purged.at(-1)?.posts).toEqual(['cnn-post']);
    expect(purged.at(-1)?.tags).toContain('blog:post:cnn-post');
    expect(filesUnder(root, 'ml/points').length).toBeGreaterThan(0);
    await store.deleteModel(db, 'points');
    expect(await db.mlModelVersion.count()).toBe(0);
    expect(filesUnder(root, 'ml/points')).toEqual([]);
    await expect(store.resolveVersion(db, 'points')).rejects.toMatchObject({ status: 404 });
  });
});

describe('model files on an S3-compatible storage (s3rver)', () => {
  it('stores a version under ml/<slug>/v<n>/, loads it from the bucket in a fresh lane, and deletes it', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-s3-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: tmp, configureBuckets: [{ name: 'models' }] });
    const { port } = (await server.run()) as { port: number };
    const storage = s3Storage({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket: 'models', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    const t = await createTestDatabase('sqlite');
    const db = createDb(t.target);
    const fresh = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
    const restore = store.configureModelStore({ storage, lane, purge: async () => {} });
    try {
      await store.createModel(db, { slug: 'points', title: 'Points' }, null);
      const v1 = await store.addVersion(db, 'points', dense, null, { wait: true });
      expect(v1.status).toBe('ready');
      const keys = (JSON.parse(v1.files) as { key: string }[]).map((f) => f.key);
      for (const k of keys) expect(await storage.exists(k)).toBe(true);
      // A lane that never saw the version reads it from the bucket.
      store.configureModelStore({ lane: fresh });
      const { version } = await store.resolveVersion(db, 'points');
      const res = await store.runVersion(version, 'points', { shape: [1, 2], dtype: 'float32', data: [1, 1] });
      expect(res.output.shape).toEqual([1, 3]);
      await store.deleteModel(db, 'points');
      for (const k of keys) expect(await storage.exists(k)).toBe(false);
    } finally {
      restore();
      await fresh.close();
      await db.$disconnect();
      await t.drop();
      await server.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
