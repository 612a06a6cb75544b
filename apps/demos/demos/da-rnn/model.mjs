// The dual-stage attention RNN (Qin et al., 2017) on a simulated room: an input attention picks, at every encoder
// step, how much of each of the eight sensors to feed the encoder LSTM; a temporal attention picks which encoder
// states the decoder LSTM reads. It predicts the indoor temperature at T from the sensors at 1..T and the indoor
// temperatures at 1..T−1; the output layer gives the change from the last reading (a residual on y_{T−1}).
//
// It is trained on many simulated rooms, each with its own drivers and lag, so no sensor is a driver by name: the
// attentions must find them in the window. The paper scores a series x^k by its shape and the encoder state; here
// the score also sees what the paper's whole-series term is after, how x^k moves with the target: the correlation
// of the temperature's changes with x^k at each lag (0..MAX_LAG+1). The temporal attention sees the same evidence
// per lag, weighted by the input attention, beside the decoder state and the encoder states.
import { tf, fit, glorot, lstmCell, lstmInit, rng, round, variables } from 'manifold/ml/models/common';
import { MAX_LAG, randomRoom, roomSeries, SENSORS, SHOWCASE_ROOM, STEPS_PER_DAY } from 'manifold/ml/models/data';

/** Training rooms and their length; the embed's room is generated from its own seed (never trained on). */
const TRAIN = { rooms: 48, days: 6 };
const DAYS = { test: 10 };
export const TEST_LENGTH = DAYS.test * STEPS_PER_DAY;
/** Lags 0..MAX_LAG+1 get a correlation feature. */
export const LAGS = MAX_LAG + 2;

/**
 * Correlation of the target's changes Δy_p = y_p − y_{p−1} with each sensor at lag ℓ, x_{p−ℓ}, over one window
 * (standardized inputs; 0 where a series does not move).
 * @param {Float32Array} x [T, n] @param {Float32Array} yh [T−1] @param {number} T @param {number} n
 * @param {Float32Array} out [n, LAGS] written at `at` @param {number} at
 */
function lagCorrelations(x, yh, T, n, out, at) {
  for (let l = 0; l < LAGS; l++) {
    const p0 = Math.max(1, l);
    const count = T - 1 - p0;
    if (count < 3) continue;
    let my = 0;
    for (let p = p0; p < T - 1; p++) my += (yh[p] - yh[p - 1]) / count;
    let vy = 0;
    for (let p = p0; p < T - 1; p++) vy += (yh[p] - yh[p - 1] - my) ** 2;
    for (let k = 0; k < n; k++) {
      let mx = 0;
      for (let p = p0; p < T - 1; p++) mx += x[(p - l) * n + k] / count;
      let vx = 0;
      let c = 0;
      for (let p = p0; p < T - 1; p++) {
        const dx = x[(p - l) * n + k] - mx;
        vx += dx * dx;
        c += dx * (yh[p] - yh[p - 1] - my);
      }
      out[at + k * LAGS + l] = c / Math.sqrt(vx * vy + 1e-9);
    }
  }
}

/**
 * @param {Record<string, tf.Tensor>} p
 * @param {tf.Tensor3D} x standardized sensors [B, T, n]
 * @param {tf.Tensor2D} yHist standardized indoor temperatures [B, T−1]
 * @param {tf.Tensor3D} corr lag correlations [B, n, LAGS]
 * @returns {{ delta: tf.Tensor2D, alpha: tf.Tensor3D, beta: tf.Tensor2D }} the standardized change [B,1], the
 *   input attention [B, T, n] and the last temporal attention [B, T]
 */
