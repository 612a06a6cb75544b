// Every limit and message of the demo models' request contract, at its boundary: the value just inside passes,
// the value just outside is refused with the message a person can act on (issue 17's survivors in contract.mjs).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ZodType } from 'zod';

// The schemas are built once when the contracts load; a fresh import per test makes each test check them as built
// (mutation testing reloads nothing between tests, so a shared import would never see a change to a limit).
type Contract = typeof import('manifold/ml/contract');
let attentionInput: ZodType, autoencoderInput: ZodType, convolutionInput: ZodType, daRnnInput: ZodType, dcganInput: ZodType;
let gradientDescentInput: ZodType, lossCompareInput: ZodType, inputJsonSchema: Contract['inputJsonSchema'], isModelName: Contract['isModelName'];
let MODELS: Contract['MODELS'], MODEL_NAMES: Contract['MODEL_NAMES'], DA_RNN: typeof import('../demos/da-rnn/contract.mjs')['DA_RNN'], DCGAN_Z: number, ATTENTION_MAX_LENGTH: number;
beforeEach(async () => {
  vi.resetModules();
  ({ inputJsonSchema, isModelName, MODELS, MODEL_NAMES } = await import('manifold/ml/contract'));
  ({ attentionInput, ATTENTION_MAX_LENGTH } = await import('../demos/attention/contract.mjs'));
  ({ autoencoderInput } = await import('../demos/autoencoder/contract.mjs'));
  ({ convolutionInput } = await import('../demos/convolution/contract.mjs'));
  ({ daRnnInput, DA_RNN } = await import('../demos/da-rnn/contract.mjs'));
  ({ dcganInput, DCGAN_Z } = await import('../demos/dcgan/contract.mjs'));
  ({ gradientDescentInput } = await import('../demos/gradient-descent/contract.mjs'));
  ({ lossCompareInput } = await import('../demos/loss-compare/contract.mjs'));
});

