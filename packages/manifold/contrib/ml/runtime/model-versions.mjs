// The demo models one inference worker serves, each kept at the newest good version of its files. Models are data:
// `manage train` writes a new version into content/models/<name>/ (a content-named weights file, then model.json by a
// rename, models/common.mjs saveModel). The main thread watches the folders (runtime/model-watch.mjs) and moves a
// model's counter in shared memory; a worker, at the start of a task for that model, sees the counter moved, reads the
// files again and, if they changed, checks the new version (loadModel: JSON, names, byte counts, SHA-256, finite
// numbers; then the model must run its warm-up and give finite numbers, and with an unchanged configuration keep every
// weight's shape) and swaps it in before the batch runs. A version that fails is refused with one log line naming the
// model, the file and why, and the previous version keeps serving. No restart: every worker of every server process
// follows. Plain ESM: the worker loads it without a TypeScript loader.
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../../../lib/log.mjs';
import { loadModel, ModelFileError, tf } from '../models/common.mjs';

/** @typedef {import('../models/common.mjs').ModelDefinition} ModelDefinition */
/** @typedef {{ runtime: any, version: string, key: string, params: Record<string, tf.Tensor>, config: unknown, shapes: Map<string, number[]> }} Served */
/** @typedef {Served | { error: string }} Entry */

/** A path as the log shows it: relative to the project when inside it. @param {string} p */
const shown = (p) => {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
};

/** Any number in an answer that is not finite (JSON would turn it into null). @param {unknown} value @returns {boolean} */
function hasNonFinite(value) {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (value && typeof value === 'object') return Object.values(value).some(hasNonFinite);
  return false;
}

/**
 * What identifies the files a version is made of without reading the weights: model.json's text and the size, mtime
 * and inode of each file it names. Unchanged key, nothing to do.
 * @param {string} dir
 */
