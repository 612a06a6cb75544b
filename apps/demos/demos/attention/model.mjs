// A tiny Transformer encoder (Vaswani et al., 2017; pre-LN) trained to reverse strings of letters and digits: the
// output at position i is the input at position n−1−i, so a trained head has to look across the string — its
// attention map shows the anti-diagonal. Padding is masked out of the keys, so the model must also work out the
// length n from the tokens it sees.
import { tf, fit, glorot, JsonWriter, normalTensor, rng, round, variables, layerNorm } from 'manifold/ml/models/common';
import { encodeText, reversalBatch, VOCAB, PAD } from 'manifold/ml/models/data';

/**
 * @param {Record<string, tf.Tensor>} p @param {tf.Tensor2D} ids int32 [B, L]
 * @param {{ layers: number, heads: number }} shape
 * @returns {{ logits: tf.Tensor3D, attention: tf.Tensor[] }} logits [B, L, V] and per layer [B, H, L, L]
 */
function forward(p, ids, { layers, heads }, inference = false) {
  const [B, L] = ids.shape;
  const V = VOCAB.length;
  // The model width: the embedding matrix is [V, d].
  const d = /** @type {number} */ (p['embed/tokens'].shape[1]);
  const dk = d / heads;
  // Embedding as one-hot × matrix: its gradient is a matMul (a gather's would need a kernel wasm lacks). Serving needs
  // no gradient, and a gather gives the same rows (a one-hot row times the matrix adds exact zeros to one row).
  const tokens = /** @type {tf.Tensor2D} */ (p['embed/tokens']);
  let x = inference ? tf.gather(tokens, ids) : tf.reshape(tf.matMul(tf.oneHot(tf.reshape(ids, [-1]), V), tokens), [B, L, d]);
  x = tf.add(x, p['embed/positions']);
  // -1e9 on the padding keys and -0 elsewhere, as (token = PAD) · -1e9 gives, made here rather than by four ops.
  const mask = tf.tensor4d(Float32Array.from(ids.dataSync(), (id) => (id === PAD ? 1 : 0) * -1e9), [B, 1, 1, L]);
  // Serving normalizes with x − mean computed once (layerNormOnce); training keeps layerNorm's graph, whose gradients
  // the committed weights were trained with.
  const norm = inference ? layerNormOnce : layerNorm;
  const split = (/** @type {tf.Tensor} */ t) => tf.transpose(tf.reshape(t, [B, L, heads, dk]), [0, 2, 1, 3]);
  const dense = (/** @type {tf.Tensor} */ t, /** @type {string} */ name) =>
    tf.add(tf.matMul(tf.reshape(t, [-1, t.shape[t.shape.length - 1]]), /** @type {tf.Tensor2D} */ (p[`${name}/kernel`])), p[`${name}/bias`]);
  const attention = [];
  for (let l = 0; l < layers; l++) {
    const h = norm(x, p[`l${l}/ln1/gamma`], p[`l${l}/ln1/beta`]);
    const qkv = tf.reshape(dense(h, `l${l}/qkv`), [B, L, 3 * d]);
    const [q, k, v] = tf.split(qkv, 3, 2).map(split);
    const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk)), mask);
    const weights = tf.softmax(scores);
    attention.push(weights);
    const ctx = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [B, L, d]);
    x = tf.add(x, tf.reshape(dense(ctx, `l${l}/out`), [B, L, d]));
    const f = norm(x, p[`l${l}/ln2/gamma`], p[`l${l}/ln2/beta`]);
    x = tf.add(x, tf.reshape(dense(tf.relu(dense(f, `l${l}/ffn1`)), `l${l}/ffn2`), [B, L, d]));
  }
  x = norm(x, p['final/ln/gamma'], p['final/ln/beta']);
  return { logits: /** @type {tf.Tensor3D} */ (tf.reshape(dense(x, 'final/logits'), [B, L, V])), attention };
}

/**
 * layerNorm (models/common.mjs) with x − mean computed once: tf.moments computes it for the variance (after a cast and
 * a reshape that change nothing here) and layerNorm again for the output, the same kernel on the same tensors. Three
 * kernels fewer per normalization, the same numbers.
 * @param {tf.Tensor} x @param {tf.Tensor} gamma @param {tf.Tensor} beta
 */
function layerNormOnce(x, gamma, beta, eps = 1e-5) {
  const mean = tf.mean(x, -1, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), -1, true);
  return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

