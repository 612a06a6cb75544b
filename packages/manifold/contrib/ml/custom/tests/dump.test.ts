// A site moves whole with its model library: dumpdata's rows plus the storage.file records of the files they name,
// loaded into another database (SQLite → PostgreSQL and back) with the files put into another storage, serve the
// same answers there; a damaged file record refuses the fixture; dumpcontent/loadcontent's ml-models/ folder carries
// the same library through plain files, idempotently.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresProblem, type TestDatabase } from '../../../../testing/databases';
import { createDb, type Db } from '../../../../lib/db';
import { dumpData, loadData } from '../../../../lib/manage/fixtures';
import { fileRecords, installedFixtureFiles, putFiles, STORAGE_FILE_LABEL, takeFiles, FixtureFileError } from '../../../../lib/manage/fixture-files';
import mediaFixtureFiles from '../../../media/fixture-files';
import mlFixtureFiles from '../fixture-files';
import { localStorage, type MediaStorage } from '../../../media/storage';
import { CustomModelLane } from '../../runtime/custom-lane.mjs';
import { exportModelLibrary, importModelLibrary } from '../content';
import * as store from '../store';
import { manage } from '../../../../lib/manage/tests/support';
import { denseClassifier } from './make-models';

const WORKER = path.resolve(__dirname, '../../runtime/custom-worker.mjs');
const VECTOR = {
  input: { kind: 'vector', fields: [{ name: 'x', label: 'x', min: -3, max: 3, step: 0.1, default: 0 }, { name: 'y', label: 'y', min: -3, max: 3, step: 0.1, default: 0 }] },
  output: { kind: 'classes', labels: ['a', 'b', 'c'] },
};

/** The two apps' fixtureFiles as the registry gives them, their files kept in `storage`. */
const appsOn = (storage: MediaStorage) => [mediaFixtureFiles, mlFixtureFiles].map((a) => ({ ...a, storage: () => storage }));

let lane: CustomModelLane;
const dbs: TestDatabase[] = [];
const clients: Db[] = [];
const dirs: string[] = [];

const tmp = (name: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), name));
  dirs.push(d);
  return d;
};
async function database(provider: 'sqlite' | 'postgresql') {
  const t = await createTestDatabase(provider);
  dbs.push(t);
  const db = createDb(t.target);
  clients.push(db);
  return db;
}

/** The answer of a model's served version to one input, through the store and the lane. */
async function answer(db: Db, slug: string, storage: MediaStorage) {
  const restore = store.configureModelStore({ storage, lane, purge: async () => {} });
  try {
    const { version } = await store.resolveVersion(db, slug);
    store.assertServing(slug, version);
    // A fresh key per call site: the lane must read this storage's files, not a thread's cached copy.
    const res = await store.runVersion({ ...version, number: version.number }, `${slug}`, { shape: [1, 2], dtype: 'float32', data: [0.5, -1] });
    return res.output.data;
  } finally {
    restore();
  }
}

let source: Db;
let sourceUrl: string;
let sourceRoot: string;
let sourceStorage: MediaStorage;
let expected: number[];

beforeAll(async () => {
  lane = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
  source = await database('sqlite');
  sourceUrl = dbs[0].url;
  sourceRoot = tmp('ml-dump-src-');
  sourceStorage = localStorage(sourceRoot);
  const restore = store.configureModelStore({ storage: sourceStorage, lane, purge: async () => {} });
  try {
    await store.createModel(source, { slug: 'points', title: '점 / Points' }, null);
    await store.addVersion(source, 'points', await denseClassifier(), null, { wait: true });
    await store.setSignature(source, 'points', VECTOR, { values: { x: 1, y: 0 } });
  } finally {
    restore();
  }
  expected = await answer(source, 'points', sourceStorage);
}, 300_000);

