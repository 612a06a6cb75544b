// What each demo model accepts: zod schemas for the request bodies (type, shape, finiteness, size limits, with
// messages a person can act on) and the limits the API enforces. Plain ESM with JSDoc, because both the Next route
// (through schemas.ts, which adds the TypeScript types) and the fast path in server.mjs (runtime/http.mjs) load it.
import { z } from 'zod';

/**
 * A short preview of a value from a request, for messages: JSON-like, at most 40 characters. Written piece by piece
 * and stopped once 41 characters are out, so a 60,000-deep array or a 10 MB string costs as little as `1`: never
 * JSON.stringify a value from outside into a message (it throws on deep nesting, which made bad input a 500).
 * @param {unknown} v
 */
const describe = (v) => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  const budget = 41;
  let out = '';
  const put = (/** @type {string} */ s) => (out += s).length < budget;
  /** @param {unknown} x @returns {boolean} false once the budget is spent */
  const walk = (x) => {
    if (Array.isArray(x)) {
      if (!put('[')) return false;
      for (let i = 0; i < x.length; i++) if ((i && !put(',')) || !walk(x[i])) return false;
      return put(']');
    }
    if (x && typeof x === 'object') {
      if (!put('{')) return false;
      let first = true;
      for (const k in x) {
        if (!Object.hasOwn(x, k)) continue;
        if ((!first && !put(',')) || !put(`${JSON.stringify(k.slice(0, budget))}:`) || !walk(/** @type {Record<string, unknown>} */ (x)[k])) return false;
        first = false;
      }
      return put('}');
    }
    if (typeof x === 'string') return put(JSON.stringify(x.slice(0, budget)));
    if (typeof x === 'number') return put(Number.isFinite(x) ? String(x) : 'null');
    if (typeof x === 'boolean') return put(String(x));
    return put('null');
  };
  if (typeof v === 'object' || typeof v === 'string' || typeof v === 'boolean') walk(v);
  else return typeof v;
  return out.length > 40 ? `${out.slice(0, 40)}…` : out;
};

/** A finite number in [-limit, limit]. */
const num = (limit = 1e6) =>
  z
    .number({ error: (iss) => `expected a finite number, got ${describe(iss.input)}` })
    .min(-limit, `must be at least ${-limit}`)
    .max(limit, `must be at most ${limit}`);

/** An array whose length is checked before its items are (10⁶ items fail fast), then items with `item`. */
/**
 * @template {z.ZodType} T
 * @param {T} item @param {number} min @param {number} max @param {string} what
 */
const list = (item, min, max, what) =>
  z
    .array(z.unknown(), { error: (iss) => `expected an array of ${what}, got ${describe(iss.input)}` })
    .min(min, `needs at least ${min} ${what}`)
    .max(max, `allows at most ${max} ${what}`)
    .pipe(z.array(item).max(max));

/** @param {number} n @param {string} what */
const vector = (n, what, limit = 1e6) =>
  z.array(num(limit), { error: (iss) => `expected ${what}, got ${describe(iss.input)}` }).length(n, `must be ${what}`);

/** A rectangular matrix of numbers, at most rows × cols. */
/** @param {number} rows @param {number} cols @param {string} what */
const matrix = (rows, cols, what) =>
  list(list(num(), 1, cols, 'numbers per row'), 1, rows, `rows of ${what}`).superRefine((m, ctx) => {
    const width = m[0]?.length ?? 0;
    m.forEach((row, i) => {
      if (row.length !== width) ctx.addIssue({ code: 'custom', path: [i], message: `every row must have ${width} numbers like the first (this one has ${row.length})` });
    });
  });

// ---------------------------------------------------------------------------------------------------------------
// autoencoder

export const autoencoderInput = z
  .object({
    points: list(vector(3, '[x, y, z] (3 numbers)', 1e4), 1, 2048, 'points').optional(),
    latent: list(vector(2, '[a, b] (2 numbers)', 1e3), 1, 2048, 'latent codes').optional(),
  })
  .strict()
  .refine((v) => (v.points ? 1 : 0) + (v.latent ? 1 : 0) === 1, {
    message: 'send either "points" ([[x, y, z], …], 1 to 2048 points of the swiss roll) or "latent" ([[a, b], …]) to decode',
  });

// ---------------------------------------------------------------------------------------------------------------
// gradient-descent