/** @typedef {{ text: string }} AttentionInput */

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'attention',
  version: '1.0.0',
  hasWeights: true,
  defaults: { maxLength: 8, dModel: 32, heads: 2, layers: 2, ffn: 64, steps: 2000, batch: 128, learningRate: 0.005 },
  tiny: { maxLength: 4, dModel: 8, heads: 2, layers: 1, ffn: 8, steps: 2, batch: 8, learningRate: 0.003 },
  warmup: { text: 'hello' },

  async train({ seed, config = {}, onProgress }) {
    const cfg = { ...this.defaults, ...config };
    const [L, d, heads, layers, ffn] = [cfg.maxLength, cfg.dModel, cfg.heads, cfg.layers, cfg.ffn].map(Number);
    const V = VOCAB.length;
    const r = rng(seed);
    const init = r.fork(1);
    /** @type {Record<string, tf.Tensor>} */
    const initial = {
      'embed/tokens': normalTensor(init, [V, d], 1 / Math.sqrt(d)),
      'embed/positions': normalTensor(init, [L, d], 1 / Math.sqrt(d)),
      'final/ln/gamma': tf.ones([d]),
      'final/ln/beta': tf.zeros([d]),
      'final/logits/kernel': glorot(init, [d, V], d, V),
      'final/logits/bias': tf.zeros([V]),
    };
    for (let l = 0; l < layers; l++) {
      for (const ln of ['ln1', 'ln2']) {
        initial[`l${l}/${ln}/gamma`] = tf.ones([d]);
        initial[`l${l}/${ln}/beta`] = tf.zeros([d]);
      }
      for (const [name, a, b] of [
        ['qkv', d, 3 * d],
        ['out', d, d],
        ['ffn1', d, ffn],
        ['ffn2', ffn, d],
      ]) {
        initial[`l${l}/${name}/kernel`] = glorot(init, [Number(a), Number(b)], Number(a), Number(b));
        initial[`l${l}/${name}/bias`] = tf.zeros([Number(b)]);
      }
    }
    const vars = variables(initial);
    const steps = Number(cfg.steps);
    const batch = Number(cfg.batch);
    const lr = Number(cfg.learningRate);
    const optimizer = tf.train.adam(lr, 0.9, 0.98);
    const draws = r.fork(2);
    const warm = Math.min(100, Math.floor(steps / 10));
    let last = NaN;
    fit({
      steps,
      optimizer,
      vars,
      loss: (step) => {
        // Linear warm-up, then cosine decay.
        /** @type {any} */ (optimizer).learningRate =
          step < warm ? (lr * (step + 1)) / warm : lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * (step - warm)) / (steps - warm))));
        const { inputs, targets } = reversalBatch(draws, batch, L);
        const { logits } = forward(vars, tf.tensor2d(inputs, [batch, L], 'int32'), { layers, heads });
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(targets, 'int32'), V), tf.reshape(logits, [-1, V]));
      },
      onStep: (step, loss) => {
        last = loss;
        if (step % 20 === 0 || step === steps - 1) onProgress?.(step + 1, steps, `loss ${loss.toFixed(4)}`);
      },
    });
    optimizer.dispose();
    const params = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, /** @type {tf.Tensor} */ (v)]));
    const topology = { name: this.name, version: this.version, config: cfg };
    const runtime = this.load({ params, topology });
    // Held-out strings from another stream of the generator.
    const test = reversalBatch(r.fork(3), 2000, L);
    const predicted = tf.tidy(() => tf.argMax(forward(params, tf.tensor2d(test.inputs, [2000, L], 'int32'), runtime.shape).logits, 2).dataSync());
    let tokens = 0;
    let correctTokens = 0;
    let correctSequences = 0;
    for (let b = 0; b < 2000; b++) {
      let all = true;
      for (let i = 0; i < L; i++) {
        if (test.inputs[b * L + i] === PAD) continue;
        tokens++;
        if (predicted[b * L + i] === test.targets[b * L + i]) correctTokens++;
        else all = false;
      }
      if (all) correctSequences++;
    }
    const [preview] = this.infer(runtime, [{ text: 'manifold' }]);
    return {
      params,
      config: cfg,
      metrics: { finalTrainLoss: round(last, 5), heldOutTokenAccuracy: round(correctTokens / tokens, 4), heldOutSequenceAccuracy: round(correctSequences / 2000, 4) },
      preview: { ...preview, attention: preview.attention.map((/** @type {number[][][]} */ layer) => layer.map((head) => head.map((row) => row.map((v) => round(v, 3))))) },
    };
  },

  load(m) {
    if (!m) throw new Error('attention needs its weights');
    const c = m.topology.config;
    return { params: m.params, maxLength: Number(c.maxLength), shape: { layers: Number(c.layers), heads: Number(c.heads) } };
  },

  infer(runtime, inputs) {
    const { pv, av, L, V, layers, H } = run(runtime, inputs);
    return inputs.map((/** @type {AttentionInput} */ input, b) => {
      const tokens = [...input.text];
      const n = tokens.length;
      const output = [];
      const confidence = [];
      for (let i = 0; i < n; i++) {
        const best = argmax(pv, (b * L + i) * V, V);
        output.push(VOCAB[best]);
        confidence.push(round(pv[(b * L + i) * V + best], 4));
      }
      const maps = Array.from({ length: layers }, (_, l) =>
        Array.from({ length: H }, (_, h) =>
          Array.from({ length: n }, (_, i) => {
            const at = (((b * layers + l) * H + h) * L + i) * L;
            return Array.from(av.subarray(at, at + n), (v) => round(v, 4));
          }),
        ),
      );
      return { input: tokens, output: output.join(''), expected: [...tokens].reverse().join(''), confidence, attention: maps, layers, heads: H };
    });
  },

  // The worker's answer: infer's objects as JSON text, written straight from the tensors' data (models/json.mjs).
  inferJson(runtime, inputs) {
    const { pv, av, L, V, layers, H } = run(runtime, inputs);
    return inputs.map((/** @type {AttentionInput} */ input, b) => {
      const tokens = [...input.text];
      const n = tokens.length;
      let output = '';
      for (let i = 0; i < n; i++) output += VOCAB[argmax(pv, (b * L + i) * V, V)];
      out.raw('{"input":');
      out.value(tokens);
      out.raw(',"output":');
      out.string(output);
      out.raw(',"expected":');
      out.string([...tokens].reverse().join(''));
      out.raw(',"confidence":[');
      for (let i = 0; i < n; i++) {
        const row = (b * L + i) * V;
        if (i) out.raw(',');
        out.rounded(pv[row + argmax(pv, row, V)], 4);
      }
      out.raw('],"attention":[');
      for (let l = 0; l < layers; l++) {
        out.raw(l ? ',[' : '[');
        for (let h = 0; h < H; h++) {
          out.raw(h ? ',[' : '[');
          for (let i = 0; i < n; i++) {
            const at = (((b * layers + l) * H + h) * L + i) * L;
            if (i) out.raw(',');
            out.list(av, 4, at, at + n);
          }
          out.raw(']');
        }
        out.raw(']');
      }
      out.raw('],"layers":');
      out.number(layers);
      out.raw(',"heads":');
      out.number(H);
      out.raw('}');
      return out.take();
    });
  },
};