function filesKey(dir) {
  const text = fs.readFileSync(path.join(dir, 'model.json'), 'utf8');
  let names = [];
  try {
    names = JSON.parse(text).weightsManifest.flatMap((/** @type {{ paths: string[] }} */ g) => g.paths);
  } catch {
    // loadModel says what is wrong with it
  }
  const stats = names.map((/** @type {unknown} */ f) => {
    try {
      const st = fs.statSync(path.join(dir, String(f)));
      return `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch {
      return 'missing';
    }
  });
  return `${text}\n${stats.join(',')}`;
}

export class ServedModels {
  /**
   * @param {Record<string, ModelDefinition>} definitions
   * @param {string} modelsDir
   * @param {{ changes?: Int32Array, names?: readonly string[] }} [opts] the main thread's counters (model-watch.mjs) and
   *   the model names in their order; without them the files are read again only when reload() is called
   */
  constructor(definitions, modelsDir, opts = {}) {
    this.definitions = definitions;
    this.modelsDir = modelsDir;
    this.changes = opts.changes;
    /** @type {Map<string, number>} each model's counter index */
    this.index = new Map((opts.names ?? []).map((n, i) => [n, i]));
    /** @type {Map<string, number>} the counter value each model was last read at */
    this.seen = new Map();
    /** @type {Map<string, Entry>} */
    this.entries = new Map();
    /** @type {Map<string, string>} the key of the files last refused, so one bad version is logged once */
    this.refused = new Map();
    /** @type {Map<string, Promise<void>>} one reload at a time per model */
    this.running = new Map();
  }

  /** Loads every model once (a model without good files answers with its error until a good version comes). */
  async start() {
    for (const name of Object.keys(this.definitions)) {
      const i = this.index.get(name);
      if (this.changes && i !== undefined) this.seen.set(name, Atomics.load(this.changes, i));
      await this.reload(name);
    }
    return this;
  }

  /**
   * Before a task: undefined when the model's files have not been touched since they were read (one Atomics.load),
   * else the reload to wait for.
   * @param {string} name
   * @returns {Promise<void> | undefined}
   */
  refresh(name) {
    const i = this.index.get(name);
    if (!this.changes || i === undefined) return undefined;
    const now = Atomics.load(this.changes, i);
    if (now === this.seen.get(name)) return undefined;
    this.seen.set(name, now);
    return this.reload(name);
  }

  /** @param {string} name @returns {{ runtime: any, version: string } | { error: string } | undefined} */
  get(name) {
    return this.entries.get(name);
  }

  /** Each model's state: 'ready' or the error it answers with. */
  status() {
    return Object.fromEntries([...this.entries].map(([n, e]) => [n, 'error' in e ? e.error : 'ready']));
  }

  /** The version each ready model serves. */
  versions() {
    return Object.fromEntries([...this.entries].flatMap(([n, e]) => ('error' in e ? [] : [[n, e.version]])));
  }

  /**
   * Loads the model's files if they changed since the version being served; swaps the new version in only if it
   * passes every check. Resolves when done (never rejects: a bad version is logged and refused).
   * @param {string} name
   */
  reload(name) {
    const previous = this.running.get(name) ?? Promise.resolve();
    const next = previous.then(() => this.load(name));
    this.running.set(name, next);
    return next;
  }

  /** @param {string} name */
  async load(name) {
    const def = this.definitions[name];
    const current = this.entries.get(name);
    const serving = current && !('error' in current) ? current : undefined;
    if (!def.hasWeights) {
      if (current) return;
      try {
        const runtime = def.load(null);
        for (let i = 0; i < 2; i++) def.infer(runtime, [def.warmup]);
        this.install(name, { runtime, version: def.version, key: '', params: {}, config: null, shapes: new Map() });
      } catch (err) {
        this.entries.set(name, { error: `${name} could not be loaded: ${String(err)}` });
      }
      return;
    }
    const dir = path.join(this.modelsDir, name);
    /** @type {string} */
    let key;
    try {
      key = filesKey(dir);
    } catch (err) {
      // Not trained (yet), or unreadable: a model that never loaded says so; one that is serving keeps its version.
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      const why = code === 'ENOENT' ? `no trained weights in ${dir}; run \`npm run manage -- train ${name}\`` : `${shown(path.join(dir, 'model.json'))} cannot be read (${code ?? String(err)})`;
      if (!current || 'error' in current) this.entries.set(name, { error: `${name} could not be loaded: ${why}` });
      return;
    }
    if (serving?.key === key || this.refused.get(name) === key) return;
    /** @type {Awaited<ReturnType<typeof loadModel>> | undefined} */
    let files;
    try {
      files = await loadModel(dir, name);
      const shapes = new Map(files.specs.map((s) => [s.name, s.shape]));
      // Trained with the same configuration, a version has the same weights of the same shapes; a change there is a
      // corrupt manifest, which the warm-up might not notice (a [64, 2] read as [2, 64] still multiplies).
      if (serving && JSON.stringify(serving.config) === JSON.stringify(files.topology.config)) {
        for (const [w, shape] of serving.shapes) {
          const now = shapes.get(w);
          if (!now) throw new ModelFileError(name, 'model.json', `it has no weight ${JSON.stringify(w)}, which this configuration needs`);
          if (now.join() !== shape.join()) throw new ModelFileError(name, 'model.json', `the weight ${JSON.stringify(w)} is [${now}], where this configuration has [${shape}]`);
        }
        for (const w of shapes.keys()) if (!serving.shapes.has(w)) throw new ModelFileError(name, 'model.json', `it has a weight ${JSON.stringify(w)} this configuration does not have`);
      }
      const runtime = def.load({ topology: files.topology, params: files.params });
      // The first runs allocate and compile; do them now, not on a reader's request. Their answers must be numbers.
      for (let i = 0; i < 2; i++) {
        /** @type {unknown[]} */
        let out;
        try {
          out = def.infer(runtime, [def.warmup]);
        } catch (err) {
          throw new ModelFileError(name, files.files.join(' + '), `the model does not run with these weights (${String(/** @type {Error} */ (err)?.message ?? err).split('\n')[0]})`);
        }
        if (hasNonFinite(out)) throw new ModelFileError(name, files.files.join(' + '), 'the model answers its warm-up input with numbers that are not finite');
      }
      this.install(name, { runtime, version: files.topology.version, key, params: files.params, config: files.topology.config, shapes });
      this.refused.delete(name);
      if (current) logger.info(`${name}: now serving ${files.topology.version}${serving ? ` (was ${serving.version})` : ''}`, { model: name, version: files.topology.version, dir: shown(dir) });
    } catch (err) {
      if (files) tf.dispose(Object.values(files.params));
      this.refused.set(name, key);
      const line =
        err instanceof ModelFileError
          ? `${err.model}: ${shown(path.join(dir, err.file.split(' + ')[0]))}${err.file.includes(' + ') ? ' (and the rest)' : ''} refused: ${err.reason}`
          : `${name}: ${shown(dir)} refused: ${String(/** @type {Error} */ (err)?.message ?? err).split('\n')[0]}`;
      const tail = serving ? `; still serving ${serving.version}` : '; the model is not available until a good version comes';
      logger.error(`${line}${tail}`, { model: name, dir: shown(dir), serving: serving?.version ?? null });
      if (!serving) this.entries.set(name, { error: `${name} could not be loaded: ${line}` });
    }
  }

  /** Swaps a version in (between batches: a run is synchronous) and frees the one it replaces. @param {string} name @param {Served} next */
  install(name, next) {
    const before = this.entries.get(name);
    this.entries.set(name, next);
    if (before && !('error' in before)) tf.dispose(Object.values(before.params));
  }
}

/**
 * Loads, checks and warms every model; with the main thread's counters, refresh() follows new versions of their files.
 * @param {Record<string, ModelDefinition>} definitions @param {string} modelsDir
 * @param {{ changes?: Int32Array, names?: readonly string[] }} [opts]
 */
export function serveModels(definitions, modelsDir, opts) {
  return new ServedModels(definitions, modelsDir, opts).start();
}
