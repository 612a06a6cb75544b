// The dual-stage attention RNN (Qin et al., 2017) on a simulated room: an input attention picks, at every encoder
// step, how much of each of the eight sensors to feed the encoder LSTM; a temporal attention picks which encoder
// states the decoder LSTM reads. It predicts the indoor temperature at T from the sensors at 1..T and the indoor
// temperatures at 1..T−1; the output layer gives the change from the last reading (a residual on y_{T−1}).
import { tf, fit, glorot, lstmCell, lstmInit, rng, round, variables } from './common.mjs';
import { roomSeries, SENSORS, STEPS_PER_DAY } from './data.mjs';

const DAYS = { train: 40, test: 10 };
export const TEST_LENGTH = DAYS.test * STEPS_PER_DAY;

/**
 * @param {Record<string, tf.Tensor>} p
 * @param {tf.Tensor3D} x standardized sensors [B, T, n]
 * @param {tf.Tensor2D} yHist standardized indoor temperatures [B, T−1]
 * @returns {{ delta: tf.Tensor2D, alpha: tf.Tensor3D, beta: tf.Tensor2D }} the standardized change [B,1], the
 *   input attention [B, T, n] and the last temporal attention [B, T]
 */
function forward(p, x, yHist) {
  const [B, T, n] = x.shape;
  const m = p['enc/lstm/b'].shape[0] / 4;
  const q = p['dec/lstm/b'].shape[0] / 4;
  // Input attention: e_t^k = v_eᵀ tanh(W_e [h_{t−1}; s_{t−1}] + U_e x^k), x^k the whole k-th series.
  const xk = tf.transpose(x, [0, 2, 1]); // [B, n, T]
  const ux = tf.reshape(tf.matMul(tf.reshape(xk, [B * n, T]), /** @type {tf.Tensor2D} */ (p['enc/attn/U'])), [B, n, T]);
  let h = /** @type {tf.Tensor2D} */ (tf.zeros([B, m]));
  let s = /** @type {tf.Tensor2D} */ (tf.zeros([B, m]));
  const states = [];
  const alphas = [];
  const steps = tf.unstack(x, 1); // T × [B, n]
  for (let t = 0; t < T; t++) {
    const we = tf.expandDims(tf.matMul(tf.concat([h, s], 1), /** @type {tf.Tensor2D} */ (p['enc/attn/W'])), 1); // [B,1,T]
    const e = tf.reshape(tf.matMul(tf.reshape(tf.tanh(tf.add(we, ux)), [B * n, T]), /** @type {tf.Tensor2D} */ (p['enc/attn/v'])), [B, n]);
    const alpha = tf.softmax(e);
    [h, s] = lstmCell(/** @type {tf.Tensor2D} */ (tf.mul(alpha, steps[t])), h, s, p['enc/lstm/w'], p['enc/lstm/b']);
    states.push(h);
    alphas.push(alpha);
  }
  const H = tf.stack(states, 1); // [B, T, m]
  const uh = tf.reshape(tf.matMul(tf.reshape(H, [B * T, m]), /** @type {tf.Tensor2D} */ (p['dec/attn/U'])), [B, T, m]);
  // Temporal attention: l_t^i = v_dᵀ tanh(W_d [d_{t−1}; s'_{t−1}] + U_d h_i); c_t = Σ_i β_t^i h_i.
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
  return { delta: /** @type {tf.Tensor2D} */ (delta), alpha: /** @type {tf.Tensor3D} */ (tf.stack(alphas, 1)), beta: /** @type {tf.Tensor2D} */ (beta) };
}

/**
 * The simulated room with its standardization; the same series on every machine for a seed.
 * @param {number} seed
 */
function room(seed) {
  const series = roomSeries(seed, DAYS.train + DAYS.test);
  const trainEnd = DAYS.train * STEPS_PER_DAY;
  const k = series.k;
  const mean = Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let t = 0; t < trainEnd; t++) s += series.x[t * k + j];
    return s / trainEnd;
  });
  const std = mean.map((mu, j) => {
    let s = 0;
    for (let t = 0; t < trainEnd; t++) s += (series.x[t * k + j] - mu) ** 2;
    return Math.sqrt(s / trainEnd) || 1;
  });
  let yMean = 0;
  for (let t = 0; t < trainEnd; t++) yMean += series.y[t] / trainEnd;
  let yVar = 0;
  let dVar = 0;
  for (let t = 1; t < trainEnd; t++) {
    yVar += (series.y[t] - yMean) ** 2 / trainEnd;
    dVar += (series.y[t] - series.y[t - 1]) ** 2 / trainEnd;
  }
  return { series, trainEnd, norm: { mean, std, yMean, yStd: Math.sqrt(yVar), deltaStd: Math.sqrt(dVar) } };
}

/** @typedef {{ mean: number[], std: number[], yMean: number, yStd: number, deltaStd: number }} Norm */

/**
 * Windows ending at the given indices of the series (the target is y[end]), standardized, optional sensors blanked
 * (set to their training mean, i.e. 0 once standardized).
 * @param {{ x: Float32Array, y: Float32Array, k: number }} series @param {Norm} norm @param {number[]} ends
 * @param {number} T @param {Set<number>} [blank]
 */