export const gradientDescentInput = z
  .object({
    lr: num().gt(0, 'the learning rate must be greater than 0').max(2, 'the learning rate must be at most 2'),
    steps: z.number().int('steps must be a whole number').min(1, 'steps must be at least 1').max(200, 'steps must be at most 200').optional(),
    start: vector(2, '[x, y] (2 numbers)', 10).optional(),
    lambdas: z.array(num().min(0.05, 'each eigenvalue must be at least 0.05').max(10, 'each eigenvalue must be at most 10')).length(2, 'lambdas must be [λ1, λ2]').optional(),
    angle: num().min(-180, 'angle is in degrees, from -180 to 180').max(180, 'angle is in degrees, from -180 to 180').optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------------------
// loss-compare

export const lossCompareInput = z
  .object({
    z: num().min(-12, 'z is a logit from -12 to 12').max(12, 'z is a logit from -12 to 12').optional(),
    initialZ: num().min(-12, 'initialZ is a logit from -12 to 12').max(12, 'initialZ is a logit from -12 to 12').optional(),
    lr: num().gt(0, 'the learning rate must be greater than 0').max(20, 'the learning rate must be at most 20').optional(),
    steps: z.number().int('steps must be a whole number').min(1, 'steps must be at least 1').max(500, 'steps must be at most 500').optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------------------
// convolution

/** @param {unknown[]} k @returns {number} */
const sum = (k) => k.flat(1).reduce((/** @type {number} */ a, b) => a + Number(b), 0);

export const convolutionInput = z
  .object({
    signal: list(num(), 1, 1024, 'signal values').optional(),
    image: matrix(64, 64, 'pixels').optional(),
    kernel: z.array(z.unknown(), { error: 'kernel must be an array: [k1, k2, …] for a signal, [[…], […]] for an image' }).min(1, 'kernel must not be empty'),
    normalize: z.boolean({ error: 'normalize must be true or false' }).optional(),
    stride: z.number({ error: 'stride must be a whole number from 1 to 8' }).int('stride must be a whole number from 1 to 8').min(1, 'stride must be at least 1').max(8, 'stride must be at most 8').optional(),
    padding: z.enum(['valid', 'same'], { error: 'padding is "valid" (no padding) or "same" (zeros around, so the output keeps the input size at stride 1)' }).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.signal ? 1 : 0) + (v.image ? 1 : 0) !== 1) {
      ctx.addIssue({ code: 'custom', message: 'send either "signal" (an array of numbers) or "image" (a 2-D array of numbers), with a "kernel" of the same dimension' });
      return;
    }
    const at = (/** @type {(string | number)[]} */ path, /** @type {string} */ message) => ctx.addIssue({ code: 'custom', path: ['kernel', ...path], message });
    if (v.signal) {
      const bad = v.kernel.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > 1e6);
      if (bad >= 0) return at([bad], `a signal's kernel is a flat array of finite numbers; got ${describe(v.kernel[bad])}`);
      if (v.kernel.length > Math.min(31, v.signal.length)) return at([], `kernel length must be at most ${Math.min(31, v.signal.length)} (31, and no longer than the signal)`);
    } else if (v.image) {
      const rows = v.kernel;
      if (rows.length > Math.min(9, v.image.length)) return at([], `kernel must have at most ${Math.min(9, v.image.length)} rows (9, and no more than the image)`);
      const width = Array.isArray(rows[0]) ? rows[0].length : -1;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (!Array.isArray(row)) return at([i], `an image's kernel is a 2-D array like [[0, 1, 0], [1, -4, 1], [0, 1, 0]]; got ${describe(row)}`);
        if (row.length !== width || width < 1) return at([i], `every kernel row must have ${width} numbers like the first`);
        if (width > Math.min(9, v.image[0].length)) return at([i], `kernel rows must have at most ${Math.min(9, v.image[0].length)} numbers (9, and no wider than the image)`);
        const bad = row.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > 1e6);
        if (bad >= 0) return at([i, bad], `expected a finite number, got ${describe(row[bad])}`);
      }
    }
    if (v.normalize && Math.abs(sum(v.kernel)) < 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['normalize'], message: 'this kernel sums to 0, so it cannot be normalized by its sum; send "normalize": false' });
    }
  });

// ---------------------------------------------------------------------------------------------------------------
// dcgan

