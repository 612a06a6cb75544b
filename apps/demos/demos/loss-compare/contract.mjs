// The loss-compare demo's contract: what POST /api/ml/loss-compare accepts (a zod schema whose messages a person can
// act on), the API's limits for it, and the props of <LossCompare />. Plain ESM with JSDoc: the fast path in server.mjs
// loads it in plain Node; the Next route, the compiler and `manage train` through ../../contract.mjs.
import { z } from 'zod';
import { num } from 'manifold/ml/input';

export const lossCompareInput = z
  .object({
    z: num().min(-12, 'z is a logit from -12 to 12').max(12, 'z is a logit from -12 to 12').optional(),
    initialZ: num().min(-12, 'initialZ is a logit from -12 to 12').max(12, 'initialZ is a logit from -12 to 12').optional(),
    lr: num().gt(0, 'the learning rate must be greater than 0').max(20, 'the learning rate must be at most 20').optional(),
    steps: z.number().int('steps must be a whole number').min(1, 'steps must be at least 1').max(500, 'steps must be at most 500').optional(),
  })
  .strict();

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'MSE vs cross-entropy for a sigmoid output',
  description: 'Each loss (½(σ(z) − 1)² and −log σ(z), target 1) and its gradient against the logit z, and gradient descent from a badly wrong start.',
  input: lossCompareInput,
  maxBytes: 4 * 1024,
  example: { z: -6, initialZ: -4, lr: 2, steps: 100 },
  output: { curve: '{ z, mse: { loss, grad }, ce: { loss, grad } }', at: 'both losses and gradients at z', training: '{ mse: { loss, p }, ce: { loss, p } }', stepsToP90: '{ mse, ce }' },
  cost: (/** @type {any} */ i) => i.steps ?? 100,
  batchBudget: 200,
};

/** <LossCompare /> takes no props: any prop is a compile error naming it. */
export const props = z.object({}).strict();
