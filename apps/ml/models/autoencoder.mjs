// The autoencoder of the "Auto Encoder와 Manifold" post: a swiss roll in 3-D squeezed through a 2-D bottleneck and
// decoded back, next to PCA's best 2-D linear projection of the same points.
import { tf, fit, he, glorot, rng, round, rows, variables } from './common.mjs';
import { swissRoll } from './data.mjs';

/** [name, in, out, activation] — the network of the post's PyTorch code. */
const LAYERS = /** @type {const} */ ([
  ['enc1', 3, 64, 'relu'],
  ['enc2', 64, 64, 'relu'],
  ['enc3', 64, 2, 'linear'],
  ['dec1', 2, 64, 'relu'],
  ['dec2', 64, 64, 'relu'],
  ['dec3', 64, 3, 'linear'],
]);

/** @param {Record<string, tf.Tensor>} p @param {tf.Tensor} x @param {number} from @param {number} to */
function mlp(p, x, from, to) {
  let h = /** @type {tf.Tensor2D} */ (x);
  for (let i = from; i < to; i++) {
    const [name, , , act] = LAYERS[i];
    // One fused kernel per layer (matMul + bias + activation): a third of the kernel calls of the plain ops.
    h = tf.fused.matMul({ a: h, b: /** @type {tf.Tensor2D} */ (p[`${name}/kernel`]), bias: p[`${name}/bias`], activation: act === 'relu' ? 'relu' : 'linear' });
  }
  return h;
}
/** @param {Record<string, tf.Tensor>} p @param {tf.Tensor} x */
const encode = (p, x) => mlp(p, x, 0, 3);
/** @param {Record<string, tf.Tensor>} p @param {tf.Tensor} z */
const decode = (p, z) => mlp(p, z, 3, 6);

/** Eigen-decomposition of a symmetric 3×3 matrix by Jacobi rotations; eigenvectors are the columns of v. @param {number[][]} a */
function eigSym3(a) {
  const m = a.map((row) => [...row]);
  const v = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (Math.abs(m[p][q]) < 1e-12) continue;
      const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let k = 0; k < 3; k++) {
        const mkp = m[k][p];
        const mkq = m[k][q];
        m[k][p] = c * mkp - s * mkq;
        m[k][q] = s * mkp + c * mkq;
      }
      for (let k = 0; k < 3; k++) {
        const mpk = m[p][k];
        const mqk = m[q][k];
        m[p][k] = c * mpk - s * mqk;
        m[q][k] = s * mpk + c * mqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = v[k][p];
        const vkq = v[k][q];
        v[k][p] = c * vkp - s * vkq;
        v[k][q] = s * vkp + c * vkq;
      }
    }
  }
  return { values: [m[0][0], m[1][1], m[2][2]], vectors: v };
}

/** PCA with two components: the mean and the two leading principal axes. @param {Float32Array} points */
export function fitPca(points) {
  const n = points.length / 3;
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) mean[d] += points[3 * i + d] / n;
  const cov = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let i = 0; i < n; i++)
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) cov[a][b] += ((points[3 * i + a] - mean[a]) * (points[3 * i + b] - mean[b])) / (n - 1);
  const { values, vectors } = eigSym3(cov);
  const order = [0, 1, 2].sort((i, j) => values[j] - values[i]);
  const components = order.slice(0, 2).map((j) => [vectors[0][j], vectors[1][j], vectors[2][j]]);
  return { mean, components, explainedVariance: order.map((j) => values[j]) };
}

/** @param {{ mean: number[], components: number[][] }} pca @param {ArrayLike<number>} points */
export function pcaReconstruct(pca, points) {
  const out = new Float32Array(points.length);
  for (let i = 0; i < points.length / 3; i++) {
    const c = [0, 1, 2].map((d) => points[3 * i + d] - pca.mean[d]);
    const z = pca.components.map((w) => w[0] * c[0] + w[1] * c[1] + w[2] * c[2]);
    for (let d = 0; d < 3; d++) out[3 * i + d] = pca.mean[d] + z[0] * pca.components[0][d] + z[1] * pca.components[1][d];
  }
  return out;
}

