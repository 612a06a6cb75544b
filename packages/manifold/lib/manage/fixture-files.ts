// The files a fixture's rows point at, carried in the fixture itself so a site moves whole: dumpdata appends one
// `{"model": "storage.file", "pk": "<storage key>", "fields": {"sha256", "size", "base64"}}` record per file that a
// dumped row names in a storage (an uploaded image and its variants, a model library version's model.json and
// shards); loaddata takes those records out before the rows are loaded and, once the rows are in, puts each file back
// (its SHA-256 checked, its key checked by the storage's strict key patterns). Which rows name which files, and where
// they live, each app says in its server manifest's fixtureFiles (lib/app.ts): the framework knows no app.
import crypto from 'node:crypto';
import type { FixtureFiles } from '../app';
import { MEDIA_CONTENT_TYPES } from '../mdx/images';
import type { FixtureRecord } from './fixtures';

export const STORAGE_FILE_LABEL = 'storage.file';

export type StorageLike = ReturnType<FixtureFiles['storage']>;

/** The installed apps' fixtureFiles (from the registry), in installedApps order. */
export async function installedFixtureFiles(): Promise<FixtureFiles[]> {
  const { serverApps } = await import('@site/.manifold/registry.server');
  const out: FixtureFiles[] = [];
  for (const { server } of serverApps) if (server.fixtureFiles) out.push((await server.fixtureFiles()).default);
  return out;
}

/** Whether any of the records is a row that names files. */
export const namesFiles = (records: FixtureRecord[], apps: FixtureFiles[]) => records.some((r) => apps.some((a) => a.keys[r.model]));

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/**
 * The storage.file records for the files the given rows name (each key once), and the keys their storage lacks.
 */
export async function fileRecords(records: FixtureRecord[], apps: FixtureFiles[]): Promise<{ records: FixtureRecord[]; missing: string[] }> {
  const wanted = new Map<string, FixtureFiles>();
  for (const r of records) for (const app of apps) for (const k of app.keys[r.model]?.(r.fields) ?? []) if (!wanted.has(k)) wanted.set(k, app);
  const out: FixtureRecord[] = [];
  const missing: string[] = [];
  for (const key of [...wanted.keys()].sort()) {
    let object: { bytes: Buffer } | null = null;
    try {
      object = await wanted.get(key)!.storage().get(key);
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

/** The app that owns each carried file's key; refuses (FixtureFileError) a key no installed app owns. */
export function ownersOf(files: CarriedFile[], apps: FixtureFiles[]): FixtureFiles[] {
  return files.map((f) => {
    const owner = apps.find((a) => a.owns(f.key));
    if (!owner) throw new FixtureFileError(`${STORAGE_FILE_LABEL} ${JSON.stringify(f.key.slice(0, 100))} is not a file of any installed app`);
    return owner;
  });
}

/**
 * Puts the carried files into the storage of the app that owns each key; one already there with the same bytes is
 * left alone. A key no installed app owns is refused (nothing is written for it). Returns how many were written.
 */
export async function putFiles(files: CarriedFile[], apps: FixtureFiles[]): Promise<number> {
  const owners = ownersOf(files, apps);
  let written = 0;
  for (const [i, f] of files.entries()) {
    const storage = owners[i]!.storage();
    const existing = await storage.get(f.key).catch(() => null);
    if (existing && existing.bytes.equals(f.bytes)) continue;
    // The storage refuses a key that is not one of its own patterns (no `..`, no absolute path).
    const ext = f.key.slice(f.key.lastIndexOf('.') + 1);
    await storage.put(f.key, f.bytes, MEDIA_CONTENT_TYPES[ext] ?? (ext === 'json' ? 'application/json' : 'application/octet-stream'));
    written++;
  }
  return written;
}
