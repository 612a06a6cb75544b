// The ml app's side of the API routes under app/api/ml: list and describe the models, and run one on a request.
// The work is done by the shared inference service (runtime/service.mjs: worker threads, batching, time limits).
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { clip, HttpError, notFound, readBodyText } from '../../lib/http';
import { checkMlRequest } from './runtime/request.mjs';
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
  if (!isModelName(name)) throw notFound(`No model named ${JSON.stringify(clip(name, 40))}. The models are: ${MODEL_NAMES.join(', ')}.`);
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

/**
 * POST /api/ml/<model>: check (runtime/request.mjs, shared with the fast path), run, answer with the output, the
 * model version and the inference time. The model name is taken from the raw URL, not Next's decoded params, so both
 * adapters decode it with the same code and refuse the same malformed paths.
 */
export async function runModelRequest(req: Request) {
  const segment = /\/api\/ml\/([^/]*)\/?$/.exec(new URL(req.url).pathname)?.[1] ?? '';
  const { model, input } = await checkMlRequest({
    segment,
    contentType: req.headers.get('content-type'),
    contentLength: req.headers.get('content-length'),
    peer: undefined,
    forwardedFor: req.headers.get('x-forwarded-for'),
    readBody: (maxBytes) => readBodyText(req, maxBytes),
  });
  try {
    const result = await inferenceService().run(model, input);
    return new Response(result.responseJson(model), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  } catch (err) {
    if (isMlError(err)) throw new HttpError((err as MlError).status, (err as MlError).message, (err as MlError).headers);
    throw err;
  }
}
