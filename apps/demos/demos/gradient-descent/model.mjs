// Gradient descent on a quadratic loss surface, with the gradient from tfjs autodiff (tf.grad). On
// f(w) = ½ (w − w*)ᵀ A (w − w*) each step multiplies the error along eigenvector i by (1 − η λᵢ), so the path
// converges for η < 2/λmax, oscillates when η > 1/λmax and diverges past 2/λmax.
import { tf, round } from 'manifold/ml/models/common';

// λ = 10 as in the learning-rate post: 1/λmax = 0.1 (fastest), 2/λmax = 0.2 (the edge of divergence).
export const SURFACE = { lambdas: [2, 10], angle: 30, minimum: [0, 0], start: [-4, 3] };

/** The Hessian A = R diag(λ) Rᵀ. @param {number[]} lambdas @param {number} angleDeg */
export function hessian(lambdas, angleDeg) {
  const a = (angleDeg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const [l1, l2] = lambdas;
  return [
    [l1 * c * c + l2 * s * s, (l1 - l2) * c * s],
    [(l1 - l2) * c * s, l1 * s * s + l2 * c * c],
  ];
}

/**
 * @typedef {{ lr: number, steps?: number, start?: number[], lambdas?: number[], angle?: number }} GdInput
 */

/** @param {GdInput} input */
function run(input) {
  const lambdas = input.lambdas ?? SURFACE.lambdas;
  const angle = input.angle ?? SURFACE.angle;
  const steps = input.steps ?? 30;
  const start = input.start ?? SURFACE.start;
  const A = hessian(lambdas, angle);
  const lambdaMax = Math.max(...lambdas);
  const [path, losses] = tf.tidy(() => {
    const a = tf.tensor2d(A);
    const wStar = tf.tensor1d(SURFACE.minimum);
    const loss = (/** @type {tf.Tensor} */ w) => {
      const d = tf.sub(w, wStar).reshape([2, 1]);
      return tf.mul(0.5, tf.matMul(tf.matMul(d, a, true), d)).reshape([]);
    };
    const grad = tf.grad(loss);
    let w = tf.tensor1d(start);
    const ws = [w];
    const ls = [loss(w)];
    for (let i = 0; i < steps; i++) {
      w = tf.sub(w, tf.mul(input.lr, grad(w)));
      ws.push(w);
      ls.push(loss(w));
      // Far past divergence the numbers only overflow; stop while they still plot.
      const [a, b] = w.dataSync();
      if (Math.abs(a) + Math.abs(b) > 1e6) break;
    }
    return [tf.stack(ws).dataSync(), tf.stack(ls).dataSync()];
  });
  /** @type {number[][]} */
  const points = [];
  for (let i = 0; i < path.length; i += 2) points.push([round(path[i], 5), round(path[i + 1], 5)]);
  const loss = Array.from(losses, (v) => (v > 1e12 ? Number(v.toPrecision(6)) : round(v, 6)));
  // The component along the steepest eigenvector: its sign flips at every step when η > 1/λmax.
  const a = (angle * Math.PI) / 180;
  const top = lambdas[0] >= lambdas[1] ? [Math.cos(a), Math.sin(a)] : [-Math.sin(a), Math.cos(a)];
  const along = points.map((p) => p[0] * top[0] + p[1] * top[1]);
  // Sign changes count only while the component is well above float32 noise.
  const floor = 1e-4 * Math.max(...along.map(Math.abs));
  let flips = 0;
  for (let i = 1; i < along.length; i++) if (along[i - 1] * along[i] < 0 && Math.abs(along[i - 1]) > floor && Math.abs(along[i]) > floor) flips++;
  const status = loss[loss.length - 1] > loss[0] ? 'diverged' : flips >= 2 ? 'oscillating' : 'converging';
  return {
    path: points,
    loss,
    status,
    converged: loss[loss.length - 1] < 1e-3 * loss[0],
    lambdaMax,
    criticalLr: round(2 / lambdaMax, 6),
    hessian: A.map((r) => r.map((v) => round(v, 6))),
    minimum: SURFACE.minimum,
  };
}

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'gradient-descent',
  version: '1.0.0',
  hasWeights: false,
  defaults: { previewLearningRates: [0.05, 0.1, 0.15, 0.21] },
  tiny: { previewLearningRates: [0.1] },
  warmup: { lr: 0.1, steps: 5 },

  async train({ config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const rates = /** @type {number[]} */ (cfg.previewLearningRates);
    /** @type {Record<string, unknown>} */
    const paths = {};
    rates.forEach((lr, i) => {
      paths[String(lr)] = run({ lr, steps: 30 });
      onProgress?.(i + 1, rates.length, `η = ${lr}`);
    });
    const lambdaMax = Math.max(...SURFACE.lambdas);
    return {
      config: cfg,
      metrics: { lambdaMin: Math.min(...SURFACE.lambdas), lambdaMax, criticalLr: 2 / lambdaMax },
      preview: { surface: SURFACE, hessian: hessian(SURFACE.lambdas, SURFACE.angle), criticalLr: 2 / lambdaMax, steps: 30, paths },
    };
  },

  load: () => ({}),

  infer(_runtime, inputs) {
    return inputs.map(run);
  },
};

export default definition;
