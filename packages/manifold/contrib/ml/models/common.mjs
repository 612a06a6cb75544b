// Shared by training (run by tsx) and the inference worker (plain Node, no TS loader): the tfjs set-up, a seeded
// PRNG and initializers, layers written as ops (conv, batch norm, LSTM, layer norm) and the model file format.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { serverSetting } from '../../../lib/server/settings.mjs';

export { tf };
export { JsonWriter } from './json.mjs';

const require = createRequire(import.meta.url);

/** @typedef {'wasm' | 'cpu'} BackendName */

/** @type {Promise<BackendName> | undefined} */
let ready;

/**
 * Selects the tfjs backend once per thread: `MANIFOLD_TF_BACKEND=wasm|cpu`, wasm by default (about 25x faster here).
 * @param {string} [backend]
 * @returns {Promise<BackendName>}
 */
export function initTf(backend = serverSetting('MANIFOLD_TF_BACKEND')) {
  ready ??= (async () => {
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`MANIFOLD_TF_BACKEND must be "wasm" or "cpu", not "${backend}".`);
    // Prod mode skips per-op NaN checks and the "install tfjs-node" banner, which cannot be installed here.
    tf.enableProdMode();
    if (backend === 'wasm') {
      setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + path.sep);
      fastTransposedMatMul();
    }
    if (!(await tf.setBackend(backend))) throw new Error(`The tfjs ${backend} backend did not start.`);
    await tf.ready();
    return /** @type {BackendName} */ (backend);
  })();
  return ready;
}

export { rng } from './random.mjs';
/** @typedef {import('./random.mjs').Rng} Rng */

/**
 * The wasm backend multiplies by a transposed operand in a slow loop (4–8× slower here), and every matMul's gradient
 * does exactly that. Transposing the operand first with the (fast) Transpose kernel and multiplying plainly gives
 * the same numbers.
 */
function fastTransposedMatMul() {
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!matMul || !transpose || /** @type {any} */ (matMul).manifoldPatched) return;
  /** @type {tf.KernelFunc} */
  const kernelFunc = (args) => {
    const { inputs, backend, attrs } = /** @type {any} */ (args);
    if (!attrs.transposeA && !attrs.transposeB) return matMul.kernelFunc(args);
    const flip = (/** @type {tf.TensorInfo} */ t) => {
      const r = t.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      return /** @type {tf.TensorInfo} */ (transpose.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } }));
    };
    const a = attrs.transposeA ? flip(inputs.a) : inputs.a;
    const b = attrs.transposeB ? flip(inputs.b) : inputs.b;
    const out = matMul.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    if (a !== inputs.a) backend.disposeData(a.dataId);
    if (b !== inputs.b) backend.disposeData(b.dataId);
    return out;
  };
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(/** @type {tf.KernelConfig} */ ({ ...matMul, kernelFunc, manifoldPatched: true }));
}

/** @param {Rng} r @param {number[]} shape @param {number} limit */
export function uniformTensor(r, shape, limit) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = (2 * r.next() - 1) * limit;
  return tf.tensor(data, shape);
}

/** @param {Rng} r @param {number[]} shape @param {number} std */
export function normalTensor(r, shape, std) {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = r.normal() * std;
  return tf.tensor(data, shape);
}

/** Glorot/Xavier uniform. @param {Rng} r @param {number[]} shape @param {number} fanIn @param {number} fanOut */
export const glorot = (r, shape, fanIn, fanOut) => uniformTensor(r, shape, Math.sqrt(6 / (fanIn + fanOut)));

/** He uniform, for layers followed by ReLU. @param {Rng} r @param {number[]} shape @param {number} fanIn */
export const he = (r, shape, fanIn) => uniformTensor(r, shape, Math.sqrt(6 / fanIn));

