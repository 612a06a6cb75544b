// MSE against cross-entropy for one sigmoid output whose target is 1, as in the post: L_MSE = ½(σ(z) − 1)² and
// L_CE = −log σ(z). Each loss and its gradient with respect to the logit z over z ∈ [−10, 10], their values at a
// chosen z, and gradient descent on z from a badly wrong start under each loss — all from tfjs autodiff. The MSE
// gradient (σ − 1)·σ(1 − σ) vanishes as σ → 0; the CE gradient σ − 1 stays near −1.
import { tf, round } from 'manifold/ml/models/common';

const losses = {
  mse: (/** @type {tf.Tensor} */ z) => tf.mul(0.5, tf.square(tf.sub(1, tf.sigmoid(z)))),
  // −log σ(z) written as softplus(−z), finite for very negative z.
  ce: (/** @type {tf.Tensor} */ z) => tf.softplus(tf.neg(z)),
};

export const Z_GRID = Array.from({ length: 81 }, (_, i) => -10 + i * 0.25);

/** @typedef {{ z?: number, initialZ?: number, lr?: number, steps?: number }} LossInput */

/** @param {LossInput} input */
function run(input) {
  const z0 = input.initialZ ?? -4;
  const lr = input.lr ?? 2;
  const steps = input.steps ?? 100;
  const at = input.z ?? -6;
  const { curve, point } = tf.tidy(() => {
    const z = tf.tensor1d([...Z_GRID, at]);
    /** @type {Record<string, { loss: Float32Array, grad: Float32Array }>} */
    const out = {};
    for (const [name, f] of Object.entries(losses)) {
      // The losses are elementwise, so the gradient of their sum is each point's dL/dz.
      const g = tf.grad((/** @type {tf.Tensor} */ zz) => tf.sum(f(zz)))(z);
      out[name] = { loss: /** @type {Float32Array} */ (f(z).dataSync()), grad: /** @type {Float32Array} */ (g.dataSync()) };
    }
    const n = Z_GRID.length;
    const pick = (/** @type {string} */ name) => ({
      loss: Array.from(out[name].loss.subarray(0, n), (v) => round(v, 5)),
      grad: Array.from(out[name].grad.subarray(0, n), (v) => round(v, 5)),
    });
    const value = (/** @type {string} */ name) => ({ loss: round(out[name].loss[n], 6), grad: round(out[name].grad[n], 6) });
    return { curve: { mse: pick('mse'), ce: pick('ce') }, point: { mse: value('mse'), ce: value('ce') } };
  });
  /** @type {Record<string, { loss: number[], p: number[] }>} */
  const training = {};
  for (const [name, f] of Object.entries(losses)) {
    const [loss, p] = tf.tidy(() => {
      const grad = tf.grad((/** @type {tf.Tensor} */ zz) => tf.sum(f(zz)));
      let z = tf.tensor1d([z0]);
      const zs = [z];
      for (let i = 0; i < steps; i++) {
        z = tf.sub(z, tf.mul(lr, grad(z)));
        zs.push(z);
      }
      const all = tf.concat(zs);
      return [f(all), tf.sigmoid(all)];
    });
    training[name] = { loss: Array.from(loss.dataSync(), (v) => round(v, 5)), p: Array.from(p.dataSync(), (v) => round(v, 5)) };
    loss.dispose();
    p.dispose();
  }
  const reach = (/** @type {number[]} */ p) => {
    const i = p.findIndex((v) => v >= 0.9);
    return i < 0 ? null : i;
  };
  return {
    curve: { z: Z_GRID, mse: curve.mse, ce: curve.ce },
    at: { z: at, p: round(1 / (1 + Math.exp(-at)), 6), mse: point.mse, ce: point.ce },
    training: { steps, lr, initialZ: z0, mse: training.mse, ce: training.ce },
    stepsToP90: { mse: reach(training.mse.p), ce: reach(training.ce.p) },
  };
}

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'loss-compare',
  version: '1.0.0',
  hasWeights: false,
  defaults: { z: -6, initialZ: -4, lr: 2, steps: 100 },
  tiny: { z: -6, initialZ: -4, lr: 2, steps: 5 },
  warmup: { steps: 5 },

  async train({ config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const preview = run(/** @type {LossInput} */ (cfg));
    onProgress?.(1, 1);
    return {
      config: cfg,
      metrics: { stepsToP90Mse: preview.stepsToP90.mse ?? -1, stepsToP90Ce: preview.stepsToP90.ce ?? -1, gradientRatioAtZminus10: round(preview.curve.ce.grad[0] / preview.curve.mse.grad[0], 0) },
      preview,
    };
  },

  load: () => ({}),

  infer(_runtime, inputs) {
    return inputs.map(run);
  },
};

export default definition;
