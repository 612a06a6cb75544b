// The tfjs model definitions of the demos that have a model (every name in ../contract.mjs's MODEL_NAMES), each
// from its folder's model.mjs. Only the inference worker and `manage train` load them (plain Node and tsx, never a
// bundler), which is why they are looked up by folder here rather than named in the demo definitions: a bundler
// follows every import() it sees, and the browser bundle must never reach tfjs (define-demo.mjs).
import { MODEL_NAMES } from '../contract.mjs';

/** @typedef {import('../models/common.mjs').ModelDefinition} ModelDefinition */

/**
 * @param {readonly string[]} [names] which models (all by default)
 * @returns {Promise<Record<string, ModelDefinition>>}
 */
export async function loadDefinitions(names = MODEL_NAMES) {
  const entries = await Promise.all(
    names.map(async (name) => {
      if (!MODEL_NAMES.includes(name)) throw new Error(`No demo model named "${name}".`);
      const mod = /** @type {{ default: ModelDefinition }} */ (await import(`./${name}/model.mjs`));
      return /** @type {const} */ ([name, mod.default]);
    }),
  );
  return Object.fromEntries(entries);
}
