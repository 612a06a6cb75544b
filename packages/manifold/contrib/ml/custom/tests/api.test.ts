// GET/POST /api/ml/custom/<slug> as the route file serves them (nextRoute over the declarations), on real databases,
// a real storage folder, the real custom lane and real tfjs models: a description with the served version, shapes
// and limits; an answer through the signature (classes with labels); a pinned version; and each refusal with its
// status and a Korean + English message: 404 unknown, 409 no signature / still checking, 503 unhealthy, 422 wrong
// shape or range, 413 too large, 429 over the demos' rate limit; a new ready version is served without a restart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../../testing/databases';
import { createDb, type Db } from '../../../../lib/db';
import { nextRoute } from '../../../../lib/endpoint.mjs';
import { localStorage } from '../../../media/storage';
import { configureMlLimits } from '../../runtime/request.mjs';
import { CustomModelLane } from '../../runtime/custom-lane.mjs';
import { customModelEndpoints } from '../endpoints';
import * as store from '../store';
import { denseClassifier, digitCnn, digitPixels, graphModel, slowModel, TEXT_LABELS, TEXT_MAX_LENGTH, TEXT_VOCABULARY, textLstm } from './make-models';

const WORKER = path.resolve(__dirname, '../../runtime/custom-worker.mjs');
type Files = { name: string; bytes: Uint8Array }[];

let dense: Files;
let cnn: Files;
let lane: CustomModelLane;

beforeAll(async () => {
  [dense, cnn] = await Promise.all([denseClassifier(), digitCnn()]);
  lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
  configureMlLimits({ rateLimit: 'off' });
}, 300_000);
afterAll(async () => {
  configureMlLimits({});
  await lane?.close();
});

const VECTOR = {
  input: { kind: 'vector', fields: [{ name: 'x', label: 'x', min: -3, max: 3, step: 0.1, default: 0 }, { name: 'y', label: 'y', min: -3, max: 3, step: 0.1, default: 0 }] },
  output: { kind: 'classes', labels: ['빨강 red', '초록 green', '파랑 blue'] },
};
const DIGITS = {
  input: { kind: 'image', width: 8, height: 8, channels: 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' },
  output: { kind: 'classes', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], topK: 3 },
};

