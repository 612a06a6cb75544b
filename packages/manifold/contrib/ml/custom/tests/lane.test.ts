// The custom lane with real tfjs models on real piscina threads: a version runs from its bytes (fetched only when a
// thread lacks it), waiting requests for one model are batched and each gets its own answer, one model runs one
// batch at a time while another model uses the other thread, a model's share of the queue is enforced, a run past
// the time limit is answered 503, its thread replaced and its version reported, and — the point of the lane — the
// built-in demos' pool keeps answering while a slow author model is hammered.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { InferenceService } from 'manifold/ml/inference';
import { CustomModelLane } from '../../runtime/custom-lane.mjs';
import { readArtifact } from '../artifact.mjs';
import { denseClassifier, slowModel } from './make-models';

const WORKER = path.resolve(__dirname, '../../runtime/custom-worker.mjs');
type Files = { name: string; bytes: Uint8Array }[];

let dense: Files;
let slow: Files;

beforeAll(async () => {
  dense = await denseClassifier();
  slow = await slowModel();
}, 300_000);

const point = (x: number, y: number) => ({ shape: [1, 2], dtype: 'float32' as const, data: [x, y] });
const threadOf = async (lane: CustomModelLane) => ((await lane.stats()) as { threadId: number }).threadId;

describe('custom lane', () => {
  let lane: CustomModelLane;
  let fetched = 0;
  const denseFiles = async () => {
    fetched++;
    return dense;
  };

  beforeAll(() => {
    lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
  });
  // Each test counts only its own fetches (each loads a version of its own in the shared lane).
  beforeEach(() => {
    fetched = 0;
  });
  afterAll(async () => {
    await lane.close();
  });

  it('checks a version: load time, p50, shapes and the example answer, and keeps it loaded', async () => {
    const res = await lane.check('points@1', dense, { input: point(1, 1) });
    expect(res.tooSlowMs).toBeUndefined();
    expect(res.loadMs).toBeGreaterThan(0);
    expect(res.p50Ms).toBeGreaterThan(0);
    expect(res.inputShape).toEqual([null, 2]);
    expect(res.outputShape).toEqual([null, 3]);
    expect(res.example!.shape).toEqual([1, 3]);
    expect(res.example!.data.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // Already loaded by the check: the first run asks for no files.
    await lane.run('points@1', point(0, 0), { files: denseFiles, batchable: true });
    expect(fetched).toBe(0);
  });

  it('loads a version from its files on first use, batches waiting requests and answers each its own', async () => {
    const one = await lane.run('points@2', point(2, 2), { files: denseFiles, batchable: true });
    expect(fetched).toBe(1);
    const inputs = Array.from({ length: 16 }, (_, i) => point(Math.cos(i), Math.sin(i)));
    const alone: number[][] = [];
    for (const x of inputs.slice(0, 4)) alone.push((await lane.run('points@2', x, { files: denseFiles, batchable: true })).output.data);
    const together = await Promise.all(inputs.map((x) => lane.run('points@2', x, { files: denseFiles, batchable: true, maxBatch: 8 })));
    together.slice(0, 4).forEach((r, i) => r.output.data.forEach((p, j) => expect(p).toBeCloseTo(alone[i][j], 4)));
    for (const r of together) expect(r.output.shape).toEqual([1, 3]);
    expect(one.output.data.length).toBe(3);
    expect(fetched).toBe(1);
  });

  it('refuses past a model\'s share of the queue with 503, while another model still gets in', async () => {
    const small = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000, modelQueue: 2, maxQueue: 10 });
    try {
      await small.check('points@1', dense);
      await small.check('other@1', dense);
      // One batch of one (not batchable here) running, two waiting: the rest of this model's requests are refused.
      const runs = Array.from({ length: 5 }, () => small.run('points@1', point(0, 0), { files: denseFiles }).then(() => 'ok', (e) => e.status));
      const other = small.run('other@1', point(0, 0), { files: denseFiles }).then(() => 'ok');
      expect(await Promise.all(runs)).toEqual(['ok', 'ok', 'ok', 503, 503]);
      expect(await other).toBe('ok');
    } finally {
      await small.close();
    }
  });
});

describe("a model's load on a thread", () => {
  it("is not counted against its call's time limit: a fresh thread's start and the load are not the call", async () => {
    // A limit far below what a fresh thread takes to start tfjs and load a version from its files, and far above what
    // this small model's call takes, its first (which compiles) included.
    const lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 100, checkTimeoutMs: 120_000 });
    const reported: string[] = [];
    lane.onRunTimeout((key) => reported.push(key));
    try {
      let fetched = 0;
      const files = async () => (fetched++, dense);
      const r = await lane.run('points@1', point(1, 0), { files, timeoutMs: 60_000 });
      expect(r.output.data.length).toBe(3);
      expect(fetched).toBe(1);
      // Loaded now: the next calls read no files, and none was over the limit.
      for (let i = 0; i < 3; i++) await lane.run('points@1', point(0, i), { files, timeoutMs: 60_000 });
      expect(fetched).toBe(1);
      expect(reported).toEqual([]);
    } finally {
      await lane.close();
    }
  }, 180_000);
});