function forward(p, x, yHist, corr) {
  const [B, T, n] = x.shape;
  const m = p['enc/lstm/b'].shape[0] / 4;
  const q = p['dec/lstm/b'].shape[0] / 4;
  // Input attention: e_t^k = v_eᵀ tanh(W_e [h_{t−1}; s_{t−1}] + U_e x^k + F_e [ρ^k; ρ^k²]), x^k the whole k-th
  // series, ρ^k its correlations with the target's changes at each lag, times a learned sign per sensor. (Without
  // it the window sensor, the one that cools the room, was never ranked; with |ρ| instead, the ranks got worse.)
  const xk = tf.transpose(x, [0, 2, 1]); // [B, n, T]
  // A learned sign per sensor: shared scoring weights would otherwise favour the sign most drivers have.
  const signed = tf.mul(corr, tf.reshape(p['enc/attn/s'], [1, n, 1]));
  const evidence = tf.concat([signed, tf.square(corr)], 2); // [B, n, 2·LAGS]
  const ux = tf.add(
    tf.reshape(tf.matMul(tf.reshape(xk, [B * n, T]), /** @type {tf.Tensor2D} */ (p['enc/attn/U'])), [B, n, T]),
    tf.reshape(tf.matMul(tf.reshape(evidence, [B * n, 2 * LAGS]), /** @type {tf.Tensor2D} */ (p['enc/attn/F'])), [B, n, T]),
  );
  let h = /** @type {tf.Tensor2D} */ (tf.zeros([B, m]));
  let s = /** @type {tf.Tensor2D} */ (tf.zeros([B, m]));
  const states = [];
  const alphas = [];
  const steps = tf.unstack(x, 1); // T × [B, n]
  for (let t = 0; t < T; t++) {
    const we = tf.expandDims(tf.matMul(tf.concat([h, s], 1), /** @type {tf.Tensor2D} */ (p['enc/attn/W'])), 1); // [B,1,T]
    const e = tf.reshape(tf.matMul(tf.reshape(tf.tanh(tf.add(we, ux)), [B * n, T]), /** @type {tf.Tensor2D} */ (p['enc/attn/v'])), [B, n]);
    const alpha = tf.softmax(e);
    // n·α: uniform attention passes the readings through unscaled, so the encoder is not starved early in training.
    [h, s] = lstmCell(/** @type {tf.Tensor2D} */ (tf.mul(tf.mul(alpha, n), steps[t])), h, s, p['enc/lstm/w'], p['enc/lstm/b']);
    states.push(h);
    alphas.push(alpha);
  }
  const H = tf.stack(states, 1); // [B, T, m]
  const alpha = tf.stack(alphas, 1); // [B, T, n]
  // Evidence per encoder step i: the attended sensors' |correlation| at lag T−1−i (the lag that step is behind).
  const lagEvidence = tf.squeeze(tf.matMul(tf.expandDims(tf.mean(alpha, 1), 1), tf.abs(corr)), [1]); // [B, LAGS]
  const toStep = tf.tensor2d(Float32Array.from({ length: LAGS * T }, (_, q) => (T - 1 - Math.floor(q / T) === q % T ? 1 : 0)), [LAGS, T]);
  const stepEvidence = tf.matMul(lagEvidence, toStep); // [B, T]
  const uh = tf.add(
    tf.reshape(tf.matMul(tf.reshape(H, [B * T, m]), /** @type {tf.Tensor2D} */ (p['dec/attn/U'])), [B, T, m]),
    tf.mul(tf.expandDims(stepEvidence, 2), p['dec/attn/E']),
  );
  // Temporal attention: l_t^i = v_dᵀ tanh(W_d [d_{t−1}; s'_{t−1}] + U_d h_i + E_d ε_i); c_t = Σ_i β_t^i h_i.
  const attend = (/** @type {tf.Tensor2D} */ d, /** @type {tf.Tensor2D} */ sd) => {
    const wd = tf.expandDims(tf.matMul(tf.concat([d, sd], 1), /** @type {tf.Tensor2D} */ (p['dec/attn/W'])), 1); // [B,1,m]
    const l = tf.reshape(tf.matMul(tf.reshape(tf.tanh(tf.add(wd, uh)), [B * T, m]), /** @type {tf.Tensor2D} */ (p['dec/attn/v'])), [B, T]);
    const beta = tf.softmax(l);
    return { beta, c: /** @type {tf.Tensor2D} */ (tf.sum(tf.mul(tf.expandDims(beta, 2), H), 1)) };
  };
  let d = /** @type {tf.Tensor2D} */ (tf.zeros([B, q]));
  let sd = /** @type {tf.Tensor2D} */ (tf.zeros([B, q]));
  const ys = tf.unstack(yHist, 1);
  for (let t = 0; t < T - 1; t++) {
    const { c } = attend(d, sd);
    // ỹ_{t} = w̃ᵀ [y_t; c_t] + b̃
    const yTilde = tf.add(tf.matMul(tf.concat([tf.expandDims(ys[t], 1), c], 1), /** @type {tf.Tensor2D} */ (p['dec/in/w'])), p['dec/in/b']);
    [d, sd] = lstmCell(/** @type {tf.Tensor2D} */ (yTilde), d, sd, p['dec/lstm/w'], p['dec/lstm/b']);
  }
  const { beta, c } = attend(d, sd);
  // ŷ_T = v_yᵀ (W_y [d_T; c_T] + b_w) + b_v
  const hidden = tf.add(tf.matMul(tf.concat([d, c], 1), /** @type {tf.Tensor2D} */ (p['out/W'])), p['out/bw']);
  const delta = tf.add(tf.matMul(hidden, /** @type {tf.Tensor2D} */ (p['out/v'])), p['out/bv']);
  return { delta: /** @type {tf.Tensor2D} */ (delta), alpha: /** @type {tf.Tensor3D} */ (alpha), beta: /** @type {tf.Tensor2D} */ (beta) };
}

