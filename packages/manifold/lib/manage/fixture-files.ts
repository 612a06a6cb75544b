// The files a fixture's rows point at, carried in the fixture itself so a site moves whole: dumpdata appends one
// `{"model": "storage.file", "pk": "<storage key>", "fields": {"sha256", "size", "base64"}}` record per file that a
// dumped row names in the media storage (an uploaded image and its variants, a model library version's model.json
// and shards); loaddata takes those records out before the rows are loaded and, once the rows are in, puts each file
// back (its SHA-256 checked, its key checked by the storage's strict key patterns). Which fields name files is data
// here (a model label and a function of its fields), so no app's code is imported by the framework.
import crypto from 'node:crypto';
import { MEDIA_CONTENT_TYPES } from '../mdx/images';
import type { FixtureRecord } from './fixtures';

export const STORAGE_FILE_LABEL = 'storage.file';

export interface StorageLike {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<{ bytes: Buffer } | null>;
  exists(key: string): Promise<boolean>;
}

const parse = (text: unknown): unknown => {
  if (typeof text !== 'string' || !text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const keysOf = (list: unknown): string[] => (Array.isArray(list) ? list.map((x) => (x && typeof x === 'object' ? (x as { key?: unknown }).key : null)).filter((k): k is string => typeof k === 'string') : []);

/** Per model label: the storage keys a row's fields name. */
export const FILE_FIELDS: Readonly<Record<string, (fields: Record<string, unknown>) => string[]>> = {
  // contrib/media: the original (key) and its resized variants ([{ key, … }]).
  'media.media': (f) => [...(typeof f.key === 'string' ? [f.key] : []), ...keysOf(parse(f.variants))],
  // contrib/ml's model library: a version's files ([{ name, key, size, sha256 }]).
  'ml.mlmodelversion': (f) => keysOf(parse(f.files)),
};

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * The storage.file records for the files the given rows name (each key once), and the keys the storage lacks.
 */
export async function fileRecords(records: FixtureRecord[], storage: StorageLike): Promise<{ records: FixtureRecord[]; missing: string[] }> {
  const keys = new Set<string>();
  for (const r of records) for (const k of FILE_FIELDS[r.model]?.(r.fields) ?? []) keys.add(k);
  const out: FixtureRecord[] = [];
  const missing: string[] = [];
  for (const key of [...keys].sort()) {
    let object: { bytes: Buffer } | null = null;
    try {
      object = await storage.get(key);
    } catch {
      object = null;
    }
    if (!object) {
      missing.push(key);
      continue;
    }
    out.push({ model: STORAGE_FILE_LABEL, pk: key, fields: { sha256: sha256(object.bytes), size: object.bytes.length, base64: object.bytes.toString('base64') } });
  }
  return { records: out, missing };
}

export class FixtureFileError extends Error {}

export interface CarriedFile {
  key: string;
  bytes: Buffer;
}

/** Splits a fixture into its rows and its files (each checked against its SHA-256 and size). */
export function takeFiles(raw: unknown[]): { rows: unknown[]; files: CarriedFile[] } {
  const rows: unknown[] = [];
  const files: CarriedFile[] = [];
  raw.forEach((r, i) => {
    if (!r || typeof r !== 'object' || (r as { model?: unknown }).model !== STORAGE_FILE_LABEL) {
      rows.push(r);
      return;
    }
    const { pk, fields } = r as { pk?: unknown; fields?: Record<string, unknown> };
    if (typeof pk !== 'string' || !fields || typeof fields.base64 !== 'string' || typeof fields.sha256 !== 'string') {
      throw new FixtureFileError(`record ${i + 1} (${STORAGE_FILE_LABEL}) needs a key as pk and fields base64 and sha256`);
    }
    const bytes = Buffer.from(fields.base64, 'base64');
    if (sha256(bytes) !== fields.sha256.toLowerCase() || (typeof fields.size === 'number' && fields.size !== bytes.length)) {
      throw new FixtureFileError(`record ${i + 1} (${STORAGE_FILE_LABEL} ${pk.slice(0, 100)}): the contents do not match their sha256; the fixture is damaged`);
    }
    files.push({ key: pk, bytes });
  });
  return { rows, files };
}

/** Puts the carried files into the storage; one already there with the same bytes is left alone. Returns how many were written. */
export async function putFiles(files: CarriedFile[], storage: StorageLike): Promise<number> {
  let written = 0;
  for (const f of files) {
    const existing = await storage.get(f.key).catch(() => null);
    if (existing && existing.bytes.equals(f.bytes)) continue;
    // The storage refuses a key that is not one of its own patterns (no `..`, no absolute path).
    const ext = f.key.slice(f.key.lastIndexOf('.') + 1);
    await storage.put(f.key, f.bytes, MEDIA_CONTENT_TYPES[ext] ?? (ext === 'json' ? 'application/json' : 'application/octet-stream'));
    written++;
  }
  return written;
}