describe.each(PROVIDERS)('/api/ml/custom on %s', (provider) => {
  let t: TestDatabase;
  let db: Db;
  let root: string;
  let restore: () => void;
  let route: ReturnType<typeof nextRoute>;

  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await route[method](new Request(`http://localhost${url}`, init));
    return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    db = createDb(t.target);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-api-'));
    restore = store.configureModelStore({ storage: localStorage(root), lane, purge: async () => {} });
    route = nextRoute(customModelEndpoints({ db: () => db }));
  });
  afterAll(async () => {
    restore?.();
    await db?.$disconnect();
    await t?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.mlModel.deleteMany();
  });

  it('describes a model and answers through its signature; a pinned version; a new version without restart', async () => {
    await store.createModel(db, { slug: 'points', title: '점 분류기 / Points' }, null);
    await store.addVersion(db, 'points', dense, null, { wait: true });
    // No signature yet: described, but a POST is 409.
    const undeclared = await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 } });
    expect(undeclared.status).toBe(409);
    expect(undeclared.body.error).toMatch(/[가-힣].*signature/);
    await store.setSignature(db, 'points', VECTOR, { values: { x: 1, y: 1 } });

    const info = await call('GET', '/api/ml/custom/points');
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ model: 'points', title: '점 분류기 / Points', version: 1, status: 'ready', inputShape: [null, 2], outputShape: [null, 3], signature: VECTOR });
    expect(info.body.limits.timeoutMs).toBeGreaterThan(0);

    const res = await call('POST', '/api/ml/custom/points', { values: { x: 1, y: 1 } });
    expect(res.status).toBe(200);
    expect(res.body.model).toBe('points');
    expect(res.body.version).toBe(1);
    expect(res.body.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(res.body.output.predictions.map((p: { label: string }) => p.label).sort()).toEqual([...VECTOR.output.labels].sort());
    // The same answer as the example output recorded for v1.
    const v1 = await db.mlModelVersion.findFirstOrThrow({ where: { number: 1 } });
    expect(res.body.output).toEqual(JSON.parse(v1.exampleOutput));

    await store.addVersion(db, 'points', dense, null, { wait: true });
    expect((await call('POST', '/api/ml/custom/points', { values: { x: 1, y: 1 } })).body.version).toBe(2);
    expect((await call('POST', '/api/ml/custom/points?version=1', { values: { x: 1, y: 1 } })).body.version).toBe(1);
    expect((await call('POST', '/api/ml/custom/points?version=7', { values: { x: 1, y: 1 } })).status).toBe(404);
    expect((await call('POST', '/api/ml/custom/points?version=abc', { values: { x: 1, y: 1 } })).status).toBe(400);
  });

  it('runs the digit CNN on a drawn 8×8 image: the predicted class follows the drawing', async () => {
    await store.createModel(db, { slug: 'digits', title: 'Digits' }, null);
    await store.addVersion(db, 'digits', cnn, null, { wait: true });
    await store.setSignature(db, 'digits', DIGITS, null);
    // Each clean digit drawn is read as itself, and drawing another digit changes the answer.
    for (const d of [1, 3, 7]) {
      const res = await call('POST', '/api/ml/custom/digits', { pixels: digitPixels(d) });
      expect(res.status).toBe(200);
      expect(res.body.output.top).toBe(String(d));
      expect(res.body.output.predictions.length).toBeLessThanOrEqual(10);
    }
    const wrongSize = await call('POST', '/api/ml/custom/digits', { pixels: new Array(63).fill(0) });
    expect(wrongSize.status).toBe(422);
    const outOfRange = await call('POST', '/api/ml/custom/digits', { pixels: new Array(64).fill(256) });
    expect(outOfRange.status).toBe(422);
  });

  it('runs the embedding + LSTM text model from its word index, and a graph model as its layers twin answers', async () => {
    await store.createModel(db, { slug: 'sentiment', title: 'Sentiment' }, null);
    await store.addVersion(db, 'sentiment', await textLstm(), null, { wait: true });
    const text = { input: { kind: 'text', vocabulary: TEXT_VOCABULARY, maxLength: TEXT_MAX_LENGTH, oovIndex: 1, padIndex: 0, lowercase: true }, output: { kind: 'classes', labels: TEXT_LABELS } };
    await store.setSignature(db, 'sentiment', text, { text: 'this movie was great' });
    const good = await call('POST', '/api/ml/custom/sentiment', { text: 'this movie was really great' });
    const bad = await call('POST', '/api/ml/custom/sentiment', { text: '이 영화 정말 지루하다' });
    expect(good.status).toBe(200);
    expect(good.body.output.top).toBe('긍정 positive');
    expect(bad.body.output.top).toBe('부정 negative');
    // The vocabulary stays on the server: the description leaves it out.
    const info = await call('GET', '/api/ml/custom/sentiment');
    expect(info.body.signature.input.vocabulary).toBeUndefined();
    expect((await call('POST', '/api/ml/custom/sentiment', { text: 'x'.repeat(100_000) })).status).toBe(422);

    await store.createModel(db, { slug: 'graph', title: 'Graph' }, null);
    const g = await store.addVersion(db, 'graph', await graphModel(), null, { wait: true });
    expect(g).toMatchObject({ format: 'graph', status: 'ready' });
    await store.setSignature(db, 'graph', VECTOR, null);
    await store.createModel(db, { slug: 'layers', title: 'Layers' }, null);
    await store.addVersion(db, 'layers', dense, null, { wait: true });
    await store.setSignature(db, 'layers', VECTOR, null);
    for (const values of [{ x: 1, y: 1 }, { x: -2, y: 0.5 }]) {
      const a = await call('POST', '/api/ml/custom/graph', { values });
      const b = await call('POST', '/api/ml/custom/layers', { values });
      expect(a.status).toBe(200);
      a.body.output.predictions.forEach((p: { label: string; p: number }, i: number) => expect(p.p).toBeCloseTo(b.body.output.predictions[i].p, 3));
    }
  });

  it('refuses what does not fit, with a status and a Korean + English message', async () => {
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    await store.addVersion(db, 'points', dense, null, { wait: true });
    await store.setSignature(db, 'points', VECTOR, null);
    const unknown = await call('POST', '/api/ml/custom/nobody', { values: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/[가-힣].*No model/);
    expect((await call('GET', '/api/ml/custom/nobody')).status).toBe(404);
    const range = await call('POST', '/api/ml/custom/points', { values: { x: 50, y: 0 } });
    expect(range.status).toBe(422);
    expect(range.body.error).toMatch(/[가-힣].*does not fit/);
    expect((await call('POST', '/api/ml/custom/points', { pixels: [1, 2, 3] })).status).toBe(422);
    expect((await call('POST', '/api/ml/custom/points', '{"values":')).status).toBe(400);
    const big = await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 }, pad: 'x'.repeat(3 * 1024 * 1024) });
    expect(big.status).toBe(413);

    // Still being checked: 409; unhealthy: 503 with its error.
    const model = await db.mlModel.findUniqueOrThrow({ where: { slug: 'points' } });
    await db.mlModelVersion.updateMany({ where: { modelId: model.id }, data: { status: 'checking' } });
    const checking = await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 } });
    expect(checking.status).toBe(409);
    await db.mlModelVersion.updateMany({ where: { modelId: model.id }, data: { status: 'unhealthy', error: '시간 초과 / timed out' } });
    const sick = await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 } });
    expect(sick.status).toBe(503);
    expect(sick.body.error).toMatch(/timed out/);
    expect((await call('GET', '/api/ml/custom/points')).body).toMatchObject({ status: 'unhealthy', error: '시간 초과 / timed out' });
  });

  it('marks a ready version whose files went missing unhealthy at its first cold load, with why', async () => {
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    const v = await store.addVersion(db, 'points', dense, null, { wait: true });
    await store.setSignature(db, 'points', VECTOR, null);
    const shard = (JSON.parse(v.files) as { name: string; key: string }[]).find((f) => f.name !== 'model.json')!;
    fs.rmSync(path.join(root, ...shard.key.split('/')));
    // A lane that has not loaded it yet (a restarted server) must read the files.
    const cold = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
    const back = store.configureModelStore({ lane: cold });
    try {
      const res = await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 } });
      expect(res.status).toBe(503);
      await vi.waitFor(async () => expect((await db.mlModelVersion.findUniqueOrThrow({ where: { id: v.id } })).status).toBe('unhealthy'));
      expect((await db.mlModelVersion.findUniqueOrThrow({ where: { id: v.id } })).error).toMatch(/missing from the media storage/);
      const again = await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 } });
      expect(again.status).toBe(503);
      expect(again.body.error).toMatch(/unhealthy.*missing/);
    } finally {
      back();
      await cold.close();
    }
  });

  it('counts calls against the demos\' per-client rate limit (429)', async () => {
    await store.createModel(db, { slug: 'points', title: 'Points' }, null);
    await store.addVersion(db, 'points', dense, null, { wait: true });
    await store.setSignature(db, 'points', VECTOR, null);
    configureMlLimits({ rateLimit: '3/60s' });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call('POST', '/api/ml/custom/points', { values: { x: 0, y: 0 } })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      configureMlLimits({ rateLimit: 'off' });
    }
  });
});

