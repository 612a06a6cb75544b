// The model library's admin API as the admin serves it (nextRoute with a permission checker), on a real database
// (SQLite and PostgreSQL), a real storage folder and the real custom-model lane (tfjs in a worker thread), with real
// tfjs models made by the tests (make-models.ts): create; upload as one zip or as model.json + shard packed the way the
// library page packs them → 201 with the report and the guessed signature, "checking" then "ready" with shapes, load
// time and p50; refusals naming the problem (custom layer, truncated shard, a lone model.json without its weights,
// oversize, empty) with nothing stored; the signature declared (guess accepted, mismatches 422); where it is embedded;
// delete refused while a published post embeds it; every endpoint refused without its permission.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../../testing/databases';
import { createDb, type Db } from '../../../../lib/db';
import { nextRoute } from '../../../../lib/endpoint.mjs';
import { HttpError } from '../../../../lib/http-guard.mjs';
import { localStorage } from '../../../media/storage';
import { CustomModelLane } from '../../runtime/custom-lane.mjs';
import { embedsOf, mlAdminEndpoints } from '../admin-endpoints';
import { configureModelStore, whenChecked } from '../store';
import { CUSTOM_LAYER_CLASS, customLayerModel, denseClassifier, digitCnn, truncate, zipOf } from './make-models';

type File = { name: string; bytes: Uint8Array };
const MAX = 2_000_000;
const ALL = ['ml.view_mlmodel', 'ml.add_mlmodel', 'ml.change_mlmodel', 'ml.delete_mlmodel'];

/** As the library page sends several files: one store-only zip (upload.client.ts' packFiles). */
const packed = (files: File[]) => zipSync(Object.fromEntries(files.map((f) => [f.name, [f.bytes, { level: 0 }]])) as Parameters<typeof zipSync>[0]);

let dense: File[];
let cnn: File[];
let custom: File[];

beforeAll(async () => {
  [dense, cnn, custom] = await Promise.all([denseClassifier(), digitCnn(), customLayerModel()]);
}, 180_000);

