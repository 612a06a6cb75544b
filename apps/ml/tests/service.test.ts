// The inference service end to end in-process: real worker threads with the committed weights, batching, the time
// limit (503, then it goes on serving), the Next route functions' statuses (400, 404, 413), and the fast path that
// server.mjs puts in front of Next answering exactly as the route does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../lib/http';
import { InferenceService, inferenceService, listModels, getModel, runModelRequest } from '../inference';
import { handleMlRequest } from '../runtime/http.mjs';
import { MODEL_NAMES } from '../schemas';

let service: InferenceService;
let fast: http.Server;
let fastUrl: string;

beforeAll(async () => {
  service = new InferenceService({ threads: 1 });
  fast = http.createServer((req, res) => {
    if (!handleMlRequest(req, res)) res.writeHead(418).end('not a model call');
  });
  await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
  fastUrl = `http://127.0.0.1:${(fast.address() as AddressInfo).port}`;
  await Promise.all([service.whenReady(), inferenceService().whenReady()]);
});

afterAll(async () => {
  await new Promise((resolve) => fast.close(resolve));
  await service.close();
  await inferenceService().close();
});

const post = (name: string, body: string, headers: Record<string, string> = {}) =>
  handler<{ model: string }>(async (req, { params }) => runModelRequest(req, params.model))(
    new Request(`http://localhost/api/ml/${name}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }) as never,
    { params: Promise.resolve({ model: name }) },
  );

describe('InferenceService', () => {
  it('loads every model in the worker', async () => {
    const stats = (await service.stats()) as { backend: string; models: Record<string, string> };
    expect(stats.backend).toBe('wasm');
    for (const name of MODEL_NAMES) expect(stats.models[name]).toBe('ready');
  });

  it('answers with the output, the version and the inference time', async () => {
    const r = await service.run('convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true });
    expect(r.output.output).toEqual([3.6667, 5.6667, 5.6667]);
    expect(r.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.inferenceMs).toBeGreaterThanOrEqual(0);
  });

  it('batches concurrent requests and gives each its own answer', async () => {
    const inputs = Array.from({ length: 100 }, (_, i) => ({ signal: [i, i + 1, i + 2], kernel: [1, 1] }));
    const results = await Promise.all(inputs.map((input) => service.run('convolution', input)));
    results.forEach((r, i) => expect(r.output.output).toEqual([2 * i + 1, 2 * i + 3]));
    const points = await Promise.all(Array.from({ length: 40 }, (_, i) => service.run('autoencoder', { points: Array.from({ length: 64 }, () => [i, 10, -i]) })));
    points.forEach((r) => expect((r.output.latent as number[][]).length).toBe(64));
  });

  it('refuses a run over its time limit with 503 and goes on serving', async () => {
    await expect(service.run('da-rnn', { start: 0, length: 288 }, { timeoutMs: 1 })).rejects.toMatchObject({ status: 503, message: expect.stringMatching(/time limit of 1 ms/) });
    const r = await service.run('convolution', { signal: [1, 2, 3], kernel: [1] });
    expect(r.output.output).toEqual([1, 2, 3]);
  });

  it('refuses work beyond its queue with 503', async () => {
    const small = new InferenceService({ threads: 1, maxQueue: 2 });
    try {
      const runs = Array.from({ length: 6 }, () => small.run('convolution', { signal: [1], kernel: [1] }).then(() => 'ok', (e) => e.status));
      expect(await Promise.all(runs)).toContain(503);
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
    expect(models.find((m) => m.name === 'autoencoder')!.metrics).toHaveProperty('heldOutMse');
    await expect(getModel('nope')).rejects.toMatchObject({ status: 404 });
  });

  it('POST runs the model', async () => {
    const res = await post('convolution', JSON.stringify({ signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ model: 'convolution', version: '1.0.0', output: [3.6667, 5.6667, 5.6667] });
    expect(body.inferenceMs).toBeTypeOf('number');
  });

  it('400 for bad input, with what is wrong and what is expected', async () => {
    const bad = await post('autoencoder', JSON.stringify({ points: [[1, 2]] }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'points[0]: must be [x, y, z] (3 numbers)' });
    expect((await post('autoencoder', '{"points": [[1, 2, NaN]]}')).status).toBe(400);
    expect(await (await post('autoencoder', 'not json')).json()).toEqual({ error: 'Body is not valid JSON.' });
    expect((await post('autoencoder', '')).status).toBe(400);
  });

  it('404 for an unknown model, naming the known ones', async () => {
    const res = await post('resnet', '{}');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/No model named "resnet".*autoencoder/);
  });

  it('413 for a body over the limit, before parsing it', async () => {
    const huge = JSON.stringify({ points: Array.from({ length: 1_000_000 }, () => [1, 2, 3]) });
    const res = await post('autoencoder', huge);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/limit/);
  });
});

describe('fast path (server.mjs)', () => {
  const bodies: [string, string][] = [
    ['convolution', JSON.stringify({ signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true })],
    ['autoencoder', JSON.stringify({ points: [[1, 2]] })],
    ['autoencoder', '{"points": [[1, 2, NaN]]}'],
    ['autoencoder', ''],
    ['attention', JSON.stringify({ text: 'Upper' })],
    ['resnet', '{}'],
    ['autoencoder', JSON.stringify({ points: Array.from({ length: 100_000 }, () => [1, 2, 3]) })],
  ];

  it.each(bodies.map(([m, b], i) => [i, m, b]))('answers case %i (%s) exactly like the Next route', async (_i, model, body) => {
    const viaNext = await post(model as string, body as string);
    const viaFast = await fetch(`${fastUrl}/api/ml/${model}`, { method: 'POST', body: body as string, headers: { 'content-type': 'application/json' } });
    expect(viaFast.status).toBe(viaNext.status);
    const [a, b] = [await viaFast.json(), await viaNext.json()];
    delete a.inferenceMs;
    delete b.inferenceMs;
    // An over-limit body: the wording differs only by whether the sender declared its length.
    if (viaNext.status === 413) expect(a.error).toMatch(/limit is 262144|limit of 262144/);
    else expect(a).toEqual(b);
  });

  it('leaves every other request to Next', async () => {
    expect((await fetch(`${fastUrl}/api/ml`)).status).toBe(418);
    expect((await fetch(`${fastUrl}/api/ml/convolution`)).status).toBe(418);
    expect((await fetch(`${fastUrl}/posts/x`, { method: 'POST' })).status).toBe(418);
  });
});
