// The model library's operations on a database and the media storage: create a model, add a version (read and
// inspect the upload as data, store its files under ml/<slug>/v<n>/, then load, warm up and time it in the custom
// lane and record the answer: "ready" with shapes, load time, p50 and the example's output, or "unhealthy" with why),
// declare the signature (checked against the latest version's shapes; recomputes the example's output), list, look
// up, resolve the version a request or an embed talks to, delete. A version that stops answering in time is marked
// unhealthy here too (the lane reports it). Whenever the version a model serves changes, the reader pages are purged.
import crypto from 'node:crypto';
import type { Db } from '../../../lib/db';
import { HttpError } from '../../../lib/http-guard.mjs';
import { logger } from '../../../lib/log.mjs';
import { serverSetting } from '../../../lib/server/settings.mjs';
import { mediaStorage, putAll, type MediaStorage } from '../../media/storage';
import { customModelLane, type CustomModelLane } from '../runtime/custom-lane.mjs';
import { inspectArtifact, readArtifact } from './artifact.mjs';
import { checkSignature, declaredInputShape, fromModelOutput, requestSchema, SignatureSchema, toModelInput } from './signature.mjs';

export const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export type Signature = import('zod').infer<typeof SignatureSchema>;
export type ArtifactFile = { name: string; bytes: Uint8Array };
export type StoredFile = { name: string; key: string; size: number; sha256: string };
export type VersionStatus = 'checking' | 'ready' | 'unhealthy';
export type MlModelRow = Awaited<ReturnType<Db['mlModel']['findUniqueOrThrow']>>;
export type MlVersionRow = Awaited<ReturnType<Db['mlModelVersion']['findUniqueOrThrow']>>;
export type ModelWithVersions = MlModelRow & { versions: MlVersionRow[] };
type TensorJson = { shape: number[]; dtype: 'float32' | 'int32'; data: number[] };

/** A refusal with an HTTP status (400/404/409/413/422/503); the message is Korean then English. */
export class StoreError extends HttpError {}

// ---- dependencies: the site's media storage and the process's lane, or a test's

interface StoreDeps {
  storage: () => MediaStorage;
  lane: () => CustomModelLane;
  /** Clears the reader pages (lib/cache.ts' revalidateContent in the server; a test may count calls). */
  purge: (change: { tags: string[]; paths: string[]; posts: string[] }) => Promise<void>;
}

/** The reader pages' purge of the site (lib/cache.ts: server.mjs's page cache, in this process). */
export async function purgeReaderPages(change: { tags: string[]; paths: string[]; posts: string[] }): Promise<void> {
  const { revalidateContent } = await import('../../../lib/cache');
  await revalidateContent(change);
}

const defaults: StoreDeps = {
  storage: () => mediaStorage(),
  lane: () => customModelLane(),
  purge: purgeReaderPages,
};
let deps: StoreDeps = { ...defaults };

/** Swaps the storage, lane or purge (tests; a site wiring its own). Returns a function that restores the previous ones. */
export function configureModelStore(given: Partial<{ storage: MediaStorage; lane: CustomModelLane; purge: StoreDeps['purge'] }>): () => void {
  const before = deps;
  deps = {
    storage: given.storage ? () => given.storage as MediaStorage : before.storage,
    lane: given.lane ? () => given.lane as CustomModelLane : before.lane,
    purge: given.purge ?? before.purge,
  };
  return () => {
    deps = before;
  };
}

export const modelLimits = () => ({
  maxBytes: serverSetting('MANIFOLD_ML_CUSTOM_MAX_BYTES'),
  maxFlops: serverSetting('MANIFOLD_ML_CUSTOM_MAX_MFLOPS') * 1e6,
  timeoutMs: serverSetting('MANIFOLD_ML_CUSTOM_TIMEOUT_MS'),
});

// ---- helpers

