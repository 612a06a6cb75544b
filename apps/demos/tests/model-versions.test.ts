// Models are data: a worker's models (manifold/ml/runtime/model-versions) follow new versions of their files, told by
// the main thread's watcher (model-watch). Real tfjs, real files in a temporary folder, the autoencoder's tiny
// configuration (never the committed weights): a new version is swapped in before the next batch; every kind of
// corrupt file is refused with one line naming the model and the file, and the version being served keeps answering,
// the same as before.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { initTf, loadModel, saveModel, tf } from 'manifold/ml/models/common';
import { ServedModels } from 'manifold/ml/runtime/model-versions';
import { watchModelFiles } from 'manifold/ml/runtime/model-watch';
import { loadDefinitions } from '../demos/models.mjs';

const NAME = 'autoencoder';
const definitions = await loadDefinitions([NAME]);
const def = definitions[NAME];
let root: string;
let dir: string;
let models: ServedModels;
const errors: string[] = [];
const infos: string[] = [];

/** Trains the tiny configuration and writes it as a version into `into`; returns what saveModel wrote. */
async function version(seed: number, into: string) {
  const r = await def.train({ seed, config: def.tiny });
  const saved = await saveModel(into, { name: NAME, version: def.version, config: r.config, extra: r.extra }, r.params!);
  tf.dispose(Object.values(r.params!));
  return saved;
}

const answer = () => {
  const e = models.get(NAME)!;
  if ('error' in e) throw new Error(e.error);
  return { version: e.version, output: JSON.stringify(def.infer(e.runtime, [def.warmup])) };
};

let good: { version: string; output: string };
let base: string; // a good version's files, put in place before each corruption (tests run in any order)
let spare: string; // another good version's files, to copy in at the end

/** Makes `dir` hold exactly the files of `from`. */
function copyVersion(from: string) {
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
  for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(dir, f));
}

beforeAll(async () => {
  await initTf('wasm');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-versions-'));
  dir = path.join(root, NAME);
  await version(1, dir);
  base = path.join(root, 'base');
  fs.cpSync(dir, base, { recursive: true });
  spare = path.join(root, 'spare');
  await version(2, spare);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    const line = String(chunk);
    (line.includes('[error]') ? errors : infos).push(line);
    return true;
  });
  // No watcher here: each step is one reload the test awaits (the watcher has a test of its own below).
  models = await new ServedModels(definitions, root).start();
  good = answer();
}, 120_000);

afterAll(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

const modelJson = () => JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
const weightsFile = () => path.join(dir, modelJson().weightsManifest[0].paths[0]);
const writeModelJson = (j: unknown) => fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(j));

describe('a new version', () => {
  it('loads the committed layout (weights.bin, no hash) and versions written by saveModel', async () => {
    expect(good.version).toMatch(/^2\.0\.0\+[0-9a-f]{8}$/);
    const committed = await loadModel(path.join(process.cwd(), 'content', 'models', NAME));
    expect(committed.topology.version).toBe(def.version);
    expect(committed.files).toEqual(['weights.bin']);
    tf.dispose(Object.values(committed.params));
  });

  it('is served once its files change, and the old weights file is gone', async () => {
    const before = fs.readdirSync(dir).filter((f) => f.endsWith('.bin'));
    const saved = await version(3, dir);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bin'))).toEqual([saved.file]);
    expect(before).not.toContain(saved.file);
    const tensors = tf.memory().numTensors;
    await models.reload(NAME);
    const now = answer();
    expect(now.version).toBe(saved.version);
    expect(now.version).not.toBe(good.version);
    expect(now.output).not.toBe(good.output);
    // The replaced version's tensors are freed.
    expect(tf.memory().numTensors).toBe(tensors);
    good = now;
  });
});

