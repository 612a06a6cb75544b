// Where the ml app's code and its demos' tfjs model definitions are on disk, from the generated registry
// (.manifold/registry.json). The inference worker and `manage train` load model definitions by path in plain Node,
// never through a bundler: a bundler follows every import it sees, and the browser bundle must never reach tfjs.
// Each installed app that has demos provides "ml.models": a module whose default export loads one demo's definition
// by name (undefined when that app has no such demo).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverSetting } from '../../lib/server/settings.mjs';

/** @typedef {import('./models/common.mjs').ModelDefinition} ModelDefinition */
/** @typedef {(name: string) => Promise<ModelDefinition | undefined>} ModelProvider */

/** @param {string} root @returns {{ provides?: Record<string, string[]>, appDirs?: Record<string, string> }} */
function registryJson(root) {
  const file = path.join(root, '.manifold', 'registry.json');
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist; run \`npm run manage -- sync\``);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The ml app's folder (wherever the package that ships it is installed). @param {string} root */
export function mlAppDir(root) {
  const dir = registryJson(root).appDirs?.ml;
  if (!dir) throw new Error('The ml app is not installed (add it to installedApps in site.config.ts)');
  return path.join(root, dir);
}

/** The absolute paths of the installed apps' "ml.models" providers. @param {string} root */
export function modelProviderFiles(root) {
  return (registryJson(root).provides?.['ml.models'] ?? []).map((rel) => path.join(root, rel));
}

/**
 * The definitions of the named models, each from the first provider that has it.
 * @param {readonly string[]} names
 * @param {readonly string[]} files the providers' absolute paths (modelProviderFiles)
 * @returns {Promise<Record<string, ModelDefinition>>}
 */
export async function loadDefinitions(names, files) {
  /** @type {ModelProvider[]} */
  const providers = await Promise.all(files.map(async (f) => (await import(/* webpackIgnore: true */ /* @vite-ignore */ pathToFileURL(f).href)).default));
  /** @type {Record<string, ModelDefinition>} */
  const out = {};
  for (const name of names) {
    let def;
    for (const load of providers) if ((def = await load(name))) break;
    if (!def) throw new Error(`No installed app provides the model "${name}".`);
    out[name] = def;
  }
  return out;
}

/**
 * The folder of the demo models' trained files: MANIFOLD_ML_MODELS_DIR (absolute, or relative to the project), by
 * default <root>/content/models.
 * @param {string} [root]
 */
export function modelsDir(root = process.cwd()) {
  return path.resolve(root, serverSetting('MANIFOLD_ML_MODELS_DIR'));
}
