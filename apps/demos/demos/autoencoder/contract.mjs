// The autoencoder demo's contract: what POST /api/ml/autoencoder accepts (a zod schema whose messages a person can act
// on), the API's limits for it, and the props of <Autoencoder />. Plain ESM with JSDoc: the fast path in server.mjs
// loads it in plain Node; the Next route, the compiler and `manage train` through ../../contract.mjs.
import { z } from 'zod';
import { list, vector } from 'manifold/ml/input';

export const autoencoderInput = z
  .object({
    points: list(vector(3, '[x, y, z] (3 numbers)', 1e4), 1, 2048, 'points').optional(),
    latent: list(vector(2, '[a, b] (2 numbers)', 1e3), 1, 2048, 'latent codes').optional(),
  })
  .strict()
  .refine((v) => (v.points ? 1 : 0) + (v.latent ? 1 : 0) === 1, {
    message: 'send either "points" ([[x, y, z], …], 1 to 2048 points of the swiss roll) or "latent" ([[a, b], …]) to decode',
  });

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'Auto Encoder (swiss roll → 2-D → 3-D)',
  description: 'Encodes 3-D points of a swiss roll to a 2-D latent code and decodes them back; compares with PCA’s best 2-D projection.',
  input: autoencoderInput,
  maxBytes: 256 * 1024,
  example: { points: [[-3.1, 10.2, 6.8]] },
  output: { latent: '[[a, b], …] (with points)', reconstruction: '[[x, y, z], …]', pca: '{ reconstruction } (with points)', mse: '{ autoencoder, pca } (with points)' },
  cost: (/** @type {any} */ i) => (i.points ?? i.latent ?? []).length,
  batchBudget: 4096,
};

/** <Autoencoder /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