export const DCGAN_Z = 16;
const seed = z.number().int('a seed is a whole number').min(0, 'a seed is from 0 to 2147483647').max(2147483647, 'a seed is from 0 to 2147483647');
const latentVector = vector(DCGAN_Z, `a latent vector of ${DCGAN_Z} numbers`, 10);
const seedOrVector = z.union([seed, latentVector], { error: `expected a seed (a whole number) or a latent vector of ${DCGAN_Z} numbers` });
export const dcganInput = z
  .object({
    seed: seed.optional(),
    count: z.number().int('count must be a whole number').min(1, 'count must be at least 1').max(64, 'count must be at most 64').optional(),
    z: list(latentVector, 1, 64, 'latent vectors').optional(),
    interpolate: z
      .object({
        from: seedOrVector,
        to: seedOrVector,
        steps: z.number().int('steps must be a whole number').min(2, 'steps must be at least 2').max(16, 'steps must be at most 16').optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((v) => [v.seed !== undefined, v.z !== undefined, v.interpolate !== undefined].filter(Boolean).length === 1, {
    message: 'send one of "seed" (with an optional "count", 1 to 64), "z" (latent vectors of 16 numbers) or "interpolate" ({"from", "to", "steps"})',
  })
  .refine((v) => v.count === undefined || v.seed !== undefined, { message: '"count" goes with "seed"', path: ['count'] });

// ---------------------------------------------------------------------------------------------------------------
// da-rnn

/** The encoder window and the length of the held-out test period (10 days of 10-minute readings); checked against the trained model by a test. */
export const DA_RNN = /** @type {const} */ ({ window: 10, testLength: 1440, sensors: ['outdoor', 'solar', 'heater', 'occupancy', 'window', 'humidity', 'noise-a', 'noise-b'] });
const sensorId = z.enum(DA_RNN.sensors, { error: `a sensor is one of ${DA_RNN.sensors.join(', ')}` });
export const daRnnInput = z
  .object({
    start: z.number().int('start must be a whole number').min(0, 'start must be at least 0').optional(),
    length: z.number().int('length must be a whole number').min(1, 'length must be at least 1').max(288, 'length must be at most 288 (two days)').optional(),
    disable: z.array(sensorId).max(DA_RNN.sensors.length).optional(),
    inputs: list(vector(DA_RNN.sensors.length, `${DA_RNN.sensors.length} sensor readings`), DA_RNN.window, DA_RNN.window, 'time steps').optional(),
    history: list(num(), DA_RNN.window - 1, DA_RNN.window - 1, 'past indoor temperatures').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const range = v.start !== undefined || v.length !== undefined;
    const raw = v.inputs !== undefined || v.history !== undefined;
    if (range === raw) {
      ctx.addIssue({
        code: 'custom',
        message: `send either "start" and "length" (a stretch of the test period) or "inputs" (${DA_RNN.window} rows of ${DA_RNN.sensors.length} sensor readings) and "history" (${DA_RNN.window - 1} indoor temperatures)`,
      });
    } else if (range) {
      if (v.start === undefined || v.length === undefined) ctx.addIssue({ code: 'custom', message: 'send both "start" and "length"' });
      else if (v.start + v.length > DA_RNN.testLength - DA_RNN.window)
        ctx.addIssue({ code: 'custom', path: ['start'], message: `start + length must be at most ${DA_RNN.testLength - DA_RNN.window}, the number of predictions in the test period` });
    } else if (!v.inputs || !v.history) ctx.addIssue({ code: 'custom', message: 'send both "inputs" and "history"' });
    else if (v.disable) ctx.addIssue({ code: 'custom', path: ['disable'], message: '"disable" goes with "start" and "length"' });
  });

// ---------------------------------------------------------------------------------------------------------------
// attention

export const ATTENTION_MAX_LENGTH = 8;
export const attentionInput = z
  .object({
    text: z
      .string({ error: (iss) => `text must be a string, got ${describe(iss.input)}` })
      .min(1, 'text must not be empty')
      .max(ATTENTION_MAX_LENGTH, `text must be at most ${ATTENTION_MAX_LENGTH} characters`)
      .regex(/^[a-z0-9]+$/, 'text may use only lowercase letters a–z and digits 0–9'),
  })
  .strict();

// ---------------------------------------------------------------------------------------------------------------
// The registry the API serves. Per model: the request schema; maxBytes, past which a body is refused with 413 before
// it is parsed; an example body; the output fields; and how much of a batch one request takes (cost: points,
// images, windows, steps) against the batch budget, which keeps one batch of a slow model to a few tens of ms so it
// cannot hold up the cheap ones for long.

export const MODELS = {
  autoencoder: {
    title: 'Auto Encoder (swiss roll → 2-D → 3-D)',
    description: 'Encodes 3-D points of a swiss roll to a 2-D latent code and decodes them back; compares with PCA’s best 2-D projection.',
    input: autoencoderInput,
    maxBytes: 256 * 1024,
    example: { points: [[-3.1, 10.2, 6.8]] },
    output: { latent: '[[a, b], …] (with points)', reconstruction: '[[x, y, z], …]', pca: '{ reconstruction } (with points)', mse: '{ autoencoder, pca } (with points)' },
    cost: (/** @type {any} */ i) => (i.points ?? i.latent ?? []).length,
    batchBudget: 4096,
  },
  'gradient-descent': {
    title: 'Gradient descent on a quadratic',
    description: 'The path of gradient descent on f(w) = ½ wᵀAw (A with eigenvalues λ1 = 2, λ2 = 10 unless given), gradients from tfjs autodiff.',
    input: gradientDescentInput,
    maxBytes: 4 * 1024,
    example: { lr: 0.1, steps: 30 },
    output: { path: '[[x, y], …]', loss: '[f(w₀), …]', status: 'converging | oscillating | diverged', criticalLr: '2/λmax' },
    cost: (/** @type {any} */ i) => i.steps ?? 30,
    batchBudget: 120,
  },
  'loss-compare': {
    title: 'MSE vs cross-entropy for a sigmoid output',
    description: 'Each loss (½(σ(z) − 1)² and −log σ(z), target 1) and its gradient against the logit z, and gradient descent from a badly wrong start.',
    input: lossCompareInput,
    maxBytes: 4 * 1024,
    example: { z: -6, initialZ: -4, lr: 2, steps: 100 },
    output: { curve: '{ z, mse: { loss, grad }, ce: { loss, grad } }', at: 'both losses and gradients at z', training: '{ mse: { loss, p }, ce: { loss, p } }', stepsToP90: '{ mse, ce }' },
    cost: (/** @type {any} */ i) => i.steps ?? 100,
    batchBudget: 200,
  },
  convolution: {
    title: 'Convolution',
    description: 'Cross-correlation as deep-learning libraries compute it, of a 1-D signal or a 2-D image; valid padding and stride 1 unless "padding" and "stride" say otherwise; optionally divided by the kernel sum; rounded to 4 decimals.',
    input: convolutionInput,
    maxBytes: 128 * 1024,
    example: { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true },
    output: { output: '[…] or [[…], …]', kernelSum: 'number', stride: 'number', padding: 'valid | same' },
    cost: (/** @type {any} */ i) => ('signal' in i ? i.signal.length : i.image.length * i.image[0].length),
    batchBudget: 16384,
  },
  dcgan: {
    title: 'DCGAN generator (16×16 digits)',
    description: 'Draws digits from latent vectors (by seed or given) and interpolates between two of them.',
    input: dcganInput,
    maxBytes: 64 * 1024,
    example: { seed: 7, count: 4 },
    output: { images: '[base64 PNG, …]', z: '[[16 numbers], …]' },
    cost: (/** @type {any} */ i) => (i.z?.length ?? i.interpolate?.steps ?? i.count ?? 1),
    batchBudget: 128,
  },
  'da-rnn': {
    title: 'Dual-stage attention RNN (room temperature)',
    description: 'Predicts the indoor temperature of a simulated room from eight sensors; returns the input attention per sensor.',
    input: daRnnInput,
    maxBytes: 16 * 1024,
    example: { start: 0, length: 144 },
    output: { truth: '[°C, …]', prediction: '[°C, …]', attention: '[[8 sensor weights], …]', temporal: '[[10 step weights], …]', rmse: '{ model, persistence }' },
    cost: (/** @type {any} */ i) => i.length ?? 1,
    batchBudget: 288,
  },
  attention: {
    title: 'Transformer encoder that reverses strings',
    description: 'Reverses up to 8 lowercase letters or digits and returns every head’s attention map.',
    input: attentionInput,
    maxBytes: 2 * 1024,
    example: { text: 'manifold' },
    output: { output: 'the reversed string', attention: '[layer][head][query][key]', confidence: '[per position]' },
    cost: () => 1,
    batchBudget: 64,
  },
};

/** @type {(keyof typeof MODELS)[]} */
export const MODEL_NAMES = /** @type {any} */ (Object.keys(MODELS));
/** @param {string} name @returns {name is keyof typeof MODELS} */
export const isModelName = (name) => Object.hasOwn(MODELS, name);

/** JSON Schema of a model's request body, for GET /api/ml. */
/** @param {keyof typeof MODELS} name @returns {unknown} */
export function inputJsonSchema(name) {
  return z.toJSONSchema(MODELS[name].input, { unrepresentable: 'any' });
}
