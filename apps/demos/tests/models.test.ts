// Each model's contract and golden outputs, with the committed weights: the convolution example exactly, the
// autoencoder beating PCA on held-out data, gradient descent converging below 2/λmax and diverging above, and every
// model reproducing the preview its training wrote.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, loadModel, rng } from 'manifold/ml/models/common';
import { swissRoll } from 'manifold/ml/models/data';
import { loadDefinitions } from '../demos/models.mjs';
import { fitPca, mse, pcaReconstruct } from '../demos/autoencoder/model.mjs';
import { inputJsonSchema, type ModelName } from 'manifold/ml/schemas';
import { ATTENTION_MAX_LENGTH } from '../demos/attention/contract.mjs';
import { DA_RNN } from '../demos/da-rnn/contract.mjs';
import { DCGAN_Z } from '../demos/dcgan/contract.mjs';

const definitions = await loadDefinitions();

const dir = path.join(process.cwd(), 'content', 'models');
const json = (name: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, name, file), 'utf8'));
const runtimes: Record<string, any> = {};
const infer = (name: string, ...inputs: any[]) => definitions[name].infer(runtimes[name], inputs);

beforeAll(async () => {
  await initTf('wasm');
  for (const [name, def] of Object.entries(definitions)) runtimes[name] = def.load(def.hasWeights ? await loadModel(path.join(dir, name)) : null);
});

describe('committed models', () => {
  it('has weights, metadata and a preview for every model, a few MB at most in all', () => {
    let bytes = 0;
    for (const [name, def] of Object.entries(definitions)) {
      const meta = json(name, 'meta.json');
      expect(meta.version).toBe(def.version);
      // The request schema recorded at training is the one the API validates with now.
      expect(meta.input).toEqual(inputJsonSchema(name as ModelName));
      expect(fs.existsSync(path.join(dir, name, 'preview.json'))).toBe(true);
      if (def.hasWeights) bytes += fs.statSync(path.join(dir, name, 'weights.bin')).size;
    }
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });

  it('matches the schema constants the API validates with', () => {
    expect(json('da-rnn', 'meta.json').config.window).toBe(DA_RNN.window);
    expect(json('attention', 'meta.json').config.maxLength).toBe(ATTENTION_MAX_LENGTH);
    expect(runtimes.dcgan.params['g/dense/kernel'].shape[0]).toBe(DCGAN_Z);
  });
});

describe('convolution', () => {
  it('keeps the fixed contract exactly', () => {
    const [out] = infer('convolution', { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true });
    expect(out.output).toEqual([3.6667, 5.6667, 5.6667]);
  });

  it('is cross-correlation with valid padding and no normalization by default', () => {
    expect(infer('convolution', { signal: [1, 2, 3, 4], kernel: [1, 0, -1] })[0].output).toEqual([-2, -2]);
    expect(infer('convolution', { signal: [1, 2, 3, 4, 5], kernel: [1, 1], stride: 2 })[0].output).toEqual([3, 7]);
    expect(infer('convolution', { signal: [1, 2, 3], kernel: [1, 1, 1], padding: 'same' })[0].output).toEqual([3, 6, 5]);
  });

  it('normalizes by the kernel sum, not its size, without flipping the kernel', () => {
    // Kernel [1, 3, 2]: sum 6, size 3, and not symmetric, so dividing by the size (×2) or flipping it shows.
    // [2,0,5]·[1,3,2] = 12, [0,5,1]·[1,3,2] = 17, [5,1,3]·[1,3,2] = 14; each over 6.
    const [out] = infer('convolution', { signal: [2, 0, 5, 1, 3], kernel: [1, 3, 2], normalize: true });
    expect(out.output).toEqual([2, 2.8333, 2.3333]);
    expect(out.kernelSum).toBe(6);
    // 2-D, kernel [[3, 1], [1, 0]]: sum 5, size 4. Windows of [[1..3],[4..6],[7..9]]:
    // 3·1+1·2+1·4+0·5 = 9, 3·2+3+5 = 14, 3·4+5+7 = 24, 3·5+6+8 = 29; each over 5.
    const image = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const [img] = infer('convolution', { image, kernel: [[3, 1], [1, 0]], normalize: true });
    expect(img.output).toEqual([
      [1.8, 2.8],
      [4.8, 5.8],
    ]);
    expect(img.kernelSum).toBe(5);
  });

  it('convolves images in 2-D', () => {
    const image = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ];
    const [out] = infer('convolution', { image, kernel: [[1, 0], [0, -1]] });
    expect(out.output).toEqual([
      [-4, -4],
      [-4, -4],
    ]);
    expect(infer('convolution', { image, kernel: [[1, 1], [1, 1]], normalize: true })[0].output).toEqual([
      [3, 4],
      [6, 7],
    ]);
  });

  it('reproduces its preview', () => {
    const preview = json('convolution', 'preview.json');
    expect(infer('convolution', { image: preview.image.image, kernel: preview.image.kernel })[0].output).toEqual(preview.image.output);
  });
});