/** @typedef {{ mean: number[], std: number[], yMean: number, yStd: number, deltaStd: number }} Norm */
/** @typedef {ReturnType<typeof roomSeries>} Room */

/**
 * The training rooms: TRAIN.rooms rooms, each with random drivers and lag, and the standardization they share.
 * @param {number} seed
 */
export function trainingRooms(seed) {
  const r = rng(seed);
  const rooms = Array.from({ length: TRAIN.rooms }, (_, i) => roomSeries(r.fork(i).int(2 ** 31), TRAIN.days, randomRoom(r.fork(1000 + i))));
  const k = SENSORS.length;
  let count = 0;
  const sum = new Float64Array(k);
  const sq = new Float64Array(k);
  let ys = 0;
  let yq = 0;
  let dq = 0;
  for (const room of rooms) {
    for (let t = 0; t < room.n; t++) {
      for (let j = 0; j < k; j++) {
        sum[j] += room.x[t * k + j];
        sq[j] += room.x[t * k + j] ** 2;
      }
      ys += room.y[t];
      yq += room.y[t] ** 2;
      if (t > 0) dq += (room.y[t] - room.y[t - 1]) ** 2;
    }
    count += room.n;
  }
  const mean = Array.from(sum, (v) => v / count);
  const std = Array.from(sq, (v, j) => Math.sqrt(v / count - mean[j] ** 2) || 1);
  const yMean = ys / count;
  /** @type {Norm} */
  const norm = { mean, std, yMean, yStd: Math.sqrt(yq / count - yMean ** 2), deltaStd: Math.sqrt(dq / count) };
  return { rooms, norm };
}

/** The embed's room: the showcase drivers, a day to settle, then the ten test days. @param {number} seed */
export function showcaseRoom(seed) {
  return roomSeries(seed, DAYS.test + 1, SHOWCASE_ROOM);
}

/**
 * Windows ending at the given indices of the series (the target is y[end]), standardized, optional sensors blanked
 * (set to their training mean, i.e. 0 once standardized), with their lag correlations.
 * @param {{ x: Float32Array, y: Float32Array, k: number }} series @param {Norm} norm @param {number[]} ends
 * @param {number} T @param {Set<number>} [blank]
 */
