// The ml app's HTTP endpoints, declared once (lib/endpoint.mjs): GET /api/ml lists the demo models, GET
// /api/ml/<model> describes one, POST /api/ml/<model> runs it. All are fast: server.mjs answers them before Next's
// router (about 0.1 ms of main thread per request instead of ~1 ms, which keeps pages fast while readers play with
// the demos); the route files under app/api/ml serve the same declarations on every other host. Plain ESM with JSDoc,
// because server.mjs loads it without a TypeScript loader.
import fs from 'node:fs';
import path from 'node:path';
import { defineEndpoint, Reply } from '../../lib/endpoint.mjs';
import { clip, HttpError } from '../../lib/http-guard.mjs';
import { inputJsonSchema, isModelName, MODEL_NAMES, MODELS, rawJsonInput } from './contract.mjs';
import { compileAccepts } from './input.mjs';
import { modelsDir } from './definitions.mjs';
import { mlRateLimit } from './runtime/request.mjs';
import { inferenceService } from './runtime/service.mjs';

/** @typedef {keyof typeof MODELS} ModelName */
/** @typedef {{ version?: string, trainedAt?: string, trainingSeconds?: number, metrics?: Record<string, unknown> }} Meta */

/** @type {Map<ModelName, { mtimeMs: number, meta: Meta | null }>} */
const metaCache = new Map();

/**
 * The training record next to the weights; null for a model not trained yet. Read again when the file changed, so
 * GET /api/ml shows a retrained model's version (the workers pick up its weights without a restart).
 * @param {ModelName} name
 */
function readMeta(name) {
  const file = path.join(modelsDir(), name, 'meta.json');
  let mtimeMs = -1;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    // not trained yet
  }
  const cached = metaCache.get(name);
  if (cached?.mtimeMs === mtimeMs) return cached.meta;
  /** @type {Meta | null} */
  let meta = null;
  try {
    if (mtimeMs >= 0) meta = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    meta = null;
  }
  metaCache.set(name, { mtimeMs, meta });
  return meta;
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
const runEndpoint = (model) => {
  const raw = rawJsonInput(model);
  return defineEndpoint({
    method: 'POST',
    path: `/api/ml/${model}`,
    input: /** @type {import('zod').ZodType<unknown>} */ (MODELS[model].input),
    // The schema's rules compiled to plain checks (input.mjs): a valid body skips zod's parse (~35–55 µs of this
    // thread for the autoencoder's 64 points); anything else is zod's to refuse, with zod's message.
    accepts: compileAccepts(MODELS[model].input) ?? undefined,
    bodyLimit: MODELS[model].maxBytes,
    rateLimit: mlRateLimit,
    fast: true,
    // The pool's refusals (503 with Retry-After: busy, over the time limit, a worker down) are HttpErrors. The body's
    // own text goes to the worker (its schema changes nothing it accepts), and the output comes back as JSON text
    // from the worker and is passed on without parsing it again: no value is copied or serialized on this thread.
    handler: async ({ input, text }) => new Reply(200, undefined, { jsonText: (await inferenceService().run(model, input, { text: raw ? text : undefined })).responseJson(model) }),
  });
};

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