const out = new JsonWriter();

/** The most likely token of a row of probabilities (the first of equals). @param {Float32Array} p @param {number} from @param {number} V */
function argmax(p, from, V) {
  let best = 0;
  for (let v = 1; v < V; v++) if (p[from + v] > p[from + best]) best = v;
  return best;
}

/**
 * One pass for the batch: token probabilities [B, L, V] and every layer's attention weights [B, layers, H, L, L].
 * @param {{ params: Record<string, tf.Tensor>, maxLength: number, shape: { layers: number, heads: number } }} runtime
 * @param {AttentionInput[]} inputs
 */
function run(runtime, inputs) {
  const { params, maxLength: L, shape } = runtime;
  const B = inputs.length;
  const ids = new Int32Array(B * L);
  inputs.forEach((input, b) => ids.set(encodeText(input.text, L), b * L));
  const { probs, attention } = tf.tidy(() => {
    const out = forward(params, tf.tensor2d(ids, [B, L], 'int32'), shape, true);
    return { probs: tf.softmax(out.logits), attention: tf.stack(out.attention, 1) }; // [B, layers, H, L, L]
  });
  const pv = /** @type {Float32Array} */ (probs.dataSync());
  const av = /** @type {Float32Array} */ (attention.dataSync());
  probs.dispose();
  attention.dispose();
  return { pv, av, L, V: VOCAB.length, layers: shape.layers, H: shape.heads };
}

export default definition;
