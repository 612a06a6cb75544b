// The inference worker: one piscina thread. It loads every model once (weights read from content/models with fs),
// warms each up, and then runs batches of already-validated inputs. Plain ESM loaded by absolute path at run time,
// because Next bundles server code and this must not be bundled.
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { workerData } from 'piscina';
import { initTf, loadModel, round, tf } from '../models/common.mjs';
import { loadDefinitions } from '../definitions.mjs';
import { serverSetting } from '../../../lib/server/settings.mjs';

const modelsDir = workerData?.modelsDir ?? path.join(process.cwd(), 'content', 'models');

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
  /** @type {Map<string, { runtime: any } | { error: string }>} */
  const models = new Map();
  for (const [name, def] of Object.entries(definitions)) {
    try {
      const runtime = def.load(def.hasWeights ? await loadModel(path.join(modelsDir, name)) : null);
      // The first runs allocate and compile; do them now, not on a reader's request.
      for (let i = 0; i < 2; i++) def.infer(runtime, [def.warmup]);
      models.set(name, { runtime });
    } catch (err) {
      const message = /** @type {NodeJS.ErrnoException} */ (err).code === 'ENOENT' ? `no trained weights in ${path.join(modelsDir, name)}; run \`npm run manage -- train ${name}\`` : String(err);
      models.set(name, { error: `${name} could not be loaded: ${message}` });
    }
  }

  /**
   * @param {{ model: string, inputs: unknown[] } | { stats: true }} task
   */
  return function run(task) {
    if ('stats' in task) {
      return { backend, threadId, tensors: tf.memory().numTensors, bytes: tf.memory().numBytes, models: Object.fromEntries([...models].map(([n, m]) => [n, 'error' in m ? m.error : 'ready'])) };
    }
    const def = definitions[task.model];
    const entry = models.get(task.model);
    if (!def || !entry) throw new Error(`unknown model ${task.model}`);
    if ('error' in entry) throw new Error(entry.error);
    const t0 = performance.now();
    // Serialized here, off the main thread: a string crosses to the main thread in one copy, where a nested array
    // would be cloned number by number and then stringified there.
    const outputs = def.infer(entry.runtime, task.inputs).map((o) => JSON.stringify(o));
    return { outputs, version: def.version, backend, inferenceMs: round(performance.now() - t0, 3) };
  };
}

export default start();
