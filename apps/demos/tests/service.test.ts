// The inference service end to end in-process: real worker threads (piscina) with the committed weights, batching,
// the time limit counting the wait in the queue, workers replaced after a timeout or a crash, and worker errors kept
// out of the answers. The adapters in front of it are tested in adapters.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InferenceService, listModels, getModel } from 'manifold/ml/inference';
import { MODEL_NAMES } from 'manifold/ml/schemas';

let service: InferenceService;

beforeAll(async () => {
  service = new InferenceService({ threads: 1 });
  await service.whenReady();
});

afterAll(async () => {
  await service.close();
});

/** For a request sent while a replacement worker loads the models. */
const REPLACEMENT = { timeoutMs: 60_000 };
const threadOf = async (s: InferenceService) => ((await s.stats()) as { threadId: number }).threadId;
/**
 * Until the service has sent what it was given so far: it dispatches at the end of the event loop's turn (so requests
 * read together go as one batch), and a test that wants its first request running alone waits for that.
 */
const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Waits until the service has a ready, idle worker. After a failed run (a timeout, a crash, a model that did not
 * load) the service holds new requests until its worker answers again, and requests sent meanwhile are batched
 * together under the earliest one's limit, which the timing tests must not inherit from the test before.
 */
async function settled(s: InferenceService) {
  // Through the service's queue: answered once a worker is ready.
  await s.run('convolution', { signal: [0], kernel: [1] }, REPLACEMENT);
  // A round trip to the worker: by its answer the run above has been counted out of the service's in-flight runs.
  await s.stats();
}

describe('InferenceService', () => {
  it('loads every model in the worker', async () => {
    const stats = (await service.stats()) as { backend: string; models: Record<string, string> };
    expect(stats.backend).toBe('wasm');
    for (const name of MODEL_NAMES) expect(stats.models[name]).toBe('ready');
  });

  it('answers with the output, the version and the inference time', async () => {
    const started = performance.now();
    const r = await service.run('convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true });
    const wall = performance.now() - started;
    expect(r.output.output).toEqual([3.6667, 5.6667, 5.6667]);
    expect(r.version).toBe('1.0.0');
    expect(r.backend).toBe('wasm');
    // The worker's own measure of the run: a finite figure (NaN fails) within the request's wall time.
    expect(Number.isFinite(r.inferenceMs)).toBe(true);
    expect(r.inferenceMs).toBeLessThanOrEqual(wall);
    expect(JSON.parse(r.responseJson('convolution'))).toEqual({ model: 'convolution', version: '1.0.0', output: [3.6667, 5.6667, 5.6667], kernelSum: 3, stride: 1, padding: 'valid', inferenceMs: r.inferenceMs });
  });

  it('batches concurrent requests and gives each its own answer', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({ signal: [i, i + 1, i + 2], kernel: [1, 1] }));
    const results = await Promise.all(inputs.map((input) => service.run('convolution', input)));
    results.forEach((r, i) => expect(r.output.output).toEqual([2 * i + 1, 2 * i + 3]));
    const points = await Promise.all(Array.from({ length: 40 }, (_, i) => service.run('autoencoder', { points: Array.from({ length: 64 }, () => [i, 10, -i]) })));
    points.forEach((r) => expect((r.output.latent as number[][]).length).toBe(64));
  });

  it('refuses a run over its time limit with 503, and serves the next request from a fresh worker', async () => {
    const before = await threadOf(service);
    // 10 ms: past the end of the turn the request is sent at (well under a millisecond), short of the run (two days of
    // readings, 110–250 ms here).
    await expect(service.run('da-rnn', { start: 0, length: 288 }, { timeoutMs: 10 })).rejects.toMatchObject({ status: 503, message: 'da-rnn ran over its time limit of 10 ms; try a smaller input or try again.' });
    // The replacement loads every model first (about a second, several on a busy machine); that wait counts against
    // a request's limit, so these follow-ups get a generous one: what is tested here is the answer, not the timing.
    const r = await service.run('convolution', { signal: [1, 2, 3], kernel: [2] }, REPLACEMENT);
    expect(r.output.output).toEqual([2, 4, 6]);
    const after = await threadOf(service);
    expect(after).not.toBe(before);
    // And the fresh worker runs the heavy models too.
    expect(((await service.run('da-rnn', { start: 0, length: 2 }, REPLACEMENT)).output.prediction as number[]).length).toBe(2);
  });

  it('sends the requests that arrive in one turn of the event loop to the worker as one batch', async () => {
    await settled(service);
    const before = { ...service.dispatched };
    // Eight requests in one turn, as eight connections' requests read together: one batch, not the first alone and
    // then the seven that came while it ran.
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => service.run('convolution', { signal: [i, i], kernel: [1] })));
    results.forEach((r, i) => expect(r.output.output).toEqual([i, i]));
    expect({ batches: service.dispatched.batches - before.batches, requests: service.dispatched.requests - before.requests }).toEqual({ batches: 1, requests: 8 });
    // A request alone is not held back for company: it goes at the end of its turn, answered as before.
    const lone = await service.run('convolution', { signal: [2, 3], kernel: [2] });
    expect(lone.output.output).toEqual([4, 6]);
    expect(service.dispatched.batches - before.batches).toBe(2);
  });

  it('refuses work beyond its queue with 503', async () => {
    const small = new InferenceService({ threads: 1, maxQueue: 2 });
    try {
      await small.whenReady();
      // One batch in the worker, two waiting: the next three are refused at once, and the first three answered.
      const runs = Array.from({ length: 6 }, (_, i) => small.run('convolution', { signal: [i], kernel: [1] }).then((r) => r.output.output, (e) => `${e.status} ${e.message}`));
      const busy = '503 The demo models are busy (2 requests waiting); try again in a moment.';
      expect(await Promise.all(runs)).toEqual([[0], [1], [2], busy, busy, busy]);
    } finally {
      await small.close();
    }
  });
});

