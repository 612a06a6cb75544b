// Shared by byo-model.spec.ts and byo-hostile.spec.ts (bring your own model): the real tfjs test models written to
// data/byo-models/ by byo-seed.ts (the ml app's own makers; cached between runs), and the model library's admin API
// (/admin/api/ml/*) driven with a superuser's session, as the library page drives it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { seed, USERS } from './admin-support';

export const MODELS_DIR = path.join(process.cwd(), 'data', 'byo-models');

export function byoSeed(cmd: object): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'byo-seed.ts'), JSON.stringify(cmd)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: String(test.info().project.metadata.databaseUrl) },
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`byo-seed failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

export type ModelName = 'dense' | 'digits' | 'text' | 'custom' | 'slow' | 'slow-lite' | 'truncated';

/** Makes (or finds) the test models' files; the zip of each is <MODELS_DIR>/<name>.zip. */
export function ensureModels(only?: ModelName[]): Record<string, string[]> {
  return byoSeed({ models: { dir: MODELS_DIR, only } }).models as Record<string, string[]>;
}

/** A model's files as one deflated .zip (as an author might make it by hand). */
export const zipOf = (name: ModelName) => fs.readFileSync(path.join(MODELS_DIR, `${name}.zip`));
/** The same files packed store-only, as the library page packs what an author picks or drops. */
export const pageZipOf = (name: ModelName) => fs.readFileSync(path.join(MODELS_DIR, `${name}.store.zip`));
export const filesOf = (name: ModelName) =>
  (JSON.parse(fs.readFileSync(path.join(MODELS_DIR, name, 'files.json'), 'utf8')) as string[]).map((f) => path.join(MODELS_DIR, name, f));

/** A request context signed in as the e2e superuser (a database session made by the accounts app's own functions). */
export async function adminApi(): Promise<APIRequestContext & { cookie: string }> {
  const { cookie } = seed({ session: USERS.admin.email });
  const header = `next-auth.session-token=${String(cookie)}`;
  const baseURL = test.info().project.use.baseURL;
  return Object.assign(await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: header } }), { cookie: header });
}

export interface VersionInfo {
  number: number;
  status: 'checking' | 'ready' | 'unhealthy';
  error: string;
  p50Ms: number | null;
  loadMs: number | null;
}

export async function createModel(api: APIRequestContext, slug: string, title: string) {
  const res = await api.post('/admin/api/ml/models', { data: { slug, title, description: '' } });
  expect(res.status(), await res.text()).toBe(201);
}

/** Uploads one zip (as the library page sends it) as a new version of `slug`. */
export function uploadZip(api: APIRequestContext, slug: string, bytes: Buffer, filename = 'model.zip') {
  return api.post(`/admin/api/ml/models/${slug}/versions?filename=${encodeURIComponent(filename)}`, { data: bytes, headers: { 'content-type': 'application/zip' }, timeout: 120_000 });
}

export async function modelDetail(api: APIRequestContext, slug: string): Promise<{ versions: VersionInfo[]; signature: string; example: string } & Record<string, unknown>> {
  const res = await api.get(`/admin/api/ml/models/${slug}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { versions: VersionInfo[]; signature: string; example: string };
}

/** The newest version once it is no longer "checking" (load, warm-up and p50 run in the worker lane). */
export async function settled(api: APIRequestContext, slug: string, timeout = 120_000): Promise<VersionInfo> {
  let latest: VersionInfo | undefined;
  await expect
    .poll(
      async () => {
        const versions = (await modelDetail(api, slug)).versions ?? [];
        latest = [...versions].sort((a, b) => b.number - a.number)[0];
        return latest?.status ?? 'none';
      },
      { timeout, intervals: [250, 500, 1000] },
    )
    .toMatch(/^(ready|unhealthy)$/);
  return latest!;
}

export async function setSignature(api: APIRequestContext, slug: string, signature: object, example: object) {
  // Saving it runs the model once on the example (its saved answer): a slow model takes its time.
  const res = await api.put(`/admin/api/ml/models/${slug}/signature`, { data: { signature, example }, timeout: 120_000 });
  expect(res.status(), await res.text()).toBe(200);
}

/** The 8×8 CNN's signature as the e2e declares it in the form: a canvas, 0..255 → 0..1, the ten digits. */
export const DIGITS_SIGNATURE = {
  input: { kind: 'image', width: 8, height: 8, channels: 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' },
  output: { kind: 'classes', labels: ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'], topK: 3 },
} as const;

/** A digit drawn as the generated training digits are (white strokes on black), as 8×8 pixels 0..255. */
export function digitPixels(rows: string[]): number[] {
  return rows.flatMap((r) => [...r.padEnd(8, '.')].slice(0, 8).map((c) => (c === '#' ? 255 : 0)));
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * A second production server on the same build, with settings of its own (e.g. a raised cost cap), on a fresh SQLite
 * database with a superuser session: for what the shared e2e server's defaults rightly refuse at the door.
 */
export async function ownServer(port: number, settings: Record<string, string>) {
  const dir = path.join(process.cwd(), 'data', `e2e-byo-${port}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'own.db')}`, MEDIA_ROOT: path.join(dir, 'media'), HOST: '127.0.0.1', MANIFOLD_LOG_LEVEL: 'warn', ...settings };
  const { prepareDatabase, startNext } = await import('manifold/testing/serve');
  prepareDatabase(env);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'admin-seed.ts'), JSON.stringify({ users: [USERS.admin], session: USERS.admin.email })], { cwd: process.cwd(), env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`admin-seed failed: ${r.stderr}`);
  const cookie = `next-auth.session-token=${String((JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { cookie: string }).cookie)}`;
  const child = startNext(port, env, { stdio: ['ignore', 'ignore', 'inherit'] });
  const baseURL = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) break;
    } catch {}
    if (i > 600 || child.exitCode !== null) throw new Error('the second server did not start');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const api = Object.assign(await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { cookie } }), { cookie });
  const reader = await playwrightRequest.newContext({ baseURL });
  return {
    baseURL,
    api,
    reader,
    pid: child.pid ?? 0,
    async stop() {
      await api.dispose();
      await reader.dispose();
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
