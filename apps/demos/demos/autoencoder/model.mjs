// The autoencoder of the "Auto Encoder와 Manifold" post: a swiss roll in 3-D squeezed through a 2-D bottleneck and
// decoded back, next to PCA's best 2-D linear projection of the same points. Reconstruction alone lets the encoder
// fold the roll (its layers land on top of each other in the latent map), so training adds an Isomap-style term:
// latent distances to a set of landmark points follow the distances measured along the roll (shortest paths in the
// 10-nearest-neighbour graph of the training points).
import { tf, fit, he, glorot, JsonWriter, rng, round, rows, variables } from 'manifold/ml/models/common';
import { swissRoll } from 'manifold/ml/models/data';

/** [name, in, out, activation]: the post's network one layer deeper, with a smooth activation (ELU), so the maps
 * between the roll and the plane can bend without kinks. */
const LAYERS = /** @type {const} */ ([
  ['enc1', 3, 64, 'elu'],
  ['enc2', 64, 64, 'elu'],
  ['enc3', 64, 64, 'elu'],
  ['enc4', 64, 2, 'linear'],
  ['dec1', 2, 64, 'elu'],
  ['dec2', 64, 64, 'elu'],
  ['dec3', 64, 64, 'elu'],
  ['dec4', 64, 3, 'linear'],
]);
const ENCODER = LAYERS.findIndex(([name]) => name === 'dec1');

/** @param {Record<string, tf.Tensor>} p @param {tf.Tensor} x @param {number} from @param {number} to */
function mlp(p, x, from, to) {
  let h = /** @type {tf.Tensor2D} */ (x);
  for (let i = from; i < to; i++) {
    const [name, , , act] = LAYERS[i];
    // One fused kernel per layer (matMul + bias + activation): a third of the kernel calls of the plain ops.
    h = /** @type {tf.Tensor2D} */ (tf.fused.matMul({ a: h, b: /** @type {tf.Tensor2D} */ (p[`${name}/kernel`]), bias: p[`${name}/bias`], activation: act }));
  }
  return h;
}
/** @param {Record<string, tf.Tensor>} p @param {tf.Tensor} x */
const encode = (p, x) => mlp(p, x, 0, ENCODER);
/** @param {Record<string, tf.Tensor>} p @param {tf.Tensor} z */
const decode = (p, z) => mlp(p, z, ENCODER, LAYERS.length);

/**
 * Distances along the roll from each landmark to every point: Dijkstra on the symmetric k-nearest-neighbour graph.
 * With 0.2 noise the roll's layers are ~6 apart and the 10th neighbour ~1 away, so no edge jumps between layers.
 * @param {Float32Array} x n×3 @param {number[]} landmarks @param {number} k
 */
export function geodesics(x, landmarks, k = 10) {
  const n = x.length / 3;
  /** @type {Map<number, number>[]} */
  const adj = Array.from({ length: n }, () => new Map());
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) d[j] = Math.hypot(x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1], x[3 * i + 2] - x[3 * j + 2]);
    d[i] = Infinity;
    const near = Array.from(d.keys()).sort((a, b) => d[a] - d[b]).slice(0, k);
    for (const j of near) {
      adj[i].set(j, d[j]);
      adj[j].set(i, d[j]);
    }
  }
  return landmarks.map((src) => {
    const dist = new Float64Array(n).fill(Infinity);
    dist[src] = 0;
    /** @type {[number, number][]} a binary heap of [distance, node] */
    const heap = [[0, src]];
    const push = (/** @type {[number, number]} */ e) => {
      heap.push(e);
      for (let c = heap.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (heap[p][0] <= heap[c][0]) break;
        [heap[p], heap[c]] = [heap[c], heap[p]];
        c = p;
      }
    };
    const pop = () => {
      const top = heap[0];
      const last = /** @type {[number, number]} */ (heap.pop());
      if (heap.length) {
        heap[0] = last;
        for (let p = 0; ; ) {
          const l = 2 * p + 1;
          const r = l + 1;
          let m = p;
          if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
          if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
          if (m === p) break;
          [heap[p], heap[m]] = [heap[m], heap[p]];
          p = m;
        }
      }
      return top;
    };
    while (heap.length) {
      const [du, u] = pop();
      if (du > dist[u]) continue;
      for (const [v, w] of adj[u]) if (du + w < dist[v]) push([(dist[v] = du + w), v]);
    }
    return Float32Array.from(dist);
  });
}

/**
 * Rank of every point in every point's neighbour list (0 = itself), by Euclidean distance.
 * @param {ArrayLike<number>} x n×dim @param {number} dim
 */
function neighbourRanks(x, dim) {
  const n = x.length / dim;
  const ranks = new Int32Array(n * n);
  const order = new Int32Array(n);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += (x[i * dim + c] - x[j * dim + c]) ** 2;
      d[j] = j === i ? -1 : s;
      order[j] = j;
    }
    order.sort((a, b) => d[a] - d[b] || a - b);
    for (let r = 0; r < n; r++) ranks[i * n + order[r]] = r;
  }
  return ranks;
}

