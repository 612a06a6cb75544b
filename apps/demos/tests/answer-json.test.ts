// The text the inference worker sends for a model with inferJson (written straight from the tensors' data,
// manifold/ml/models/json.mjs) is JSON.stringify of what infer answers, byte for byte, with the committed weights:
// for the API's examples, the benchmark's bodies, batches of mixed sizes, and values at the limits of the schemas.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, loadModel, rng } from 'manifold/ml/models/common';
import { MODELS } from 'manifold/ml/contract';
import { loadDefinitions } from '../demos/models.mjs';

const definitions = await loadDefinitions();
const runtimes: Record<string, any> = {};

beforeAll(async () => {
  await initTf('wasm');
  for (const [name, def] of Object.entries(definitions)) if (def.inferJson) runtimes[name] = def.load(def.hasWeights ? await loadModel(path.join(process.cwd(), 'content', 'models', name)) : null);
});

const r = rng(14);
const u = (lo: number, hi: number) => r.uniform(lo, hi);
// The benchmark's 64 points along the roll (scripts/bench-ml.mjs).
const rollPoints = Array.from({ length: 64 }, (_, i) => {
  const t = 1.5 * Math.PI * (1 + (2 * i) / 63);
  return [+(t * Math.cos(t)).toFixed(3), +((i * 7) % 21).toFixed(3), +(t * Math.sin(t)).toFixed(3)];
});
const text = () => Array.from({ length: 1 + r.int(8) }, () => 'abcdefghijklmnopqrstuvwxyz0123456789'[r.int(36)]).join('');

const batches: Record<string, unknown[][]> = {
  autoencoder: [
    [{ points: rollPoints }],
    Array.from({ length: 16 }, () => ({ points: Array.from({ length: 1 + r.int(100) }, () => [u(-20, 20), u(-5, 25), u(-15, 15)]) })),
    Array.from({ length: 5 }, () => ({ latent: Array.from({ length: 1 + r.int(50) }, () => [u(-5, 5), u(-5, 5)]) })),
    // Far off the roll, at the schema's limits, mixed with latent codes in one batch.
    [{ points: [[0, 0, 0], [-0, 1e4, -1e4], [1e-300, 5e-7, -5e-7]] }, { latent: [[0, 0], [1e3, -1e3]] }, { points: [[-1e4, -1e4, 1e4]] }],
  ],
  attention: [
    ['manifold', 'a', 'z9', 'abcdefgh', '00000000', 'hello'].map((t) => ({ text: t })),
    Array.from({ length: 24 }, () => ({ text: text() })),
  ],
};

describe('inferJson', () => {
  it('is JSON.stringify of infer, for every model that has it', () => {
    const names = Object.keys(runtimes);
    expect(names).toEqual(expect.arrayContaining(['autoencoder', 'attention']));
    for (const name of names) {
      const def = definitions[name];
      for (const batch of [[MODELS[name].example], ...(batches[name] ?? [])]) {
        const texts = def.inferJson!(runtimes[name], batch);
        expect(texts, name).toEqual(def.infer(runtimes[name], batch).map((o) => JSON.stringify(o)));
      }
    }
  });
});
