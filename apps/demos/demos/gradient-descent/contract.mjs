// The gradient-descent demo's contract: what POST /api/ml/gradient-descent accepts (a zod schema whose messages a
// person can act on), the API's limits for it, and the props of <GradientDescent />. Plain ESM with JSDoc: the fast
// path in server.mjs loads it in plain Node; the Next route, the compiler and `manage train` through
// ../../contract.mjs.
import { z } from 'zod';
import { num, vector } from 'manifold/ml/input';

export const gradientDescentInput = z
  .object({
    lr: num().gt(0, 'the learning rate must be greater than 0').max(2, 'the learning rate must be at most 2'),
    steps: z.number().int('steps must be a whole number').min(1, 'steps must be at least 1').max(200, 'steps must be at most 200').optional(),
    start: vector(2, '[x, y] (2 numbers)', 10).optional(),
    lambdas: z.array(num().min(0.05, 'each eigenvalue must be at least 0.05').max(10, 'each eigenvalue must be at most 10')).length(2, 'lambdas must be [λ1, λ2]').optional(),
    angle: num().min(-180, 'angle is in degrees, from -180 to 180').max(180, 'angle is in degrees, from -180 to 180').optional(),
  })
  .strict();

/**
 * What the API serves for this model: the request schema; maxBytes, past which a body is refused with 413 before it
 * is parsed; an example body; the output fields; and how much of a batch one request takes against the batch budget.
 * @type {import('manifold/ml/demo').Api}
 */
export const api = {
  title: 'Gradient descent on a quadratic',
  description: 'The path of gradient descent on f(w) = ½ wᵀAw (A with eigenvalues λ1 = 2, λ2 = 10 unless given), gradients from tfjs autodiff.',
  input: gradientDescentInput,
  maxBytes: 4 * 1024,
  example: { lr: 0.1, steps: 30 },
  output: { path: '[[x, y], …]', loss: '[f(w₀), …]', status: 'converging | oscillating | diverged', criticalLr: '2/λmax' },
  cost: (/** @type {any} */ i) => i.steps ?? 30,
  batchBudget: 120,
};

// <GradientDescent lr={0.1} />: the demo clamps to (0, 0.5]; a post asking for more is told so.
export const props = z.object({ lr: z.number().positive().max(0.5).optional() }).strict();
