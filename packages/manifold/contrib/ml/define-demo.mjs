// What a demo folder (demos/<name>/) declares, and the check that it declares it right. Plain ESM with JSDoc types:
// the demo list is read by the browser bundle, the Next server, `manage train` and, in plain Node, the fast path in
// server.mjs and the inference worker, so a definition holds only names and loaders. Each loader imports one layer
// of the folder, and only the code that needs that layer calls it: the zod contract (API, fast path, compiler,
// training), the React embed (pages and islands). The tfjs model (demos/<name>/model.mjs) is not in the definition
// at all: a bundler follows every import() it sees, and the browser bundle must never reach tfjs or node:fs; the
// worker and `manage train` load it from the demo's folder (demos/models.mjs).

/**
 * What the API serves for a model.
 * @typedef {object} Api
 * @property {string} title
 * @property {string} description
 * @property {import('zod').ZodType} input the request schema
 * @property {number} maxBytes past which a body is refused with 413 before it is parsed
 * @property {unknown} example an example body, shown by GET /api/ml
 * @property {Record<string, string>} output the output fields, described
 * @property {(input: any) => number} cost how much of a batch one (validated) request takes
 * @property {number} batchBudget the cost one batch may add up to, so a slow model cannot hold up the cheap ones
 */

/**
 * A demo's contract (demos/<name>/contract.mjs).
 * @typedef {object} DemoContract
 * @property {import('zod').ZodType<Record<string, unknown>>} props the props of the MDX embed, checked when a post compiles
 * @property {Api} [api] absent for a demo the browser computes alone (no model, no endpoint)
 */

/**
 * A demo folder's definition (demos/<name>/demo.mjs).
 * @typedef {object} Demo
 * @property {string} name the URL name (/api/ml/<name>), the folder name and content/models/<name>/
 * @property {string} embed the MDX component name, e.g. "DaRnn" for <DaRnn />
 * @property {() => Promise<DemoContract>} contract
 * @property {() => Promise<{ default: import('react').ComponentType<Record<string, unknown>> }>} component the embed
 *   (its static figure; its interactive part is a further lazily loaded chunk)
 */

const NAME = /^[a-z][a-z0-9-]*$/;
const EMBED = /^[A-Z][A-Za-z0-9]*$/;

/**
 * @param {Demo} demo
 * @returns {Demo}
 */
export function defineDemo(demo) {
  if (!NAME.test(demo.name)) throw new Error(`Demo name "${demo.name}" must be lowercase letters, digits and dashes (it is a URL segment and a folder name).`);
  if (!EMBED.test(demo.embed)) throw new Error(`Demo "${demo.name}": embed "${demo.embed}" must be a PascalCase component name.`);
  return Object.freeze({ ...demo });
}

/**
 * The list, checked: names and embeds unique.
 * @param {Demo[]} demos
 * @returns {readonly Demo[]}
 */
export function demoList(demos) {
  for (const key of /** @type {const} */ (['name', 'embed'])) {
    const seen = new Set();
    for (const d of demos) {
      if (seen.has(d[key])) throw new Error(`Two demos share the ${key} "${d[key]}".`);
      seen.add(d[key]);
    }
  }
  return Object.freeze([...demos]);
}