/** Every issue as "path: message", in zod's order. */
function issues(schema: ZodType, body: unknown): string[] {
  const r = schema.safeParse(body);
  expect(r.success, 'expected the body to be refused').toBe(false);
  return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
const ok = (schema: ZodType, body: unknown) => {
  const r = schema.safeParse(body);
  expect(r.success, r.success ? '' : `refused: ${r.error.issues.map((i) => i.message).join('; ')}`).toBe(true);
};
const row = (n: number, v = 0) => Array(n).fill(v);

describe('values quoted in messages', () => {
  // The first issue: zod also runs the length check on an array that is not a string.
  const got = (input: unknown) => issues(attentionInput, { text: input }).slice(0, 1);
  it('says "nothing" for a missing value and quotes numbers, booleans and null as JSON', () => {
    expect(issues(attentionInput, {})).toEqual(['text: text must be a string, got nothing']);
    expect(got(-1.5)).toEqual(['text: text must be a string, got -1.5']);
    expect(got(true)).toEqual(['text: text must be a string, got true']);
    expect(got(null)).toEqual(['text: text must be a string, got null']);
  });

  it('writes arrays and objects with commas, non-finite numbers as null, and skips inherited keys', () => {
    expect(got([1, 'a', false, null, [], {}])).toEqual(['text: text must be a string, got [1,"a",false,null,[],{}]']);
    expect(got({ a: 1, b: [NaN, Infinity], c: { d: 'e' } })).toEqual(['text: text must be a string, got {"a":1,"b":[null,null],"c":{"d":"e"}}']);
    const child = Object.create({ inherited: 1 }) as Record<string, unknown>;
    child.own = 2;
    expect(got(child)).toEqual(['text: text must be a string, got {"own":2}']);
  });

  it('names the type of what JSON cannot hold', () => {
    expect(got(10n)).toEqual(['text: text must be a string, got bigint']);
    expect(got(() => 1)).toEqual(['text: text must be a string, got function']);
    expect(got([undefined, () => 1])).toEqual(['text: text must be a string, got [null,null]']);
  });

  it('stops at 40 characters, with an ellipsis only when something was cut', () => {
    const forty = 'x'.repeat(38); // with its quotes, 40 characters
    expect(got([forty])).toEqual([`text: text must be a string, got ["${forty}…`]);
    expect(got({ [forty.slice(2)]: 1 })).toEqual([`text: text must be a string, got {"${forty.slice(2)}":…`]);
    const exactly40 = Array.from({ length: 19 }, () => 1); // "[" + 19 ones + 18 commas + "]" = 39
    expect(got(exactly40)).toEqual([`text: text must be a string, got [${exactly40.join(',')}]`]);
    expect(got([...exactly40, 2])).toEqual([`text: text must be a string, got [${exactly40.join(',')},2…`]);
    expect(got([...exactly40, 22])).toEqual([`text: text must be a string, got [${exactly40.join(',')},2…`]);
    expect(got(Array(30).fill(true))).toEqual([`text: text must be a string, got ${`[${Array(30).fill('true').join(',')}`.slice(0, 40)}…`]);
  });
});

describe('autoencoder', () => {
  it('takes 1 to 2048 points within ±10⁴ and latent codes within ±10³', () => {
    ok(autoencoderInput, { points: Array.from({ length: 2048 }, () => [1e4, -1e4, 0]) });
    expect(issues(autoencoderInput, { points: Array.from({ length: 2049 }, () => [0, 0, 0]) })).toEqual(['points: allows at most 2048 points']);
    expect(issues(autoencoderInput, { points: [[0, 0, -10001]] })).toEqual(['points.0.2: must be at least -10000']);
    ok(autoencoderInput, { latent: [[1000, -1000]] });
    expect(issues(autoencoderInput, { latent: [[1001, 0]] })).toEqual(['latent.0.0: must be at most 1000']);
    expect(issues(autoencoderInput, { latent: [] })).toEqual(['latent: needs at least 1 latent codes']);
    expect(issues(autoencoderInput, { latent: [[1, 2, 3]] })).toEqual(['latent.0: must be [a, b] (2 numbers)']);
    expect(issues(autoencoderInput, { latent: 'x' })).toEqual(['latent: expected an array of latent codes, got "x"']);
    expect(issues(autoencoderInput, { latent: [5] })).toEqual(['latent.0: expected [a, b] (2 numbers), got 5']);
  });

  it('says what to send when given neither or both', () => {
    expect(issues(autoencoderInput, {})).toEqual(['send either "points" ([[x, y, z], …], 1 to 2048 points of the swiss roll) or "latent" ([[a, b], …]) to decode'.replace(/^/, ': ')]);
  });
});

describe('gradient-descent', () => {
  it('takes a learning rate in (0, 2], 1 to 200 whole steps, a start within ±10, eigenvalues in [0.05, 10] and an angle in ±180', () => {
    ok(gradientDescentInput, { lr: 2, steps: 200, start: [10, -10], lambdas: [0.05, 10], angle: -180 });
    ok(gradientDescentInput, { lr: 1e-9, steps: 1, angle: 180 });
    expect(issues(gradientDescentInput, { lr: 2.01 })).toEqual(['lr: the learning rate must be at most 2']);
    expect(issues(gradientDescentInput, { lr: -1 })).toEqual(['lr: the learning rate must be greater than 0']);
    expect(issues(gradientDescentInput, { lr: 1, steps: 0 })).toEqual(['steps: steps must be at least 1']);
    expect(issues(gradientDescentInput, { lr: 1, steps: 201 })).toEqual(['steps: steps must be at most 200']);
    expect(issues(gradientDescentInput, { lr: 1, start: [10.5, 0] })).toEqual(['start.0: must be at most 10']);
    expect(issues(gradientDescentInput, { lr: 1, start: 1 })).toEqual(['start: expected [x, y] (2 numbers), got 1']);
    expect(issues(gradientDescentInput, { lr: 1, lambdas: [0.04, 1] })).toEqual(['lambdas.0: each eigenvalue must be at least 0.05']);
    expect(issues(gradientDescentInput, { lr: 1, lambdas: [1, 10.1] })).toEqual(['lambdas.1: each eigenvalue must be at most 10']);
    expect(issues(gradientDescentInput, { lr: 1, lambdas: [1] })).toEqual(['lambdas: lambdas must be [λ1, λ2]']);
    expect(issues(gradientDescentInput, { lr: 1, angle: 181 })).toEqual(['angle: angle is in degrees, from -180 to 180']);
    expect(issues(gradientDescentInput, { lr: 1, angle: -181 })).toEqual(['angle: angle is in degrees, from -180 to 180']);
    expect(issues(gradientDescentInput, { lr: 1, momentum: 0.9 })).toEqual([': Unrecognized key: "momentum"']);
  });
});

describe('loss-compare', () => {
  it('takes logits in ±12, a learning rate in (0, 20] and 1 to 500 whole steps', () => {
    ok(lossCompareInput, { z: -12, initialZ: 12, lr: 20, steps: 500 });
    ok(lossCompareInput, { z: 12, initialZ: -12, steps: 1 });
    expect(issues(lossCompareInput, { z: -12.5 })).toEqual(['z: z is a logit from -12 to 12']);
    expect(issues(lossCompareInput, { initialZ: 13 })).toEqual(['initialZ: initialZ is a logit from -12 to 12']);
    expect(issues(lossCompareInput, { initialZ: -13 })).toEqual(['initialZ: initialZ is a logit from -12 to 12']);
    expect(issues(lossCompareInput, { lr: 0 })).toEqual(['lr: the learning rate must be greater than 0']);
    expect(issues(lossCompareInput, { lr: 20.5 })).toEqual(['lr: the learning rate must be at most 20']);
    expect(issues(lossCompareInput, { steps: 0 })).toEqual(['steps: steps must be at least 1']);
    expect(issues(lossCompareInput, { steps: 2.5 })).toEqual(['steps: steps must be a whole number']);
    expect(issues(lossCompareInput, { extra: 1 })).toEqual([': Unrecognized key: "extra"']);
  });
});

describe('convolution', () => {
  it('takes a signal of up to 1024 finite numbers within ±10⁶ and a kernel as long as the signal, up to 31', () => {
    ok(convolutionInput, { signal: row(1024, 1e6), kernel: row(31, -1e6) });
    ok(convolutionInput, { signal: [1, 2], kernel: [1, 1] });
    expect(issues(convolutionInput, { signal: row(40), kernel: row(32, 1) })).toEqual(['kernel: kernel length must be at most 31 (31, and no longer than the signal)']);
    expect(issues(convolutionInput, { signal: [], kernel: [1] })[0]).toBe('signal: needs at least 1 signal values');
    expect(issues(convolutionInput, { signal: [1, 2], kernel: [1, 1e6 + 1] })).toEqual(['kernel.1: a signal\'s kernel is a flat array of finite numbers; got 1000001']);
    expect(issues(convolutionInput, { signal: [1, 2], kernel: [1, -1e6 - 1] })).toEqual(['kernel.1: a signal\'s kernel is a flat array of finite numbers; got -1000001']);
    expect(issues(convolutionInput, { signal: [1, 2], kernel: [NaN] })).toEqual(['kernel.0: a signal\'s kernel is a flat array of finite numbers; got NaN']);
    expect(issues(convolutionInput, { signal: [1, 1e6 + 1], kernel: [1] })).toEqual(['signal.1: must be at most 1000000']);
    expect(issues(convolutionInput, { signal: [1], kernel: [] })).toEqual(['kernel: kernel must not be empty']);
    expect(issues(convolutionInput, { signal: [1], kernel: 1 })).toEqual(['kernel: kernel must be an array: [k1, k2, …] for a signal, [[…], […]] for an image']);
  });

  it('takes an image of up to 64×64 and a kernel of up to 9×9 that fits in it', () => {
    const image = Array.from({ length: 64 }, () => row(64, 1));
    ok(convolutionInput, { image, kernel: Array.from({ length: 9 }, () => row(9, 1)) });
    expect(issues(convolutionInput, { image, kernel: Array.from({ length: 10 }, () => row(1, 1)) })).toEqual(['kernel: kernel must have at most 9 rows (9, and no more than the image)']);
    expect(issues(convolutionInput, { image, kernel: [row(10, 1)] })).toEqual(['kernel.0: kernel rows must have at most 9 numbers (9, and no wider than the image)']);
    expect(issues(convolutionInput, { image: [[1, 2, 3], [4, 5, 6]], kernel: [[1], [1], [1]] })).toEqual(['kernel: kernel must have at most 2 rows (9, and no more than the image)']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4], [5, 6]], kernel: [[1, 1, 1]] })).toEqual(['kernel.0: kernel rows must have at most 2 numbers (9, and no wider than the image)']);
    ok(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 1], [1, 1]] });
    expect(issues(convolutionInput, { image: [row(65, 1)], kernel: [[1]] })).toEqual(['image.0: allows at most 64 numbers per row']);
    expect(issues(convolutionInput, { image: [[]], kernel: [[1]] })[0]).toBe('image.0: needs at least 1 numbers per row');
    expect(issues(convolutionInput, { image: [], kernel: [[1]] })[0]).toBe('image: needs at least 1 rows of pixels');
    expect(issues(convolutionInput, { image: [[1, 2]], kernel: [[]] })).toEqual(['kernel.0: every kernel row must have 0 numbers like the first']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 1], [1]] })).toEqual(['kernel.1: every kernel row must have 2 numbers like the first']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 2], [3, Infinity]] })).toEqual(['kernel.1.1: expected a finite number, got Infinity']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 2], [3, 1e6 + 1]] })).toEqual(['kernel.1.1: expected a finite number, got 1000001']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 2], [3, -1e6 - 1]] })).toEqual(['kernel.1.1: expected a finite number, got -1000001']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 2], ['3', 1]] })).toEqual(['kernel.1.0: expected a finite number, got "3"']);
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, 2], 7] })).toEqual(['kernel.1: an image\'s kernel is a 2-D array like [[0, 1, 0], [1, -4, 1], [0, 1, 0]]; got 7']);
  });

  it('normalizes only a kernel whose sum is not 0, for an image as for a signal', () => {
    ok(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, -1], [1, 0]], normalize: true });
    ok(convolutionInput, { signal: [1, 2, 3], kernel: [-1, 0, 1], normalize: false });
    ok(convolutionInput, { signal: [1, 2, 3], kernel: [1e-8, 0, 0], normalize: true });
    expect(issues(convolutionInput, { image: [[1, 2], [3, 4]], kernel: [[1, -1], [1, -1]], normalize: true })).toEqual([
      'normalize: this kernel sums to 0, so it cannot be normalized by its sum; send "normalize": false',
    ]);
    expect(issues(convolutionInput, { signal: [1, 2, 3], kernel: [1e-10, 0, 0], normalize: true })).toEqual([
      'normalize: this kernel sums to 0, so it cannot be normalized by its sum; send "normalize": false',
    ]);
  });

  it('takes a stride from 1 to 8 and says what normalize and the input must be', () => {
    ok(convolutionInput, { signal: [1], kernel: [1], stride: 8 });
    expect(issues(convolutionInput, { signal: [1], kernel: [1], stride: 9 })).toEqual(['stride: stride must be at most 8']);
    expect(issues(convolutionInput, { signal: [1], kernel: [1], stride: 0 })).toEqual(['stride: stride must be at least 1']);
    expect(issues(convolutionInput, { signal: [1], kernel: [1], stride: 1.5 })).toEqual(['stride: stride must be a whole number from 1 to 8']);
    expect(issues(convolutionInput, { signal: [1], kernel: [1], stride: '2' })).toEqual(['stride: stride must be a whole number from 1 to 8']);
    expect(issues(convolutionInput, { signal: [1], kernel: [1], normalize: 'yes' })).toEqual(['normalize: normalize must be true or false']);
    expect(issues(convolutionInput, { kernel: [1] })).toEqual([': send either "signal" (an array of numbers) or "image" (a 2-D array of numbers), with a "kernel" of the same dimension']);
    expect(issues(convolutionInput, { signal: [1], kernel: [1], dilation: 2 })).toEqual([': Unrecognized key: "dilation"']);
  });
});