/** Trainable copies of initial tensors (the tensors are disposed). @param {Record<string, tf.Tensor>} init */
export function variables(init) {
  /** @type {Record<string, tf.Variable>} */
  const out = {};
  for (const [name, t] of Object.entries(init)) {
    out[name] = tf.variable(t, true);
    t.dispose();
  }
  return out;
}

/**
 * The training loop every model uses: minimize, read the loss, report progress.
 * @param {{ steps: number, optimizer: tf.Optimizer, vars: Record<string, tf.Variable>, loss: (step: number) => tf.Scalar,
 *   onStep?: (step: number, loss: number) => void }} o
 */
export function fit({ steps, optimizer, vars, loss, onStep }) {
  const varList = Object.values(vars);
  for (let step = 0; step < steps; step++) {
    const l = /** @type {tf.Scalar} */ (optimizer.minimize(() => loss(step), true, varList));
    const value = l.dataSync()[0];
    l.dispose();
    if (!Number.isFinite(value)) throw new Error(`The loss became ${value} at step ${step}.`);
    onStep?.(step, value);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Layers as ops. The wasm backend has no Conv2DBackpropFilter kernel and a slow Conv2DBackpropInput, so the
// convolutions carry their own gradients, built from the fast forward Conv2D: the filter gradient of a strided
// convolution is a convolution with batch and channels swapped, dilated by the stride; the input gradient (and the
// transposed convolution) is a stride-1 convolution of the zero-upsampled signal with the flipped kernel.

/**
 * dL/dW of conv2d(xPadded, W, stride, 'valid'): x [B,H,W,Ci], dy [B,Oh,Ow,Co] → [k,k,Ci,Co].
 * @param {tf.Tensor4D} xPadded @param {tf.Tensor4D} dy @param {number} k @param {number} stride
 */
function filterGrad(xPadded, dy, k, stride) {
  const xs = tf.transpose(xPadded, [3, 1, 2, 0]);
  const f = tf.transpose(dy, [1, 2, 0, 3]);
  const full = tf.conv2d(/** @type {tf.Tensor4D} */ (xs), /** @type {tf.Tensor4D} */ (f), 1, 'valid', 'NHWC', stride);
  return tf.transpose(tf.slice(full, [0, 0, 0, 0], [-1, k, k, -1]), [1, 2, 0, 3]);
}

/**
 * y[n] = Σ over i·s + a = n + offset of x[i]·w[a], per spatial axis: the adjoint of a strided convolution (its input
 * gradient) and the forward pass of a transposed one. Computed as a sub-pixel convolution: output pixels with the
 * same remainders mod s (a phase) form a stride-1 convolution of x with every s-th tap of the flipped kernel. All s²
 * phases run as one convolution whose output channels are (phase row, phase column, channel), then a reshape and a
 * rank-4 transpose interleave them. (The wasm backend's transposed convolution, depthToSpace, reverse and strided
 * slice are slow; its convolution, matMul and rank-4 transpose are fast.)
 * @param {tf.Tensor4D} x [B,h,w,Cx] @param {tf.Tensor4D} w [k,k,Cy,Cx] @param {number} s
 * @param {[number, number]} size output H, W @param {[number, number]} offset
 * @returns {tf.Tensor4D} [B,H,W,Cy]
 */
function transposedConv(x, w, s, size, offset) {
  const k = w.shape[0];
  if (k % s !== 0) throw new Error(`transposedConv needs the kernel size (${k}) to be a multiple of the stride (${s}).`);
  const taps = k / s;
  const [b, h, wd] = x.shape;
  const [cy, cx] = [w.shape[2], w.shape[3]];
  const q = [Math.ceil(size[0] / s), Math.ceil(size[1] / s)];
  // Per axis and phase r: the first kernel tap ρ it uses (then ρ + s, …) and the first input row o it reads.
  const phases = [0, 1].map((axis) =>
    Array.from({ length: s }, (_, r) => ({ rho: (r + offset[axis]) % s, o: Math.floor((r + offset[axis]) / s) - taps + 1 })),
  );
  const lo = phases.map((ph) => Math.min(...ph.map((p) => p.o)));
  const span = phases.map((ph, axis) => taps + Math.max(...ph.map((p) => p.o)) - lo[axis]);
  // The combined kernel [span, span, s, s] of taps, as a 0/1 selection of w's k·k taps (a matMul; zeros where a
  // phase's window does not reach).
  const rowsSel = span[0] * span[1] * s * s;
  const select = new Float32Array(rowsSel * k * k);
  for (let r = 0; r < s; r++)
    for (let c = 0; c < s; c++) {
      const pr = phases[0][r];
      const pc = phases[1][c];
      for (let jr = 0; jr < taps; jr++)
        for (let jc = 0; jc < taps; jc++) {
          const row = (((pr.o - lo[0] + jr) * span[1] + (pc.o - lo[1] + jc)) * s + r) * s + c;
          select[row * k * k + (s * (taps - 1 - jr) + pr.rho) * k + (s * (taps - 1 - jc) + pc.rho)] = 1;
        }
    }
  const picked = tf.matMul(tf.tensor2d(select, [rowsSel, k * k]), tf.reshape(w, [k * k, cy * cx]));
  // [span·span, s·s, Cy, Cx] → [span·span, Cx, s·s, Cy] → the conv filter [span, span, Cx, s·s·Cy]
  const kernel = tf.reshape(tf.transpose(tf.reshape(picked, [span[0] * span[1], s * s, cy, cx]), [0, 3, 1, 2]), [span[0], span[1], cx, s * s * cy]);
  const before = [Math.max(0, -lo[0]), Math.max(0, -lo[1])];
  const after = [0, 1].map((axis) => Math.max(0, q[axis] + lo[axis] + span[axis] - 1 - [h, wd][axis]));
  let xs = tf.pad(x, [[0, 0], [before[0], after[0]], [before[1], after[1]], [0, 0]]);
  const start = [lo[0] + before[0], lo[1] + before[1]];
  const need = [q[0] + span[0] - 1, q[1] + span[1] - 1];
  if (start[0] !== 0 || start[1] !== 0 || xs.shape[1] !== need[0] || xs.shape[2] !== need[1]) xs = tf.slice(xs, [0, start[0], start[1], 0], [-1, need[0], need[1], -1]);
  const y = tf.conv2d(/** @type {tf.Tensor4D} */ (xs), /** @type {tf.Tensor4D} */ (kernel), 1, 'valid');
  // [B,Q,P,(r,c,Cy)] → [B·Q, P, r, (c,Cy)] → [B·Q, r, P, (c,Cy)] → [B, Q·s, P·s, Cy]
  const interleaved = s === 1 ? y : tf.reshape(tf.transpose(tf.reshape(y, [b * q[0], q[1], s, s * cy]), [0, 2, 1, 3]), [b, q[0] * s, q[1] * s, cy]);
  if (interleaved.shape[1] === size[0] && interleaved.shape[2] === size[1]) return /** @type {tf.Tensor4D} */ (interleaved);
  return /** @type {tf.Tensor4D} */ (tf.slice(interleaved, [0, 0, 0, 0], [-1, size[0], size[1], -1]));
}

/**
 * The adjoint of xPadded ↦ conv2d(xPadded, w, stride, 'valid'), for a padded input of size H×W.
 * @param {tf.Tensor4D} dy @param {tf.Tensor4D} w [k,k,Ci,Co] @param {number} stride @param {number} H @param {number} W
 */
function convAdjoint(dy, w, stride, H, W) {
  return transposedConv(dy, w, stride, [H, W], [0, 0]);
}

/** @param {number} inSize @param {number} k @param {number} stride */
function samePad(inSize, k, stride) {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + k - inSize, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * 'same'-padded strided convolution, x [B,H,W,Ci], w [k,k,Ci,Co]. `grads` skips a gradient nobody will use (the
 * input's for a network's first layer, the weights' when only another network is being trained); it comes back zero.
 * @param {tf.Tensor4D} x @param {tf.Tensor4D} w @param {number} stride
 * @param {{ input?: boolean, weights?: boolean }} [grads]
 * @returns {tf.Tensor4D}
 */
export function conv2d(x, w, stride, grads = {}) {
  const k = w.shape[0];
  const [pt, pb] = samePad(x.shape[1], k, stride);
  const [pl, pr] = samePad(x.shape[2], k, stride);
  /** @type {[number, number][]} */
  const pads = [[0, 0], [pt, pb], [pl, pr], [0, 0]];
  const op = tf.customGrad((/** @type {any} */ xi, /** @type {any} */ wi, /** @type {any} */ save) => {
    const xp = tf.pad(xi, pads);
    save([xp, wi]);
    return {
      value: tf.conv2d(xp, wi, stride, 'valid'),
      gradFunc: (/** @type {any} */ dy, /** @type {any} */ [xpS, wS]) => {
        const dx =
          grads.input === false
            ? tf.zerosLike(xi)
            : tf.slice(convAdjoint(dy, wS, stride, xpS.shape[1], xpS.shape[2]), [0, pt, pl, 0], [-1, xi.shape[1], xi.shape[2], -1]);
        return [dx, grads.weights === false ? tf.zerosLike(wS) : filterGrad(xpS, dy, k, stride)];
      },
    };
  });
  return /** @type {tf.Tensor4D} */ (op(x, w));
}

/**
 * Transposed convolution ('same': the output is stride times larger), x [B,h,w,Ci], w [k,k,Co,Ci] (tfjs' layout).
 * @param {tf.Tensor4D} x @param {tf.Tensor4D} w @param {number} stride
 * @returns {tf.Tensor4D}
 */
export function conv2dTranspose(x, w, stride) {
  const k = w.shape[0];
  const outH = x.shape[1] * stride;
  const outW = x.shape[2] * stride;
  const [pt, pb] = samePad(outH, k, stride);
  const [pl, pr] = samePad(outW, k, stride);
  /** @type {[number, number][]} */
  const pads = [[0, 0], [pt, pb], [pl, pr], [0, 0]];
  const op = tf.customGrad((/** @type {any} */ xi, /** @type {any} */ wi, /** @type {any} */ save) => {
    save([xi, wi]);
    return {
      value: transposedConv(xi, wi, stride, [outH, outW], [pt, pl]),
      gradFunc: (/** @type {any} */ dy, /** @type {any} */ [xS, wS]) => {
        const dyp = tf.pad(dy, pads);
        return [tf.conv2d(dyp, wS, stride, 'valid'), filterGrad(dyp, xS, k, stride)];
      },
    };
  });
  return /** @type {tf.Tensor4D} */ (op(x, w));
}

/**
 * Batch normalization over every axis but the last. In training it normalizes with the batch's statistics; with
 * `stats` it uses fixed population statistics, so one sample's output never depends on the rest of its batch.
 * @param {tf.Tensor} x @param {tf.Tensor} gamma @param {tf.Tensor} beta
 * @param {{ mean: tf.Tensor, variance: tf.Tensor } | null} stats
 */
export function batchNorm(x, gamma, beta, stats, eps = 1e-5) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = stats ?? tf.moments(x, axes);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

/** @param {tf.Tensor} x @param {tf.Tensor} gamma @param {tf.Tensor} beta */
export function layerNorm(x, gamma, beta, eps = 1e-5) {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
}

/**
 * One LSTM step: W [in+hidden, 4·hidden] with gates in the order input, forget, cell, output.
 * @param {tf.Tensor2D} x @param {tf.Tensor2D} h @param {tf.Tensor2D} c @param {tf.Tensor} w @param {tf.Tensor} b
 * @returns {[tf.Tensor2D, tf.Tensor2D]}
 */
export function lstmCell(x, h, c, w, b) {
  const z = tf.add(tf.matMul(tf.concat([x, h], 1), /** @type {tf.Tensor2D} */ (w)), b);
  const [i, f, g, o] = tf.split(z, 4, 1);
  const c2 = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  const h2 = tf.mul(tf.sigmoid(o), tf.tanh(c2));
  return [/** @type {tf.Tensor2D} */ (h2), /** @type {tf.Tensor2D} */ (c2)];
}

/** LSTM weights with the forget-gate bias at 1 (Jozefowicz et al.). @param {Rng} r @param {number} input @param {number} hidden */
export function lstmInit(r, input, hidden) {
  const b = new Float32Array(4 * hidden);
  b.fill(1, hidden, 2 * hidden);
  return { w: glorot(r, [input + hidden, 4 * hidden], input + hidden, 4 * hidden), b: tf.tensor1d(b) };
}

// ---------------------------------------------------------------------------------------------------------------
// Model files: content/models/<name>/model.json (topology + weights manifest, tfjs' artifact layout) and the weights
// it names. `saveModel` names the weights by their content (weights-<sha256 prefix>.bin) and writes model.json last,
// by a rename: model.json is the one pointer to a version, so a server watching the folder sees the old version or
// the new one, never model.json of one with the weights of the other. `loadModel` checks every file before a single
// tensor is made and refuses a bad one with a ModelFileError naming the model and the file.

/** @typedef {{ name: string, version: string, config: Record<string, unknown>, extra?: any }} Topology */

/** A model file that cannot be served; the message is one line: "<model>: <file> refused: <why>". */
export class ModelFileError extends Error {
  /** @param {string} model @param {string} file @param {string} reason */
  constructor(model, file, reason) {
    super(`${model}: ${file} refused: ${reason}`);
    this.name = 'ModelFileError';
    this.model = model;
    this.file = file;
    this.reason = reason;
  }
}

/** Writes a file whole or not at all (a temporary file renamed over it). @param {string} file @param {string | Uint8Array} data */
export function writeFileAtomic(file, data) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/** @param {Uint8Array} data */
const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * Writes a version: the weights under a name of their content, then model.json (naming them, with their SHA-256 and
 * the version `<topology.version>+<8 hex digits of it>`), then removes weights files no longer named.
 * @param {string} dir @param {Topology} topology @param {Record<string, tf.Tensor>} params
 * @returns {Promise<{ bytes: number, sha256: string, file: string, version: string }>}
 */
export async function saveModel(dir, topology, params) {
  const named = Object.keys(params)
    .sort()
    .map((name) => ({ name, tensor: params[name] }));
  const { data, specs } = await tf.io.encodeWeights(named);
  /** @type {{ bytes: number, sha256: string, file: string, version: string } | undefined} */
  let written;
  // tfjs' save-handler protocol gives the standard artifact shape; the handler writes the files itself.
  const saver = tf.io.withSaveHandler(async (artifacts) => {
    fs.mkdirSync(dir, { recursive: true });
    const weightData = new Uint8Array(/** @type {ArrayBuffer} */ (artifacts.weightData));
    const digest = sha256(weightData);
    const file = `weights-${digest.slice(0, 16)}.bin`;
    const version = `${topology.version}+${digest.slice(0, 8)}`;
    const modelJson = {
      format: 'manifold-ops',
      generatedBy: `TensorFlow.js v${tf.version.tfjs}`,
      modelTopology: { .../** @type {Topology} */ (artifacts.modelTopology), version },
      weightsManifest: [{ paths: [file], weights: artifacts.weightSpecs }],
      weightsSha256: digest,
    };
    writeFileAtomic(path.join(dir, file), weightData);
    writeFileAtomic(path.join(dir, 'model.json'), `${JSON.stringify(modelJson, null, 1)}\n`);
    for (const old of fs.readdirSync(dir)) if (/^weights(-[0-9a-f]+)?\.bin$/.test(old) && old !== file) fs.rmSync(path.join(dir, old), { force: true });
    written = { bytes: weightData.byteLength, sha256: digest, file, version };
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weightData.byteLength } };
  });
  // IOHandler types save() and load() as optional (a handler may do one of them); this one saves.
  if (!saver.save) throw new Error('tf.io.withSaveHandler gave a handler without save()');
  await saver.save({ modelTopology: /** @type {any} */ (topology), weightSpecs: specs, weightData: data });
  if (!written) throw new Error('the save handler did not run');
  return written;
}

/** Bytes per element of the dtypes a weights file may hold. */
const DTYPE_BYTES = /** @type {Record<string, number>} */ ({ float32: 4, int32: 4 });
const WEIGHTS_FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Reads a model folder and checks it: model.json is JSON of this format and model, its weights files are plain names
 * in the folder, hold exactly the bytes the manifest's shapes and dtypes need (and the SHA-256 model.json gives), and
 * every number is finite. A missing model.json throws the fs error (ENOENT: not trained); anything else wrong throws
 * a ModelFileError.
 * @param {string} dir
 * @param {string} [expectedName] the model the folder must hold (its folder name, by default)
 * @returns {Promise<{ topology: Topology, params: Record<string, tf.Tensor>, files: string[], sha256: string, specs: tf.io.WeightsManifestEntry[] }>}
 */
export async function loadModel(dir, expectedName = path.basename(dir)) {
  const model = expectedName;
  const text = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');
  const refuse = (/** @type {string} */ file, /** @type {string} */ reason) => new ModelFileError(model, file, reason);
  /** @type {any} */
  let modelJson;
  try {
    modelJson = JSON.parse(text);
  } catch (err) {
    throw refuse('model.json', `it is not valid JSON (${/** @type {Error} */ (err).message})`);
  }
  const topology = modelJson?.modelTopology;
  if (modelJson?.format !== 'manifold-ops') throw refuse('model.json', `its format is ${JSON.stringify(modelJson?.format)}, not "manifold-ops"`);
  if (!topology || typeof topology !== 'object' || typeof topology.version !== 'string' || !topology.config || typeof topology.config !== 'object')
    throw refuse('model.json', 'it has no modelTopology with a version and a config');
  if (topology.name !== model) throw refuse('model.json', `it holds the model ${JSON.stringify(topology.name)}, not ${JSON.stringify(model)}`);
  const groups = modelJson.weightsManifest;
  if (!Array.isArray(groups) || !groups.length || !groups.every((g) => g && Array.isArray(g.paths) && g.paths.length && Array.isArray(g.weights)))
    throw refuse('model.json', 'its weightsManifest is not a list of { paths, weights }');
  /** @type {string[]} */
  const files = groups.flatMap((g) => g.paths);
  const bad = files.find((f) => typeof f !== 'string' || !WEIGHTS_FILE.test(f));
  if (bad !== undefined) throw refuse('model.json', `its weights file ${JSON.stringify(bad)} is not a plain file name in the model's folder`);
  /** @type {tf.io.WeightsManifestEntry[]} */
  const specs = groups.flatMap((g) => g.weights);
  let needed = 0;
  const names = new Set();
  for (const spec of specs) {
    const ok =
      spec &&
      typeof spec.name === 'string' &&
      Object.hasOwn(DTYPE_BYTES, spec.dtype) &&
      Array.isArray(spec.shape) &&
      spec.shape.every((/** @type {unknown} */ d) => Number.isSafeInteger(d) && /** @type {number} */ (d) >= 0) &&
      !spec.quantization;
    if (!ok) throw refuse('model.json', `the weight ${JSON.stringify(spec?.name ?? spec)} has no valid name, shape (whole numbers) and dtype (float32 or int32)`);
    if (names.has(spec.name)) throw refuse('model.json', `it lists the weight ${JSON.stringify(spec.name)} twice`);
    names.add(spec.name);
    needed += spec.shape.reduce((/** @type {number} */ a, /** @type {number} */ b) => a * b, 1) * DTYPE_BYTES[spec.dtype];
  }
  const fileName = files.join(' + ');
  /** @type {Buffer[]} */
  const parts = [];
  for (const f of files) {
    try {
      parts.push(fs.readFileSync(path.join(dir, f)));
    } catch (err) {
      throw refuse(f, `it cannot be read (${/** @type {NodeJS.ErrnoException} */ (err).code ?? String(err)})`);
    }
  }
  const buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  if (buf.byteLength !== needed) throw refuse(fileName, `it has ${buf.byteLength} bytes where model.json's shapes need ${needed}`);
  const digest = sha256(buf);
  if (modelJson.weightsSha256 !== undefined && modelJson.weightsSha256 !== digest)
    throw refuse(fileName, `its SHA-256 is ${digest.slice(0, 16)}…, model.json says ${String(modelJson.weightsSha256).slice(0, 16)}…`);
  // Every number finite, checked on the bytes (a NaN would poison every answer, silently: JSON has no NaN).
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32') {
      const values = new Float32Array(weightData, offset, n);
      for (let i = 0; i < n; i++)
        if (!Number.isFinite(values[i])) throw refuse(fileName, `the weight ${JSON.stringify(spec.name)} holds ${values[i]} at index ${i}`);
    }
    offset += n * DTYPE_BYTES[spec.dtype];
  }
  const source = tf.io.fromMemory({ modelTopology: topology, weightSpecs: specs, weightData });
  if (!source.load) throw new Error('tf.io.fromMemory gave a handler without load()');
  const artifacts = await source.load();
  const params = tf.io.decodeWeights(/** @type {ArrayBuffer} */ (artifacts.weightData), artifacts.weightSpecs ?? []);
  return { topology: /** @type {Topology} */ (artifacts.modelTopology), params, files, sha256: digest, specs };
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers for outputs.

/** @param {number} v @param {number} [digits] */
export function round(v, digits = 4) {
  const f = 10 ** digits;
  const r = Math.round(v * f) / f;
  return r === 0 ? 0 : r; // no -0 in JSON
}

/** @param {ArrayLike<number>} data @param {number} cols @param {number} [digits] */
export function rows(data, cols, digits = 4) {
  const f = 10 ** digits;
  const n = data.length / cols;
  /** @type {number[][]} */
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Array(cols);
    for (let j = 0; j < cols; j++) row[j] = Math.round(data[i * cols + j] * f) / f + 0; // + 0: no -0 in JSON
    out[i] = row;
  }
  return out;
}