const json = <T>(text: string | null | undefined, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

const versionKey = (slug: string, number: number) => `${slug}@${number}`;
/** What the lane caches a loaded version under: the row id too, so a model deleted and made again under its slug never meets the old one's weights. */
const laneKey = (slug: string, version: { number: number; id: number }) => `${slug}@${version.number}:${version.id}`;

function checkSlug(slug: unknown): string {
  if (typeof slug !== 'string' || !SLUG.test(slug)) {
    throw new StoreError(400, `주소 이름은 영문 소문자·숫자·하이픈 2–40자이고 하이픈으로 시작할 수 없습니다 / A slug is 2–40 lower-case letters, digits and hyphens, not starting with a hyphen: ${JSON.stringify(String(slug).slice(0, 50))}`);
  }
  return slug;
}

async function modelOr404(db: Db, slug: string): Promise<MlModelRow> {
  const model = SLUG.test(slug) ? await db.mlModel.findUnique({ where: { slug } }) : null;
  if (!model) throw new StoreError(404, `“${slug.slice(0, 50)}” 모델이 없습니다 / No model named “${slug.slice(0, 50)}”`);
  return model;
}

/** The report inspectArtifact made, as far as a version's row keeps it (for checkSignature and guesses). */
export function reportOf(v: MlVersionRow) {
  const dtypes = json<{ input?: string; output?: string }>(v.dtypes, {});
  return {
    format: v.format,
    classes: [] as string[],
    params: v.params,
    flops: v.flops,
    inputShape: json<(number | null)[]>(v.inputShape, []),
    outputShape: json<(number | null)[]>(v.outputShape, []),
    inputDtype: dtypes.input ?? 'float32',
    outputDtype: dtypes.output ?? 'float32',
    size: v.size,
  };
}

/** The version a model serves when a post follows the latest: its newest ready one. */
async function servedNumber(db: Db, modelId: number): Promise<number | null> {
  const v = await db.mlModelVersion.findFirst({ where: { modelId, status: 'ready' }, orderBy: { number: 'desc' }, select: { number: true } });
  return v?.number ?? null;
}

/** The published and draft posts whose source embeds <ModelDemo model="slug" …/> (best effort: the blog may be absent). */
async function postsEmbedding(db: Db, slug: string): Promise<string[]> {
  const posts = (db as unknown as { post?: { findMany(a: unknown): Promise<{ slug: string }[]> } }).post;
  if (!posts) return [];
  try {
    const rows = await posts.findMany({ where: { source: { contains: slug }, embeds: { contains: 'ModelDemo' } }, select: { slug: true } });
    return rows.map((r) => r.slug);
  } catch {
    return [];
  }
}

/** Clears the reader pages that embed the model (page cache and Next tags), after what they show changed. */
export async function purgeModelPages(db: Db, slug: string): Promise<void> {
  const posts = await postsEmbedding(db, slug);
  try {
    await deps.purge({ tags: [`ml:model:${slug}`, ...posts.map((p) => `blog:post:${p}`)], paths: [], posts });
  } catch (err) {
    logger.warn('ml model pages not purged', { model: slug, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Runs `work`, then purges the model's pages when the version it serves (or a pinned version's state) changed. */
async function purgingIfServedChanges<T>(db: Db, model: { id: number; slug: string }, work: () => Promise<T>, always = false): Promise<T> {
  const before = await servedNumber(db, model.id);
  const result = await work();
  const after = await servedNumber(db, model.id);
  if (always || before !== after) await purgeModelPages(db, model.slug);
  return result;
}

// ---- files

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

function fileKey(slug: string, number: number, file: ArtifactFile, digest: string): string {
  return `ml/${slug}/v${number}/${digest.slice(0, 16)}.${/\.json$/i.test(file.name) ? 'json' : 'bin'}`;
}

/** A version's stored files are gone or changed: the version cannot load again until they are restored. */
export class VersionFilesError extends Error {}

/** A version's files read back from the storage, each checked against its recorded SHA-256. */
export async function readVersionFiles(version: Pick<MlVersionRow, 'files'>, storage: MediaStorage = deps.storage()): Promise<ArtifactFile[]> {
  const files = json<StoredFile[]>(version.files, []);
  return Promise.all(
    files.map(async (f) => {
      const object = await storage.get(f.key);
      if (!object) throw new VersionFilesError(`The file ${f.name} (${f.key}) is missing from the media storage. / 저장소에 ${f.name} 파일이 없습니다.`);
      if (sha256(object.bytes) !== f.sha256) throw new VersionFilesError(`The file ${f.name} (${f.key}) changed in the media storage. / 저장소의 ${f.name} 파일이 바뀌었습니다.`);
      return { name: f.name, bytes: new Uint8Array(object.bytes.buffer, object.bytes.byteOffset, object.bytes.length) };
    }),
  );
}

// ---- operations

export async function createModel(db: Db, input: { slug: string; title: string; description?: string }, user: { id: number } | null): Promise<MlModelRow> {
  const slug = checkSlug(input.slug);
  const title = String(input.title ?? '').trim();
  if (!title || title.length > 200) throw new StoreError(400, '제목은 1–200자입니다 / A title is 1–200 characters');
  if (await db.mlModel.findUnique({ where: { slug } })) throw new StoreError(409, `“${slug}” 주소 이름은 이미 쓰고 있습니다 / The slug “${slug}” is taken`);
  try {
    return await db.mlModel.create({ data: { slug, title, description: String(input.description ?? '').slice(0, 5000), createdById: user?.id ?? null } });
  } catch (err) {
    if ((err as { code?: string }).code === 'P2002') throw new StoreError(409, `“${slug}” 주소 이름은 이미 쓰고 있습니다 / The slug “${slug}” is taken`);
    throw err;
  }
}

/** The example input of a model as the model takes it (null when there is no signature or no usable example). */
function exampleTensor(model: Pick<MlModelRow, 'signature' | 'example'>, version: Pick<MlVersionRow, 'inputShape' | 'dtypes'>): { signature: Signature; input: TensorJson } | null {
  const signature = parseSignature(model.signature);
  if (!signature) return null;
  const body = model.example ? json<unknown>(model.example, null) : defaultExample(signature);
  const parsed = requestSchema(signature).safeParse(body);
  if (!parsed.success) return null;
  const inputShape = json<(number | null)[]>(version.inputShape, []);
  return { signature, input: withBatch(modelInput(signature, parsed.data, version), inputShape) };
}

/** A validated request body as the version's model takes it (its input's layout and dtype). */
export function modelInput(signature: Signature, body: unknown, version: Pick<MlVersionRow, 'inputShape' | 'dtypes'>): TensorJson {
  const inputShape = json<(number | null)[]>(version.inputShape, []);
  const dtypes = json<{ input?: string }>(version.dtypes, {});
  return toModelInput(signature, body as never, { inputShape, inputDtype: dtypes.input }) as TensorJson;
}

function parseSignature(text: string): Signature | null {
  if (!text) return null;
  const parsed = SignatureSchema.safeParse(json<unknown>(text, null));
  return parsed.success ? parsed.data : null;
}

/** A neutral example when the author gave none: a blank image, every slider at its default, empty text, zeros. */
export function defaultExample(signature: Signature): unknown {
  const input = signature.input as Record<string, unknown> & { kind: string };
  switch (input.kind) {
    case 'image': {
      const { width, height, channels, invert } = input as unknown as { width: number; height: number; channels: number; invert?: boolean };
      // A blank canvas: 0 everywhere as the model sees it (an inverted signature's blank page is 255 before inverting).
      return { pixels: new Array(width * height * channels).fill(invert ? 255 : 0) };
    }
    case 'vector': {
      const fields = input.fields as { name: string; default: number }[];
      return { values: Object.fromEntries(fields.map((f) => [f.name, f.default])) };
    }
    case 'text':
      return { text: '' };
    case 'series': {
      const { length, columns } = input as unknown as { length: number; columns: string[] };
      return { rows: Array.from({ length }, () => new Array(columns.length).fill(0)) };
    }
    default:
      return {};
  }
}

/** Adds the batch dimension the model expects when the signature's tensor has none. */
function withBatch(t: TensorJson, inputShape: (number | null)[]): TensorJson {
  if (inputShape.length && t.shape.length === inputShape.length - 1) return { ...t, shape: [1, ...t.shape] };
  return t;
}

/**
 * Loads, warms up and times a version in the lane and records the outcome. Never throws: what goes wrong is the
 * version's error. Purges the model's pages when this changes the version it serves.
 */
async function check(db: Db, slug: string, versionId: number, files: ArtifactFile[]): Promise<MlVersionRow> {
  const version = await db.mlModelVersion.findUniqueOrThrow({ where: { id: versionId }, include: { model: true } });
  const example = exampleTensor(version.model, version);
  return purgingIfServedChanges(db, version.model, async () => {
    let data: Partial<MlVersionRow>;
    try {
      const res = await deps.lane().check(laneKey(slug, version), files, { input: example?.input });
      if (res.tooSlowMs !== undefined) {
        const limit = modelLimits().timeoutMs;
        data = { status: 'unhealthy', loadMs: res.loadMs, p50Ms: res.p50Ms ?? null, error: `한 번 실행에 ${Math.round(res.tooSlowMs)} ms가 걸려 제한 시간 ${limit} ms를 넘습니다 / One call takes ${Math.round(res.tooSlowMs)} ms, over the time limit of ${limit} ms (MANIFOLD_ML_CUSTOM_TIMEOUT_MS)` };
      } else {
        let exampleOutput = '';
        if (example && res.example) {
          try {
            exampleOutput = JSON.stringify(fromModelOutput(example.signature, res.example));
          } catch (err) {
            logger.warn('ml example output not made', { model: slug, error: String(err) });
          }
        }
        data = {
          status: 'ready',
          error: '',
          loadMs: res.loadMs,
          p50Ms: res.p50Ms ?? null,
          // The shapes tfjs reports once loaded are the authority; the report's guesses stand where it gives none.
          inputShape: res.inputShape.length ? JSON.stringify(res.inputShape) : version.inputShape,
          outputShape: res.outputShape.length ? JSON.stringify(res.outputShape) : version.outputShape,
          exampleOutput,
        };
      }
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/\/[^\s:'"]+/g, '…').slice(0, 400);
      data = { status: 'unhealthy', error: `불러오지 못했습니다 / It failed to load: ${message}` };
    }
    return db.mlModelVersion.update({ where: { id: versionId }, data });
  });
}

/** In-process checks under way, so a caller (a test, the CLI) can wait for one. */
const checks = new Map<string, Promise<MlVersionRow>>();

/** Resolves with the version's row once its check (load, warm-up, p50) is recorded; null when none is running here. */
export function whenChecked(slug: string, number: number): Promise<MlVersionRow> | null {
  return checks.get(versionKey(slug, number)) ?? null;
}

/**
 * A new version from uploaded files: read and inspected as data (ArtifactError 400/413/422 before anything is
 * stored), files put in the media storage, a "checking" row, then the check in the lane. Returns the "checking" row
 * at once (the admin polls); `{ wait: true }` returns the checked row instead.
 */
export async function addVersion(db: Db, slug: string, files: ArtifactFile[], user: { id: number } | null, opts: { wait?: boolean } = {}): Promise<MlVersionRow> {
  void user;
  const model = await modelOr404(db, slug);
  const limits = modelLimits();
  const artifact = readArtifact(files, { maxBytes: limits.maxBytes });
  let report = inspectArtifact(artifact, { maxBytes: limits.maxBytes, maxFlops: limits.maxFlops });
  // With a signature declared, the cost is estimated (and capped) for the input it declares, as the readers send it.
  const declaredSig = parseSignature(model.signature);
  const declared = declaredSig ? declaredInputShape(declaredSig, report.inputShape) : undefined;
  if (declared) report = inspectArtifact(artifact, { maxBytes: limits.maxBytes, maxFlops: limits.maxFlops, inputShape: declared });
  const digests = artifact.files.map((f: ArtifactFile) => sha256(f.bytes));
  let row: MlVersionRow | undefined;
  let stored: StoredFile[] = [];
  for (let attempt = 0; attempt < 5 && !row; attempt++) {
    const last = await db.mlModelVersion.findFirst({ where: { modelId: model.id }, orderBy: { number: 'desc' }, select: { number: true } });
    const number = (last?.number ?? 0) + 1;
    stored = artifact.files.map((f: ArtifactFile, i: number) => ({ name: f.name, key: fileKey(slug, number, f, digests[i]), size: f.bytes.length, sha256: digests[i] }));
    try {
      row = await db.mlModelVersion.create({
        data: {
          modelId: model.id,
          number,
          format: report.format,
          files: JSON.stringify(stored),
          size: report.size,
          params: report.params,
          flops: report.flops,
          inputShape: JSON.stringify(report.inputShape),
          outputShape: JSON.stringify(report.outputShape),
          dtypes: JSON.stringify({ input: report.inputDtype, output: report.outputDtype }),
          status: 'checking',
        },
      });
    } catch (err) {
      // Two uploads at once took the same number: the unique (modelId, number) refused one; it takes the next.
      if ((err as { code?: string }).code !== 'P2002') throw err;
    }
  }
  if (!row) throw new StoreError(409, '다른 업로드와 겹쳤습니다. 다시 시도하세요 / Another upload of this model got in the way; try again');
  try {
    const storage = deps.storage();
    await putAll(
      storage,
      artifact.files.map((f: ArtifactFile, i: number) => ({ key: stored[i].key, bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.length), contentType: /\.json$/.test(stored[i].key) ? 'application/json' : 'application/octet-stream' })),
      '모델 파일 / the model files',
    );
  } catch (err) {
    await db.mlModelVersion.delete({ where: { id: row.id } }).catch(() => {});
    logger.error('ml model files not stored', { model: slug, error: err instanceof Error ? err.message : String(err) });
    // A full disk or an unwritable folder: said as such (putAll's refusal), not as "try again shortly".
    if (err instanceof HttpError) throw new StoreError(err.status, err.message);
    throw new StoreError(503, '모델 파일을 저장하지 못했습니다. 잠시 후 다시 시도하세요 / The media storage did not take the model files; try again shortly', { 'Retry-After': '10' });
  }
  const key = versionKey(slug, row.number);
  const running = check(db, slug, row.id, artifact.files).finally(() => checks.delete(key));
  checks.set(key, running);
  if (opts.wait) return running;
  running.catch((err) => logger.error('ml model check failed', { model: key, error: String(err) }));
  return row;
}

/** Checks a version again (after it was marked unhealthy, or its files were restored): the same as an upload's check. */
export async function recheckVersion(db: Db, slug: string, number: number): Promise<MlVersionRow> {
  const model = await modelOr404(db, slug);
  const version = await db.mlModelVersion.findUnique({ where: { modelId_number: { modelId: model.id, number } } });
  if (!version) throw new StoreError(404, `“${slug}” 모델에 버전 ${number}이(가) 없습니다 / Model “${slug}” has no version ${number}`);
  // Purged when the served version differs at the end from before the check began (the inner check compares from
  // "checking" on, so between them the change is seen once).
  const key = versionKey(slug, number);
  const running = purgingIfServedChanges(db, model, async () => {
    await db.mlModelVersion.update({ where: { id: version.id }, data: { status: 'checking', error: '' } });
    let files: ArtifactFile[];
    try {
      files = await readVersionFiles(version);
    } catch (err) {
      return db.mlModelVersion.update({ where: { id: version.id }, data: { status: 'unhealthy', error: (err as Error).message.slice(0, 400) } });
    }
    return check(db, slug, version.id, files);
  }).finally(() => checks.delete(key));
  checks.set(key, running);
  return running;
}

/** A check older than this that no process here is running was cut short (a restart): its version says so. */
const STALE_CHECK_MS = 10 * 60_000;

/**
 * Versions left "checking" by a server that stopped mid-check become "unhealthy" with what to do, instead of
 * "checking" for ever. Asked whenever the library is read; cheap (one conditional update).
 */
export async function settleStaleChecks(db: Db, now = new Date()): Promise<number> {
  const stale = await db.mlModelVersion.findMany({ where: { status: 'checking', createdAt: { lt: new Date(now.getTime() - STALE_CHECK_MS) } }, include: { model: { select: { slug: true } } } });
  const cut = stale.filter((v) => !checks.has(versionKey(v.model.slug, v.number)));
  if (!cut.length) return 0;
  const { count } = await db.mlModelVersion.updateMany({
    where: { id: { in: cut.map((v) => v.id) }, status: 'checking' },
    data: { status: 'unhealthy', error: '검사가 끝나지 않았습니다(서버 재시작). 다시 검사하세요 / The check did not finish (the server restarted); check it again' },
  });
  return count;
}

/**
 * Declares what the model's input and output are, checked against the latest version's shapes (422 naming each
 * mismatch), with the example input the no-JS figure shows; every ready version's example output is computed again.
 */
export async function setSignature(db: Db, slug: string, signature: unknown, example: unknown): Promise<ModelWithVersions> {
  const model = await modelOr404(db, slug);
  const parsed = SignatureSchema.safeParse(signature);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.') || '(signature)'}: ${i.message}`);
    throw new StoreError(422, `시그니처가 올바르지 않습니다 / The signature is not valid: ${problems.slice(0, 5).join('; ')}`);
  }
  const sig = parsed.data;
  const latest =
    (await db.mlModelVersion.findFirst({ where: { modelId: model.id, status: 'ready' }, orderBy: { number: 'desc' } })) ??
    (await db.mlModelVersion.findFirst({ where: { modelId: model.id }, orderBy: { number: 'desc' } }));
  if (latest) {
    const problems = checkSignature(sig, reportOf(latest));
    if (problems.length) throw new StoreError(422, `시그니처가 모델 v${latest.number}과 맞지 않습니다 / The signature does not fit version ${latest.number}: ${problems.join('; ')}`);
  }
  let exampleText = '';
  if (example !== null && example !== undefined) {
    const ok = requestSchema(sig).safeParse(example);
    if (!ok.success) {
      const problems = ok.error.issues.slice(0, 5).map((i: { path: PropertyKey[]; message: string }) => `${i.path.map(String).join('.') || '(example)'}: ${i.message}`);
      throw new StoreError(422, `예시 입력이 시그니처와 맞지 않습니다 / The example input does not fit the signature: ${problems.join('; ')}`);
    }
    exampleText = JSON.stringify(ok.data);
  }
  const updated = await db.mlModel.update({ where: { id: model.id }, data: { signature: JSON.stringify(sig), example: exampleText } });
  // The example's answer, for every version that can give one (pinned posts show their version's).
  const ready = await db.mlModelVersion.findMany({ where: { modelId: model.id, status: 'ready' } });
  watchLane(db);
  for (const v of ready) {
    const ex = exampleTensor(updated, v);
    let exampleOutput = '';
    if (ex) {
      try {
        const res = await runVersion(v, slug, ex.input);
        exampleOutput = JSON.stringify(fromModelOutput(ex.signature, res.output));
      } catch (err) {
        logger.warn('ml example output not made', { model: versionKey(slug, v.number), error: err instanceof Error ? err.message : String(err) });
      }
    }
    await db.mlModelVersion.update({ where: { id: v.id }, data: { exampleOutput } });
  }
  await purgeModelPages(db, slug);
  return (await getModel(db, slug)) as ModelWithVersions;
}

export async function listModels(db: Db): Promise<ModelWithVersions[]> {
  await settleStaleChecks(db);
  return db.mlModel.findMany({ orderBy: { slug: 'asc' }, include: { versions: { orderBy: { number: 'desc' } } } });
}

export async function getModel(db: Db, slug: string): Promise<ModelWithVersions | null> {
  if (!SLUG.test(slug)) return null;
  await settleStaleChecks(db);
  return db.mlModel.findUnique({ where: { slug }, include: { versions: { orderBy: { number: 'desc' } } } });
}

/**
 * The version a request talks to: the pinned one, or the newest ready one. 404 for no such model or version, 409
 * while it is being checked or has no signature, 503 (with its error) when it is unhealthy.
 */
export async function resolveVersion(db: Db, slug: string, pinned?: number): Promise<{ model: MlModelRow; version: MlVersionRow; signature: Signature | null }> {
  const model = await modelOr404(db, slug);
  let version: MlVersionRow | null;
  if (pinned !== undefined) {
    version = await db.mlModelVersion.findUnique({ where: { modelId_number: { modelId: model.id, number: pinned } } });
    if (!version) throw new StoreError(404, `“${slug}” 모델에 버전 ${pinned}이(가) 없습니다 / Model “${slug}” has no version ${pinned}`);
  } else {
    version =
      (await db.mlModelVersion.findFirst({ where: { modelId: model.id, status: 'ready' }, orderBy: { number: 'desc' } })) ??
      (await db.mlModelVersion.findFirst({ where: { modelId: model.id }, orderBy: { number: 'desc' } }));
    if (!version) throw new StoreError(409, `“${slug}” 모델에 아직 올라온 버전이 없습니다 / Model “${slug}” has no version yet`);
  }
  return { model, version, signature: parseSignature(model.signature) };
}

/** Refuses a version that cannot answer: 409 while checking, 503 with its error when unhealthy. */
export function assertServing(slug: string, version: Pick<MlVersionRow, 'number' | 'status' | 'error'>): void {
  if (version.status === 'checking') throw new StoreError(409, `“${slug}” v${version.number}은(는) 아직 검사 중입니다 / Model “${slug}” version ${version.number} is still being checked; try again shortly`, { 'Retry-After': '2' });
  if (version.status !== 'ready') throw new StoreError(503, `“${slug}” v${version.number}은(는) 지금 응답할 수 없습니다 / Model “${slug}” version ${version.number} is unhealthy: ${version.error || 'it failed its check'}`, { 'Retry-After': '30' });
}

/** Runs one model input (already shaped for the model) on a version in the lane. */
export function runVersion(version: MlVersionRow, slug: string, input: TensorJson) {
  const inputShape = json<(number | null)[]>(version.inputShape, []);
  return deps.lane().run(laneKey(slug, version), withBatch(input, inputShape), {
    files: () => readVersionFiles(version),
    batchable: inputShape.length > 0 && inputShape[0] === null,
    // A batch may cost up to about ten calls of the model, and never more than the FLOP cap's worth.
    maxBatch: Math.max(1, Math.min(32, Math.floor(modelLimits().maxFlops / Math.max(1, version.flops)))),
  });
}

export async function deleteModel(db: Db, slug: string): Promise<void> {
  const model = await modelOr404(db, slug);
  const versions = await db.mlModelVersion.findMany({ where: { modelId: model.id } });
  await db.mlModel.delete({ where: { id: model.id } });
  const storage = deps.storage();
  const keys = versions.flatMap((v) => json<StoredFile[]>(v.files, []).map((f) => f.key));
  // One at a time: a handful of files, and some S3-compatible servers trip over concurrent deletes in one folder.
  for (const k of keys) await storage.delete(k).catch((err) => logger.warn('ml model file not deleted', { key: k, error: String(err) }));
  await purgeModelPages(db, slug);
}

// ---- a version that stops answering in time is unhealthy (reported by the lane)

const watched = new WeakSet<object>();

/**
 * Makes the lane's reports mark versions unhealthy in this database (once per lane): a run past the time limit, files
 * gone or changed in the storage, a model its worker could not load or that took its thread down. A storage that does
 * not answer (a network error) is not the version's fault and marks nothing.
 */
export function watchLane(db: Db, lane: CustomModelLane = deps.lane()): void {
  if (watched.has(lane)) return;
  watched.add(lane);
  const mark = (key: string, message: string) => {
    const m = /^([a-z0-9-]+)@(\d+):(\d+)$/.exec(key);
    if (!m) return;
    const [, slug, number, id] = m;
    void (async () => {
      const model = await db.mlModel.findUnique({ where: { slug } });
      if (!model) return;
      await purgingIfServedChanges(
        db,
        model,
        () => db.mlModelVersion.updateMany({ where: { id: Number(id), modelId: model.id, number: Number(number), status: 'ready' }, data: { status: 'unhealthy', error: message.slice(0, 400) } }),
        true,
      );
    })().catch((err) => logger.error('ml version not marked unhealthy', { model: key, error: String(err) }));
  };
  lane.onRunTimeout(mark);
  lane.onRunFailure((key, err, source) => {
    if (source === 'files' && !(err instanceof VersionFilesError)) return;
    const text = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/\/[^\s:'"]+/g, '…');
    mark(key, source === 'files' ? text : `불러오거나 실행하지 못했습니다 / It failed to load or run: ${text}`);
  });
}