describe('dcgan', () => {
  const v = (x = 0) => row(16, x);
  it('takes a seed from 0 to 2³¹−1 with 1 to 64 images, up to 64 latent vectors within ±10, or an interpolation of 2 to 16 steps', () => {
    expect(DCGAN_Z).toBe(16);
    ok(dcganInput, { seed: 0, count: 64 });
    ok(dcganInput, { seed: 2147483647, count: 1 });
    ok(dcganInput, { z: Array.from({ length: 64 }, () => v(10)) });
    ok(dcganInput, { interpolate: { from: 0, to: v(-10), steps: 16 } });
    ok(dcganInput, { interpolate: { from: v(), to: 5, steps: 2 } });
    expect(issues(dcganInput, { seed: -1 })).toEqual(['seed: a seed is from 0 to 2147483647']);
    expect(issues(dcganInput, { seed: 2147483648 })).toEqual(['seed: a seed is from 0 to 2147483647']);
    expect(issues(dcganInput, { seed: 0.5 })).toEqual(['seed: a seed is a whole number']);
    expect(issues(dcganInput, { seed: 1, count: 0 })).toEqual(['count: count must be at least 1']);
    expect(issues(dcganInput, { seed: 1, count: 1.5 })).toEqual(['count: count must be a whole number']);
    expect(issues(dcganInput, { z: Array.from({ length: 65 }, () => v()) })).toEqual(['z: allows at most 64 latent vectors']);
    expect(issues(dcganInput, { z: [] })).toEqual(['z: needs at least 1 latent vectors']);
    expect(issues(dcganInput, { z: [[10.5, ...v().slice(1)]] })).toEqual(['z.0.0: must be at most 10']);
    expect(issues(dcganInput, { interpolate: { from: 0, to: 1, steps: 1 } })).toEqual(['interpolate.steps: steps must be at least 2']);
    expect(issues(dcganInput, { interpolate: { from: 0, to: 1, steps: 17 } })).toEqual(['interpolate.steps: steps must be at most 16']);
    expect(issues(dcganInput, { interpolate: { from: 0, to: 1, steps: 2.5 } })).toEqual(['interpolate.steps: steps must be a whole number']);
    expect(issues(dcganInput, { interpolate: { from: 0, to: 1, ease: 1 } })).toEqual(['interpolate: Unrecognized key: "ease"']);
    expect(issues(dcganInput, { interpolate: { from: 0, to: [1, 2] } })).toEqual(['interpolate.to: must be a latent vector of 16 numbers']);
    expect(issues(dcganInput, { interpolate: { from: 0, to: true } })).toEqual(['interpolate.to: expected a seed (a whole number) or a latent vector of 16 numbers']);
  });

  it('wants exactly one of seed, z and interpolate, and count only with a seed', () => {
    const one = ': send one of "seed" (with an optional "count", 1 to 64), "z" (latent vectors of 16 numbers) or "interpolate" ({"from", "to", "steps"})';
    expect(issues(dcganInput, {})).toEqual([one]);
    expect(issues(dcganInput, { z: [v()], interpolate: { from: 0, to: 1 } })).toEqual([one]);
    expect(issues(dcganInput, { seed: 1, interpolate: { from: 0, to: 1 } })).toEqual([one]);
    expect(issues(dcganInput, { z: [v()], count: 2 })).toEqual(['count: "count" goes with "seed"']);
    expect(issues(dcganInput, { seed: 1, extra: 2 })).toEqual([': Unrecognized key: "extra"']);
  });
});