function windows(series, norm, ends, T, blank = new Set()) {
  const { x, yh, corr } = windowArrays(series, norm, ends, T, blank);
  const k = series.k;
  return { x: tf.tensor3d(x, [ends.length, T, k]), yHist: tf.tensor2d(yh, [ends.length, T - 1]), corr: tf.tensor3d(corr, [ends.length, k, LAGS]) };
}

/** windows() as plain arrays. @param {{ x: Float32Array, y: Float32Array, k: number }} series @param {Norm} norm @param {number[]} ends @param {number} T @param {Set<number>} blank */
function windowArrays(series, norm, ends, T, blank) {
  const k = series.k;
  const x = new Float32Array(ends.length * T * k);
  const yh = new Float32Array(ends.length * (T - 1));
  const corr = new Float32Array(ends.length * k * LAGS);
  ends.forEach((end, b) => {
    for (let t = 0; t < T; t++) {
      const src = end - T + 1 + t;
      for (let j = 0; j < k; j++) x[(b * T + t) * k + j] = blank.has(j) ? 0 : (series.x[src * k + j] - norm.mean[j]) / norm.std[j];
      if (t < T - 1) yh[b * (T - 1) + t] = (series.y[src] - norm.yMean) / norm.yStd;
    }
    lagCorrelations(x.subarray(b * T * k, (b + 1) * T * k), yh.subarray(b * (T - 1), (b + 1) * (T - 1)), T, k, corr, b * k * LAGS);
  });
  return { x, yh, corr };
}

/**
 * A training batch: random windows from random rooms, with the standardized change to predict.
 * @param {import('manifold/ml/models/random').Rng} r @param {Room[]} rooms @param {Norm} norm @param {number} batch @param {number} T
 */
function batchOf(r, rooms, norm, batch, T) {
  const picks = Array.from({ length: batch }, () => {
    const room = rooms[r.int(rooms.length)];
    return { room, end: T + r.int(room.n - T) };
  });
  const k = SENSORS.length;
  const x = new Float32Array(batch * T * k);
  const yh = new Float32Array(batch * (T - 1));
  const corr = new Float32Array(batch * k * LAGS);
  const target = new Float32Array(batch);
  picks.forEach(({ room, end }, b) => {
    const w = windowArrays(room, norm, [end], T, new Set());
    x.set(w.x, b * T * k);
    yh.set(w.yh, b * (T - 1));
    corr.set(w.corr, b * k * LAGS);
    target[b] = (room.y[end] - room.y[end - 1]) / norm.deltaStd;
  });
  return { x: tf.tensor3d(x, [batch, T, k]), yHist: tf.tensor2d(yh, [batch, T - 1]), corr: tf.tensor3d(corr, [batch, k, LAGS]), target: tf.tensor2d(target, [batch, 1]) };
}

/** The cosine schedule every model here uses. @param {number} lr @param {number} step @param {number} steps */
const cosine = (lr, step, steps) => lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));

/**
 * The baseline without attention: one LSTM reads [x_t; y_{t−1}] over the window (the same inputs) and a dense layer
 * gives the change. Trained like DA-RNN (same rooms, batches, steps, schedule); returns its predictor.
 * @param {{ seed: number, rooms: Room[], norm: Norm, T: number, hidden: number, steps: number, batch: number, learningRate: number }} o
 */
