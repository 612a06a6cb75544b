// The API's table of models, built from the demo list (demos/index.mjs): every demo whose contract has an `api`
// (request schema, body limit, batch cost) is a model served at POST /api/ml/<name>. Plain ESM with JSDoc, because
// both the Next route (through schemas.ts) and the fast path in server.mjs (runtime/request.mjs) load it.
import { z } from 'zod';
import provided from '@site/.manifold/provides/ml.demos.mjs';
import { demoList } from './define-demo.mjs';
import { keepsValue } from './input.mjs';

// Every installed app's demo list (each app with demos provides "ml.demos": its demos/index.mjs), checked as one.
export const DEMOS = demoList(/** @type {import('./define-demo.mjs').Demo[][]} */ (provided).flat());

// Top-level await: each contract is its folder's own module, reached through the list's loaders (define-demo.mjs says
// why); once this module has loaded, everything it exports is plain data.
const contracts = await Promise.all(DEMOS.map(async (d) => ({ demo: d, contract: await d.contract() })));

/** @type {Record<string, import('./define-demo.mjs').Api>} */
export const MODELS = Object.fromEntries(contracts.flatMap(({ demo, contract }) => (contract.api ? [[demo.name, contract.api]] : [])));

/** @type {string[]} */
export const MODEL_NAMES = Object.keys(MODELS);

/** @param {string} name @returns {boolean} */
export const isModelName = (name) => Object.hasOwn(MODELS, name);

const RAW_JSON = new Set(MODEL_NAMES.filter((name) => keepsValue(MODELS[name].input)));

/**
 * Whether a request body's JSON text can be sent to the worker as it is, in place of the validated value: true when
 * the model's schema returns what it accepts unchanged (input.mjs' keepsValue), as every demo's does.
 * @param {string} name @returns {boolean}
 */
export const rawJsonInput = (name) => RAW_JSON.has(name);

/**
 * The props schema of every embed, by component name (what the MDX compiler checks a post's literal props against).
 * @type {Record<string, import('zod').ZodType<Record<string, unknown>>>}
 */
export const EMBED_PROPS = Object.fromEntries(contracts.map(({ demo, contract }) => [demo.embed, contract.props]));

/** JSON Schema of a model's request body, for GET /api/ml. */
/** @param {string} name @returns {unknown} */
export function inputJsonSchema(name) {
  return z.toJSONSchema(MODELS[name].input, { unrepresentable: 'any' });
}