describe('da-rnn', () => {
  const inputs = Array.from({ length: 10 }, () => row(8, 1));
  const history = row(9, 20);
  it('knows the window, the test period and the eight sensors the model was trained on', () => {
    expect(DA_RNN).toEqual({ window: 10, testLength: 1440, sensors: ['outdoor', 'solar', 'heater', 'occupancy', 'window', 'humidity', 'noise-a', 'noise-b'] });
  });

  it('takes a stretch of up to 288 predictions inside the test period', () => {
    ok(daRnnInput, { start: 0, length: 288 });
    ok(daRnnInput, { start: 1430 - 288, length: 288, disable: [...DA_RNN.sensors] });
    expect(issues(daRnnInput, { start: 1430 - 287, length: 288 })).toEqual(['start: start + length must be at most 1430, the number of predictions in the test period']);
    expect(issues(daRnnInput, { start: 0, length: 289 })).toEqual(['length: length must be at most 288 (two days)']);
    expect(issues(daRnnInput, { start: 0, length: 0 })).toEqual(['length: length must be at least 1']);
    expect(issues(daRnnInput, { start: 0, length: 1.5 })).toEqual(['length: length must be a whole number']);
    expect(issues(daRnnInput, { start: -1, length: 1 })).toEqual(['start: start must be at least 0']);
    expect(issues(daRnnInput, { start: 0.5, length: 1 })).toEqual(['start: start must be a whole number']);
    expect(issues(daRnnInput, { start: 0 })).toEqual([': send both "start" and "length"']);
    expect(issues(daRnnInput, { length: 3 })).toEqual([': send both "start" and "length"']);
    expect(issues(daRnnInput, { start: 0, length: 1, disable: ['oven'] })).toEqual([
      'disable.0: a sensor is one of outdoor, solar, heater, occupancy, window, humidity, noise-a, noise-b',
    ]);
    expect(issues(daRnnInput, { start: 0, length: 1, disable: [...DA_RNN.sensors, 'solar'] })[0]).toMatch(/^disable: /);
  });

  it('takes raw readings: 10 rows of 8 sensors and 9 past temperatures, without "disable"', () => {
    ok(daRnnInput, { inputs, history });
    expect(issues(daRnnInput, { inputs: [...inputs, inputs[0]], history })).toEqual(['inputs: allows at most 10 time steps']);
    expect(issues(daRnnInput, { inputs, history: [...history, 1] })).toEqual(['history: allows at most 9 past indoor temperatures']);
    expect(issues(daRnnInput, { inputs, history: history.slice(1) })).toEqual(['history: needs at least 9 past indoor temperatures']);
    expect(issues(daRnnInput, { inputs: [row(7), ...inputs.slice(1)], history })).toEqual(['inputs.0: must be 8 sensor readings']);
    expect(issues(daRnnInput, { inputs })).toEqual([': send both "inputs" and "history"']);
    expect(issues(daRnnInput, { history })).toEqual([': send both "inputs" and "history"']);
    expect(issues(daRnnInput, { inputs, history, disable: ['solar'] })).toEqual(['disable: "disable" goes with "start" and "length"']);
    const either = ': send either "start" and "length" (a stretch of the test period) or "inputs" (10 rows of 8 sensor readings) and "history" (9 indoor temperatures)';
    expect(issues(daRnnInput, { disable: ['solar'] })).toEqual([either]);
    expect(issues(daRnnInput, { start: 0, length: 1, inputs, history })).toEqual([either]);
  });
});

