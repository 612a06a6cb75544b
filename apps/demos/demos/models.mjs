// The "ml.models" provider (server.ts): loads a demo's tfjs model definition (its folder's model.mjs) by name. Only
// the inference worker and `manage train` call it, by path in plain Node and never through a bundler, which is why
// the model is looked up by folder here rather than named in the demo definitions: a bundler follows every import()
// it sees, and the browser bundle must never reach tfjs (manifold/ml/demo says more).
import { DEMOS } from './index.mjs';

const NAMES = new Set(DEMOS.map((d) => d.name));

/** @param {string} name @returns {Promise<import('manifold/ml/models/common').ModelDefinition | undefined>} */
export default async function loadModel(name) {
  if (!NAMES.has(name)) return undefined;
  return /** @type {{ default: import('manifold/ml/models/common').ModelDefinition }} */ (await import(`./${name}/model.mjs`)).default;
}

/**
 * Every named model's definition (all the demos that have a model, the API's MODEL_NAMES, by default): for tests and
 * scripts of this site. The contract is imported here, not at the top, so the worker never loads it.
 * @param {readonly string[]} [names]
 * @returns {Promise<Record<string, import('manifold/ml/models/common').ModelDefinition>>}
 */
export async function loadDefinitions(names) {
  const list = names ?? (await import('manifold/ml/contract')).MODEL_NAMES;
  const entries = await Promise.all(
    list.map(async (name) => {
      const def = await loadModel(name);
      if (!def) throw new Error(`No demo model named "${name}".`);
      return /** @type {const} */ ([name, def]);
    }),
  );
  return Object.fromEntries(entries);
}
