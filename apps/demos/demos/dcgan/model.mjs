// A small DCGAN (Radford et al., 2015) trained on 16×16 procedurally drawn digits. As in the paper: transposed
// convolutions with stride 2 in the generator, strided convolutions in the discriminator, batch norm in both (not on
// the generator's output or the discriminator's input), ReLU/tanh in G, LeakyReLU(0.2) in D, Adam(2e-4, β₁ = 0.5),
// weights from N(0, 0.02). Only the generator is saved.
import { tf, batchNorm, conv2d, conv2dTranspose, fit, normalTensor, rng, round, variables } from 'manifold/ml/models/common';
import { glyphs } from 'manifold/ml/models/data';
import { encodeGrayPng } from 'manifold/ml/models/png';

export const Z_DIM = 16;
const SIZE = 16;

/**
 * @param {Record<string, tf.Tensor>} p
 * @param {tf.Tensor2D} z
 * @param {Record<string, { mean: tf.Tensor, variance: tf.Tensor }> | null} stats population statistics, or null to
 *   normalize with the batch's own (training)
 * @param {Record<string, { mean: tf.Tensor, variance: tf.Tensor }>} [record] receives the statistics used
 */
function generate(p, z, stats, record) {
  const c1 = p['g/bn0/gamma'].shape[0];
  const bn = (/** @type {tf.Tensor} */ x, /** @type {string} */ name) => {
    const axes = x.shape.slice(0, -1).map((_, i) => i);
    const s = stats ? stats[name] : tf.moments(x, axes);
    if (record) record[name] = s;
    return batchNorm(x, p[`g/${name}/gamma`], p[`g/${name}/beta`], s);
  };
  let h = tf.reshape(tf.matMul(z, /** @type {tf.Tensor2D} */ (p['g/dense/kernel'])), [-1, 4, 4, c1]);
  h = tf.relu(bn(h, 'bn0'));
  h = conv2dTranspose(/** @type {tf.Tensor4D} */ (h), /** @type {tf.Tensor4D} */ (p['g/convt1/kernel']), 2);
  h = tf.relu(bn(h, 'bn1'));
  h = conv2dTranspose(/** @type {tf.Tensor4D} */ (h), /** @type {tf.Tensor4D} */ (p['g/convt2/kernel']), 2);
  return /** @type {tf.Tensor4D} */ (tf.tanh(tf.add(h, p['g/convt2/bias'])));
}

/**
 * @param {Record<string, tf.Tensor>} p @param {tf.Tensor4D} x
 * @param {boolean} trainingD true while D learns (no gradient to the images), false while G learns through D
 * @returns {tf.Tensor} logits [B, 1]
 */
function discriminate(p, x, trainingD) {
  const grads = { input: !trainingD, weights: trainingD };
  let h = tf.leakyRelu(tf.add(conv2d(x, /** @type {tf.Tensor4D} */ (p['d/conv1/kernel']), 2, grads), p['d/conv1/bias']), 0.2);
  h = conv2d(/** @type {tf.Tensor4D} */ (h), /** @type {tf.Tensor4D} */ (p['d/conv2/kernel']), 2, { weights: trainingD });
  h = tf.leakyRelu(batchNorm(h, p['d/bn2/gamma'], p['d/bn2/beta'], null), 0.2);
  return tf.add(tf.matMul(tf.reshape(h, [h.shape[0], -1]), /** @type {tf.Tensor2D} */ (p['d/dense/kernel'])), p['d/dense/bias']);
}

/** Latent vectors from a seed, so "seed 7" means the same image on every server. @param {number} seed @param {number} count */
export function latentFromSeed(seed, count) {
  const r = rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: Z_DIM }, () => r.normal()));
}

/** @param {Float32Array} data images in [-1, 1] @returns {string[]} base64 PNGs */
function toPngs(data) {
  const out = [];
  for (let i = 0; i < data.length; i += SIZE * SIZE) {
    out.push(encodeGrayPng(Array.from(data.subarray(i, i + SIZE * SIZE), (v) => (v + 1) * 127.5), SIZE, SIZE));
  }
  return out;
}

/**
 * Maximum mean discrepancy with a Gaussian kernel between two sets of flattened images (0 when identical in law).
 * @param {tf.Tensor2D} a @param {tf.Tensor2D} b @param {number} sigma2
 */