afterAll(async () => {
  await lane?.close();
  for (const c of clients) await c.$disconnect();
  for (const t of dbs) await t.drop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('dumpdata / loaddata carry the model library', () => {
  it('finds both apps\' files through the registry (their server manifests\' fixtureFiles)', async () => {
    const apps = await installedFixtureFiles();
    expect(apps.flatMap((a) => Object.keys(a.keys)).sort()).toEqual(['media.media', 'ml.mlmodelversion']);
    expect(apps.filter((a) => a.owns('ml/points/v1/0123456789abcdef.bin')).length).toBe(1);
    expect(apps.filter((a) => a.owns('2026/12/0123456789abcdef.640x480.jpg')).length).toBe(1);
  });

  it('dumps the rows and their files, and another site (PostgreSQL, another storage) answers the same', async () => {
    const { records } = await dumpData(source, { only: ['ml'] });
    expect(records.map((r) => r.model).sort()).toEqual(['ml.mlmodel', 'ml.mlmodelversion']);
    const files = await fileRecords(records, appsOn(sourceStorage));
    expect(files.missing).toEqual([]);
    const version = records.find((r) => r.model === 'ml.mlmodelversion')!;
    expect(files.records.map((r) => r.pk).sort()).toEqual((JSON.parse(version.fields.files as string) as { key: string }[]).map((f) => f.key).sort());
    expect(files.records.every((r) => r.model === STORAGE_FILE_LABEL)).toBe(true);
    // Through JSON text, as the file on disk.
    const fixture = JSON.parse(JSON.stringify([...records, ...files.records])) as unknown[];

    const target = (await postgresProblem()) ? await database('sqlite') : await database('postgresql');
    const targetStorage = localStorage(tmp('ml-dump-dst-'));
    const carried = takeFiles(fixture);
    expect(carried.files.length).toBe(files.records.length);
    await loadData(target as never, carried.rows);
    expect(await putFiles(carried.files, appsOn(targetStorage))).toBe(carried.files.length);
    expect(await putFiles(carried.files, appsOn(targetStorage))).toBe(0);

    const moved = await target.mlModel.findUniqueOrThrow({ where: { slug: 'points' }, include: { versions: true } });
    expect(moved.title).toBe('점 / Points');
    expect(JSON.parse(moved.signature)).toEqual(VECTOR);
    expect(moved.versions.map((v) => v.status)).toEqual(['ready']);
    // A fresh lane (no cached copy): the version is read from the target's storage and answers the same.
    const fresh = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
    const old = lane;
    lane = fresh;
    try {
      expect(await answer(target, 'points', targetStorage)).toEqual(expected);
    } finally {
      lane = old;
      await fresh.close();
    }
  });

  it('carries the media library\'s uploads (original and variants) the same way', async () => {
    const from = localStorage(tmp('media-dump-src-'));
    const to = localStorage(tmp('media-dump-dst-'));
    const key = '2026/12/0123456789abcdef.640x480.jpg';
    const variant = '2026/12/0123456789abcdef.480x360.webp';
    await from.put(key, Buffer.from([0xff, 0xd8, 0xff, 1, 2, 3]), 'image/jpeg');
    await from.put(variant, Buffer.from('RIFF-webp'), 'image/webp');
    const rows = [{ model: 'media.media', pk: 1, fields: { key, variants: JSON.stringify([{ key: variant, width: 480, height: 360, format: 'webp', size: 9 }]) } }];
    const files = await fileRecords(rows, appsOn(from));
    expect(files.records.map((r) => r.pk).sort()).toEqual([key, variant].sort());
    const carried = takeFiles(JSON.parse(JSON.stringify([...rows, ...files.records])));
    expect(carried.rows).toEqual(rows);
    await putFiles(carried.files, appsOn(to));
    expect((await to.get(key))!.bytes).toEqual((await from.get(key))!.bytes);
    expect((await to.get(variant))!.bytes).toEqual((await from.get(variant))!.bytes);
    // A row naming a file the storage lacks is reported, not invented.
    expect((await fileRecords([{ model: 'media.media', pk: 2, fields: { key: '2026/12/fedcba9876543210.10x10.png', variants: '[]' } }], appsOn(from))).missing).toEqual(['2026/12/fedcba9876543210.10x10.png']);
  });

  it('refuses a fixture whose file does not match its sha256', async () => {
    const { records } = await dumpData(source, { only: ['ml'] });
    const files = await fileRecords(records, appsOn(sourceStorage));
    const damaged = files.records.map((r, i) => (i === 0 ? { ...r, fields: { ...r.fields, base64: Buffer.from('evil').toString('base64') } } : r));
    expect(() => takeFiles([...records, ...damaged])).toThrow(FixtureFileError);
    // A key that is not a storage key is refused by the storage itself.
    const traversal = { key: '../../etc/passwd', bytes: Buffer.from('x') };
    await expect(putFiles([traversal], appsOn(localStorage(tmp('ml-dump-bad-'))))).rejects.toThrow(/not a file of any installed app/);
    // And a storage never takes a key outside its patterns, whoever asks.
    await expect(localStorage(tmp('ml-dump-bad-')).put('ml/../../x.bin', Buffer.from('x'), 'application/octet-stream')).rejects.toThrow(/not a media key/);
  });
});

describe('dumpcontent / loadcontent carry the model library', () => {
  it('writes ml-models/ with the files, and reads it back idempotently into another database and storage', async () => {
    const dir = tmp('ml-content-');
    const report = await exportModelLibrary(source, dir, sourceStorage);
    expect(report).toMatchObject({ models: 1, versions: 1 });
    expect(fs.readdirSync(path.join(dir, 'ml-models', 'points', 'v1')).sort()).toEqual(expect.arrayContaining(['model.json', 'version.json']));
    const lib = JSON.parse(fs.readFileSync(path.join(dir, 'ml-models', 'points', 'library.json'), 'utf8'));
    expect(lib).toMatchObject({ slug: 'points', title: '점 / Points', signature: VECTOR, example: { values: { x: 1, y: 0 } } });

    const target = await database('sqlite');
    const targetStorage = localStorage(tmp('ml-content-dst-'));
    expect(await importModelLibrary(target, dir, targetStorage)).toMatchObject({ created: ['points'], failed: [] });
    expect(await importModelLibrary(target, dir, targetStorage)).toMatchObject({ created: [], updated: [], unchanged: ['points'], failed: [] });
    const fresh = new CustomModelLane({ threads: 1, workerFile: WORKER, timeoutMs: 20_000 });
    const old = lane;
    lane = fresh;
    try {
      expect(await answer(target, 'points', targetStorage)).toEqual(expected);
    } finally {
      lane = old;
      await fresh.close();
    }

    // A tampered shard is named and skipped, nothing of it loaded.
    const v1 = path.join(dir, 'ml-models', 'points', 'v1');
    const shard = fs.readdirSync(v1).find((f) => f.endsWith('.bin'))!;
    fs.appendFileSync(path.join(v1, shard), 'x');
    const third = await database('sqlite');
    const bad = await importModelLibrary(third, dir, localStorage(tmp('ml-content-bad-')));
    expect(bad.failed[0].problem).toMatch(/sha256/);
    expect(await third.mlModel.count()).toBe(0);
  });
});

describe('the commands', () => {
  const listFiles = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

  it('manage dumpdata writes the files into the fixture and manage loaddata puts them into the other site\'s media storage', async () => {
    const out = path.join(tmp('ml-dump-cmd-'), 'site.json');
    const dumped = await manage(['dumpdata', 'ml', '-o', out], { env: { DATABASE_URL: sourceUrl, MEDIA_ROOT: sourceRoot } });
    expect(dumped.stderr).toBe('');
    expect(dumped.code).toBe(0);
    expect(dumped.stdout).toMatch(/storage\.file: \d+/);
    await database('sqlite');
    const target = dbs.at(-1)!;
    const targetRoot = tmp('ml-dump-cmd-dst-');
    const loaded = await manage(['loaddata', out], { env: { DATABASE_URL: target.url, MEDIA_ROOT: targetRoot } });
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/Put \d+ file\(s\) in the media storage/);
    expect(listFiles(targetRoot)).toEqual(listFiles(sourceRoot));
    // --no-files leaves them out.
    const bare = await manage(['dumpdata', 'ml', '--no-files'], { env: { DATABASE_URL: sourceUrl, MEDIA_ROOT: sourceRoot } });
    expect(JSON.parse(bare.stdout).map((r: { model: string }) => r.model).sort()).toEqual(['ml.mlmodel', 'ml.mlmodelversion']);
  }, 120_000);

  it('manage dumpcontent and loadcontent carry the library in ml-models/', async () => {
    const dir = tmp('ml-content-cmd-');
    const dumped = await manage(['dumpcontent', dir], { env: { DATABASE_URL: sourceUrl, MEDIA_ROOT: sourceRoot } });
    expect(dumped.code).toBe(0);
    expect(dumped.stdout).toMatch(/Dumped 1 model\(s\) of the model library/);
    await database('sqlite');
    const target = dbs.at(-1)!;
    const targetRoot = tmp('ml-content-cmd-dst-');
    const loaded = await manage(['loadcontent', dir], { env: { DATABASE_URL: target.url, MEDIA_ROOT: targetRoot } });
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toMatch(/created {4}ml-models\/points/);
    expect(listFiles(targetRoot)).toEqual(listFiles(sourceRoot));
  }, 120_000);
});
