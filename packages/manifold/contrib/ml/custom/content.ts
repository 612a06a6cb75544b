// The model library as plain files beside the posts, for dumpcontent/loadcontent (a site's writing and the models
// its posts embed live in git together):
//   <dir>/ml-models/<slug>/library.json         { slug, title, description, signature, example }
//   <dir>/ml-models/<slug>/v<n>/version.json    the version's row (format, shapes, status, p50, example output, files)
//   <dir>/ml-models/<slug>/v<n>/<file name>     model.json and its weight shards, as uploaded
// loadcontent reads .md/.mdx only, so these files are never taken for posts. Importing is idempotent: a model is
// matched by slug, a version by number; each file is checked against its recorded SHA-256 and put back in the
// media storage under its key, and a version already there with the same files is left alone.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../lib/db';
import type { MediaStorage } from '../../media/storage';
import { ML_FILE_KEY } from '../../media/storage';
import { readVersionFiles, SLUG, type StoredFile } from './store';

export const MODELS_FOLDER = 'ml-models';
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const VERSION_FIELDS = ['format', 'size', 'params', 'flops', 'inputShape', 'outputShape', 'dtypes', 'status', 'error', 'loadMs', 'p50Ms', 'exampleOutput'] as const;

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

export interface ModelExportReport {
  written: string[];
  models: number;
  versions: number;
}

export async function exportModelLibrary(db: Db, dir: string, storage: MediaStorage): Promise<ModelExportReport> {
  const models = await db.mlModel.findMany({ orderBy: { slug: 'asc' }, include: { versions: { orderBy: { number: 'asc' } } } });
  const report: ModelExportReport = { written: [], models: 0, versions: 0 };
  if (!models.length) return report;
  const root = path.join(dir, MODELS_FOLDER);
  for (const m of models) {
    const folder = path.join(root, m.slug);
    fs.mkdirSync(folder, { recursive: true });
    const lib = { slug: m.slug, title: m.title, description: m.description, signature: m.signature ? JSON.parse(m.signature) : null, example: m.example ? JSON.parse(m.example) : null };
    fs.writeFileSync(path.join(folder, 'library.json'), `${JSON.stringify(lib, null, 2)}\n`);
    report.written.push(path.join(folder, 'library.json'));
    report.models++;
    for (const v of m.versions) {
      const vdir = path.join(folder, `v${v.number}`);
      fs.mkdirSync(vdir, { recursive: true });
      const files = await readVersionFiles(v, storage);
      const stored = JSON.parse(v.files) as StoredFile[];
      files.forEach((f, i) => {
        if (!FILE_NAME.test(f.name)) throw new Error(`${m.slug} v${v.number}: file name ${JSON.stringify(f.name.slice(0, 60))} cannot be written`);
        fs.writeFileSync(path.join(vdir, f.name), f.bytes);
        report.written.push(path.join(vdir, stored[i].name));
      });
      const row: Record<string, unknown> = { number: v.number, files: stored, createdAt: v.createdAt.toISOString() };
      for (const k of VERSION_FIELDS) row[k] = v[k];
      fs.writeFileSync(path.join(vdir, 'version.json'), `${JSON.stringify(row, null, 2)}\n`);
      report.written.push(path.join(vdir, 'version.json'));
      report.versions++;
    }
  }
  return report;
}

export interface ModelImportReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  failed: { file: string; problem: string }[];
}

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

export async function importModelLibrary(db: Db, dir: string, storage: MediaStorage): Promise<ModelImportReport> {
  const report: ModelImportReport = { created: [], updated: [], unchanged: [], failed: [] };
  const root = path.join(dir, MODELS_FOLDER);
  if (!fs.existsSync(root)) return report;
  for (const slug of fs.readdirSync(root).sort()) {
    const folder = path.join(root, slug);
    const libFile = path.join(folder, 'library.json');
    if (!fs.statSync(folder).isDirectory() || !fs.existsSync(libFile)) continue;
    try {
      if (!SLUG.test(slug)) throw new Error('the folder name is not a model slug');
      const lib = readJson(libFile) as { title?: unknown; description?: unknown; signature?: unknown; example?: unknown };
      if (typeof lib.title !== 'string' || !lib.title) throw new Error('library.json needs a title');
      const data = {
        title: lib.title,
        description: typeof lib.description === 'string' ? lib.description : '',
        signature: lib.signature ? JSON.stringify(lib.signature) : '',
        example: lib.example ? JSON.stringify(lib.example) : '',
      };
      // Every version's files are read and checked before anything is written: a damaged one loads nothing.
      const versionDirs = fs.readdirSync(folder).filter((d) => /^v[1-9]\d{0,5}$/.test(d) && fs.existsSync(path.join(folder, d, 'version.json')));
      const versions = versionDirs
        .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
        .map((vd) => {
          const row = readJson(path.join(folder, vd, 'version.json')) as Record<string, unknown> & { number: number; files: StoredFile[] };
          const number = Number(vd.slice(1));
          if (row.number !== number || !Array.isArray(row.files)) throw new Error(`${vd}/version.json does not describe version ${number}`);
          const files = row.files.map((f) => {
            if (!f || typeof f.name !== 'string' || !FILE_NAME.test(f.name) || typeof f.key !== 'string' || !ML_FILE_KEY.test(f.key) || !f.key.startsWith(`ml/${slug}/v${number}/`)) {
              throw new Error(`${vd}/version.json names a file it may not (${JSON.stringify(String(f?.name).slice(0, 60))})`);
            }
            const bytes = fs.readFileSync(path.join(folder, vd, f.name));
            if (sha256(bytes) !== f.sha256) throw new Error(`${vd}/${f.name} does not match its sha256 in version.json`);
            return { name: f.name, key: f.key, size: bytes.length, sha256: f.sha256, bytes };
          });
          return { row, number, files };
        });
      const existing = await db.mlModel.findUnique({ where: { slug } });
      const model = existing ? await db.mlModel.update({ where: { slug }, data }) : await db.mlModel.create({ data: { slug, ...data } });
      let changed = !existing || existing.title !== data.title || existing.description !== data.description || existing.signature !== data.signature || existing.example !== data.example;
      for (const { row, number, files } of versions) {
        const same = await db.mlModelVersion.findUnique({ where: { modelId_number: { modelId: model.id, number } } });
        const stored: StoredFile[] = files.map(({ name, key, size, sha256: digest }) => ({ name, key, size, sha256: digest }));
        for (const f of files) if (!(await storage.exists(f.key))) await storage.put(f.key, Buffer.from(f.bytes), f.key.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        const fields: Record<string, unknown> = {};
        for (const k of VERSION_FIELDS) if (row[k] !== undefined) fields[k] = row[k];
        if (same) {
          if (same.files === JSON.stringify(stored)) continue;
          await db.mlModelVersion.update({ where: { id: same.id }, data: { ...fields, files: JSON.stringify(stored) } as never });
        } else {
          await db.mlModelVersion.create({ data: { ...fields, modelId: model.id, number, files: JSON.stringify(stored) } as never });
        }
        changed = true;
      }
      (existing ? (changed ? report.updated : report.unchanged) : report.created).push(slug);
    } catch (err) {
      report.failed.push({ file: path.join(MODELS_FOLDER, slug), problem: (err as Error).message });
    }
  }
  return report;
}