describe('autoencoder', () => {
  it('beats PCA on held-out points of the swiss roll', () => {
    const test = swissRoll(rng(12345), 500);
    const points = Array.from({ length: 500 }, (_, i) => [test.points[3 * i], test.points[3 * i + 1], test.points[3 * i + 2]]);
    const [out] = infer('autoencoder', { points });
    expect(out.latent).toHaveLength(500);
    expect(out.latent[0]).toHaveLength(2);
    expect(out.reconstruction[0]).toHaveLength(3);
    const ae = mse(test.points, out.reconstruction.flat());
    // PCA fitted on these very points: the strongest linear baseline, and still far behind.
    const pca = mse(test.points, pcaReconstruct(fitPca(test.points), test.points));
    expect(ae).toBeLessThan(pca / 2);
    expect(out.mse.autoencoder).toBeCloseTo(ae, 2);
  });

  it('decodes latent codes, and a point decodes to what it encodes to', () => {
    const [enc] = infer('autoencoder', { points: [[3, 10, 5]] });
    const [dec] = infer('autoencoder', { latent: enc.latent });
    dec.reconstruction[0].forEach((v: number, i: number) => expect(v).toBeCloseTo(enc.reconstruction[0][i], 2));
  });

  it('gives each request of a batch the answer it would get alone', () => {
    const a = { points: [[1, 2, 3]] };
    const b = { points: [[-5, 12, 8], [2, 2, 2]] };
    const [alone] = infer('autoencoder', b);
    const [, together] = infer('autoencoder', a, b);
    expect(together).toEqual(alone);
  });

  it('reproduces its preview', () => {
    const preview = json('autoencoder', 'preview.json');
    const [out] = infer('autoencoder', { points: preview.points.slice(0, 20) });
    out.latent.forEach((l: number[], i: number) => l.forEach((v, k) => expect(v).toBeCloseTo(preview.latent[i][k], 1)));
  });
});

describe('gradient-descent', () => {
  const critical = 2 / 10;
  it('converges monotonically below 1/λmax', () => {
    const [out] = infer('gradient-descent', { lr: 0.05, steps: 60 });
    expect(out.criticalLr).toBeCloseTo(critical, 6);
    expect(out.status).toBe('converging');
    expect(out.converged).toBe(true);
  });

  it('oscillates but converges between 1/λmax and 2/λmax', () => {
    const [out] = infer('gradient-descent', { lr: 0.15, steps: 60 });
    expect(out.status).toBe('oscillating');
    expect(out.loss.at(-1)).toBeLessThan(out.loss[0] * 1e-3);
  });

  it('diverges past 2/λmax', () => {
    const [out] = infer('gradient-descent', { lr: critical * 1.05, steps: 60 });
    expect(out.status).toBe('diverged');
    expect(out.loss.at(-1)).toBeGreaterThan(out.loss[0]);
  });

  it('follows w ← (I − ηA)w exactly (tf.grad gives Aw)', () => {
    const [out] = infer('gradient-descent', { lr: 0.1, steps: 3, start: [1, 0], lambdas: [1, 3], angle: 0 });
    expect(out.path).toEqual([
      [1, 0],
      [0.9, 0],
      [0.81, 0],
      [0.729, 0],
    ]);
  });
});

describe('loss-compare', () => {
  it('has the gradients of the post: at z = −10 CE ≈ −1, MSE ≈ −4.5e−5', () => {
    const [out] = infer('loss-compare', { z: -10 });
    expect(out.at.ce.grad).toBeCloseTo(-1, 3);
    expect(out.at.mse.grad).toBeCloseTo(-4.54e-5, 6);
    expect(out.at.ce.loss).toBeCloseTo(10, 3);
  });

  it('learns faster with cross-entropy from a badly wrong start', () => {
    const [out] = infer('loss-compare', { initialZ: -4, lr: 2, steps: 100 });
    expect(out.stepsToP90.ce).toBeLessThan(10);
    expect(out.stepsToP90.mse).toBeGreaterThan(5 * out.stepsToP90.ce);
  });
});

