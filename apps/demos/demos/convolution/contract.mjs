// The convolution demo's contract: what POST /api/ml/convolution accepts (a zod schema whose messages a person can act
// on), the API's limits for it, and the props of <Convolution />. Plain ESM with JSDoc: the fast path in server.mjs
// loads it in plain Node; the Next route, the compiler and `manage train` through ../../contract.mjs.
import { z } from 'zod';
import { describe, num, list, matrix } from 'manifold/ml/input';

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

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'Convolution',
  description: 'Cross-correlation as deep-learning libraries compute it, of a 1-D signal or a 2-D image; valid padding and stride 1 unless "padding" and "stride" say otherwise; optionally divided by the kernel sum; rounded to 4 decimals.',
  input: convolutionInput,
  maxBytes: 128 * 1024,
  example: { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true },
  output: { output: '[…] or [[…], …]', kernelSum: 'number', stride: 'number', padding: 'valid | same' },
  cost: (/** @type {any} */ i) => ('signal' in i ? i.signal.length : i.image.length * i.image[0].length),
  batchBudget: 16384,
};

/** <Convolution /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
