// A thread of the model library's lane (custom-lane.mjs): it loads authors' uploaded models from their bytes (the
// files read back from the media storage by the main thread, parsed again here by custom/artifact.mjs, so what loads
// is exactly what the upload check accepted), keeps the recent ones (LRU by bytes, keyed by slug@version), warms
// each up with zeros and runs batches of validated inputs. Nothing an author uploads runs as code: the files are
// JSON and weights, turned into tfjs layers or graph ops from allow-lists. Plain ESM loaded by path at run time.
import os from 'node:os';
import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { initTf, round, tf } from '../models/common.mjs';
import { readArtifact } from '../custom/artifact.mjs';

/** @typedef {{ shape: number[], dtype: 'float32' | 'int32', data: number[] }} TensorJson */
/** @typedef {{ model: any, bytes: number, inputShape: (number | null)[], outputShape: (number | null)[], inputDtype: string }} Loaded */

const CACHE_BYTES = Math.max(16, Number(workerData?.cacheMb ?? 256)) * 1024 * 1024;

/** @type {Map<string, Loaded>} insertion order is recency: a hit is moved to the end */
const cache = new Map();
let cachedBytes = 0;

/** @param {string} key */
function evict(key) {
  const entry = cache.get(key);
  if (!entry) return;
  cache.delete(key);
  cachedBytes -= entry.bytes;
  try {
    entry.model.dispose();
  } catch {
    // already gone
  }
}

/** @param {string} key */
function hit(key) {
  const entry = cache.get(key);
  if (entry) {
    cache.delete(key);
    cache.set(key, entry);
  }
  return entry;
}

/** @param {any} s @returns {(number | null)[]} */
const shapeOf = (s) => (Array.isArray(s) ? s.map((d) => (typeof d === 'number' && d >= 0 ? d : null)) : []);

/**
 * Builds the model from an artifact's bytes (tf.io.fromMemory: nothing is fetched, nothing is evaluated).
 * @param {{ name: string, bytes: Uint8Array }[]} files
 */
async function build(files) {
  // Accepted at upload under the size cap then in force; a lower cap set later does not stop a stored version loading.
  const artifact = readArtifact(
    files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })),
    { maxBytes: 2 ** 31 },
  );
  const mj = artifact.modelJson;
  const wd = artifact.weightData;
  const weightData = wd.byteOffset === 0 && wd.byteLength === wd.buffer.byteLength ? wd.buffer : wd.slice().buffer;
  const handler = tf.io.fromMemory({
    modelTopology: mj.modelTopology,
    weightSpecs: artifact.weightSpecs,
    weightData,
    format: mj.format,
    generatedBy: mj.generatedBy,
    convertedBy: mj.convertedBy,
    signature: mj.signature,
    userDefinedMetadata: mj.userDefinedMetadata,
    modelInitializer: mj.modelInitializer,
  });
  if (artifact.format === 'layers') {
    const model = await tf.loadLayersModel(handler, { strict: true });
    if (model.inputs.length !== 1) throw new Error(`The model has ${model.inputs.length} inputs; one is supported. / 입력이 ${model.inputs.length}개입니다. 하나만 지원합니다.`);
    return {
      model,
      inputShape: shapeOf(model.inputs[0].shape),
      outputShape: shapeOf(model.outputs[0].shape),
      inputDtype: model.inputs[0].dtype ?? 'float32',
      size: weightData.byteLength,
    };
  }
  const model = await tf.loadGraphModel(handler);
  if (model.inputs.length !== 1) throw new Error(`The model has ${model.inputs.length} inputs; one is supported. / 입력이 ${model.inputs.length}개입니다. 하나만 지원합니다.`);
  return {
    model,
    inputShape: shapeOf(model.inputs[0].shape),
    outputShape: shapeOf(model.outputs[0]?.shape),
    inputDtype: model.inputs[0].dtype ?? 'float32',
    size: weightData.byteLength,
  };
}

/**
 * Runs one batch: the inputs (each with a batch dimension of 1 when the model has one) are stacked along axis 0,
 * predicted at once and split again.
 * @param {Loaded} entry @param {TensorJson[]} inputs @returns {TensorJson[]}
 */
function predict(entry, inputs) {
  const first = inputs[0];
  const per = first.data.length;
  const data = first.dtype === 'int32' ? new Int32Array(per * inputs.length) : new Float32Array(per * inputs.length);
  inputs.forEach((x, i) => data.set(x.data, i * per));
  const shape = [first.shape[0] * inputs.length, ...first.shape.slice(1)];
  return tf.tidy(() => {
    const x = tf.tensor(data, shape, first.dtype);
    let y = entry.model.predict(x);
    if (Array.isArray(y)) y = y[0];
    else if (!(y instanceof tf.Tensor) && y && typeof y === 'object') y = Object.values(y)[0];
    const out = /** @type {import('@tensorflow/tfjs').Tensor} */ (y);
    const values = Array.from(out.dataSync());
    const rows = out.shape[0] ?? 1;
    if (inputs.length > 1 && rows !== inputs.length) throw new Error(`The model answered ${rows} rows for a batch of ${inputs.length}.`);
    const n = inputs.length;
    const each = values.length / n;
    const outShape = [rows / n, ...out.shape.slice(1)];
    return inputs.map((_, i) => ({ shape: outShape, dtype: 'float32', data: values.slice(i * each, (i + 1) * each).map((v) => round(v, 6)) }));
  });
}