describe('a 10 s/call model on SQLite, under a 2 s time limit', () => {
  let t: TestDatabase;
  let db: Db;
  let root: string;
  let slowLane: CustomModelLane;
  let restore: () => void;
  let purges = 0;

  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    db = createDb(t.target);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-api-slow-'));
    slowLane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 2000, checkTimeoutMs: 120_000 });
    restore = store.configureModelStore({ storage: localStorage(root), lane: slowLane, purge: async () => void purges++ });
    // Its ~390 GFLOPs are over the default cost cap; raised here so it gets as far as the lane.
    vi.stubEnv('MANIFOLD_ML_CUSTOM_MAX_MFLOPS', '1000000');
    vi.stubEnv('MANIFOLD_ML_CUSTOM_TIMEOUT_MS', '2000');
  }, 120_000);
  afterAll(async () => {
    vi.unstubAllEnvs();
    restore?.();
    await slowLane?.close();
    await db?.$disconnect();
    await t?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('is refused by the default cost cap with the estimate named', async () => {
    vi.stubEnv('MANIFOLD_ML_CUSTOM_MAX_MFLOPS', '200');
    try {
      await store.createModel(db, { slug: 'capped', title: 'Capped' }, null);
      const err = await store.addVersion(db, 'capped', await slowModel(), null).catch((e) => e);
      expect(err.status).toBe(413);
      expect(err.message).toMatch(/MFLOPs가 듭니다.*One call costs about [\d,.]+ MFLOPs.*the limit is 200 MFLOPs/);
      expect(await db.mlModelVersion.count({ where: { model: { slug: 'capped' } } })).toBe(0);
    } finally {
      vi.stubEnv('MANIFOLD_ML_CUSTOM_MAX_MFLOPS', '1000000');
    }
  }, 120_000);

  it('is unhealthy at upload, and a version that turns slow is marked unhealthy by the call that ran too long', async () => {
    const slow = await slowModel();
    await store.createModel(db, { slug: 'slow', title: 'Slow' }, null);
    const checked = await store.addVersion(db, 'slow', slow, null, { wait: true });
    expect(checked.status).toBe('unhealthy');
    expect(checked.error).toMatch(/One call takes \d+ ms, over the time limit of 2000 ms/);
    expect(checked.error).toMatch(/[가-힣]/);

    // A version checked ready elsewhere (another server with a higher limit; a fixture): its first slow call here
    // is answered 503 at the limit, its thread replaced, and the version marked unhealthy with why.
    await store.setSignature(db, 'slow', { input: { kind: 'image', width: 8, height: 8, channels: 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' }, output: { kind: 'classes', labels: DIGITS.output.labels } }, null);
    await db.mlModelVersion.update({ where: { id: checked.id }, data: { status: 'ready', error: '' } });
    const route = nextRoute(customModelEndpoints({ db: () => db }));
    purges = 0;
    const started = performance.now();
    const res = await route.POST(new Request('http://localhost/api/ml/custom/slow', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pixels: new Array(64).fill(0) }) }));
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(9000);
    expect(((await res.json()) as { error: string }).error).toMatch(/time limit/);
    await vi.waitFor(async () => expect((await db.mlModelVersion.findUniqueOrThrow({ where: { id: checked.id } })).status).toBe('unhealthy'), { timeout: 15_000 });
    expect((await db.mlModelVersion.findUniqueOrThrow({ where: { id: checked.id } })).error).toMatch(/제한 시간/);
    expect(purges).toBe(1);
    const again = await route.POST(new Request('http://localhost/api/ml/custom/slow', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pixels: new Array(64).fill(0) }) }));
    expect(again.status).toBe(503);
    expect(((await again.json()) as { error: string }).error).toMatch(/unhealthy/);
  }, 180_000);
});
