// Training is deterministic for a seed (tiny configurations, a second or so each) and the model files round-trip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, loadModel, saveModel, tf } from 'manifold/ml/models/common';
import { loadDefinitions } from '../demos/models.mjs';

const definitions = await loadDefinitions();

beforeAll(async () => {
  await initTf('wasm');
});

async function bytes(params: Record<string, tf.Tensor>) {
  const names = Object.keys(params).sort();
  const { data } = await tf.io.encodeWeights(names.map((name) => ({ name, tensor: params[name] })));
  return Buffer.from(data as ArrayBuffer);
}

describe.each(Object.entries(definitions).filter(([, def]) => def.hasWeights))('%s', (name, def) => {
  it('trains to the same weights for the same seed, and to other weights for another', async () => {
    const a = await def.train({ seed: 7, config: def.tiny });
    const b = await def.train({ seed: 7, config: def.tiny });
    const c = await def.train({ seed: 8, config: def.tiny });
    const [ba, bb, bc] = await Promise.all([a, b, c].map((r) => bytes(r.params!)));
    expect(ba.equals(bb)).toBe(true);
    expect(ba.equals(bc)).toBe(false);
    expect(a.metrics).toEqual(b.metrics);
    for (const r of [a, b, c]) tf.dispose(Object.values(r.params!));
  });

  it('saves model.json + weights named by their content that load back to the same tensors', async () => {
    const result = await def.train({ seed: 3, config: def.tiny });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ml-${name}-`));
    try {
      const saved = await saveModel(dir, { name, version: def.version, config: result.config, extra: result.extra }, result.params!);
      const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
      expect(modelJson.weightsManifest[0].paths).toEqual([saved.file]);
      expect(saved.file).toBe(`weights-${saved.sha256.slice(0, 16)}.bin`);
      expect(modelJson.modelTopology.version).toBe(`${def.version}+${saved.sha256.slice(0, 8)}`);
      expect(fs.readdirSync(dir).sort()).toEqual(['model.json', saved.file]);
      const loaded = await loadModel(dir, name);
      expect(loaded.sha256).toBe(saved.sha256);
      expect(Object.keys(loaded.params).sort()).toEqual(Object.keys(result.params!).sort());
      expect((await bytes(loaded.params)).equals(await bytes(result.params!))).toBe(true);
      expect(loaded.topology.config).toEqual(JSON.parse(JSON.stringify(result.config)));
      // and the loaded model runs
      expect(def.infer(def.load(loaded), [def.warmup])).toHaveLength(1);
      tf.dispose([...Object.values(loaded.params), ...Object.values(result.params!)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(Object.entries(definitions).filter(([, def]) => !def.hasWeights))('%s (no weights)', (_name, def) => {
  it('computes the same preview every time', async () => {
    const a = await def.train({ seed: 1, config: def.tiny });
    const b = await def.train({ seed: 1, config: def.tiny });
    expect(a.params).toBeUndefined();
    expect(a.preview).toEqual(b.preview);
  });
});