function windows(series, norm, ends, T, blank = new Set()) {
  const k = series.k;
  const x = new Float32Array(ends.length * T * k);
  const yh = new Float32Array(ends.length * (T - 1));
  ends.forEach((end, b) => {
    for (let t = 0; t < T; t++) {
      const src = end - T + 1 + t;
      for (let j = 0; j < k; j++) x[(b * T + t) * k + j] = blank.has(j) ? 0 : (series.x[src * k + j] - norm.mean[j]) / norm.std[j];
      if (t < T - 1) yh[b * (T - 1) + t] = (series.y[src] - norm.yMean) / norm.yStd;
    }
  });
  return { x: tf.tensor3d(x, [ends.length, T, k]), yHist: tf.tensor2d(yh, [ends.length, T - 1]) };
}

/** @typedef {{ start: number, length: number, disable?: string[] } | { inputs: number[][], history: number[] }} DaRnnInput */

/** @type {import('./common.mjs').ModelDefinition} */
const definition = {
  name: 'da-rnn',
  version: '1.0.0',
  hasWeights: true,
  defaults: { window: 10, encoderHidden: 32, decoderHidden: 32, steps: 400, batch: 256, learningRate: 0.005, dataSeed: 2020 },
  tiny: { window: 4, encoderHidden: 4, decoderHidden: 4, steps: 2, batch: 8, learningRate: 0.003, dataSeed: 2020 },
  warmup: { start: 0, length: 4 },

  async train({ seed, config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const T = Number(cfg.window);
    const m = Number(cfg.encoderHidden);
    const q = Number(cfg.decoderHidden);
    const { series, trainEnd, norm } = room(Number(cfg.dataSeed));
    const n = series.k;
    const r = rng(seed);
    const init = r.fork(1);
    const enc = lstmInit(init, n, m);
    const dec = lstmInit(init, 1, q);
    const vars = variables({
      'enc/attn/W': glorot(init, [2 * m, T], 2 * m, T),
      'enc/attn/U': glorot(init, [T, T], T, T),
      'enc/attn/v': glorot(init, [T, 1], T, 1),
      'enc/lstm/w': enc.w,
      'enc/lstm/b': enc.b,
      'dec/attn/W': glorot(init, [2 * q, m], 2 * q, m),
      'dec/attn/U': glorot(init, [m, m], m, m),
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
        /** @type {any} */ (optimizer).learningRate = lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));
        const ends = Array.from({ length: batch }, () => T + draws.int(trainEnd - T));
        const { x, yHist } = windows(series, norm, ends, T);
        const target = tf.tensor2d(ends.map((e) => (series.y[e] - series.y[e - 1]) / norm.deltaStd), [batch, 1]);
        return tf.losses.meanSquaredError(target, forward(vars, x, yHist).delta);
      },
      onStep: (step, loss) => {
        last = loss;
        if (step % 10 === 0 || step === steps - 1) onProgress?.(step + 1, steps, `loss ${loss.toFixed(4)}`);
      },
    });
    optimizer.dispose();
    const params = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, /** @type {tf.Tensor} */ (v)]));
    const topology = { name: this.name, version: this.version, config: cfg, extra: { norm, window: T } };
    const runtime = this.load({ params, topology });
    const [test] = this.infer(runtime, [{ start: 0, length: TEST_LENGTH - T }]);
    const [day] = this.infer(runtime, [{ start: STEPS_PER_DAY, length: STEPS_PER_DAY }]);
    const meanAttention = SENSORS.map((_, j) => round(test.attention.reduce((a, /** @type {number[]} */ row) => a + row[j], 0) / test.attention.length, 4));
    // What each sensor is worth to the prediction: the test error with that sensor held at its mean.
    /** @type {Record<string, number>} */
    const without = {};
    for (const s of SENSORS) without[s.id] = this.infer(runtime, [{ start: 0, length: TEST_LENGTH - T, disable: [s.id] }])[0].rmse.model;
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
      },
      preview: {
        ...day,
        truth: day.truth.map((/** @type {number} */ v) => round(v, 2)),
        prediction: day.prediction.map((/** @type {number} */ v) => round(v, 2)),
        attention: binRows(day.attention, 4),
        temporal: binRows(day.temporal, 4),
        meanAttention,
        rmseWithout: without,
        testRmse: test.rmse.model,
      },
    };
  },

  load(m) {
    if (!m) throw new Error('da-rnn needs its weights');
    const { norm, window } = m.topology.extra;
    const { series } = room(Number(m.topology.config.dataSeed));
    return { params: m.params, norm, window, series, testStart: DAYS.train * STEPS_PER_DAY };
  },

  infer(runtime, inputs) {
    const { params, norm, window: T, series, testStart } = runtime;
    return inputs.map((/** @type {DaRnnInput} */ input) => {
      if ('inputs' in input) {
        const raw = { x: Float32Array.from(input.inputs.flat()), y: Float32Array.from([...input.history, 0]), k: SENSORS.length };
        return tf.tidy(() => {
          const { x, yHist } = windows(raw, norm, [T - 1], T);
          const out = forward(params, x, yHist);
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
        const { x, yHist } = windows(series, norm, ends, T, blank);
        const out = forward(params, x, yHist);
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
