// The ml app's side of the API routes under app/api/ml: list and describe the models, and run one on a request.
// The work is done by the shared inference service (runtime/service.mjs: worker threads, batching, time limits).
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { ZodType } from 'zod';
import { HttpError, notFound, readJson } from '../../lib/http';
import { inferenceService, isMlError, type MlError } from './runtime/service.mjs';
import { inputJsonSchema, isModelName, MODEL_NAMES, MODELS, type ModelName } from './schemas';

export { InferenceService, inferenceService } from './runtime/service.mjs';

// ---------------------------------------------------------------------------------------------------------------
// What the thin routes under app/api/ml call.

interface Meta {
  version?: string;
  trainedAt?: string;
  trainingSeconds?: number;
  metrics?: Record<string, unknown>;
}
const metaCache = new Map<ModelName, Meta | null>();

function readMeta(name: ModelName): Meta | null {
  if (!metaCache.has(name)) {
    try {
      metaCache.set(name, JSON.parse(fs.readFileSync(path.join(process.cwd(), 'content', 'models', name, 'meta.json'), 'utf8')) as Meta);
    } catch {
      metaCache.set(name, null);
    }
  }
  return metaCache.get(name)!;
}

function describeModel(name: ModelName) {
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

function modelOrThrow(name: string): ModelName {
  if (!isModelName(name)) throw notFound(`No model named "${name}". The models are: ${MODEL_NAMES.join(', ')}.`);
  return name;
}

/** GET /api/ml */
export async function listModels() {
  return { models: MODEL_NAMES.map(describeModel) };
}

/** GET /api/ml/<model> */
export async function getModel(name: string) {
  return describeModel(modelOrThrow(name));
}

/** POST /api/ml/<model>: validate, run, answer with the output, the model version and the inference time. */
export async function runModelRequest(req: Request, name: string) {
  const model = modelOrThrow(name);
  const input = await readJson(req, MODELS[model].input as ZodType<unknown>, { maxBytes: MODELS[model].maxBytes });
  try {
    const result = await inferenceService().run(model, input);
    return new Response(result.responseJson(model), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  } catch (err) {
    if (isMlError(err)) throw new HttpError((err as MlError).status, (err as MlError).message, (err as MlError).headers);
    throw err;
  }
}
