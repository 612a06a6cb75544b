// The model library's public API (lib/endpoint.mjs declarations): GET /api/ml/custom/<slug> describes a model (title,
// signature without the text vocabulary, the version it serves, status, shapes, limits) and POST runs it, optionally
// on a pinned version (?version=N): the body is checked against the model's own signature (requestSchema: shape,
// range, length → 422), shaped for the model (toModelInput), run in the custom lane (per-model concurrency 1, queue
// share, time limit: 503) and answered through fromModelOutput. Rate-limited with the demos' bucket (429).
// Not fast: these need the database and the media storage (Prisma and TypeScript), which server.mjs cannot load, so
// the site's app/api/ml/custom/[slug]/route.ts serves them through Next (about 1 ms of main thread per call; the
// inference itself is off the main thread either way).
import { z } from 'zod';
import type { Db } from '../../../lib/db';
import { defineEndpoint, Reply, type Endpoint } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import { mlRateLimit } from '../runtime/request.mjs';
import { fromModelOutput, requestSchema } from './signature.mjs';
import { assertServing, modelInput, modelLimits, resolveVersion, runVersion, watchLane, type Signature } from './store';

/** What a POST body may weigh: a 256×256×3 image as JSON numbers fits. */
export const CUSTOM_BODY_LIMIT = 2 * 1024 * 1024;

const json = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** The signature as a client needs it: the text input's vocabulary stays on the server, which tokenizes. */
function publicSignature(sig: Signature | null): unknown {
  if (!sig) return null;
  const input = sig.input as Record<string, unknown>;
  if (input.kind !== 'text') return sig;
  const { vocabulary: _v, ...rest } = input;
  return { ...sig, input: rest };
}

function pinnedOf(query: URLSearchParams): number | undefined {
  const raw = query.get('version');
  if (raw === null || raw === '') return undefined;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new HttpError(400, `version은 1 이상의 정수입니다 / version must be a whole number from 1: ${JSON.stringify(raw.slice(0, 20))}`);
  return Number(raw);
}

export interface CustomEndpointOptions {
  db: () => Db;
}

export function customModelEndpoints(opts: CustomEndpointOptions): Endpoint[] {
  const db = () => {
    const d = opts.db();
    // A version that runs past the time limit or fails to load in the lane is marked unhealthy in this database
    // (once per lane: watchLane remembers the lanes it watches).
    watchLane(d);
    return d;
  };
  return [
    defineEndpoint({
      method: 'GET',
      path: '/api/ml/custom/:slug',
      handler: async ({ params, query }) => {
        const { model, version, signature } = await resolveVersion(db(), params.slug, pinnedOf(query));
        const limits = modelLimits();
        return new Reply(
          200,
          {
            model: model.slug,
            endpoint: `/api/ml/custom/${model.slug}`,
            title: model.title,
            description: model.description,
            signature: publicSignature(signature),
            version: version.number,
            status: version.status,
            error: version.error || undefined,
            format: version.format,
            inputShape: json(version.inputShape, []),
            outputShape: json(version.outputShape, []),
            dtypes: json(version.dtypes, {}),
            params: version.params,
            flops: version.flops,
            p50Ms: version.p50Ms,
            example: json(model.example, null),
            exampleOutput: json(version.exampleOutput, null),
            limits: { maxBodyBytes: CUSTOM_BODY_LIMIT, timeoutMs: limits.timeoutMs },
          },
          { headers: { 'cache-control': 'no-store' } },
        );
      },
    }),
    defineEndpoint({
      method: 'POST',
      path: '/api/ml/custom/:slug',
      // Any JSON: the model's own signature decides what is valid, once the model is known.
      input: z.unknown(),
      bodyLimit: CUSTOM_BODY_LIMIT,
      rateLimit: mlRateLimit,
      handler: async ({ params, query, input }) => {
        const { model, version, signature } = await resolveVersion(db(), params.slug, pinnedOf(query));
        assertServing(model.slug, version);
        if (!signature) throw new HttpError(409, `“${model.slug}” 모델은 아직 입력·출력 형식(시그니처)이 정해지지 않았습니다 / Model “${model.slug}” has no signature declared yet`);
        const parsed = requestSchema(signature).safeParse(input);
        if (!parsed.success) {
          const problems = parsed.error.issues.slice(0, 5).map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`);
          throw new HttpError(422, `입력이 이 모델의 형식과 맞지 않습니다 / The input does not fit this model: ${problems.join('; ')}`);
        }
        let tensor;
        try {
          tensor = modelInput(signature, parsed.data, version);
        } catch (err) {
          throw new HttpError(422, `입력을 모델에 맞게 바꾸지 못했습니다 / The input could not be shaped for this model: ${(err as Error).message.slice(0, 200)}`);
        }
        const res = await runVersion(version, model.slug, tensor);
        return new Reply(200, { model: model.slug, version: version.number, output: fromModelOutput(signature, res.output), inferenceMs: res.inferenceMs }, { headers: { 'cache-control': 'no-store' } });
      },
    }),
  ];
}

/** The route file's endpoints, on the site's database. */
export async function siteCustomModelEndpoints(): Promise<Endpoint[]> {
  const { db } = await import('../../../lib/db');
  return customModelEndpoints({ db: () => db });
}