/** Mean over points of the squared error per coordinate. @param {ArrayLike<number>} a @param {ArrayLike<number>} b */
export function mse(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

/** @param {{ mean: number[], std: number[] }} norm @param {tf.Tensor} x */
const normalize = (norm, x) => tf.div(tf.sub(x, tf.tensor1d(norm.mean)), tf.tensor1d(norm.std));
/** @param {{ mean: number[], std: number[] }} norm @param {tf.Tensor} x */
const denormalize = (norm, x) => tf.add(tf.mul(x, tf.tensor1d(norm.std)), tf.tensor1d(norm.mean));

/** @type {import('./common.mjs').ModelDefinition} */
const definition = {
  name: 'autoencoder',
  version: '1.0.0',
  hasWeights: true,
  defaults: { trainPoints: 4000, testPoints: 1000, noise: 0.2, steps: 8000, batch: 256, learningRate: 0.003 },
  tiny: { trainPoints: 256, testPoints: 64, noise: 0.2, steps: 5, batch: 64, learningRate: 0.002 },
  warmup: { points: [[0, 10, 0]] },

  async train({ seed, config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const r = rng(seed);
    const train = swissRoll(r.fork(1), Number(cfg.trainPoints), Number(cfg.noise));
    const test = swissRoll(r.fork(2), Number(cfg.testPoints), Number(cfg.noise));
    const pca = fitPca(train.points);
    const mean = pca.mean;
    const std = [0, 1, 2].map((d) => {
      let s = 0;
      for (let i = 0; i < train.points.length / 3; i++) s += (train.points[3 * i + d] - mean[d]) ** 2;
      return Math.sqrt(s / (train.points.length / 3));
    });
    const norm = { mean, std };
    const init = r.fork(3);
    /** @type {Record<string, tf.Tensor>} */
    const initial = {};
    for (const [name, fanIn, fanOut, act] of LAYERS) {
      initial[`${name}/kernel`] = act === 'relu' ? he(init, [fanIn, fanOut], fanIn) : glorot(init, [fanIn, fanOut], fanIn, fanOut);
      initial[`${name}/bias`] = tf.zeros([fanOut]);
    }
    const vars = variables(initial);
    const xTrain = tf.tidy(() => normalize(norm, tf.tensor2d(train.points, [train.points.length / 3, 3])));
    const n = xTrain.shape[0];
    const batch = Math.min(Number(cfg.batch), n);
    const steps = Number(cfg.steps);
    const lr = Number(cfg.learningRate);
    const optimizer = tf.train.adam(lr);
    const order = r.fork(4);
    let last = NaN;
    fit({
      steps,
      optimizer,
      vars,
      loss: (step) => {
        // Cosine decay to a tenth of the rate, so the last steps settle instead of jittering.
        /** @type {any} */ (optimizer).learningRate = lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));
        const idx = tf.tensor1d(Int32Array.from({ length: batch }, () => order.int(n)), 'int32');
        const x = tf.gather(xTrain, idx);
        return tf.losses.meanSquaredError(x, decode(vars, encode(vars, x)));
      },
      onStep: (step, loss) => {
        last = loss;
        if (step % 25 === 0 || step === steps - 1) onProgress?.(step + 1, steps, `loss ${loss.toFixed(4)}`);
      },
    });
    optimizer.dispose();
    xTrain.dispose();
    const runtime = this.load({ params: vars, topology: { name: this.name, version: this.version, config: cfg, extra: { norm, pca } } });
    const [trainOut] = this.infer(runtime, [{ points: rows(train.points, 3, 6) }]);
    const [testOut] = this.infer(runtime, [{ points: rows(test.points, 3, 6) }]);
    const latents = /** @type {number[][]} */ (trainOut.latent);
    const pad = (/** @type {number[]} */ v) => {
      const s = [...v].sort((a, b) => a - b);
      const lo = s[Math.floor(0.005 * s.length)];
      const hi = s[Math.ceil(0.995 * s.length) - 1];
      return [round(lo - 0.1 * (hi - lo), 3), round(hi + 0.1 * (hi - lo), 3)];
    };
    const latentRange = [pad(latents.map((l) => l[0])), pad(latents.map((l) => l[1]))];
    const extra = { norm, pca, latentRange };
    const k = 180;
    const preview = {
      points: rows(test.points.slice(0, 3 * k), 3, 2),
      t: Array.from(test.t.slice(0, k), (v) => round(v, 2)),
      latent: testOut.latent.slice(0, k).map((/** @type {number[]} */ l) => l.map((v) => round(v, 3))),
      reconstruction: testOut.reconstruction.slice(0, k).map((/** @type {number[]} */ l) => l.map((v) => round(v, 2))),
      pca: testOut.pca.reconstruction.slice(0, k).map((/** @type {number[]} */ l) => l.map((v) => round(v, 2))),
      mse: testOut.mse,
      latentRange,
    };
    const params = Object.fromEntries(Object.entries(vars).map(([name, v]) => [name, /** @type {tf.Tensor} */ (v)]));
    return {
      params,
      extra,
      config: cfg,
      metrics: {
        finalTrainLoss: round(last, 5),
        heldOutMse: round(testOut.mse.autoencoder, 5),
        pcaHeldOutMse: round(testOut.mse.pca, 5),
        pcaToAutoencoderRatio: round(testOut.mse.pca / testOut.mse.autoencoder, 2),
      },
      preview,
    };
  },

  load(m) {
    if (!m) throw new Error('autoencoder needs its weights');
    const { norm, pca } = m.topology.extra;
    return { params: m.params, norm, pca };
  },

  infer(runtime, inputs) {
    const { params, norm, pca } = runtime;
    // One pass for the whole batch: every request's points (or latent codes) stacked into one matrix.
    /** @param {'points' | 'latent'} key @param {number} width */
    const stack = (key, width) => {
      const items = inputs.filter((i) => i[key]);
      const n = items.reduce((s, i) => s + i[key].length, 0);
      const flat = new Float32Array(n * width);
      let k = 0;
      for (const item of items) for (const row of item[key]) for (let d = 0; d < width; d++) flat[k++] = row[d];
      return { items, n, flat };
    };
    /** @type {Map<any, any>} */
    const results = new Map();
    const pts = stack('points', 3);
    if (pts.n) {
      const [zT, rT] = tf.tidy(() => {
        const z = encode(params, normalize(norm, tf.tensor2d(pts.flat, [pts.n, 3])));
        return [z, denormalize(norm, decode(params, z))];
      });
      const latent = zT.dataSync();
      const recon = rT.dataSync();
      tf.dispose([zT, rT]);
      const pcaRecon = pcaReconstruct(pca, pts.flat);
      let at = 0;
      for (const input of pts.items) {
        const count = input.points.length;
        const x = pts.flat.subarray(3 * at, 3 * (at + count));
        const r = recon.subarray(3 * at, 3 * (at + count));
        const pr = pcaRecon.subarray(3 * at, 3 * (at + count));
        results.set(input, {
          latent: rows(latent.subarray(2 * at, 2 * (at + count)), 2),
          reconstruction: rows(r, 3),
          pca: { reconstruction: rows(pr, 3) },
          mse: { autoencoder: round(mse(x, r), 5), pca: round(mse(x, pr), 5) },
        });
        at += count;
      }
    }
    const lat = stack('latent', 2);
    if (lat.n) {
      const rT = tf.tidy(() => denormalize(norm, decode(params, tf.tensor2d(lat.flat, [lat.n, 2]))));
      const recon = rT.dataSync();
      rT.dispose();
      let at = 0;
      for (const input of lat.items) {
        const count = input.latent.length;
        results.set(input, { reconstruction: rows(recon.subarray(3 * at, 3 * (at + count)), 3) });
        at += count;
      }
    }
    return inputs.map((i) => results.get(i));
  },
};

export default definition;