describe('a slow author model in the lane', () => {
  it('is answered 503 at its time limit, its thread replaced and its version reported; the next model answers', async () => {
    const lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 1500, checkTimeoutMs: 120_000 });
    const reported: [string, string][] = [];
    lane.onRunTimeout((key, message) => reported.push([key, message]));
    try {
      // Its check says it is too slow for the limit (what the store records as unhealthy).
      const checked = await lane.check('slow@1', slow);
      expect(checked.tooSlowMs).toBeGreaterThan(1500);
      await lane.check('points@1', dense);
      const before = await threadOf(lane);
      const started = performance.now();
      expect(checked.inputShape).toEqual([null, 8, 8, 1]);
      const err = await lane.run('slow@1', { shape: [1, 8, 8, 1], dtype: 'float32', data: new Array(64).fill(0.5) }, { files: async () => slow }).catch((e) => e);
      expect(err.status).toBe(503);
      expect(err.message).toMatch(/time limit/);
      // Answered at the limit, not when the 10 s call would have ended (generous: a loaded machine).
      expect(performance.now() - started).toBeLessThan(8000);
      await vi.waitFor(() => expect(reported.map((r) => r[0])).toEqual(['slow@1']), { timeout: 10_000 });
      expect(reported[0][1]).toMatch(/[가-힣]/);
      // A fresh thread serves the next model (it loads the version from its files again).
      const r = await lane.run('points@1', point(0, 1), { files: async () => dense, timeoutMs: 60_000 });
      expect(r.output.data.length).toBe(3);
      expect(await threadOf(lane)).not.toBe(before);
    } finally {
      await lane.close();
    }
  }, 180_000);

  it('runs a check on a thread of its own: a request waiting behind it is answered at its deadline and its model is not blamed', async () => {
    const lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 1500, checkTimeoutMs: 120_000 });
    const reported: string[] = [];
    lane.onRunTimeout((key) => reported.push(key));
    try {
      await lane.check('points@1', dense);
      const checking = lane.check('slow@1', slow);
      await vi.waitFor(() => expect(lane.snapshot().inflight).toBe(1));
      const waited = await lane.run('points@1', point(0, 0), { files: async () => dense }).catch((e) => e);
      expect(waited.status).toBe(503);
      expect(waited.message).toMatch(/^모델 “points v1”이\(가\) 제한 시간 \d+ ms 안에 답하지 못했습니다\. \/ Model “points v1” did not answer within its time limit of \d+ ms\.$/);
      expect((await checking).tooSlowMs).toBeGreaterThan(1500);
      expect(reported).toEqual([]);
      // Once the check is done, the same thread answers.
      expect((await lane.run('points@1', point(0, 0), { files: async () => dense })).output.data.length).toBe(3);
    } finally {
      await lane.close();
    }
  }, 180_000);

  it('does not slow the built-in demos: their pool answers while the slow model is hammered', async () => {
    const demos = new InferenceService({ threads: 1 });
    const lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 30_000, checkTimeoutMs: 120_000, modelQueue: 8 });
    try {
      await demos.whenReady();
      const input = { shape: [1, 8, 8, 1], dtype: 'float32' as const, data: new Array(64).fill(0.25) };
      // Twenty requests at the slow model: one runs, eight wait, the rest are refused at once (its queue share).
      const hammer = Array.from({ length: 20 }, () => lane.run('slow@1', input, { files: async () => slow }).then(() => 'ok', (e) => e.status));
      await vi.waitFor(() => expect(lane.snapshot().models['slow@1']?.running).toBe(true), { timeout: 30_000 });
      // Meanwhile every demo request is answered by the demos' own pool, well within their 5 s limit.
      const times: number[] = [];
      // For three seconds and at least twenty requests: well into the slow model's ten-second call.
      const until = performance.now() + 3000;
      for (let i = 0; i < 20 || performance.now() < until; i++) {
        const t = performance.now();
        const r = await demos.run('convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true });
        times.push(performance.now() - t);
        expect(r.output.output).toEqual([3.6667, 5.6667, 5.6667]);
      }
      times.sort((a, b) => a - b);
      expect(times[Math.floor(times.length / 2)]).toBeLessThan(1000);
      expect(lane.snapshot().models['slow@1'].running).toBe(true);
      const refused = (await Promise.race([Promise.all(hammer.slice(9)), new Promise((r) => setTimeout(() => r('pending'), 100))])) as unknown;
      expect(refused).toEqual(new Array(11).fill(503));
    } finally {
      await lane.close();
      await demos.close();
    }
  }, 300_000);
});

// Keep the artifact reader honest about what the worker loads: the same bytes parse on the main thread.
it('reads the test models as artifacts', () => {
  expect(readArtifact(dense).format).toBe('layers');
});
