// The request validators: every example passes; wrong shapes, NaN, strings, 10⁶ points and nested garbage are
// refused with a message that says where and what is expected.
import { describe, expect, it } from 'vitest';
import { describeZodError } from 'manifold/http';
import { attentionInput } from '../demos/attention/contract.mjs';
import { autoencoderInput } from '../demos/autoencoder/contract.mjs';
import { convolutionInput } from '../demos/convolution/contract.mjs';
import { daRnnInput } from '../demos/da-rnn/contract.mjs';
import { dcganInput } from '../demos/dcgan/contract.mjs';
import { gradientDescentInput } from '../demos/gradient-descent/contract.mjs';
import { lossCompareInput } from '../demos/loss-compare/contract.mjs';
import { MODELS, MODEL_NAMES, inputJsonSchema } from 'manifold/ml/schemas';
import { z, type ZodType } from 'zod';

function reject(schema: ZodType, body: unknown): string {
  const r = schema.safeParse(body);
  // Not JSON.stringify(body) in the message: some bodies here are too deep to stringify.
  expect(r.success, 'expected the body to be refused').toBe(false);
  return describeZodError(r.error!);
}

describe('examples', () => {
  it.each(MODEL_NAMES)('%s accepts its documented example and has a JSON schema', (name) => {
    expect(MODELS[name].input.safeParse(MODELS[name].example).success).toBe(true);
    expect(inputJsonSchema(name)).toMatchObject({ type: 'object' });
  });
});

describe('autoencoder', () => {
  const ok = { points: [[1, 2, 3]] };
  it('accepts points or latent codes, not both or neither', () => {
    expect(autoencoderInput.safeParse(ok).success).toBe(true);
    expect(autoencoderInput.safeParse({ latent: [[0.1, 0.2]] }).success).toBe(true);
    expect(reject(autoencoderInput, {})).toMatch(/either "points"/);
    expect(reject(autoencoderInput, { points: [[1, 2, 3]], latent: [[1, 2]] })).toMatch(/either "points"/);
  });

  it('refuses wrong shapes with the place and the expected shape', () => {
    expect(reject(autoencoderInput, { points: [[1, 2]] })).toBe('points[0]: must be [x, y, z] (3 numbers)');
    expect(reject(autoencoderInput, { points: [1, 2, 3] })).toMatch(/^points\[0\]: expected \[x, y, z\]/);
    expect(reject(autoencoderInput, { points: 'a lot' })).toMatch(/^points: expected an array of points/);
  });

  it('refuses NaN, Infinity, strings and null', () => {
    expect(reject(autoencoderInput, { points: [[1, 2, NaN]] })).toBe('points[0][2]: expected a finite number, got NaN');
    expect(reject(autoencoderInput, { points: [[1, Infinity, 3]] })).toBe('points[0][1]: expected a finite number, got Infinity');
    expect(reject(autoencoderInput, { points: [[1, '2', 3]] })).toBe('points[0][1]: expected a finite number, got "2"');
    expect(reject(autoencoderInput, { points: [[1, null, 3]] })).toBe('points[0][1]: expected a finite number, got null');
    expect(reject(autoencoderInput, { points: [[1e9, 0, 0]] })).toMatch(/points\[0\]\[0\]: must be at most 10000/);
  });

  it('refuses 10⁶ points quickly, before looking at them', () => {
    const started = performance.now();
    const huge = { points: Array.from({ length: 1_000_000 }, () => [1, 2, 3]) };
    expect(reject(autoencoderInput, huge)).toBe('points: allows at most 2048 points');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(reject(autoencoderInput, { points: [] })).toBe('points: needs at least 1 points');
  });

  it('refuses nested garbage and unknown keys', () => {
    expect(reject(autoencoderInput, { points: [[[[[[1]]]]], 2, 3] })).toMatch(/^points\[0\]\[0\]: expected a finite number, got \[\[\[\[1\]\]\]\]/);
    expect(reject(autoencoderInput, { points: [{ x: 1 }] })).toMatch(/^points\[0\]: expected \[x, y, z\]/);
    expect(reject(autoencoderInput, { points: [[1, 2, 3]], extra: true })).toMatch(/Unrecognized key: "extra"/);
    expect(reject(autoencoderInput, [[1, 2, 3]])).toMatch(/^body: /);
    expect(reject(autoencoderInput, 'points')).toMatch(/^body: /);
  });
});

