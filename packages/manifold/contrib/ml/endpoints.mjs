// The ml app's HTTP endpoints, declared once (lib/endpoint.mjs): GET /api/ml lists the demo models, GET
// /api/ml/<model> describes one, POST /api/ml/<model> runs it. All are fast: server.mjs answers them before Next's
// router (about 0.1 ms of main thread per request instead of ~1 ms, which keeps pages fast while readers play with
// the demos); the route files under app/api/ml serve the same declarations on every other host. Plain ESM with JSDoc,
// because server.mjs loads it without a TypeScript loader.
import fs from 'node:fs';
import path from 'node:path';
import { defineEndpoint, Reply } from '../../lib/endpoint.mjs';
import { clip, HttpError } from '../../lib/http-guard.mjs';
import { inputJsonSchema, isModelName, MODEL_NAMES, MODELS } from './contract.mjs';
import { mlRateLimit } from './runtime/request.mjs';
import { inferenceService } from './runtime/service.mjs';

/** @typedef {keyof typeof MODELS} ModelName */
/** @typedef {{ version?: string, trainedAt?: string, trainingSeconds?: number, metrics?: Record<string, unknown> }} Meta */

/** @type {Map<ModelName, Meta | null>} */
const metaCache = new Map();

/** The training record next to the weights, once per process; null for a model not trained yet. @param {ModelName} name */
function readMeta(name) {
  if (!metaCache.has(name)) {
    try {
      metaCache.set(name, JSON.parse(fs.readFileSync(path.join(process.cwd(), 'content', 'models', name, 'meta.json'), 'utf8')));
    } catch {
      metaCache.set(name, null);
    }
  }
  return metaCache.get(name) ?? null;
}

/** @param {ModelName} name */
function describeModel(name) {
  const spec = MODELS[name];
  const meta = readMeta(name);
  return {
    name,
    endpoint: `/api/ml/${name}`,
    title: spec.title,
    description: spec.description,
    version: meta?.version ?? null,
    trainedAt: meta?.trainedAt ?? null,
    metrics: meta?.metrics ?? {},
    input: inputJsonSchema(name),
    output: spec.output,
    example: spec.example,
    limits: { maxBytes: spec.maxBytes },
  };
}

/** @param {string} name */
const noSuchModel = (name) => new HttpError(404, `No model named ${JSON.stringify(clip(name, 40))}. The models are: ${MODEL_NAMES.join(', ')}.`);

/** GET /api/ml's answer. */
export async function listModels() {
  return { models: MODEL_NAMES.map(describeModel) };
}

/** GET /api/ml/<model>'s answer; 404 for a name that is not a model. @param {string} name */
export async function getModel(name) {
  if (!isModelName(name)) throw noSuchModel(name);
  return describeModel(name);
}

/** @param {ModelName} model */
const runEndpoint = (model) =>
  defineEndpoint({
    method: 'POST',
    path: `/api/ml/${model}`,
    input: /** @type {import('zod').ZodType<unknown>} */ (MODELS[model].input),
    bodyLimit: MODELS[model].maxBytes,
    rateLimit: mlRateLimit,
    fast: true,
    // The pool's refusals (503 with Retry-After: busy, over the time limit, a worker down) are HttpErrors; the
    // output comes back as JSON text from the worker and is passed on without parsing it again.
    handler: async ({ input }) => new Reply(200, undefined, { jsonText: (await inferenceService().run(model, input)).responseJson(model) }),
  });

export const mlEndpoints = [
  defineEndpoint({ method: 'GET', path: '/api/ml', fast: true, handler: () => listModels() }),
  defineEndpoint({ method: 'GET', path: '/api/ml/:model', fast: true, handler: ({ params }) => getModel(params.model) }),
  ...MODEL_NAMES.map(runEndpoint),
  // Any other name: counted against the client's budget like a real call (so a script cannot probe for free), then
  // 404 with the list of models, before the body is looked at.
  defineEndpoint({
    method: 'POST',
    path: '/api/ml/:model',
    rateLimit: mlRateLimit,
    fast: true,
    handler: ({ params }) => {
      throw noSuchModel(params.model);
    },
  }),
];