/**
 * Trustworthiness and continuity of an embedding at k (Venna & Kaski 2001): 1 means no point among a point's k
 * nearest neighbours in the embedding is far in the data (trustworthiness), and none of its k nearest in the data
 * is far in the embedding (continuity).
 * @param {ArrayLike<number>} high n×dimHigh @param {number} dimHigh @param {ArrayLike<number>} low n×dimLow
 * @param {number} dimLow @param {number} k
 */
export function trustContinuity(high, dimHigh, low, dimLow, k) {
  const n = high.length / dimHigh;
  const rh = neighbourRanks(high, dimHigh);
  const rl = neighbourRanks(low, dimLow);
  let t = 0;
  let c = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const a = rh[i * n + j];
      const b = rl[i * n + j];
      if (b <= k && a > k) t += a - k;
      if (a <= k && b > k) c += b - k;
    }
  const scale = 2 / (n * k * (2 * n - 3 * k - 1));
  return { trustworthiness: 1 - scale * t, continuity: 1 - scale * c };
}

/** The 2-D PCA coordinates. @param {{ mean: number[], components: number[][] }} pca @param {ArrayLike<number>} points */
export function pcaProject(pca, points) {
  const out = new Float32Array((points.length / 3) * 2);
  for (let i = 0; i < points.length / 3; i++)
    for (let c = 0; c < 2; c++) out[2 * i + c] = [0, 1, 2].reduce((s, d) => s + (points[3 * i + d] - pca.mean[d]) * pca.components[c][d], 0);
  return out;
}

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

/**
 * Each point projected on PCA's plane and back to 3-D. Plain loops (this runs for every request's points); the
 * arithmetic is the formula's, in its order, so the numbers are the same to the bit.
 * @param {{ mean: number[], components: number[][] }} pca @param {ArrayLike<number>} points
 */