describe('routes', () => {
  it('lists the models with schemas, versions and metrics', async () => {
    const { models } = await listModels();
    expect(models.map((m) => m.name)).toEqual(MODEL_NAMES);
    const conv = models.find((m) => m.name === 'convolution')!;
    expect(conv.input).toMatchObject({ type: 'object' });
    expect(conv.version).toBe('1.0.0');
    expect(conv.limits).toEqual({ maxBytes: 131072 });
    expect(models.find((m) => m.name === 'autoencoder')!.metrics).toHaveProperty('heldOutMse');
    await expect(getModel('nope')).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/^No model named "nope"\. The models are: autoencoder, /) });
  });
});

describe('time limits and failing workers (the real worker with a fault switch, tests/support/faulty-worker.mjs)', () => {
  let faulty: InferenceService;
  let emptyModels: string;

  beforeAll(async () => {
    // No trained weights here: the models that need them fail to load, with the path in the worker's error.
    emptyModels = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-no-models-'));
    faulty = new InferenceService({ threads: 1, workerFile: path.join(process.cwd(), 'apps/demos/tests/support/faulty-worker.mjs'), modelsDir: emptyModels });
    await faulty.whenReady();
  });

  beforeEach(async () => {
    await settled(faulty);
  });

  afterAll(async () => {
    // Not while a replacement worker is starting (its start would fail with the pool's destruction, logged as an error).
    await settled(faulty);
    await faulty.close();
    fs.rmSync(emptyModels, { recursive: true, force: true });
  });

  it('answers a request that waited in the queue past its limit with 503 at its deadline, without running it', async () => {
    const started = performance.now();
    const order: string[] = [];
    const slow = faulty.run('convolution', { signal: [1], kernel: [1], sleepMs: 600 } as never, { timeoutMs: 5000 }).then(() => order.push('slow done'));
    await endOfTurn();
    const queued = faulty.run('convolution', { signal: [7], kernel: [1] }, { timeoutMs: 150 }).then(
      () => 'ran',
      (e) => {
        order.push('queued refused');
        return { status: e.status, message: e.message, after: performance.now() - started };
      },
    );
    const refused = await queued;
    expect(refused).toMatchObject({ status: 503, message: 'convolution waited longer than its time limit of 150 ms for a free worker; try again in a moment.' });
    expect(refused).toHaveProperty('after', expect.any(Number));
    expect((refused as { after: number }).after).toBeLessThan(550);
    await slow;
    expect(order).toEqual(['queued refused', 'slow done']);
  });

  it('refuses each waiting request at its own deadline, earliest first whatever the order they came in, and runs the rest', async () => {
    const order: string[] = [];
    const note = (name: string) => [
      (r: { output: Record<string, unknown> }) => order.push(`${name} ran ${JSON.stringify(r.output.output)}`),
      (e: { status: number }) => order.push(`${name} refused ${e.status}`),
    ] as const;
    const slow = faulty.run('convolution', { signal: [1], kernel: [1], sleepMs: 900 } as never, { timeoutMs: 5000 }).then(...note('slow'));
    await endOfTurn();
    const a = faulty.run('convolution', { signal: [1, 2], kernel: [1] }, { timeoutMs: 450 }).then(...note('a'));
    const b = faulty.run('convolution', { signal: [3], kernel: [2] }, { timeoutMs: 150 }).then(...note('b'));
    const c = faulty.run('convolution', { signal: [4], kernel: [3] }, { timeoutMs: 30_000 }).then(...note('c'));
    await Promise.all([slow, a, b, c]);
    expect(order).toEqual(['b refused 503', 'a refused 503', 'slow ran [1]', 'c ran [12]']);
  });

  it('gives a run only what is left of its limit after the queue', async () => {
    // About 300 ms in the queue behind the first run, then an 800 ms run: over its 900 ms limit in all. Timed from
    // the start of its run instead, it would finish inside the limit and be answered.
    const first = faulty.run('convolution', { signal: [1], kernel: [1], sleepMs: 300 } as never);
    await endOfTurn();
    const second = faulty.run('convolution', { signal: [2], kernel: [1], sleepMs: 800 } as never, { timeoutMs: 900 }).then(
      () => 'ran',
      (e) => `${e.status} ${e.message}`,
    );
    await first;
    expect(await second).toBe('503 convolution ran over its time limit of 900 ms; try a smaller input or try again.');
    expect((await faulty.run('convolution', { signal: [1, 2], kernel: [3] }, REPLACEMENT)).output.output).toEqual([3, 6]);
  });

  it('after a worker crash, serves the next request correctly from a fresh worker', async () => {
    const before = await threadOf(faulty);
    await expect(faulty.run('convolution', { signal: [1], kernel: [1], crash: true } as never)).rejects.toMatchObject({
      status: 503,
      message: 'convolution is not available right now; try again later.',
    });
    const r = await faulty.run('convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }, REPLACEMENT);
    expect(r.output.output).toEqual([3.6667, 5.6667, 5.6667]);
    expect(await threadOf(faulty)).not.toBe(before);
  });

  it("keeps the worker's error text (file paths, stacks) out of the answer", async () => {
    const stats = (await faulty.stats()) as { models: Record<string, string> };
    // The worker does know why, with the path: that goes to the server log only.
    expect(stats.models.autoencoder).toContain(path.join(emptyModels, 'autoencoder'));
    const refused = await faulty.run('autoencoder', { points: [[1, 2, 3]] }).then(
      () => null,
      (e) => e,
    );
    expect(refused).toMatchObject({ status: 503, message: 'autoencoder is not available right now; try again later.' });
    expect(refused.message).not.toContain(emptyModels);
    expect(refused.message).not.toMatch(/\bat |\/|train/);
  });
});