// Each corruption, from the good version's files; the refusal is one line naming the model and the file.
const cases: [string, () => void, RegExp][] = [
  ['model.json that is not JSON', () => fs.writeFileSync(path.join(dir, 'model.json'), '{"format": "manifold-ops", "modelTop'), /^autoencoder: \S*model\.json refused: it is not valid JSON/],
  ['truncated weights', () => fs.truncateSync(weightsFile(), 1000), /^autoencoder: \S*weights-[0-9a-f]+\.bin refused: it has 1000 bytes where model\.json's shapes need \d+/],
  [
    'a weights file of the right size with other bytes',
    () => {
      const f = weightsFile();
      const b = fs.readFileSync(f);
      b.writeFloatLE(0.5, 0);
      fs.writeFileSync(f, b);
    },
    /^autoencoder: \S*weights-[0-9a-f]+\.bin refused: its SHA-256 is [0-9a-f]{16}…, model\.json says/,
  ],
  [
    'a NaN in the weights (no checksum declared)',
    () => {
      const j = modelJson();
      delete j.weightsSha256;
      writeModelJson(j);
      const f = weightsFile();
      const b = fs.readFileSync(f);
      b.writeFloatLE(NaN, 4 * 3);
      fs.writeFileSync(f, b);
    },
    /^autoencoder: \S*weights-[0-9a-f]+\.bin refused: the weight "[^"]+" holds NaN at index 3/,
  ],
  [
    'a weight whose shape is changed, same byte count',
    () => {
      const j = modelJson();
      const w = j.weightsManifest[0].weights.find((s: { shape: number[] }) => s.shape.length === 2 && s.shape[0] !== s.shape[1]);
      w.shape = [w.shape[1], w.shape[0]];
      writeModelJson(j);
    },
    /^autoencoder: \S*model\.json refused: the weight "[^"]+" is \[\d+,\d+\], where this configuration has \[\d+,\d+\]/,
  ],
  [
    'a shape that does not fit the model, with its configuration changed too',
    () => {
      const j = modelJson();
      j.modelTopology.config = { ...j.modelTopology.config, note: 'other' };
      const w = j.weightsManifest[0].weights.find((s: { shape: number[] }) => s.shape.length === 2 && s.shape[0] !== s.shape[1]);
      w.shape = [w.shape[1], w.shape[0]];
      writeModelJson(j);
    },
    /^autoencoder: \S*weights-[0-9a-f]+\.bin refused: the model does not run with these weights \(.+\)/,
  ],
  ['a weights file that is not there', () => fs.rmSync(weightsFile()), /^autoencoder: \S*weights-[0-9a-f]+\.bin refused: it cannot be read \(ENOENT\)/],
  [
    'a weights path out of the folder',
    () => {
      const j = modelJson();
      j.weightsManifest[0].paths = ['../spare/x.bin'];
      writeModelJson(j);
    },
    /^autoencoder: \S*model\.json refused: its weights file "\.\.\/spare\/x\.bin" is not a plain file name/,
  ],
  [
    'another model’s files',
    () => {
      const j = modelJson();
      j.modelTopology.name = 'dcgan';
      writeModelJson(j);
    },
    /^autoencoder: \S*model\.json refused: it holds the model "dcgan", not "autoencoder"/,
  ],
];

describe('a corrupt version is refused and the previous one keeps serving', () => {
  // Each test starts from the same good version, served, whatever ran before it (the other tests write versions).
  const restore = () => copyVersion(base);
  beforeEach(async () => {
    restore();
    await models.reload(NAME);
    good = answer();
    expect(good.version).toBe(modelJson().modelTopology.version);
  });

  it.each(cases)('%s', async (_what, corrupt, message) => {
    corrupt();
    errors.length = 0;
    await models.reload(NAME);
    expect(errors).toHaveLength(1);
    const line = errors[0].replace(/^\[error\] /, '').split(' {')[0];
    expect(line).toMatch(message);
    expect(line).toContain(`; still serving ${good.version}`);
    expect(line.trim().split('\n')).toHaveLength(1);
    expect(answer()).toEqual(good);
    // Refused once: the same bad files are not tried (and logged) again.
    await models.reload(NAME);
    expect(errors).toHaveLength(1);
    restore();
    await models.reload(NAME);
    expect(answer()).toEqual(good);
  });

  it('a good version after the refusals is served', async () => {
    copyVersion(spare);
    errors.length = 0;
    await models.reload(NAME);
    expect(errors).toEqual([]);
    const now = answer();
    expect(now.version).toBe(modelJson().modelTopology.version);
    expect(now.version).not.toBe(good.version);
  });
});

describe("the main thread's watcher", () => {
  it('moves the model’s counter when its files change, and refresh() then serves the new version; untouched, refresh() is nothing', async () => {
    const watch = watchModelFiles(root, ['dcgan', NAME], { settleMs: 50 });
    try {
      const served = await new ServedModels(definitions, root, { changes: watch.changes, names: ['dcgan', NAME] }).start();
      const before = (served.get(NAME) as { version: string }).version;
      expect(served.refresh(NAME)).toBeUndefined();
      const saved = await version(5, dir);
      await expect.poll(() => Atomics.load(watch.changes, 1), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(Atomics.load(watch.changes, 0)).toBe(0);
      const pending = served.refresh(NAME);
      expect(pending).toBeInstanceOf(Promise);
      await pending;
      expect((served.get(NAME) as { version: string }).version).toBe(saved.version);
      expect(saved.version).not.toBe(before);
      expect(served.refresh(NAME)).toBeUndefined();
    } finally {
      watch.close();
    }
  });
});