function mmd(a, b, sigma2) {
  return tf.tidy(() => {
    const k = (/** @type {tf.Tensor2D} */ x, /** @type {tf.Tensor2D} */ y) => {
      const xx = tf.sum(tf.square(x), 1, true);
      const yy = tf.sum(tf.square(y), 1, true);
      const d = tf.add(tf.sub(xx, tf.mul(2, tf.matMul(x, y, false, true))), tf.transpose(yy));
      return tf.mean(tf.exp(tf.div(tf.neg(d), 2 * sigma2)));
    };
    return tf.add(tf.sub(k(a, a), tf.mul(2, k(a, b))), k(b, b)).dataSync()[0];
  });
}

/**
 * Does a path between two generated digits stay among digits? For each pair of latent vectors, the interior frames of
 * the straight line in z (decoded by G) and of the straight line in pixels (a cross-fade of the two end images) are
 * scored by their nearest-neighbour distance to real glyphs of `bank`: the mean absolute pixel difference (pixels in
 * [−1, 1]) to the closest one. (L1, because under L2 a grey blur is closer to everything than any sharp digit.)
 * Returns the mean over frames and pairs for both paths, and for the end images themselves as the yardstick.
 * @param {{ params: Record<string, tf.Tensor>, stats: any }} runtime @param {number[][][]} pairs [[zA, zB], …]
 * @param {Float32Array} bank real glyphs, n×256 @param {number} [steps]
 */
export function interpolationDistances(runtime, pairs, bank, steps = 8) {
  const P = SIZE * SIZE;
  const n = bank.length / P;
  const frames = pairs.flatMap(([a, b]) => Array.from({ length: steps }, (_, i) => a.map((av, j) => av + ((b[j] - av) * i) / (steps - 1))));
  const pixels = tf.tidy(() => generate(runtime.params, tf.tensor2d(frames), runtime.stats).dataSync());
  const nearest = (/** @type {ArrayLike<number>} */ f) => {
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let k = 0; k < P && d < best; k++) d += Math.abs(f[k] - bank[j * P + k]);
      if (d < best) best = d;
    }
    return best / P;
  };
  let latent = 0;
  let pixel = 0;
  let ends = 0;
  let count = 0;
  pairs.forEach((_, i) => {
    const A = pixels.subarray(i * steps * P, (i * steps + 1) * P);
    const B = pixels.subarray((i * steps + steps - 1) * P, (i * steps + steps) * P);
    ends += (nearest(A) + nearest(B)) / 2 / pairs.length;
    for (let s = 1; s < steps - 1; s++) {
      const w = s / (steps - 1);
      latent += nearest(pixels.subarray((i * steps + s) * P, (i * steps + s + 1) * P));
      pixel += nearest(Float32Array.from(A, (v, k) => v * (1 - w) + B[k] * w));
      count++;
    }
  });
  return { latent: latent / count, pixel: pixel / count, ends };
}

/**
 * What the embed states: latent interpolation against a pixel cross-fade for random pairs, by distance to the
 * nearest of `bank` real glyphs the generator never saw.
 * @param {{ params: Record<string, tf.Tensor>, stats: any }} runtime @param {number} seed @param {import('manifold/ml/models/random').Rng} bankRng
 */
export function onManifold(runtime, seed, bankRng, pairs = 32, bank = 2000) {
  const zs = latentFromSeed(seed + 2, 2 * pairs);
  const d = interpolationDistances(runtime, Array.from({ length: pairs }, (_, i) => [zs[2 * i], zs[2 * i + 1]]), glyphs(bankRng, bank).images);
  return { latent: round(d.latent, 4), pixel: round(d.pixel, 4), ends: round(d.ends, 4), pairs };
}