/**
 * @typedef {object} TrainResult
 * @property {Record<string, tf.Tensor>} [params] trained weights; omitted by models that have none
 * @property {any} [extra] JSON the model needs besides its weights (normalization, PCA basis…), stored in model.json
 * @property {Record<string, number | string>} metrics final metrics, printed and stored in meta.json
 * @property {any} preview the static first state of the embed, stored in preview.json
 * @property {Record<string, unknown>} config the training configuration used
 */

/**
 * @typedef {object} ModelDefinition
 * @property {string} name
 * @property {string} version bumped when the definition or the training changes
 * @property {boolean} hasWeights
 * @property {Record<string, unknown>} defaults the training configuration `manage train` uses
 * @property {Record<string, unknown>} tiny a configuration that trains in a second, for the determinism test
 * @property {(o: { seed: number, config?: Record<string, unknown>, onProgress?: (done: number, total: number, info?: string) => void }) => Promise<TrainResult>} train
 * @property {(m: { params: Record<string, tf.Tensor>, topology: Topology } | null) => any} load
 * @property {(runtime: any, inputs: any[]) => any[]} infer a batch of validated inputs → one output each
 * @property {(runtime: any, inputs: any[]) => string[]} [inferJson] the same answers as JSON text, exactly
 *   JSON.stringify of infer's (the worker sends this one when a model has it; see models/json.mjs)
 * @property {any} warmup an input that exercises the whole model once
 */