describe('attention', () => {
  it('takes 1 to 8 lowercase letters and digits', () => {
    expect(ATTENTION_MAX_LENGTH).toBe(8);
    ok(attentionInput, { text: 'abcxyz09' });
    ok(attentionInput, { text: 'a' });
    expect(issues(attentionInput, { text: 'abc def' })).toEqual(['text: text may use only lowercase letters a–z and digits 0–9']);
    expect(issues(attentionInput, { text: 'ab\n' })).toEqual(['text: text may use only lowercase letters a–z and digits 0–9']);
    expect(issues(attentionInput, { text: '-ab' })).toEqual(['text: text may use only lowercase letters a–z and digits 0–9']);
    expect(issues(attentionInput, { text: 'a', extra: 1 })).toEqual([': Unrecognized key: "extra"']);
  });
});

describe('the registry', () => {
  it('lists the seven models, and only those', () => {
    expect(MODEL_NAMES).toEqual(['autoencoder', 'gradient-descent', 'loss-compare', 'convolution', 'dcgan', 'da-rnn', 'attention']);
    expect(isModelName('dcgan')).toBe(true);
    expect(isModelName('toString')).toBe(false);
    expect(isModelName('__proto__')).toBe(false);
  });

  it('gives each model its body limit and batch budget', () => {
    const limits = Object.fromEntries(MODEL_NAMES.map((n) => [n, [MODELS[n].maxBytes, MODELS[n].batchBudget]]));
    expect(limits).toEqual({
      autoencoder: [262144, 4096],
      'gradient-descent': [4096, 120],
      'loss-compare': [4096, 200],
      convolution: [131072, 16384],
      dcgan: [65536, 128],
      'da-rnn': [16384, 288],
      attention: [2048, 64],
    });
  });

  it('charges each request what it takes from a batch', () => {
    const cost = (n: (typeof MODEL_NAMES)[number], body: unknown) => (MODELS[n].cost as (i: unknown) => number)(body);
    expect(cost('autoencoder', { points: [[1, 2, 3], [4, 5, 6]] })).toBe(2);
    expect(cost('autoencoder', { latent: [[1, 2], [3, 4], [5, 6]] })).toBe(3);
    expect(cost('autoencoder', {})).toBe(0);
    expect(cost('gradient-descent', { lr: 1 })).toBe(30);
    expect(cost('gradient-descent', { lr: 1, steps: 7 })).toBe(7);
    expect(cost('loss-compare', {})).toBe(100);
    expect(cost('loss-compare', { steps: 9 })).toBe(9);
    expect(cost('convolution', { signal: [1, 2, 3], kernel: [1] })).toBe(3);
    expect(cost('convolution', { image: [[1, 2, 3], [4, 5, 6]], kernel: [[1]] })).toBe(6);
    expect(cost('dcgan', { z: [1, 2] })).toBe(2);
    expect(cost('dcgan', { interpolate: { from: 0, to: 1, steps: 5 } })).toBe(5);
    expect(cost('dcgan', { seed: 1, count: 4 })).toBe(4);
    expect(cost('dcgan', { seed: 1 })).toBe(1);
    expect(cost('da-rnn', { start: 0, length: 50 })).toBe(50);
    expect(cost('da-rnn', { inputs: [], history: [] })).toBe(1);
    expect(cost('attention', { text: 'abc' })).toBe(1);
  });

  it('publishes each schema as JSON Schema, with the limits in it', () => {
    expect(inputJsonSchema('attention')).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', minLength: 1, maxLength: 8, pattern: '^[a-z0-9]+$' } },
      additionalProperties: false,
    });
    // A refine or a union of a refined number cannot be written down; "any" keeps the schema usable instead of throwing.
    for (const n of MODEL_NAMES) expect(() => inputJsonSchema(n)).not.toThrow();
  });
});
