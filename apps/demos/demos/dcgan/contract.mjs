// The dcgan demo's contract: what POST /api/ml/dcgan accepts (a zod schema whose messages a person can act on), the
// API's limits for it, and the props of <Dcgan />. Plain ESM with JSDoc: the fast path in server.mjs loads it in plain
// Node; the Next route, the compiler and `manage train` through ../../contract.mjs.
import { z } from 'zod';
import { list, vector } from 'manifold/ml/input';

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

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'DCGAN generator (16×16 digits)',
  description: 'Draws digits from latent vectors (by seed or given) and interpolates between two of them.',
  input: dcganInput,
  maxBytes: 64 * 1024,
  example: { seed: 7, count: 4 },
  output: { images: '[base64 PNG, …]', z: '[[16 numbers], …]' },
  cost: (/** @type {any} */ i) => (i.z?.length ?? i.interpolate?.steps ?? i.count ?? 1),
  batchBudget: 128,
};

/** <Dcgan /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
