// The model library's admin API (served at /admin/api/ml/… by contrib/admin/views/api-route.ts, which has already
// checked same-site, signed in and active staff; each endpoint names the permission it needs): list and read models,
// create one, upload a version (the raw bytes of one .zip — the library page packs model.json + shards into one — or
// of a lone model.json), declare the signature and example, change the title, delete. Every upload is hostile data:
// readArtifact/inspectArtifact refuse it with a 4xx naming the problem (Korean / English) before anything is stored.
// Made by a function of what it works on, so tests serve the same declarations on a test database and storage.
import { z } from 'zod';
import { defineEndpoint, Reply, type Endpoint } from '../../../lib/endpoint.mjs';
import { HttpError } from '../../../lib/http-guard.mjs';
import type { Db } from '../../../lib/db';
import { ArtifactError, inspectArtifact, readArtifact } from './artifact.mjs';
import { guessSignature, SignatureSchema } from './signature.mjs';
import * as store from './store';
import { guessOfLatest, libraryItems, modelUsage, readModel, type UploadAnswer, type VersionRow } from './admin-data';
import { modelInfo, versionInfo, type ModelInfo } from './views/types';

export { embedsOf, guessOfLatest, libraryItems, modelUsage, readModel, type ModelUsage, type UploadAnswer } from './admin-data';

export interface MlAdminEndpointOptions {
  db: () => Db;
  /** The signed-in user's id (recorded as the model's creator and a version's uploader). */
  user: () => Promise<{ id: number } | null>;
  /** The caps an upload is checked against (settings().ml.custom: MANIFOLD_ML_CUSTOM_MAX_BYTES, …_MAX_MFLOPS). */
  limits: () => { maxBytes: number; maxFlops: number };
}

export const SLUG_RE = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** A model's slug from the path, or a 400 a person can act on. */
export function slugOf(params: Record<string, string>): string {
  const slug = params.slug ?? '';
  if (!SLUG_RE.test(slug)) throw new HttpError(400, `모델 주소 이름이 올바르지 않습니다 / "${slug.slice(0, 40)}" is not a model slug (a-z, 0-9 and -, 2–40 characters)`);
  return slug;
}

const createInput = z
  .object({
    slug: z.string().regex(SLUG_RE, '주소 이름은 영문 소문자·숫자·하이픈 2–40자입니다 / slug: 2–40 of a-z, 0-9 and -, starting with a letter or digit'),
    title: z.string().trim().min(1, '제목을 넣어 주세요 / title is required').max(200, '제목은 200자까지입니다 / title: at most 200 characters'),
    description: z.string().max(5000, '설명은 5000자까지입니다 / description: at most 5000 characters').default(''),
  })
  .strict();

const changeInput = z
  .object({
    title: z.string().trim().min(1, '제목을 넣어 주세요 / title is required').max(200, '제목은 200자까지입니다 / title: at most 200 characters').optional(),
    description: z.string().max(5000, '설명은 5000자까지입니다 / description: at most 5000 characters').optional(),
  })
  .strict();

// The signature is checked by its own schema inside the handler, so its messages come back by path (422).
const signatureInput = z.object({ signature: z.unknown(), example: z.unknown() }).strict();

/** A store or artifact refusal as an HTTP answer; anything else is the server's fault and rethrown. */
function refusal(err: unknown): never {
  if (err instanceof HttpError) throw err;
  if (err instanceof ArtifactError || (err && typeof err === 'object' && 'status' in err && typeof (err as { status: unknown }).status === 'number')) {
    const status = (err as { status: number }).status;
    if (status >= 400 && status < 500) throw new HttpError(status, (err as Error).message);
  }
  throw err;
}

/** What the client sent: one zip, or one model.json (a graph or layers model whose weights are in no shard is refused by readArtifact). */
export function filesOfUpload(bytes: Buffer, filename: string | null): { name: string; bytes: Uint8Array }[] {
  if (!bytes.length) throw new HttpError(400, '파일이 비어 있습니다 / The upload is empty');
  const isZip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6);
  const base = (filename ?? '').split(/[\\/]/).pop()?.replace(/[^\w.\-]/g, '_').slice(0, 100) ?? '';
  const name = isZip ? (/\.zip$/i.test(base) ? base : 'model.zip') : 'model.json';
  return [{ name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) }];
}

