// The main thread's half of serving new model versions (runtime/model-versions.mjs is the workers'): it watches each
// model's folder and, when its files change, bumps that model's counter in shared memory. A worker compares the counter
// at the start of a task (one Atomics.load) and only then reads the files again. The watching cannot be the workers':
// piscina parks an idle worker in Atomics.wait, where its event loop (fs.watch, timers) does not turn. Plain ESM with
// fs only, no tfjs: it runs in server.mjs's main thread.
import fs from 'node:fs';
import path from 'node:path';

/** How long a burst of file events (weights, model.json, meta.json, preview.json) is let settle. */
const SETTLE_MS = 150;
/** A slow poll besides the watcher, for file systems whose events do not reach us (network mounts, some containers). */
const POLL_MS = 30_000;

/**
 * @param {string} modelsDir
 * @param {readonly string[]} names the models, in the order of the counters
 * @param {{ settleMs?: number, pollMs?: number }} [opts]
 * @returns {{ changes: Int32Array, close: () => void }} `changes[i]` moves when names[i]'s files may have changed
 */
export function watchModelFiles(modelsDir, names, opts = {}) {
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const changes = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, names.length)));
  /** @type {Map<string, ReturnType<typeof setTimeout>>} */
  const timers = new Map();
  /** @type {Map<string, fs.FSWatcher>} */
  const watchers = new Map();

  /** @param {string} name */
  const watchModel = (name) => {
    watchers.get(name)?.close();
    watchers.delete(name);
    try {
      const w = fs.watch(path.join(modelsDir, name), { persistent: false }, () => changed(name));
      w.on('error', () => w.close());
      watchers.set(name, w);
    } catch {
      // no folder yet: the models folder's watcher sees it come
    }
  };
  /** @param {string} name */
  const changed = (name) => {
    const i = names.indexOf(name);
    if (i < 0) return;
    clearTimeout(timers.get(name));
    const timer = setTimeout(() => {
      timers.delete(name);
      Atomics.add(changes, i, 1);
    }, settleMs);
    timer.unref?.();
    timers.set(name, timer);
  };

  for (const name of names) watchModel(name);
  /** @type {fs.FSWatcher | undefined} */
  let root;
  try {
    // A model folder created, removed or replaced (cp -r, rsync, a deploy) is an event here, not in its old watcher.
    root = fs.watch(modelsDir, { persistent: false }, (_event, file) => {
      for (const name of file ? [String(file)] : names) {
        if (!names.includes(name)) continue;
        watchModel(name);
        changed(name);
      }
    });
    root.on('error', () => root?.close());
  } catch {
    // no models folder: the poll below notices files when they come
  }
  const poll = setInterval(() => names.forEach((_n, i) => Atomics.add(changes, i, 1)), opts.pollMs ?? POLL_MS);
  poll.unref?.();

  return {
    changes,
    close() {
      for (const w of watchers.values()) w.close();
      watchers.clear();
      root?.close();
      clearInterval(poll);
      for (const t of timers.values()) clearTimeout(t);
    },
  };
}
