// What the model library's pages hand their browser halves (plain JSON: dates as ISO strings, JSON columns parsed).
// Browser-safe: no imports of the server's modules.

export type VersionStatus = 'checking' | 'ready' | 'unhealthy';

export interface VersionInfo {
  id: number;
  number: number;
  format: string;
  size: number;
  params: number;
  flops: number;
  inputShape: (number | null)[] | null;
  outputShape: (number | null)[] | null;
  dtypes: { input?: string; output?: string };
  status: VersionStatus | string;
  error: string;
  loadMs: number | null;
  p50Ms: number | null;
  createdAt: string;
}

export interface UsageInfo {
  id: number;
  title: string;
  editUrl: string;
  version: number | null;
  draftOnly: boolean;
}

export interface ModelInfo {
  id: number;
  slug: string;
  title: string;
  description: string;
  /** The declared signature (SignatureSchema), or null before one is declared. */
  signature: Record<string, unknown> | null;
  /** The example input (a request body of POST /api/ml/custom/<slug>), or null. */
  example: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  /** Newest first. */
  versions: VersionInfo[];
  usedBy: UsageInfo[];
  /** The signature guessed from the newest loaded version's shapes (guessSignature), or null. */
  guess: Record<string, unknown> | null;
}

/** inspectArtifact's report, as the upload answer carries it. */
export interface UploadReport {
  format: string;
  classes: string[];
  params: number;
  flops: number;
  inputShape: (number | null)[] | null;
  outputShape: (number | null)[] | null;
  inputDtype: string;
  outputDtype: string;
  size: number;
}

export interface Permissions {
  add: boolean;
  change: boolean;
  delete: boolean;
}

const parse = (text: unknown, fallback: unknown) => {
  if (typeof text !== 'string' || text === '') return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};
const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d ?? ''));
const num = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/** A version row (Prisma's MlModelVersion, or the store's answer) as the pages show it. */
export function versionInfo(v: Record<string, unknown>): VersionInfo {
  return {
    id: Number(v.id),
    number: Number(v.number),
    format: String(v.format ?? ''),
    size: Number(v.size ?? 0),
    params: Number(v.params ?? 0),
    flops: Number(v.flops ?? 0),
    inputShape: (typeof v.inputShape === 'string' ? parse(v.inputShape, null) : (v.inputShape ?? null)) as VersionInfo['inputShape'],
    outputShape: (typeof v.outputShape === 'string' ? parse(v.outputShape, null) : (v.outputShape ?? null)) as VersionInfo['outputShape'],
    dtypes: (typeof v.dtypes === 'string' ? parse(v.dtypes, {}) : (v.dtypes ?? {})) as VersionInfo['dtypes'],
    status: String(v.status ?? ''),
    error: String(v.error ?? ''),
    loadMs: num(v.loadMs),
    p50Ms: num(v.p50Ms),
    createdAt: iso(v.createdAt),
  };
}

/** A model row with its versions (the store's getModel, or the admin API's detail) as the pages show it. */
export function modelInfo(m: Record<string, unknown>): ModelInfo {
  const versions = (Array.isArray(m.versions) ? (m.versions as Record<string, unknown>[]) : []).map(versionInfo).sort((a, b) => b.number - a.number);
  const sig = typeof m.signature === 'string' ? parse(m.signature, null) : (m.signature ?? null);
  const ex = typeof m.example === 'string' ? parse(m.example, null) : (m.example ?? null);
  return {
    id: Number(m.id),
    slug: String(m.slug),
    title: String(m.title ?? ''),
    description: String(m.description ?? ''),
    signature: sig && typeof sig === 'object' ? (sig as Record<string, unknown>) : null,
    example: ex && typeof ex === 'object' ? (ex as Record<string, unknown>) : null,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    versions,
    usedBy: (Array.isArray(m.usedBy) ? m.usedBy : []) as UsageInfo[],
    guess: (m.guess && typeof m.guess === 'object' ? m.guess : null) as Record<string, unknown> | null,
  };
}

/** A model's health in one word: its newest version's status, or "empty" before any upload. */
export function healthOf(m: Pick<ModelInfo, 'versions'>): VersionStatus | 'empty' {
  const newest = m.versions[0];
  if (!newest) return 'empty';
  return (['checking', 'ready', 'unhealthy'].includes(newest.status) ? newest.status : 'unhealthy') as VersionStatus;
}

export function formatBytes(n: number, lang: 'ko' | 'en'): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en' : 'ko', { maximumFractionDigits: 1 });
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${fmt.format(n / 1024)} KB`;
  return `${fmt.format(n / 1024 / 1024)} MB`;
}

/** 1234567 → "1.2 M" (parameters, FLOPs). */
export function formatCount(n: number, lang: 'ko' | 'en'): string {
  const fmt = new Intl.NumberFormat(lang === 'en' ? 'en' : 'ko', { maximumFractionDigits: 1 });
  if (n >= 1e9) return `${fmt.format(n / 1e9)} G`;
  if (n >= 1e6) return `${fmt.format(n / 1e6)} M`;
  if (n >= 1e3) return `${fmt.format(n / 1e3)} K`;
  return fmt.format(n);
}

export const shapeText = (s: (number | null)[] | null | undefined) => (Array.isArray(s) ? `[${s.map((d) => (d === null || d === -1 ? '?' : d)).join(', ')}]` : '—');

export const STATUS_LABEL: Record<string, { ko: string; en: string }> = {
  checking: { ko: '검사 중', en: 'Checking' },
  ready: { ko: '준비됨', en: 'Ready' },
  unhealthy: { ko: '문제 있음', en: 'Unhealthy' },
  empty: { ko: '버전 없음', en: 'No version yet' },
};

/**
 * The Korean strings with the English after them ("주소 이름 / Slug") for labels, buttons and headings — the admin's
 * Korean pages say both, Korean first — while long hints and sentences built by functions stay Korean only.
 */
export function bilingual<K extends Record<string, unknown>>(ko: K, en: { [P in keyof K]: unknown }): K {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ko)) {
    const e = (en as Record<string, unknown>)[k];
    if (typeof v === 'string' && typeof e === 'string' && v.length <= 40 && e !== v) out[k] = `${v} / ${e}`;
    else if (v && typeof v === 'object' && e && typeof e === 'object') out[k] = bilingual(v as Record<string, unknown>, e as Record<string, unknown>);
    else out[k] = v;
  }
  return out as K;
}
