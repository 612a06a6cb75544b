// What the model library's pages and its admin API read (no store, no lane, no tfjs: the library page's server code
// stays light): a model with its versions, where each model is embedded (posts whose source or draft has
// <ModelDemo model="…">, with the version each pins), and the signature guessed from the newest version's shapes.
import type { Db } from '../../../lib/db';
import { guessSignature } from './signature.mjs';
import { modelInfo, type ModelInfo } from './views/types';

/** Where a model is embedded: the posts whose source or draft has `<ModelDemo model="<slug>" …>`, with the pinned version. */
export interface ModelUsage {
  id: number;
  title: string;
  editUrl: string;
  /** The version the post pins, or null when it follows the latest. */
  version: number | null;
  draftOnly: boolean;
}

const TAG_RE = /<ModelDemo\b([^>]*)>/g;

/** The `<ModelDemo>` tags of a source that name this slug, and the version each pins (null: follows the latest). */
export function embedsOf(source: string, slug: string): (number | null)[] {
  const out: (number | null)[] = [];
  for (const m of source.matchAll(TAG_RE)) {
    const attrs = m[1];
    const model = /\bmodel\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})/.exec(attrs);
    if (!model || (model[1] ?? model[2] ?? model[3]) !== slug) continue;
    const version = /\bversion\s*=\s*(?:\{\s*(\d+)\s*\}|"(\d+)")/.exec(attrs);
    out.push(version ? Number(version[1] ?? version[2]) : null);
  }
  return out;
}

/** The posts that embed each slug (the blog's Post, when the blog is installed). */
export async function modelUsage(db: Db, slugs: string[]): Promise<Record<string, ModelUsage[]>> {
  const used: Record<string, ModelUsage[]> = Object.fromEntries(slugs.map((s) => [s, []]));
  const posts = (db as unknown as { post?: { findMany(args: unknown): Promise<{ id: number; title: string; source: string; draft: string | null }[]> } }).post;
  if (!posts || !slugs.length) return used;
  const rows = await posts.findMany({
    where: { OR: [{ source: { contains: 'ModelDemo' } }, { draft: { contains: 'ModelDemo' } }] },
    select: { id: true, title: true, source: true, draft: true },
    orderBy: { id: 'asc' },
  });
  for (const slug of slugs) {
    for (const p of rows) {
      const inSource = embedsOf(p.source, slug);
      const inDraft = typeof p.draft === 'string' ? embedsOf(p.draft, slug) : [];
      if (!inSource.length && !inDraft.length) continue;
      used[slug].push({ id: p.id, title: p.title, editUrl: `/admin/blog/post/${p.id}/change`, version: (inSource.length ? inSource : inDraft)[0], draftOnly: !inSource.length });
    }
  }
  return used;
}

/** One model with all its versions, straight from the database (reads need nothing of the store's machinery). */
export async function readModel(db: Db, slug: string): Promise<Record<string, unknown> | null> {
  return (await db.mlModel.findUnique({ where: { slug }, include: { versions: true } })) as unknown as Record<string, unknown> | null;
}

/** Every model with its versions (newest first) and where it is embedded: the library page's rows. */
export async function libraryItems(db: Db): Promise<ModelInfo[]> {
  const models = (await db.mlModel.findMany({ include: { versions: true }, orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }] })) as unknown as Record<string, unknown>[];
  const usage = await modelUsage(db, models.map((m) => String(m.slug)));
  return models.map((m) => modelInfo({ ...m, usedBy: usage[String(m.slug)] ?? [] }));
}

/** The report an upload is shown (inspectArtifact's) with the signature guessed from it. */
export interface UploadAnswer {
  model: string;
  version: unknown;
  report: unknown;
  guess: unknown;
}

export type VersionRow = { number: number; format: string; params: number; flops: number; inputShape: string; outputShape: string; dtypes: string; size: number; status: string };

const json = (text: string, fallback: unknown) => {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
};

/** The signature guessed from the newest version that loaded (or is loading), from what its row recorded. */
export function guessOfLatest(model: { versions?: VersionRow[] }): unknown {
  const versions = [...(model.versions ?? [])].sort((a, b) => b.number - a.number);
  const v = versions.find((x) => x.status === 'ready') ?? versions.find((x) => x.status === 'checking');
  if (!v) return null;
  const dtypes = json(v.dtypes, {}) as { input?: string; output?: string };
  try {
    return guessSignature({ format: v.format, classes: [], params: v.params, flops: v.flops, inputShape: json(v.inputShape, []), outputShape: json(v.outputShape, []), inputDtype: dtypes.input ?? 'float32', outputDtype: dtypes.output ?? 'float32', size: v.size } as Parameters<typeof guessSignature>[0]);
  } catch {
    return null;
  }
}

