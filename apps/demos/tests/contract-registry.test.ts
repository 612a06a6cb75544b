// What GET /api/ml documents per model: a title, a description, every output field described, and the exact example
// body (fresh import per test: the registry is built once at module load, see contract-limits.test.ts).
import { beforeEach, describe, expect, it, vi } from 'vitest';

let MODELS: typeof import('manifold/ml/contract')['MODELS'];
beforeEach(async () => {
  vi.resetModules();
  ({ MODELS } = await import('manifold/ml/contract'));
});

describe('the documented registry', () => {
  it('gives every model a title, a description and a description of each output field', () => {
    const outputs = Object.fromEntries(Object.entries(MODELS).map(([name, m]) => [name, Object.keys(m.output)]));
    expect(outputs).toEqual({
      autoencoder: ['latent', 'reconstruction', 'pca', 'mse'],
      'gradient-descent': ['path', 'loss', 'status', 'criticalLr'],
      'loss-compare': ['curve', 'at', 'training', 'stepsToP90'],
      convolution: ['output', 'kernelSum', 'stride', 'padding'],
      dcgan: ['images', 'z'],
      'da-rnn': ['truth', 'prediction', 'attention', 'temporal', 'rmse'],
      attention: ['output', 'attention', 'confidence'],
    });
    for (const [name, m] of Object.entries(MODELS)) {
      expect(m.title.length, `${name} title`).toBeGreaterThan(5);
      expect(m.description.length, `${name} description`).toBeGreaterThan(20);
      for (const [field, text] of Object.entries(m.output)) expect((text as string).length, `${name}.${field}`).toBeGreaterThan(0);
    }
  });

  it('documents the example bodies the API page shows', () => {
    expect(Object.fromEntries(Object.entries(MODELS).map(([name, m]) => [name, m.example]))).toEqual({
      autoencoder: { points: [[-3.1, 10.2, 6.8]] },
      'gradient-descent': { lr: 0.1, steps: 30 },
      'loss-compare': { z: -6, initialZ: -4, lr: 2, steps: 100 },
      convolution: { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true },
      dcgan: { seed: 7, count: 4 },
      'da-rnn': { start: 0, length: 144 },
      attention: { text: 'manifold' },
    });
  });
});
