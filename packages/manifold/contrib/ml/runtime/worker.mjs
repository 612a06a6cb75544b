// The inference worker: one piscina thread. It loads every model once (weights read from the models folder with fs),
// warms each up, follows new versions of their files (runtime/model-versions.mjs), and runs batches of already-
// validated inputs, which come as the requests' own JSON text: one string crosses the thread boundary, where a nested
// array would be structured-cloned number by number on the main thread. Plain ESM loaded by absolute path at run
// time, because Next bundles server code and this must not be bundled.
import os from 'node:os';
import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { initTf, round, tf } from '../models/common.mjs';
import { loadDefinitions, modelsDir as modelsDirOf } from '../definitions.mjs';
import { serverSetting } from '../../../lib/server/settings.mjs';
import { serveModels } from './model-versions.mjs';

const modelsDir = workerData?.modelsDir ?? modelsDirOf();

async function start() {
  // Below the page-serving thread in the scheduler (on Linux this sets the calling thread's nice value): when demos
  // and pages compete for the cores, pages win and the demos take what is left. MANIFOLD_ML_NICE=0 turns it off.
  const nice = serverSetting('MANIFOLD_ML_NICE');
  if (nice > 0) {
    try {
      os.setPriority(nice);
    } catch {
      // not permitted here; run at normal priority
    }
  }
  const backend = await initTf(workerData?.backend);
  // The model names and where their definitions are come from the main thread (service.mjs), which has the registry.
  const definitions = await loadDefinitions(workerData?.models ?? [], workerData?.providers ?? []);
  const models = await serveModels(definitions, modelsDir, { changes: workerData?.modelChanges, names: workerData?.models });

  /**
   * A batch: `json` is a JSON array of the requests' validated bodies (service.mjs joins their texts).
   * @param {{ model: string, json: string } | { stats: true }} task
   * @returns {Record<string, unknown> | Promise<Record<string, unknown>>}
   */
  return function run(task) {
    if ('stats' in task) {
      return { backend, threadId, tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, models: models.status(), versions: models.versions() };
    }
    // A new version of the model's files, noticed by the main thread, is loaded before this batch runs.
    const pending = models.refresh(task.model);
    if (pending) return pending.then(() => run(task));
    const def = definitions[task.model];
    const entry = models.get(task.model);
    if (!def || !entry) throw new Error(`unknown model ${task.model}`);
    if ('error' in entry) throw new Error(entry.error);
    const inputs = JSON.parse(task.json);
    const t0 = performance.now();
    // Serialized here, off the main thread: a string crosses to the main thread in one copy, where a nested array
    // would be cloned number by number and then stringified there. A model with inferJson writes the text straight
    // from its tensors' data (models/json.mjs), the same text at a fraction of JSON.stringify's cost.
    const outputs = def.inferJson ? def.inferJson(entry.runtime, inputs) : def.infer(entry.runtime, inputs).map((o) => JSON.stringify(o));
    return { outputs, version: entry.version, backend, inferenceMs: round(performance.now() - t0, 3) };
  };
}

export default start();