/** @param {(number | null)[]} shape @param {string} dtype @returns {TensorJson} */
function zeros(shape, dtype) {
  const dims = shape.map((d, i) => (d === null ? (i === 0 ? 1 : 1) : d));
  const n = dims.reduce((a, b) => a * b, 1);
  return { shape: dims, dtype: dtype === 'int32' ? 'int32' : 'float32', data: new Array(n).fill(0) };
}

async function start() {
  const nice = Number(workerData?.nice ?? 0);
  if (nice > 0) {
    try {
      os.setPriority(nice);
    } catch {
      // not permitted here; run at normal priority
    }
  }
  const backend = await initTf(workerData?.backend);

  /**
   * Builds a version from its files and keeps it. Not called yet: its first call (which compiles) is a call like the
   * others, inside the time limit, as the upload's check counted it.
   * @param {string} key @param {{ name: string, bytes: Uint8Array }[]} files @returns {Promise<Loaded>}
   */
  async function load(key, files) {
    const built = await build(files);
    const entry = { model: built.model, bytes: built.size, inputShape: built.inputShape, outputShape: built.outputShape, inputDtype: built.inputDtype };
    while (cache.size && cachedBytes + entry.bytes > CACHE_BYTES) evict(/** @type {string} */ (cache.keys().next().value));
    cache.set(key, entry);
    cachedBytes += entry.bytes;
    return entry;
  }

  /**
   * @param {{ op: 'stats' }
   *   | { op: 'has', key: string }
   *   | { op: 'load', key: string, files: { name: string, bytes: Uint8Array }[] }
   *   | { op: 'run', key: string, inputs: TensorJson[], files?: { name: string, bytes: Uint8Array }[] }
   *   | { op: 'check', key: string, files: { name: string, bytes: Uint8Array }[], timeoutMs: number, runs: number, input?: TensorJson }} task
   */
  return async function run(task) {
    if (task.op === 'stats') {
      return { backend, threadId, tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, cachedBytes, models: [...cache.keys()] };
    }
    if (task.op === 'has') return { has: cache.has(task.key) };
    if (task.op === 'load') {
      if (!hit(task.key)) await load(task.key, task.files);
      return { loaded: true };
    }
    if (task.op === 'check') {
      evict(task.key);
      const t0 = performance.now();
      const built = await build(task.files);
      const loadMs = performance.now() - t0;
      const entry = { model: built.model, bytes: built.size, inputShape: built.inputShape, outputShape: built.outputShape, inputDtype: built.inputDtype };
      const input = task.input ?? zeros(entry.inputShape, entry.inputDtype);
      const warm = zeros(entry.inputShape, entry.inputDtype);
      // The first call compiles and allocates; a model slower than the time limit even then is refused here.
      const t1 = performance.now();
      const warmOut = predict(entry, [warm]);
      const firstMs = performance.now() - t1;
      const base = { loadMs: round(loadMs, 2), inputShape: entry.inputShape, outputShape: entry.outputShape, outputRowShape: warmOut[0].shape, inputDtype: entry.inputDtype, backend };
      if (firstMs > task.timeoutMs) {
        built.model.dispose();
        return { ...base, tooSlowMs: round(firstMs, 1) };
      }
      /** @type {number[]} */
      const times = [];
      // Up to `runs` timed calls, within about one time limit in all (a slow model gets fewer samples, not a long check).
      const budget = Math.max(1000, task.timeoutMs);
      let spent = 0;
      for (let i = 0; i < Math.max(1, task.runs) && (i === 0 || spent < budget); i++) {
        const t = performance.now();
        predict(entry, [warm]);
        const ms = performance.now() - t;
        times.push(ms);
        spent += ms;
      }
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor((times.length - 1) / 2)];
      if (p50 > task.timeoutMs) {
        built.model.dispose();
        return { ...base, p50Ms: round(p50, 3), tooSlowMs: round(p50, 1) };
      }
      const example = task.input ? predict(entry, [input])[0] : null;
      while (cache.size && cachedBytes + entry.bytes > CACHE_BYTES) evict(/** @type {string} */ (cache.keys().next().value));
      cache.set(task.key, entry);
      cachedBytes += entry.bytes;
      return { ...base, p50Ms: round(p50, 3), example };
    }
    let entry = hit(task.key);
    if (!entry) {
      if (!task.files) return { missing: true };
      entry = await load(task.key, task.files);
    }
    const t0 = performance.now();
    const outputs = predict(entry, task.inputs);
    return { outputs, backend, inferenceMs: round(performance.now() - t0, 3) };
  };
}

export default start();
