// The media library's operations, on a database and a storage given to them (the site's, or a test's): upload (check,
// convert, store, record; the same picture twice is one Media), list and search, change the alt text, delete (refused
// while a post uses the file, naming the posts). "Used where" comes from the other apps through the registry's
// extension point media.usage, so this app imports no other.
import type { Db } from '../../lib/db';
import { HttpError } from '../../lib/http-guard.mjs';
import { mediaKeyFromUrl, mediaUrl, parseMediaKey } from '../../lib/mdx/images';
import type { UploadedMedia } from '../blog/editor/types';
import { processImage } from './process';
import { putAll, type MediaStorage } from './storage';

export interface UsedBy {
  id: number | string;
  title: string;
  editUrl: string;
}

/** What an app provides under media.usage: which of its objects name each content hash (…/<hash>.<W>x<H>.<ext>). */
export interface MediaUsageFinder {
  app: string;
  find(db: unknown, hashes: string[]): Promise<Record<string, UsedBy[]>>;
}

export interface MediaDeps {
  db: Db;
  storage: MediaStorage;
  usage: readonly MediaUsageFinder[];
  provider: 'sqlite' | 'postgresql';
}

export interface MediaVariant {
  key: string;
  width: number;
  height: number;
  format: string;
  size: number;
}

/** One file as the library shows it. */
export interface MediaItem {
  id: number;
  url: string;
  /** The smallest variant (or the original when it has none), for the grid. */
  thumbUrl: string;
  filename: string;
  alt: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  createdAt: string;
  variants: MediaVariant[];
  usedBy: UsedBy[];
  markdown: string;
}

type MediaRow = Awaited<ReturnType<Db['media']['findUniqueOrThrow']>>;

const MAX_FILENAME = 200;
const MAX_ALT = 1000;

/** A name from outside, made safe to show and search: its last path part, no control characters, clipped. */
export function cleanFilename(raw: string | null | undefined): string {
  const base = String(raw ?? '').replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop()!.trim();
  return base.slice(0, MAX_FILENAME) || 'image';
}

export function cleanAlt(raw: string | null | undefined): string {
  return String(raw ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_ALT);
}

/** Markdown image syntax: brackets and backslashes in the alt are escaped so the text cannot end the image early. */
export function markdownFor(alt: string, url: string): string {
  return `![${alt.replace(/[\\[\]]/g, (c) => `\\${c}`)}](${url})`;
}

function variantsOf(row: MediaRow): MediaVariant[] {
  try {
    const parsed = JSON.parse(row.variants) as MediaVariant[];
    return Array.isArray(parsed) ? parsed.filter((v) => v && typeof v.key === 'string' && parseMediaKey(v.key)) : [];
  } catch {
    return [];
  }
}

export function toUploaded(row: MediaRow): UploadedMedia {
  const url = mediaUrl(row.key);
  return { id: row.id, url, width: row.width, height: row.height, alt: row.alt, markdown: markdownFor(row.alt, url) };
}

function toItem(row: MediaRow, usedBy: UsedBy[]): MediaItem {
  const variants = variantsOf(row);
  const url = mediaUrl(row.key);
  return {
    id: row.id,
    url,
    thumbUrl: variants.length ? mediaUrl(variants[0].key) : url,
    filename: row.filename,
    alt: row.alt,
    mime: row.mime,
    size: row.size,
    width: row.width,
    height: row.height,
    createdAt: row.createdAt.toISOString(),
    variants,
    usedBy,
    markdown: markdownFor(row.alt, url),
  };
}

const hashOf = (row: MediaRow) => parseMediaKey(row.key)?.hash ?? '';

/** Which objects use each row, asked of every installed app that provides media.usage. */
export async function usageOf(deps: MediaDeps, rows: MediaRow[]): Promise<Map<number, UsedBy[]>> {
  const hashes = [...new Set(rows.map(hashOf).filter(Boolean))];
  const found = await Promise.all(deps.usage.map((f) => (hashes.length ? f.find(deps.db, hashes) : Promise.resolve({} as Record<string, UsedBy[]>))));
  return new Map(rows.map((r) => [r.id, found.flatMap((byHash) => byHash[hashOf(r)] ?? [])]));
}

/**
 * Stores an upload and records it. The same picture (same stored bytes) gives back the existing Media, with the alt
 * text filled in when it had none. Refusals are HttpErrors (415 not an image, 413 too many pixels, 422 damaged).
 */