export function mlAdminEndpoints(opts: MlAdminEndpointOptions): Endpoint[] {
  const userOf = async () => {
    const u = await opts.user();
    return u ? { id: u.id } : null;
  };
  const detail = async (slug: string): Promise<ModelInfo> => {
    // A check a restarted server left "checking" for good is settled as unhealthy ("check it again") first.
    await store.settleStaleChecks(opts.db());
    const model = await readModel(opts.db(), slug);
    if (!model) throw new HttpError(404, `“${slug}” 모델이 없습니다 / No model named “${slug}”`);
    const usage = await modelUsage(opts.db(), [slug]);
    return modelInfo({ ...model, usedBy: usage[slug] ?? [], guess: guessOfLatest(model as { versions?: VersionRow[] }) });
  };
  return [
    defineEndpoint({
      method: 'GET',
      path: '/admin/api/ml/models',
      permission: 'ml.view_mlmodel',
      handler: async () => {
        await store.settleStaleChecks(opts.db());
        return { items: await libraryItems(opts.db()) };
      },
    }),
    defineEndpoint({
      method: 'POST',
      path: '/admin/api/ml/models',
      permission: 'ml.add_mlmodel',
      input: createInput,
      handler: async (req) => {
        const db = opts.db();
        if (await readModel(db, req.input.slug)) throw new HttpError(409, `“${req.input.slug}” 주소 이름은 이미 쓰고 있습니다 / The slug “${req.input.slug}” is taken`);
        try {
          await store.createModel(db, req.input, await userOf());
        } catch (err) {
          refusal(err);
        }
        return new Reply(201, await detail(req.input.slug));
      },
    }),
    defineEndpoint({
      method: 'GET',
      path: '/admin/api/ml/models/:slug',
      permission: 'ml.view_mlmodel',
      handler: async (req) => detail(slugOf(req.params)),
    }),
    defineEndpoint({
      method: 'PATCH',
      path: '/admin/api/ml/models/:slug',
      permission: 'ml.change_mlmodel',
      input: changeInput,
      handler: async (req) => {
        const slug = slugOf(req.params);
        await detail(slug);
        await opts.db().mlModel.update({ where: { slug }, data: req.input });
        return detail(slug);
      },
    }),
    defineEndpoint({
      method: 'DELETE',
      path: '/admin/api/ml/models/:slug',
      permission: 'ml.delete_mlmodel',
      handler: async (req) => {
        const slug = slugOf(req.params);
        const model = await detail(slug);
        const published = model.usedBy.filter((u) => !u.draftOnly);
        if (published.length) {
          const titles = published.map((u) => `“${u.title}”`).join(', ');
          return new Reply(409, { error: `이 모델을 쓰는 글이 있어 지울 수 없습니다: ${titles} / This model is embedded in ${titles}; remove it from them first.`, usedBy: published });
        }
        await store.deleteModel(opts.db(), slug);
        return { deleted: true };
      },
    }),
    defineEndpoint({
      method: 'POST',
      path: '/admin/api/ml/models/:slug/versions',
      permission: 'ml.add_mlmodel',
      body: 'bytes',
      // The zip container adds a few hundred bytes per file to the model's own cap.
      bodyLimit: () => opts.limits().maxBytes + 256 * 1024,
      handler: async (req) => {
        const slug = slugOf(req.params);
        await detail(slug);
        const files = filesOfUpload(req.body ?? Buffer.alloc(0), req.query.get('filename'));
        // Checked here first (pure, fast) so a refusal names the problem before anything is stored or loaded.
        let report: unknown;
        try {
          const { maxBytes, maxFlops } = opts.limits();
          report = inspectArtifact(readArtifact(files), { maxBytes, maxFlops });
        } catch (err) {
          refusal(err);
        }
        let version: unknown;
        try {
          version = await store.addVersion(opts.db(), slug, files, await userOf());
        } catch (err) {
          refusal(err);
        }
        const guess = guessSignature(report as Parameters<typeof guessSignature>[0]);
        return new Reply(201, { model: slug, version: version && typeof version === 'object' ? versionInfo(version as Record<string, unknown>) : version, report, guess } satisfies UploadAnswer);
      },
    }),
    defineEndpoint({
      method: 'POST',
      path: '/admin/api/ml/models/:slug/versions/:number/check',
      permission: 'ml.change_mlmodel',
      handler: async (req) => {
        const slug = slugOf(req.params);
        const number = /^[1-9]\d{0,5}$/.test(req.params.number ?? '') ? Number(req.params.number) : NaN;
        if (!Number.isSafeInteger(number)) throw new HttpError(400, `버전 번호가 올바르지 않습니다 / "${String(req.params.number).slice(0, 12)}" is not a version number`);
        try {
          // Loaded, warmed up and timed again (after the storage or the limits changed): the row as checked.
          await store.recheckVersion(opts.db(), slug, number);
        } catch (err) {
          refusal(err);
        }
        return detail(slug);
      },
    }),
    defineEndpoint({
      method: 'PUT',
      path: '/admin/api/ml/models/:slug/signature',
      permission: 'ml.change_mlmodel',
      input: signatureInput,
      bodyLimit: 2 * 1024 * 1024,
      handler: async (req) => {
        const slug = slugOf(req.params);
        await detail(slug);
        const parsed = SignatureSchema.safeParse(req.input.signature);
        if (!parsed.success) {
          const problems = parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.') || '(signature)'}: ${i.message}`);
          return new Reply(422, { error: `시그니처가 올바르지 않습니다 / The signature is not valid: ${problems.slice(0, 5).join('; ')}`, problems });
        }
        try {
          await store.setSignature(opts.db(), slug, parsed.data, req.input.example ?? null);
        } catch (err) {
          refusal(err);
        }
        return detail(slug);
      },
    }),
  ];
}