describe('convolution', () => {
  it('accepts the contract and the 2-D form', () => {
    expect(convolutionInput.safeParse({ signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true }).success).toBe(true);
    expect(convolutionInput.safeParse({ image: [[1, 2], [3, 4]], kernel: [[1]], stride: 2, padding: 'same' }).success).toBe(true);
  });

  it('refuses kernels that do not match the input', () => {
    expect(reject(convolutionInput, { signal: [1, 2, 3], kernel: [[1]] })).toMatch(/^kernel\[0\]: a signal's kernel is a flat array/);
    expect(reject(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [1, 2] })).toMatch(/^kernel\[0\]: an image's kernel is a 2-D array/);
    expect(reject(convolutionInput, { signal: [1, 2], kernel: [1, 1, 1] })).toMatch(/^kernel: kernel length must be at most 2/);
    expect(reject(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 2], [3]] })).toMatch(/^kernel\[1\]: every kernel row must have 2 numbers/);
    expect(reject(convolutionInput, { image: [[1, 2], [3]], kernel: [[1]] })).toMatch(/^image\[1\]: every row must have 2 numbers/);
    expect(reject(convolutionInput, { signal: [1, 2, 3], kernel: [1, 'a'] })).toMatch(/^kernel\[1\]: .*got "a"/);
  });

  it('refuses normalizing by a zero sum, and neither or both inputs', () => {
    expect(reject(convolutionInput, { signal: [1, 2, 3], kernel: [-1, 0, 1], normalize: true })).toMatch(/^normalize: this kernel sums to 0/);
    expect(reject(convolutionInput, { kernel: [1] })).toMatch(/either "signal"/);
    expect(reject(convolutionInput, { signal: [1], image: [[1]], kernel: [1] })).toMatch(/either "signal"/);
    expect(reject(convolutionInput, { signal: [1, 2], kernel: [1], padding: 'full' })).toMatch(/^padding: padding is "valid"/);
  });

  it('caps sizes', () => {
    expect(reject(convolutionInput, { signal: Array(1025).fill(1), kernel: [1] })).toBe('signal: allows at most 1024 signal values');
    expect(reject(convolutionInput, { image: Array.from({ length: 65 }, () => [1]), kernel: [[1]] })).toMatch(/^image: allows at most 64 rows/);
  });
});

describe('the other models', () => {
  it('gradient-descent', () => {
    expect(reject(gradientDescentInput, {})).toMatch(/^lr: /);
    expect(reject(gradientDescentInput, { lr: 0 })).toBe('lr: the learning rate must be greater than 0');
    expect(reject(gradientDescentInput, { lr: 0.1, steps: 1.5 })).toBe('steps: steps must be a whole number');
    expect(reject(gradientDescentInput, { lr: 0.1, start: [1] })).toBe('start: must be [x, y] (2 numbers)');
  });

  it('loss-compare', () => {
    expect(lossCompareInput.safeParse({}).success).toBe(true);
    expect(reject(lossCompareInput, { z: 100 })).toBe('z: z is a logit from -12 to 12');
    expect(reject(lossCompareInput, { steps: 10_000 })).toBe('steps: steps must be at most 500');
  });

  it('dcgan', () => {
    expect(reject(dcganInput, { seed: 1, z: [Array(16).fill(0)] })).toMatch(/send one of "seed"/);
    expect(reject(dcganInput, { z: [[1, 2]] })).toMatch(/^z\[0\]: must be a latent vector of 16 numbers/);
    expect(reject(dcganInput, { seed: 1, count: 65 })).toBe('count: count must be at most 64');
    expect(reject(dcganInput, { interpolate: { from: 'a', to: 2 } })).toMatch(/^interpolate\.from: expected a seed/);
  });

  it('da-rnn', () => {
    expect(daRnnInput.safeParse({ start: 0, length: 144, disable: ['heater'] }).success).toBe(true);
    expect(reject(daRnnInput, { start: 1400, length: 144 })).toMatch(/^start: start \+ length must be at most 1430/);
    expect(reject(daRnnInput, { start: 0, length: 10, disable: ['oven'] })).toMatch(/^disable\[0\]: a sensor is one of outdoor/);
    expect(reject(daRnnInput, { inputs: [[1]], history: [1] })).toMatch(/^inputs: needs at least 10 time steps/);
    expect(reject(daRnnInput, {})).toMatch(/send either "start" and "length"/);
  });

  it('attention', () => {
    expect(reject(attentionInput, { text: 'Hello' })).toBe('text: text may use only lowercase letters a–z and digits 0–9');
    expect(reject(attentionInput, { text: 'abcdefghi' })).toBe('text: text must be at most 8 characters');
    expect(reject(attentionInput, { text: 42 })).toBe('text: text must be a string, got 42');
    expect(reject(attentionInput, { text: '' })).toBe('text: text must not be empty');
  });
});

describe('hostile values in messages', () => {
  const deep = (n: number) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = [v];
    return v;
  };

  it('refuses a point nested 60,000 arrays deep with a short message instead of throwing', () => {
    // Before: the message stringified the whole value, JSON.stringify overflowed the stack, and the request was a 500.
    expect(reject(autoencoderInput, { points: [[deep(60_000), 2, 3]] })).toBe(`points[0][0]: expected a finite number, got ${'['.repeat(40)}…`);
    expect(reject(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [deep(60_000)] })).toBe(`kernel[0][0]: expected a finite number, got ${'['.repeat(40)}…`);
    expect(reject(attentionInput, { text: deep(60_000) })).toBe(`text: text must be a string, got ${'['.repeat(40)}…`);
  });

  it('quotes at most 40 characters of a huge string or object', () => {
    expect(reject(autoencoderInput, { points: [[1, 'x'.repeat(1_000_000), 3]] })).toBe(`points[0][1]: expected a finite number, got "${'x'.repeat(39)}…`);
    expect(reject(autoencoderInput, { points: [[1, { ['k'.repeat(100)]: 1 }, 3]] })).toBe(`points[0][1]: expected a finite number, got {"${'k'.repeat(38)}…`);
  });

  it('describeZodError clips the path and the message, whatever the schema put in them', () => {
    const key = 'k'.repeat(10_000);
    const message = describeZodError(z.object({}).strict().safeParse({ [key]: 1 }).error!);
    expect(message).toBe(`body: ${`Unrecognized key: "${key}"`.slice(0, 300)}…`);
    const nested = describeZodError(z.record(z.string(), z.number()).safeParse({ [key]: 'a' }).error!);
    expect(nested).toMatch(new RegExp(`^k{40}…: `));
    expect(nested.length).toBeLessThan(400);
  });
});