export function trainPlainLstm({ seed, rooms, norm, T, hidden, steps, batch, learningRate }) {
  const n = SENSORS.length;
  const r = rng(seed);
  const init = r.fork(1);
  const cell = lstmInit(init, n + 1, hidden);
  const vars = variables({ w: cell.w, b: cell.b, 'out/w': glorot(init, [hidden, 1], hidden, 1), 'out/b': tf.zeros([1]) });
  const run = (/** @type {tf.Tensor3D} */ x, /** @type {tf.Tensor2D} */ yHist) => {
    const B = x.shape[0];
    // y_{t−1} beside x_t: the first step sees y_0 twice, so every step has a temperature.
    const yPrev = tf.concat([tf.slice(yHist, [0, 0], [B, 1]), yHist], 1); // [B, T]
    const inputs = tf.unstack(tf.concat([x, tf.expandDims(yPrev, 2)], 2), 1);
    let h = /** @type {tf.Tensor2D} */ (tf.zeros([B, hidden]));
    let c = /** @type {tf.Tensor2D} */ (tf.zeros([B, hidden]));
    for (const step of inputs) [h, c] = lstmCell(/** @type {tf.Tensor2D} */ (step), h, c, vars.w, vars.b);
    return tf.add(tf.matMul(h, /** @type {tf.Tensor2D} */ (vars['out/w'])), vars['out/b']);
  };
  const optimizer = tf.train.adam(learningRate);
  const draws = r.fork(2);
  fit({
    steps,
    optimizer,
    vars,
    loss: (step) => {
      /** @type {any} */ (optimizer).learningRate = cosine(learningRate, step, steps);
      const { x, yHist, corr, target } = batchOf(draws, rooms, norm, batch, T);
      corr.dispose();
      return tf.losses.meanSquaredError(target, run(x, yHist));
    },
  });
  optimizer.dispose();
  return {
    /** RMSE in °C over every window of a room. @param {Room} room */
    rmse(room) {
      const ends = Array.from({ length: room.n - T }, (_, i) => T + i);
      let se = 0;
      for (let i = 0; i < ends.length; i += 512) {
        const part = ends.slice(i, i + 512);
        const d = tf.tidy(() => {
          const w = windows(room, norm, part, T);
          return run(w.x, w.yHist);
        });
        const v = d.dataSync();
        d.dispose();
        part.forEach((e, j) => (se += (room.y[e - 1] + v[j] * norm.deltaStd - room.y[e]) ** 2));
      }
      return Math.sqrt(se / ends.length);
    },
    dispose: () => tf.dispose(Object.values(vars)),
  };
}

/**
 * Every window of a room through a trained DA-RNN: the errors, the input attention per window (mean over encoder
 * steps) and the temporal attention per window.
 * @param {{ params: Record<string, tf.Tensor>, norm: Norm, window: number }} runtime @param {Room} room
 * @param {number} [from] first target index
 */
export function evaluateRoom(runtime, room, from = runtime.window) {
  const { params, norm, window: T } = runtime;
  const k = SENSORS.length;
  const ends = Array.from({ length: room.n - from }, (_, i) => from + i);
  /** @type {number[][]} */
  const attention = [];
  /** @type {number[][]} */
  const temporal = [];
  let se = 0;
  let sp = 0;
  for (let i = 0; i < ends.length; i += 512) {
    const part = ends.slice(i, i + 512);
    const [d, a, b] = tf.tidy(() => {
      const w = windows(room, norm, part, T);
      const out = forward(params, w.x, w.yHist, w.corr);
      return [out.delta, tf.mean(out.alpha, 1), out.beta];
    });
    const dv = d.dataSync();
    const av = a.dataSync();
    const bv = b.dataSync();
    tf.dispose([d, a, b]);
    part.forEach((e, j) => {
      se += (room.y[e - 1] + dv[j] * norm.deltaStd - room.y[e]) ** 2;
      sp += (room.y[e - 1] - room.y[e]) ** 2;
      attention.push(Array.from(av.subarray(j * k, (j + 1) * k)));
      temporal.push(Array.from(bv.subarray(j * T, (j + 1) * T)));
    });
  }
  return { rmse: Math.sqrt(se / ends.length), persistence: Math.sqrt(sp / ends.length), attention, temporal };
}