/** @typedef {{ seed: number, count?: number } | { z: number[][] } | { interpolate: { from: number | number[], to: number | number[], steps?: number } }} DcganInput */

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'dcgan',
  version: '1.0.0',
  hasWeights: true,
  defaults: { images: 6000, steps: 1500, batch: 64, g1: 32, g2: 16, d1: 16, d2: 32, learningRate: 0.0002, manifoldPairs: 32, manifoldBank: 2000 },
  tiny: { images: 128, steps: 2, batch: 16, g1: 8, g2: 4, d1: 4, d2: 8, learningRate: 0.0002, manifoldPairs: 2, manifoldBank: 50 },
  warmup: { seed: 1, count: 4 },

  async train({ seed, config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const r = rng(seed);
    const [g1, g2, d1, d2] = [cfg.g1, cfg.g2, cfg.d1, cfg.d2].map(Number);
    const data = glyphs(r.fork(1), Number(cfg.images));
    const held = glyphs(r.fork(2), 512);
    const init = r.fork(3);
    const n01 = (/** @type {number[]} */ shape) => normalTensor(init, shape, 0.02);
    const gamma = (/** @type {number} */ c) => tf.add(1, normalTensor(init, [c], 0.02));
    const G = variables({
      'g/dense/kernel': n01([Z_DIM, 16 * g1]),
      'g/bn0/gamma': gamma(g1),
      'g/bn0/beta': tf.zeros([g1]),
      'g/convt1/kernel': n01([4, 4, g2, g1]),
      'g/bn1/gamma': gamma(g2),
      'g/bn1/beta': tf.zeros([g2]),
      'g/convt2/kernel': n01([4, 4, 1, g2]),
      'g/convt2/bias': tf.zeros([1]),
    });
    const D = variables({
      'd/conv1/kernel': n01([4, 4, 1, d1]),
      'd/conv1/bias': tf.zeros([d1]),
      'd/conv2/kernel': n01([4, 4, d1, d2]),
      'd/bn2/gamma': gamma(d2),
      'd/bn2/beta': tf.zeros([d2]),
      'd/dense/kernel': n01([16 * d2, 1]),
      'd/dense/bias': tf.zeros([1]),
    });
    const images = tf.tensor4d(data.images, [Number(cfg.images), SIZE, SIZE, 1]);
    const batch = Number(cfg.batch);
    const steps = Number(cfg.steps);
    const optD = tf.train.adam(Number(cfg.learningRate), 0.5);
    const optG = tf.train.adam(Number(cfg.learningRate), 0.5);
    const draws = r.fork(4);
    const latent = () => normalTensor(draws, [batch, Z_DIM], 1);
    const ones = tf.ones([batch, 1]);
    const zeros = tf.zeros([batch, 1]);
    const real = tf.fill([batch, 1], 0.9); // one-sided label smoothing (Salimans et al.) keeps D from saturating
    let lossD = NaN;
    let lossG = NaN;
    for (let step = 0; step < steps; step++) {
      fit({
        steps: 1,
        optimizer: optD,
        vars: D,
        loss: () => {
          const idx = tf.tensor1d(Int32Array.from({ length: batch }, () => draws.int(Number(cfg.images))), 'int32');
          const x = /** @type {tf.Tensor4D} */ (tf.gather(images, idx));
          const fake = generate(G, /** @type {tf.Tensor2D} */ (latent()), null);
          return /** @type {tf.Scalar} */ (
            tf.add(tf.losses.sigmoidCrossEntropy(real, discriminate(D, x, true)), tf.losses.sigmoidCrossEntropy(zeros, discriminate(D, fake, true)))
          );
        },
        onStep: (_, l) => (lossD = l),
      });
      fit({
        steps: 1,
        optimizer: optG,
        vars: G,
        loss: () => /** @type {tf.Scalar} */ (tf.losses.sigmoidCrossEntropy(ones, discriminate(D, generate(G, /** @type {tf.Tensor2D} */ (latent()), null), false))),
        onStep: (_, l) => (lossG = l),
      });
      if (step % 10 === 0 || step === steps - 1) onProgress?.(step + 1, steps, `D ${lossD.toFixed(3)} G ${lossG.toFixed(3)}`);
    }
    for (const t of [images, ones, zeros, real]) t.dispose();
    optD.dispose();
    optG.dispose();
    // Population statistics for the generator's batch norms, from one large batch, so that at inference an image
    // depends on its own z only (and batching requests cannot change it).
    /** @type {Record<string, { mean: tf.Tensor, variance: tf.Tensor }>} */
    const record = {};
    tf.tidy(() => {
      generate(G, /** @type {tf.Tensor2D} */ (normalTensor(r.fork(5), [2048, Z_DIM], 1)), null, record);
      for (const s of Object.values(record)) {
        tf.keep(s.mean);
        tf.keep(s.variance);
      }
    });
    /** @type {Record<string, tf.Tensor>} */
    const params = { ...G };
    for (const [name, s] of Object.entries(record)) {
      params[`g/${name}/moving_mean`] = s.mean;
      params[`g/${name}/moving_variance`] = s.variance;
    }
    Object.values(D).forEach((v) => v.dispose());
    const runtime = this.load({ params, topology: { name: this.name, version: this.version, config: cfg } });
    const fakeFlat = tf.tidy(() => tf.reshape(generate(runtime.params, tf.tensor2d(latentFromSeed(seed + 1, 512)), runtime.stats), [512, -1]));
    const realFlat = tf.tensor2d(held.images, [512, SIZE * SIZE]);
    const nTrain = Math.min(512, Number(cfg.images));
    const trainFlat = tf.tensor2d(data.images.slice(0, nTrain * SIZE * SIZE), [nTrain, SIZE * SIZE]);
    const noise = tf.tidy(() => tf.clipByValue(normalTensor(r.fork(6), [512, SIZE * SIZE], 0.5), -1, 1));
    const sigma2 = SIZE * SIZE; // about the mean squared distance between two glyphs
    const metrics = {
      finalLossD: round(lossD, 4),
      finalLossG: round(lossG, 4),
      mmdGeneratedVsHeldOut: round(mmd(/** @type {tf.Tensor2D} */ (fakeFlat), realFlat, sigma2), 5),
      mmdTrainingVsHeldOut: round(mmd(trainFlat, realFlat, sigma2), 5),
      mmdNoiseVsHeldOut: round(mmd(/** @type {tf.Tensor2D} */ (noise), realFlat, sigma2), 5),
    };
    for (const t of [fakeFlat, realFlat, trainFlat, noise]) t.dispose();
    const interpolation = onManifold(runtime, seed, r.fork(7), Number(cfg.manifoldPairs), Number(cfg.manifoldBank));
    Object.assign(metrics, { 'interpolationNearestL1.latent': interpolation.latent, 'interpolationNearestL1.pixel': interpolation.pixel, 'interpolationNearestL1.ends': interpolation.ends });
    const [samples] = this.infer(runtime, [{ seed: 2020, count: 16 }]);
    const [interp] = this.infer(runtime, [{ interpolate: { from: 3, to: 11, steps: 8 } }]);
    return {
      params,
      config: cfg,
      metrics,
      preview: { samples: { seed: 2020, images: samples.images }, interpolation: { from: 3, to: 11, images: interp.images }, onManifold: interpolation },
    };
  },

  load(m) {
    if (!m) throw new Error('dcgan needs its weights');
    const p = m.params;
    /** @type {Record<string, { mean: tf.Tensor, variance: tf.Tensor }>} */
    const stats = {};
    for (const name of ['bn0', 'bn1']) stats[name] = { mean: p[`g/${name}/moving_mean`], variance: p[`g/${name}/moving_variance`] };
    return { params: p, stats };
  },

  infer(runtime, inputs) {
    /** @param {number | number[]} v */
    const toZ = (v) => (typeof v === 'number' ? latentFromSeed(v, 1)[0] : v);
    const zs = inputs.map((/** @type {DcganInput} */ input) => {
      if ('z' in input) return input.z;
      if ('interpolate' in input) {
        const a = toZ(input.interpolate.from);
        const b = toZ(input.interpolate.to);
        const steps = input.interpolate.steps ?? 8;
        return Array.from({ length: steps }, (_, i) => a.map((av, j) => round(av + ((b[j] - av) * i) / (steps - 1), 6)));
      }
      return latentFromSeed(input.seed, input.count ?? 1);
    });
    const all = zs.flat();
    const pixels = /** @type {Float32Array} */ (tf.tidy(() => generate(runtime.params, tf.tensor2d(all, [all.length, Z_DIM]), runtime.stats).dataSync()));
    const pngs = toPngs(pixels);
    let at = 0;
    return zs.map((z) => {
      const images = pngs.slice(at, at + z.length);
      at += z.length;
      return { images, z: z.map((v) => v.map((x) => round(x, 4))), width: SIZE, height: SIZE };
    });
  },
};

export default definition;