export async function uploadMedia(deps: MediaDeps, bytes: Buffer, opts: { filename?: string | null; alt?: string | null; userId?: number | null; now?: Date }): Promise<{ media: UploadedMedia; created: boolean }> {
  const processed = await processImage(bytes, opts.now);
  const alt = cleanAlt(opts.alt);
  const existing = await deps.db.media.findFirst({ where: { sha256: processed.sha256 }, orderBy: { id: 'asc' } });
  if (existing) {
    const row = !existing.alt && alt ? await deps.db.media.update({ where: { id: existing.id }, data: { alt } }) : existing;
    // The row may outlive a file removed by hand; put the files back (same keys: same bytes).
    if (!(await deps.storage.exists(row.key))) await storeFiles(deps, processed, row.key);
    return { media: toUploaded(row), created: false };
  }
  await storeFiles(deps, processed, processed.original.key);
  const variants: MediaVariant[] = processed.variants.map((v) => ({ key: v.key, width: v.width, height: v.height, format: 'webp', size: v.bytes.length }));
  try {
    const row = await deps.db.media.create({
      data: {
        key: processed.original.key,
        filename: cleanFilename(opts.filename),
        mime: processed.original.mime,
        size: processed.original.bytes.length,
        width: processed.original.width,
        height: processed.original.height,
        alt,
        sha256: processed.sha256,
        variants: JSON.stringify(variants),
        uploadedById: opts.userId ?? null,
      },
    });
    return { media: toUploaded(row), created: true };
  } catch (err) {
    // Two uploads of the same new picture at once: the key is unique, the loser answers with the winner's row.
    const row = await deps.db.media.findUnique({ where: { key: processed.original.key } });
    if (row) return { media: toUploaded(row), created: false };
    throw err;
  }
}

async function storeFiles(deps: MediaDeps, processed: Awaited<ReturnType<typeof processImage>>, originalKey: string) {
  // All the files or none; a full disk or a read-only folder is refused saying so (storage.ts putAll).
  await putAll(
    deps.storage,
    [
      { key: originalKey, bytes: processed.original.bytes, contentType: processed.original.mime },
      ...processed.variants.map((v) => ({ key: v.key.replace(/^\d{4}\/\d{2}\//, originalKey.slice(0, 8)), bytes: v.bytes, contentType: v.mime })),
    ],
    '그림 / the picture',
  );
}

export const PAGE_SIZE = 24;

/** A page of the library, newest first; `q` matches the filename or the alt text (case-insensitive). */
export async function listMedia(deps: MediaDeps, opts: { q?: string | null; page?: number }): Promise<{ items: MediaItem[]; total: number; page: number; pages: number; q: string }> {
  const q = (opts.q ?? '').trim().slice(0, 200);
  const mode = deps.provider === 'postgresql' ? ({ mode: 'insensitive' } as const) : {};
  const words = q.split(/\s+/).filter(Boolean).slice(0, 8);
  const where = words.length ? { AND: words.map((w) => ({ OR: [{ filename: { contains: w, ...mode } }, { alt: { contains: w, ...mode } }] })) } : {};
  const total = await deps.db.media.count({ where });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pages);
  const rows = await deps.db.media.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE });
  const usage = await usageOf(deps, rows);
  return { items: rows.map((r) => toItem(r, usage.get(r.id) ?? [])), total, page, pages, q };
}

async function rowOr404(deps: MediaDeps, id: number): Promise<MediaRow> {
  const row = Number.isSafeInteger(id) && id > 0 ? await deps.db.media.findUnique({ where: { id } }) : null;
  if (!row) throw new HttpError(404, `미디어 ${id}번이 없습니다 / There is no media with id ${id}`);
  return row;
}

export async function getMedia(deps: MediaDeps, id: number): Promise<MediaItem> {
  const row = await rowOr404(deps, id);
  return toItem(row, (await usageOf(deps, [row])).get(row.id) ?? []);
}

export async function updateMediaAlt(deps: MediaDeps, id: number, alt: string): Promise<MediaItem> {
  await rowOr404(deps, id);
  const row = await deps.db.media.update({ where: { id }, data: { alt: cleanAlt(alt) } });
  return toItem(row, (await usageOf(deps, [row])).get(row.id) ?? []);
}

/** Deletes the file and its variants, or answers with the objects that still use it (nothing is deleted then). */
export async function deleteMedia(deps: MediaDeps, id: number): Promise<{ deleted: true } | { deleted: false; usedBy: UsedBy[] }> {
  const row = await rowOr404(deps, id);
  const usedBy = (await usageOf(deps, [row])).get(row.id) ?? [];
  if (usedBy.length) return { deleted: false, usedBy };
  await deps.db.media.delete({ where: { id } });
  // Keys are unique and content-addressed, so no other row shares these files.
  // A row whose key is not a media key (edited behind the library's back) has no files the storage may name.
  await Promise.all([row.key, ...variantsOf(row).map((v) => v.key)].filter((k) => parseMediaKey(k)).map((k) => deps.storage.delete(k)));
  return { deleted: true };
}

/** The media key of a URL a post uses, if it is one of ours (for other apps' usage finders and tests). */
export const mediaHashOfUrl = (url: string) => mediaKeyFromUrl(url)?.hash ?? null;