/** Mean over windows of |top-k ∩ drivers| / k, k the number of drivers. @param {number[][]} attention @param {string[]} drivers */
export function precisionAtK(attention, drivers) {
  const truth = new Set(drivers.map((id) => SENSORS.findIndex((s) => s.id === id)));
  const k = truth.size;
  let sum = 0;
  for (const row of attention) {
    const top = row.map((v, j) => [v, j]).sort((p, q) => q[0] - p[0]).slice(0, k);
    sum += top.filter(([, j]) => truth.has(j)).length / k;
  }
  return sum / attention.length;
}

/** Held-out rooms for the metrics: seeds and driver choices the training never drew. @param {number} seed */
export function heldOutRooms(seed, count = 6, days = 3) {
  const r = rng(seed ^ 0x5eed);
  return Array.from({ length: count }, (_, i) => roomSeries(r.fork(i).int(2 ** 31), days, randomRoom(r.fork(100 + i))));
}

/** @typedef {{ start: number, length: number, disable?: string[] } | { inputs: number[][], history: number[] }} DaRnnInput */

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'da-rnn',
  version: '2.2.0',
  hasWeights: true,
  defaults: { window: 10, encoderHidden: 32, decoderHidden: 32, steps: 600, batch: 128, learningRate: 0.01, dataSeed: 2020, baselineHidden: 32, heldOutRooms: 6 },
  tiny: { window: 10, encoderHidden: 4, decoderHidden: 4, steps: 2, batch: 8, learningRate: 0.003, dataSeed: 2020, baselineHidden: 0, heldOutRooms: 1 },
  warmup: { start: 0, length: 4 },

  async train({ seed, config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const T = Number(cfg.window);
    const m = Number(cfg.encoderHidden);
    const q = Number(cfg.decoderHidden);
    const { rooms, norm } = trainingRooms(seed);
    const n = SENSORS.length;
    const r = rng(seed);
    const init = r.fork(1);
    const enc = lstmInit(init, n, m);
    const dec = lstmInit(init, 1, q);
    const vars = variables({
      'enc/attn/W': glorot(init, [2 * m, T], 2 * m, T),
      'enc/attn/U': glorot(init, [T, T], T, T),
      'enc/attn/F': glorot(init, [2 * LAGS, T], 2 * LAGS, T),
      'enc/attn/v': glorot(init, [T, 1], T, 1),
      'enc/attn/s': tf.ones([n]),
      'enc/lstm/w': enc.w,
      'enc/lstm/b': enc.b,
      'dec/attn/W': glorot(init, [2 * q, m], 2 * q, m),
      'dec/attn/U': glorot(init, [m, m], m, m),
      'dec/attn/E': glorot(init, [1, m], 1, m),
      'dec/attn/v': glorot(init, [m, 1], m, 1),
      'dec/in/w': glorot(init, [m + 1, 1], m + 1, 1),
      'dec/in/b': tf.zeros([1]),
      'dec/lstm/w': dec.w,
      'dec/lstm/b': dec.b,
      'out/W': glorot(init, [q + m, q], q + m, q),
      'out/bw': tf.zeros([q]),
      'out/v': glorot(init, [q, 1], q, 1),
      'out/bv': tf.zeros([1]),
    });
    const steps = Number(cfg.steps);
    const batch = Number(cfg.batch);
    const lr = Number(cfg.learningRate);
    const optimizer = tf.train.adam(lr);
    const draws = r.fork(2);
    let last = NaN;
    fit({
      steps,
      optimizer,
      vars,
      loss: (step) => {
        /** @type {any} */ (optimizer).learningRate = cosine(lr, step, steps);
        const { x, yHist, corr, target } = batchOf(draws, rooms, norm, batch, T);
        return tf.losses.meanSquaredError(target, forward(vars, x, yHist, corr).delta);
      },
      onStep: (step, loss) => {
        last = loss;
        if (step % 10 === 0 || step === steps - 1) onProgress?.(step + 1, steps, `loss ${loss.toFixed(4)}`);
      },
    });
    optimizer.dispose();
    const params = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, /** @type {tf.Tensor} */ (v)]));
    const topology = { name: this.name, version: this.version, config: cfg, extra: { norm, window: T, room: SHOWCASE_ROOM } };
    const runtime = this.load({ params, topology });
    const [test] = this.infer(runtime, [{ start: 0, length: TEST_LENGTH - T }]);
    const [day] = this.infer(runtime, [{ start: STEPS_PER_DAY, length: STEPS_PER_DAY }]);
    const meanAttention = SENSORS.map((_, j) => round(test.attention.reduce((/** @type {number} */ a, /** @type {number[]} */ row) => a + row[j], 0) / test.attention.length, 4));
    const meanTemporal = Array.from({ length: T }, (_, i) => round(test.temporal.reduce((/** @type {number} */ a, /** @type {number[]} */ row) => a + row[i], 0) / test.temporal.length, 4));
    // What each sensor is worth to the prediction: the test error with that sensor held at its mean.
    /** @type {Record<string, number>} */
    const without = {};
    for (const s of SENSORS) without[s.id] = this.infer(runtime, [{ start: 0, length: TEST_LENGTH - T, disable: [s.id] }])[0].rmse.model;
    // Rooms the model never saw (other seeds, other drivers and lags): how often the drivers hold the top ranks, and
    // the error against the last reading and against an LSTM without attention trained the same way.
    const heldOut = heldOutRooms(seed, Number(cfg.heldOutRooms));
    const baseline = Number(cfg.baselineHidden)
      ? trainPlainLstm({ seed: seed + 1, rooms, norm, T, hidden: Number(cfg.baselineHidden), steps, batch, learningRate: lr })
      : null;
    const evals = heldOut.map((room) => ({ room, e: evaluateRoom(runtime, room) }));
    const mean = (/** @type {number[]} */ v) => v.reduce((a, b) => a + b, 0) / v.length;
    const heldOutMetrics = {
      // ranked by the attention averaged over the room's windows, and window by window
      precisionAtK: round(mean(evals.map(({ room, e }) => precisionAtK([SENSORS.map((_, j) => mean(e.attention.map((row) => row[j])))], room.config.drivers))), 4),
      windowPrecisionAtK: round(mean(evals.map(({ room, e }) => precisionAtK(e.attention, room.config.drivers))), 4),
      lagHits: evals.filter(({ room, e }) => {
        const profile = Array.from({ length: T }, (_, i) => mean(e.temporal.map((row) => row[i])));
        return T - 1 - profile.indexOf(Math.max(...profile)) === room.config.lag;
      }).length,
      rooms: evals.length,
      rmse: round(mean(evals.map(({ e }) => e.rmse)), 4),
      persistenceRmse: round(mean(evals.map(({ e }) => e.persistence)), 4),
      plainLstmRmse: baseline ? round(mean(heldOut.map((room) => baseline.rmse(room))), 4) : null,
    };
    baseline?.dispose();
    /** Means of `size` consecutive rows, to keep the preview small. @param {number[][]} rows @param {number} size */
    const binRows = (rows, size) => {
      const out = [];
      for (let i = 0; i < rows.length; i += size) {
        const g = rows.slice(i, i + size);
        out.push(g[0].map((_, k) => round(g.reduce((a, r) => a + r[k], 0) / g.length, 3)));
      }
      return out;
    };
    return {
      params,
      extra: topology.extra,
      config: cfg,
      metrics: {
        finalTrainLoss: round(last, 5),
        testRmse: test.rmse.model,
        persistenceRmse: test.rmse.persistence,
        ...Object.fromEntries(SENSORS.map((s, j) => [`attention.${s.id}`, meanAttention[j]])),
        ...Object.fromEntries(SENSORS.map((s) => [`testRmseWithout.${s.id}`, without[s.id]])),
        'heldOut.precisionAtK': heldOutMetrics.precisionAtK,
        'heldOut.windowPrecisionAtK': heldOutMetrics.windowPrecisionAtK,
        'heldOut.lagHits': `${heldOutMetrics.lagHits}/${heldOutMetrics.rooms}`,
        'heldOut.rmse': heldOutMetrics.rmse,
        'heldOut.persistenceRmse': heldOutMetrics.persistenceRmse,
        'heldOut.plainLstmRmse': heldOutMetrics.plainLstmRmse ?? 'not trained',
      },
      preview: {
        ...day,
        truth: day.truth.map((/** @type {number} */ v) => round(v, 2)),
        prediction: day.prediction.map((/** @type {number} */ v) => round(v, 2)),
        attention: binRows(day.attention, 4),
        temporal: binRows(day.temporal, 4),
        meanAttention,
        meanTemporal,
        room: SHOWCASE_ROOM,
        rmseWithout: without,
        testRmse: test.rmse.model,
        heldOut: heldOutMetrics,
      },
    };
  },

  load(m) {
    if (!m) throw new Error('da-rnn needs its weights');
    const { norm, window } = m.topology.extra;
    const series = showcaseRoom(Number(m.topology.config.dataSeed));
    return { params: m.params, norm, window, series, testStart: STEPS_PER_DAY };
  },

  infer(runtime, inputs) {
    const { params, norm, window: T, series, testStart } = runtime;
    return inputs.map((/** @type {DaRnnInput} */ input) => {
      if ('inputs' in input) {
        const raw = { x: Float32Array.from(input.inputs.flat()), y: Float32Array.from([...input.history, 0]), k: SENSORS.length };
        return tf.tidy(() => {
          const { x, yHist, corr } = windows(raw, norm, [T - 1], T);
          const out = forward(params, x, yHist, corr);
          const delta = out.delta.dataSync()[0] * norm.deltaStd;
          return {
            prediction: round(input.history[T - 2] + delta, 4),
            attention: Array.from({ length: T }, (_, t) => Array.from(out.alpha.dataSync().subarray(t * SENSORS.length, (t + 1) * SENSORS.length), (v) => round(v, 4))),
            temporalAttention: Array.from(out.beta.dataSync(), (v) => round(v, 4)),
            sensors: SENSORS,
          };
        });
      }
      const blank = new Set((input.disable ?? []).map((id) => SENSORS.findIndex((s) => s.id === id)));
      const ends = Array.from({ length: input.length }, (_, i) => testStart + input.start + T - 1 + i);
      const [delta, alpha, beta] = tf.tidy(() => {
        const { x, yHist, corr } = windows(series, norm, ends, T, blank);
        const out = forward(params, x, yHist, corr);
        // The input attention of a prediction: the mean over its encoder steps, one weight per sensor.
        return [out.delta, tf.mean(out.alpha, 1), out.beta];
      });
      const d = delta.dataSync();
      const a = alpha.dataSync();
      const bt = beta.dataSync();
      tf.dispose([delta, alpha, beta]);
      const truth = ends.map((e) => series.y[e]);
      const prediction = ends.map((e, i) => series.y[e - 1] + d[i] * norm.deltaStd);
      let se = 0;
      let sp = 0;
      ends.forEach((e, i) => {
        se += (prediction[i] - truth[i]) ** 2;
        sp += (series.y[e - 1] - truth[i]) ** 2;
      });
      const k = SENSORS.length;
      return {
        start: input.start,
        length: input.length,
        stepMinutes: 10,
        truth: truth.map((v) => round(v, 3)),
        prediction: prediction.map((v) => round(v, 3)),
        attention: ends.map((_, i) => Array.from(a.subarray(i * k, (i + 1) * k), (v) => round(v, 4))),
        temporal: ends.map((_, i) => Array.from(bt.subarray(i * T, (i + 1) * T), (v) => round(v, 4))),
        rmse: { model: round(Math.sqrt(se / ends.length), 4), persistence: round(Math.sqrt(sp / ends.length), 4) },
        sensors: SENSORS,
        disabled: input.disable ?? [],
      };
    });
  },
};

export default definition;