export function pcaReconstruct(pca, points) {
  const out = new Float32Array(points.length);
  const [m0, m1, m2] = pca.mean;
  const [[a0, a1, a2], [b0, b1, b2]] = pca.components;
  for (let i = 0; i < points.length; i += 3) {
    const c0 = points[i] - m0;
    const c1 = points[i + 1] - m1;
    const c2 = points[i + 2] - m2;
    const z0 = a0 * c0 + a1 * c1 + a2 * c2;
    const z1 = b0 * c0 + b1 * c1 + b2 * c2;
    out[i] = m0 + z0 * a0 + z1 * b0;
    out[i + 1] = m1 + z0 * a1 + z1 * b1;
    out[i + 2] = m2 + z0 * a2 + z1 * b2;
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

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'autoencoder',
  version: '2.0.0',
  hasWeights: true,
  defaults: { trainPoints: 4000, testPoints: 1000, noise: 0.2, steps: 6000, batch: 256, learningRate: 0.003, landmarks: 96, neighbours: 10, geodesicWeight: 0.05 },
  tiny: { trainPoints: 256, testPoints: 64, noise: 0.2, steps: 5, batch: 64, learningRate: 0.002, landmarks: 8, neighbours: 10, geodesicWeight: 0.05 },
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
      initial[`${name}/kernel`] = act === 'elu' ? he(init, [fanIn, fanOut], fanIn) : glorot(init, [fanIn, fanOut], fanIn, fanOut);
      initial[`${name}/bias`] = tf.zeros([fanOut]);
    }
    const vars = variables(initial);
    const xTrain = tf.tidy(() => normalize(norm, tf.tensor2d(train.points, [train.points.length / 3, 3])));
    const n = xTrain.shape[0];
    // Distances along the roll, measured in the normalized space the encoder sees, from landmarks to every point.
    const picks = r.fork(5);
    const landmarks = Array.from({ length: Number(cfg.landmarks) }, () => picks.int(n));
    const along = geodesics(/** @type {Float32Array} */ (xTrain.dataSync()), landmarks, Number(cfg.neighbours));
    const geo = tf.tensor2d(Float32Array.from({ length: n * landmarks.length }, (_, q) => along[q % landmarks.length][Math.floor(q / landmarks.length)]), [n, landmarks.length]);
    const xLandmarks = tf.gather(xTrain, tf.tensor1d(landmarks, 'int32'));
    const geodesicWeight = Number(cfg.geodesicWeight);
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
        const z = encode(vars, x);
        const zl = encode(vars, xLandmarks);
        // ‖z_i − z_l‖ for every point of the batch and every landmark (ε keeps the gradient finite at 0).
        const sq = tf.sum(tf.square(tf.sub(tf.expandDims(z, 1), tf.expandDims(zl, 0))), 2);
        const stress = tf.mean(tf.square(tf.sub(tf.sqrt(tf.add(sq, 1e-6)), tf.gather(geo, idx))));
        return tf.add(tf.losses.meanSquaredError(x, decode(vars, z)), tf.mul(stress, geodesicWeight));
      },
      onStep: (step, loss) => {
        last = loss;
        if (step % 25 === 0 || step === steps - 1) onProgress?.(step + 1, steps, `loss ${loss.toFixed(4)}`);
      },
    });
    optimizer.dispose();
    tf.dispose([xTrain, geo, xLandmarks]);
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
    // Neighbourhoods kept, on the held-out points: the autoencoder's latent map against PCA's plane.
    const K = 10;
    const tcAe = trustContinuity(test.points, 3, /** @type {number[][]} */ (testOut.latent).flat(), 2, K);
    const tcPca = trustContinuity(test.points, 3, pcaProject(pca, test.points), 2, K);
    const neighbourhoods = {
      k: K,
      autoencoder: { trustworthiness: round(tcAe.trustworthiness, 4), continuity: round(tcAe.continuity, 4) },
      pca: { trustworthiness: round(tcPca.trustworthiness, 4), continuity: round(tcPca.continuity, 4) },
    };
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
      neighbourhoods,
      pcaLatent: rows(pcaProject(pca, test.points.slice(0, 3 * k)), 2, 3),
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
        trustworthiness10: neighbourhoods.autoencoder.trustworthiness,
        continuity10: neighbourhoods.autoencoder.continuity,
        pcaTrustworthiness10: neighbourhoods.pca.trustworthiness,
        pcaContinuity10: neighbourhoods.pca.continuity,
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
    return run(runtime, inputs).map((r) =>
      r.pca
        ? {
            latent: rows(r.latent, 2),
            reconstruction: rows(r.reconstruction, 3),
            pca: { reconstruction: rows(r.pca, 3) },
            mse: { autoencoder: round(mse(r.points, r.reconstruction), 5), pca: round(mse(r.points, r.pca), 5) },
          }
        : { reconstruction: rows(r.reconstruction, 3) },
    );
  },

  // The worker's answer: infer's objects as JSON text, written straight from the tensors' data (models/json.mjs).
  inferJson(runtime, inputs) {
    return run(runtime, inputs).map((r) => {
      if (r.pca) {
        out.raw('{"latent":');
        out.rows(r.latent, 2, 4);
        out.raw(',"reconstruction":');
        out.rows(r.reconstruction, 3, 4);
        out.raw(',"pca":{"reconstruction":');
        out.rows(r.pca, 3, 4);
        out.raw('},"mse":{"autoencoder":');
        out.rounded(mse(r.points, r.reconstruction), 5);
        out.raw(',"pca":');
        out.rounded(mse(r.points, r.pca), 5);
        out.raw('}}');
      } else {
        out.raw('{"reconstruction":');
        out.rows(r.reconstruction, 3, 4);
        out.raw('}');
      }
      return out.take();
    });
  },
};

const out = new JsonWriter();

/**
 * One pass for the whole batch: every request's points (or latent codes) stacked into one matrix. Per request, views
 * of the results: its points, latent codes, reconstruction and PCA's (points), or its reconstruction (latent codes).
 * @param {{ params: Record<string, tf.Tensor>, norm: { mean: number[], std: number[] }, pca: { mean: number[], components: number[][] } }} runtime
 * @param {any[]} inputs
 * @returns {({ points: Float32Array, latent: Float32Array, reconstruction: Float32Array, pca: Float32Array } | { points?: undefined, latent?: undefined, reconstruction: Float32Array, pca?: undefined })[]}
 */
function run(runtime, inputs) {
  const { params, norm, pca } = runtime;
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
    const latent = /** @type {Float32Array} */ (zT.dataSync());
    const recon = /** @type {Float32Array} */ (rT.dataSync());
    tf.dispose([zT, rT]);
    const pcaRecon = pcaReconstruct(pca, pts.flat);
    let at = 0;
    for (const input of pts.items) {
      const count = input.points.length;
      results.set(input, {
        points: pts.flat.subarray(3 * at, 3 * (at + count)),
        latent: latent.subarray(2 * at, 2 * (at + count)),
        reconstruction: recon.subarray(3 * at, 3 * (at + count)),
        pca: pcaRecon.subarray(3 * at, 3 * (at + count)),
      });
      at += count;
    }
  }
  const lat = stack('latent', 2);
  if (lat.n) {
    const rT = tf.tidy(() => denormalize(norm, decode(params, tf.tensor2d(lat.flat, [lat.n, 2]))));
    const recon = /** @type {Float32Array} */ (rT.dataSync());
    rT.dispose();
    let at = 0;
    for (const input of lat.items) {
      const count = input.latent.length;
      results.set(input, { reconstruction: recon.subarray(3 * at, 3 * (at + count)) });
      at += count;
    }
  }
  return inputs.map((i) => results.get(i));
}

export default definition;