describe('dcgan', () => {
  it('draws 16×16 PNGs, the same for the same seed', () => {
    const [a] = infer('dcgan', { seed: 7, count: 3 });
    const [b] = infer('dcgan', { seed: 7, count: 3 });
    expect(a.images).toHaveLength(3);
    expect(a.images).toEqual(b.images);
    const png = Buffer.from(a.images[0], 'base64');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(16);
    expect(png.readUInt32BE(20)).toBe(16);
    expect(a.z[0]).toHaveLength(DCGAN_Z);
  });

  it('interpolates from one latent vector to the other', () => {
    const [out] = infer('dcgan', { interpolate: { from: 1, to: 2, steps: 5 } });
    const [ends] = infer('dcgan', { seed: 1, count: 1 }, { seed: 2, count: 1 });
    expect(out.images).toHaveLength(5);
    expect(out.images[0]).toBe(ends.images[0]);
  });

  it('reproduces its preview (batch norm uses fixed statistics, so batching changes nothing)', () => {
    const preview = json('dcgan', 'preview.json');
    const [, out] = infer('dcgan', { seed: 1, count: 5 }, { seed: preview.samples.seed, count: 16 });
    expect(out.images).toEqual(preview.samples.images);
  });
});

describe('da-rnn', () => {
  it('predicts the held-out room better than the last reading does', () => {
    const [out] = infer('da-rnn', { start: 0, length: 288 });
    expect(out.prediction).toHaveLength(288);
    expect(out.rmse.model).toBeLessThan(out.rmse.persistence * 0.9);
    for (const row of out.attention) expect(row.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 3);
    for (const row of out.temporal) expect(row).toHaveLength(DA_RNN.window);
  });

  it('gets worse without the room’s drivers (heater, sun, people), and is indifferent to the noise sensors', () => {
    const [all] = infer('da-rnn', { start: 0, length: 288 });
    const [noDrivers] = infer('da-rnn', { start: 0, length: 288, disable: ['heater', 'solar', 'occupancy'] });
    const [noNoise] = infer('da-rnn', { start: 0, length: 288, disable: ['noise-a', 'noise-b'] });
    expect(noDrivers.rmse.model).toBeGreaterThan(all.rmse.model * 1.1);
    expect(noNoise.rmse.model).toBeLessThan(all.rmse.model * 1.05);
  });

  it('takes raw readings too', () => {
    const [range] = infer('da-rnn', { start: 0, length: 1 });
    // One prediction of the test period, a room temperature close to what was measured (NaN fails both).
    expect(range.prediction).toHaveLength(1);
    expect(Math.abs(range.prediction[0] - range.truth[0])).toBeLessThan(1.5);
    const [raw] = infer('da-rnn', { inputs: Array.from({ length: DA_RNN.window }, () => [8, 0, 1, 2, 0, 60, 0, 0]), history: Array(DA_RNN.window - 1).fill(18) });
    expect(raw.prediction).toBeGreaterThan(17);
    expect(raw.prediction).toBeLessThan(19.5);
    expect(raw.attention).toHaveLength(DA_RNN.window);
  });

  it('reproduces its preview', () => {
    const preview = json('da-rnn', 'preview.json');
    const [out] = infer('da-rnn', { start: preview.start, length: preview.truth.length });
    out.prediction.forEach((v: number, i: number) => expect(v).toBeCloseTo(preview.prediction[i], 1));
  });
});

describe('attention', () => {
  it('reverses strings it never saw', () => {
    const outs = infer('attention', { text: 'hello' }, { text: 'abc123' }, { text: 'z9' }, { text: 'manifold' });
    expect(outs.map((o: { output: string }) => o.output)).toEqual(['olleh', '321cba', '9z', 'dlofinam']);
  });

  it('returns a row-stochastic map per layer and head', () => {
    const [out] = infer('attention', { text: 'deep' });
    expect(out.attention).toHaveLength(out.layers);
    expect(out.attention[0]).toHaveLength(out.heads);
    for (const row of out.attention[0][0]) expect(row.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 2);
  });

  it('reproduces its preview', () => {
    const preview = json('attention', 'preview.json');
    expect(infer('attention', { text: preview.input.join('') })[0].output).toBe(preview.output);
  });
});