describe.each(PROVIDERS)('model library admin API on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let root: string;
  let lane: CustomModelLane;
  let restore: () => void;
  let granted = new Set<string>();
  let route: ReturnType<typeof nextRoute>;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-admin-'));
    lane = new CustomModelLane({ threads: 1 });
    restore = configureModelStore({ storage: localStorage(root), lane, purge: async () => {} });
    route = nextRoute(mlAdminEndpoints({ db: () => db, user: async () => ({ id: 7 }), limits: () => ({ maxBytes: MAX, maxFlops: 50e6 }) }), {
      checkPermission: (codename: string) => {
        if (!granted.has(codename)) throw new HttpError(403, `You need the permission ${codename}.`);
      },
    });
  }, 120_000);
  afterAll(async () => {
    restore?.();
    await lane?.close();
    await db?.$disconnect();
    await t?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    granted = new Set(ALL);
    await db.post.deleteMany();
    await db.mlModel.deleteMany();
    for (const entry of fs.readdirSync(root)) fs.rmSync(path.join(root, entry), { recursive: true, force: true });
  });

  const call = async (method: string, url: string, body?: BodyInit, headers: Record<string, string> = {}) => {
    const res = await route[method as 'GET'](new Request(`http://localhost${url}`, { method, body, headers }));
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const json = (method: string, url: string, value: unknown) => call(method, url, JSON.stringify(value), { 'content-type': 'application/json' });
  const create = (slug: string, title = slug) => json('POST', '/admin/api/ml/models', { slug, title });
  const upload = (slug: string, bytes: Uint8Array, filename = 'model.zip') => call('POST', `/admin/api/ml/models/${slug}/versions?filename=${encodeURIComponent(filename)}`, new Uint8Array(bytes), { 'content-type': 'application/octet-stream' });
  const stored = () => (fs.existsSync(root) ? fs.readdirSync(root, { recursive: true }).map(String).filter((f) => /\.(json|bin)$/.test(f)) : []);
  const settled = async (slug: string, n: number) => (await whenChecked(slug, n)) ?? null;

  it('creates a model (201), refuses a taken slug (409) and a bad one (400), and lists it', async () => {
    const made = await create('dense-points', '점 분류기');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ slug: 'dense-points', title: '점 분류기', versions: [], usedBy: [], signature: null });
    expect((await create('dense-points')).status).toBe(409);
    const bad = await create('-Bad_Slug');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/slug/);
    const list = await call('GET', '/admin/api/ml/models');
    expect(list.status).toBe(200);
    expect(list.body.items.map((m: { slug: string }) => m.slug)).toEqual(['dense-points']);
    expect(await db.mlModel.findUniqueOrThrow({ where: { slug: 'dense-points' } })).toMatchObject({ createdById: 7 });
  });

  it('uploads model.json + shard packed in one zip: 201 with the report and the guess, then checking → ready with shapes, load time and p50', async () => {
    await create('digits');
    const res = await upload('digits', packed(cnn));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.report).toMatchObject({ format: 'layers', inputShape: [null, 8, 8, 1], outputShape: [null, 10] });
    expect(res.body.report.classes).toEqual(expect.arrayContaining(['Conv2D', 'Dense']));
    expect(res.body.report.params).toBeGreaterThan(0);
    expect(res.body.report.flops).toBeGreaterThan(0);
    expect(res.body.guess).toMatchObject({ input: { kind: 'image', width: 8, height: 8, channels: 1 }, output: { kind: 'classes' } });
    expect(res.body.version).toMatchObject({ number: 1, status: expect.stringMatching(/^(checking|ready)$/) });
    const checked = await settled('digits', 1);
    expect(checked?.status, checked?.error).toBe('ready');
    const detail = await call('GET', '/admin/api/ml/models/digits');
    expect(detail.body.versions[0]).toMatchObject({ number: 1, status: 'ready', error: '', inputShape: [null, 8, 8, 1], outputShape: [null, 10], dtypes: { input: 'float32', output: 'float32' } });
    expect(detail.body.versions[0].loadMs).toBeGreaterThan(0);
    expect(detail.body.versions[0].p50Ms).toBeGreaterThan(0);
    expect(detail.body.guess).toMatchObject({ input: { kind: 'image', width: 8, height: 8 } });
    expect(stored().length).toBeGreaterThanOrEqual(2);

    // A second upload is version 2; the author's own .zip goes through as it is.
    const again = await upload('digits', zipOf(cnn).bytes, 'digits-v2.zip');
    expect(again.status).toBe(201);
    expect(again.body.version.number).toBe(2);
    expect((await settled('digits', 2))?.status).toBe('ready');
  }, 120_000);

  it('refuses a custom layer, a truncated shard, a model.json without its weights, an empty and an oversize body — naming the problem, storing nothing', async () => {
    await create('hostile');
    const layer = await upload('hostile', packed(custom));
    expect(layer.status).toBe(422);
    expect(layer.body.error).toContain(CUSTOM_LAYER_CLASS);
    expect(layer.body.error).toMatch(/[가-힣]/);

    const short = await upload('hostile', packed(truncate(dense)));
    expect([400, 422]).toContain(short.status);
    expect(short.body.error).toMatch(/[가-힣].*\/.*[a-z]/s);

    const lone = await upload('hostile', dense.find((f) => f.name.endsWith('.json'))!.bytes, 'model.json');
    expect([400, 422]).toContain(lone.status);
    expect(lone.body.error).toMatch(/shard|weight|가중치/i);

    expect((await upload('hostile', new Uint8Array(0))).status).toBe(400);
    const big = await upload('hostile', new Uint8Array(MAX + 300 * 1024));
    expect(big.status).toBe(413);

    const garbage = await upload('hostile', new TextEncoder().encode('{"not": "a model"'), 'model.json');
    expect([400, 422]).toContain(garbage.status);

    expect(await db.mlModelVersion.count()).toBe(0);
    expect(stored()).toEqual([]);
    // Still serving: a good upload right after is taken.
    expect((await upload('hostile', packed(dense))).status).toBe(201);
    expect((await settled('hostile', 1))?.status).toBe('ready');
  }, 120_000);

  it('declares the signature: the guess with labels is taken (with the example), a mismatch is 422 naming it', async () => {
    await create('points');
    const up = await upload('points', packed(dense));
    expect(up.status).toBe(201);
    expect((await settled('points', 1))?.status).toBe('ready');
    const guess = (await call('GET', '/admin/api/ml/models/points')).body.guess;
    expect(guess.input.kind).toBe('vector');
    const units = up.body.report.outputShape.at(-1) as number;
    const signature = { ...guess, output: { kind: 'classes', labels: Array.from({ length: units }, (_, i) => `클래스 ${i}`) } };
    const example = { values: Object.fromEntries(guess.input.fields.map((f: { name: string }) => [f.name, 0.5])) };
    const saved = await json('PUT', '/admin/api/ml/models/points/signature', { signature, example });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.signature).toEqual(expect.objectContaining({ output: expect.objectContaining({ labels: signature.output.labels }) }));
    expect(saved.body.example).toEqual(example);
    const row = await db.mlModelVersion.findFirstOrThrow({ where: { model: { slug: 'points' }, number: 1 } });
    expect(JSON.parse(row.exampleOutput)).toMatchObject({ predictions: expect.any(Array) });

    const tooFew = await json('PUT', '/admin/api/ml/models/points/signature', { signature: { ...signature, output: { kind: 'classes', labels: ['하나'] } }, example });
    expect(tooFew.status).toBe(422);
    expect(tooFew.body.error).toMatch(/[가-힣]/);
    const notASignature = await json('PUT', '/admin/api/ml/models/points/signature', { signature: { input: { kind: 'telepathy' } }, example: null });
    expect(notASignature.status).toBe(422);
    // The saved one stayed.
    expect(JSON.parse((await db.mlModel.findUniqueOrThrow({ where: { slug: 'points' } })).signature).output.labels).toEqual(signature.output.labels);
  }, 120_000);

  it('says which posts embed a model (pinned or following), and refuses to delete it while a published post does', async () => {
    await create('used');
    await db.post.create({ data: { title: '고정한 글', slug: 'pinned', source: '# 글\n\n<ModelDemo model="used" version={2} />\n' } });
    await db.post.create({ data: { title: '따라가는 글', slug: 'follows', source: "<ModelDemo height={300} model='used' />" } });
    await db.post.create({ data: { title: '다른 모델', slug: 'other', source: '<ModelDemo model="used-not" />' } });
    const detail = await call('GET', '/admin/api/ml/models/used');
    expect(detail.body.usedBy.map((u: { title: string; version: number | null }) => [u.title, u.version])).toEqual([
      ['고정한 글', 2],
      ['따라가는 글', null],
    ]);
    expect(detail.body.usedBy[0].editUrl).toMatch(/^\/admin\/blog\/post\/\d+\/change$/);
    const refused = await call('DELETE', '/admin/api/ml/models/used');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain('고정한 글');
    await db.post.deleteMany({ where: { slug: { in: ['pinned', 'follows'] } } });
    expect((await call('DELETE', '/admin/api/ml/models/used')).status).toBe(200);
    expect(await db.mlModel.count()).toBe(0);
    expect((await call('GET', '/admin/api/ml/models/used')).status).toBe(404);
  });

  it('refuses every endpoint without its permission (view / add / change / delete), and bad slugs with 400', async () => {
    await create('guarded');
    const cases: [string, string, string, () => Promise<{ status: number; body: { error?: string } }>][] = [
      ['ml.view_mlmodel', 'GET', 'list', () => call('GET', '/admin/api/ml/models')],
      ['ml.view_mlmodel', 'GET', 'detail', () => call('GET', '/admin/api/ml/models/guarded')],
      ['ml.add_mlmodel', 'POST', 'create', () => create('another')],
      ['ml.add_mlmodel', 'POST', 'upload', () => upload('guarded', packed(dense))],
      ['ml.change_mlmodel', 'PUT', 'signature', () => json('PUT', '/admin/api/ml/models/guarded/signature', { signature: {}, example: null })],
      ['ml.change_mlmodel', 'PATCH', 'title', () => json('PATCH', '/admin/api/ml/models/guarded', { title: 'x' })],
      ['ml.change_mlmodel', 'POST', 'recheck', () => call('POST', '/admin/api/ml/models/guarded/versions/1/check')],
      ['ml.delete_mlmodel', 'DELETE', 'delete', () => call('DELETE', '/admin/api/ml/models/guarded')],
    ];
    for (const [perm, , what, run] of cases) {
      granted = new Set(ALL.filter((p) => p !== perm));
      const res = await run();
      expect(res.status, what).toBe(403);
      expect(res.body.error).toBe(`You need the permission ${perm}.`);
    }
    granted = new Set(ALL);
    expect(await db.mlModel.count()).toBe(1);
    expect(await db.mlModelVersion.count()).toBe(0);
    expect((await call('GET', '/admin/api/ml/models/..%2Fetc')).status).toBe(400);
    expect((await call('GET', '/admin/api/ml/models/nope')).status).toBe(404);
    expect((await json('PATCH', '/admin/api/ml/models/guarded', { title: '새 제목' })).body.title).toBe('새 제목');
  });
});

describe('embedsOf', () => {
  it('finds <ModelDemo> tags naming the slug and the version each pins', () => {
    const src = '<ModelDemo model="a" />\n<ModelDemo version={3} model="a" height={200} />\n<ModelDemo model={"a"} version="4" />\n<ModelDemo model="ab" />\n<Other model="a" />';
    expect(embedsOf(src, 'a')).toEqual([null, 3, 4]);
    expect(embedsOf(src, 'ab')).toEqual([null]);
    expect(embedsOf(src, 'b')).toEqual([]);
  });
});
