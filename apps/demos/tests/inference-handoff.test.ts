// How a request's input reaches the inference worker: the body's own JSON text, batched into one string, stands for
// the validated value only when the model's schema returns what it accepts unchanged (keepsValue); each request of a
// batch still gets its own answer, the same as when its value is serialized on the main thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEndpoint, nextRoute } from 'manifold/endpoint';
import { InferenceService } from 'manifold/ml/inference';
import { keepsValue } from 'manifold/ml/input';
import { MODEL_NAMES, MODELS, rawJsonInput } from 'manifold/ml/contract';

describe('keepsValue', () => {
  it("holds for every demo model's request schema, so each sends its body's text to the worker", () => {
    expect(MODEL_NAMES.length).toBeGreaterThan(0);
    for (const name of MODEL_NAMES) {
      expect(keepsValue(MODELS[name].input), name).toBe(true);
      expect(rawJsonInput(name), name).toBe(true);
    }
  });

  it('holds for schemas that only check: strict and loose objects, refinements, length-first pipes, unions, tuples', () => {
    const kept = [
      z.object({ a: z.number().min(0).max(1), b: z.string().regex(/^x+$/).optional() }).strict(),
      z.object({ a: z.number() }).loose(),
      z.object({ a: z.array(z.number()) }).strict().refine((v) => v.a.length > 0),
      z.array(z.unknown()).max(3).pipe(z.array(z.number().int())),
      z.union([z.literal(1), z.enum(['a', 'b']), z.null()]),
      z.tuple([z.number(), z.boolean()], z.string()),
      z.record(z.string(), z.array(z.number()).nullable()),
    ];
    for (const schema of kept) expect(keepsValue(schema)).toBe(true);
  });

  it('fails for schemas whose output differs from their input (the validated value must then be serialized)', () => {
    const changed = [
      z.object({ a: z.number() }), // strips unknown keys
      z.object({ a: z.string().trim() }).strict(),
      z.object({ a: z.string().toLowerCase() }).strict(),
      z.object({ a: z.coerce.number() }).strict(),
      z.object({ a: z.number().default(1) }).strict(),
      z.object({ a: z.number().catch(0) }).strict(),
      z.array(z.number()).transform((a) => a.length),
      z.array(z.number().transform((n) => n * 2)),
      z.lazy(() => z.number()),
      z.union([z.number(), z.string().trim()]),
    ];
    for (const schema of changed) expect(keepsValue(schema)).toBe(false);
  });
});

describe('the text an endpoint hands its handler', () => {
  it('is the body its input was parsed from, byte for byte', async () => {
    let seen: { text?: string; input?: unknown } = {};
    const { POST } = nextRoute([
      defineEndpoint({
        method: 'POST',
        path: '/echo',
        input: z.object({ n: z.array(z.number()) }).strict(),
        handler: ({ text, input }) => {
          seen = { text, input };
          return { ok: true };
        },
      }),
    ]);
    const body = ' {\n  "n" : [1, 2.50, -3e2] }\n';
    const res = await POST(new Request('http://x/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    expect(res.status).toBe(200);
    expect(seen).toEqual({ text: body, input: { n: [1, 2.5, -300] } });
  });
});

describe('InferenceService with the requests’ own JSON text', () => {
  let service: InferenceService;
  beforeAll(async () => {
    service = new InferenceService({ threads: 1 });
    await service.whenReady();
  });
  afterAll(async () => {
    await service.close();
  });

  it('answers each request of a batch its own result, the same as from the serialized value', async () => {
    const inputs = Array.from({ length: 48 }, (_, i) => ({ signal: [i, i + 1, i + 2, 7 - i], kernel: [1, -1], normalize: false }));
    // As clients write them: spacing, key order and number spellings differ from JSON.stringify's.
    const texts = inputs.map((v, i) => (i % 2 ? `{ "kernel": [1.0, -1e0], "normalize": false, "signal": [${v.signal.join(' , ')}] }` : JSON.stringify(v)));
    const [fromText, fromValue] = await Promise.all([
      Promise.all(inputs.map((input, i) => service.run('convolution', input, { text: texts[i] }))),
      Promise.all(inputs.map((input) => service.run('convolution', input))),
    ]);
    inputs.forEach((v, i) => {
      expect(fromText[i].output.output).toEqual([-1, -1, v.signal[2] - v.signal[3]]);
      expect(fromText[i].output).toEqual(fromValue[i].output);
    });
  });

  it('keeps two models’ requests apart when they wait together', async () => {
    const points = (i: number) => Array.from({ length: 8 }, (_, k) => [i + k / 10, 5, -i]);
    const runs = Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? service.run('autoencoder', { points: points(i) }, { text: JSON.stringify({ points: points(i) }) }).then((r) => ['autoencoder', i, r.output] as const)
        : service.run('convolution', { signal: [i], kernel: [2] }, { text: `{"signal":[${i}],"kernel":[2]}` }).then((r) => ['convolution', i, r.output] as const),
    );
    for (const [model, i, output] of await Promise.all(runs)) {
      if (model === 'convolution') expect(output.output).toEqual([2 * i]);
      else expect((output.reconstruction as number[][]).length).toBe(points(i).length);
    }
  });
});
