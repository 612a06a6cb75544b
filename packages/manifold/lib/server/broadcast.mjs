// Telling every server process that content changed, so each purges what it caches. One small interface with one
// transport per deployment: in-process (one process: nothing to tell), cluster IPC (the workers of one machine, relayed
// by the primary, lib/server/cluster.mjs), and Redis pub/sub across machines (lib/server/redis-broadcast.mjs: the single
// process, or each machine's primary bridging Redis and its workers).
// A message is a content change (lib/revalidation.ts' ContentChange, plain JSON), so a receiver can purge by tag later.

/**
 * @typedef {{ tags?: string[], paths?: string[], posts?: string[] }} Purge
 * @typedef {(purge: Purge) => unknown} PurgeListener a listener that returns a promise is waited for
 *   before the change counts as purged here (a primary relaying a change from Redis to its workers)
 * @typedef {{ key: string, status: number, headers: Record<string, any>, body: Uint8Array, expires: number,
 *   staleUntil: number, coding?: 'br' | 'gzip' }} SharedPage a page one worker rendered and stored, offered to the others
 *   of its machine; with `coding`, the body of a page offered before, compressed (headers then hold its etag)
 * @typedef {{ offer(page: SharedPage): void, subscribe(listener: (page: SharedPage) => void): () => void }} PageShare
 *   offer() hands a page stored here to the machine's other workers; a listener hears theirs. Only a page rendered
 *   with no purge since (as far as the primary knows) reaches them, and one reaches a worker only before any later purge.
 * @typedef {{
 *   kind: 'local' | 'cluster' | 'redis',
 *   publish(purge: Purge): Promise<void>,
 *   subscribe(listener: PurgeListener): () => void,
 *   close(): void,
 *   pages?: PageShare,
 * }} Broadcast publish() runs this process's listeners at once and resolves when every other process has purged
 *   too; subscribe() hears both this process's changes and the others'. A cluster worker's also shares pages.
 */

/** The IPC message types; other messages on the channel (Node's own cluster traffic) are left alone. */
export const PURGE_MESSAGE = 'manifold:purge';
const PURGED_MESSAGE = 'manifold:purged';
const DONE_MESSAGE = 'manifold:purge-done';
/**
 * The primary's count of the purges it relayed (its epoch), told to each worker with every purge, on its own purges, and
 * when asked; a page offered to the others carries the epoch its worker had, and only one of the current epoch is relayed.
 */
export const EPOCH_MESSAGE = 'manifold:epoch';
export const PAGE_MESSAGE = 'manifold:page';
/** A purge waits at most this long for the other workers' acknowledgements. */
const ACK_TIMEOUT_MS = 2000;

/**
 * The Redis address without user or password, for start-up lines and logs.
 * @param {string} url @returns {string}
 */
export function redisDisplayUrl(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.length > 1 ? u.pathname : ''}`;
  } catch {
    return 'redis://(invalid address)';
  }
}

/**
 * Listeners and their delivery; deliver() runs them all at once and resolves when the ones that return a promise
 * have settled.
 * @returns {{ listeners: Set<PurgeListener>, deliver(purge: Purge): Promise<void> }}
 */
export function listenerSet() {
  /** @type {Set<PurgeListener>} */
  const listeners = new Set();
  return {
    listeners,
    deliver(purge) {
      // One listener that throws must not keep the purge from the others.
      /** @param {unknown} err */
      const failed = (err) => {
        process.stderr.write(`purge listener failed: ${err instanceof Error ? err.message : String(err)}\n`);
      };
      /** @type {Promise<void>[]} */
      const waits = [];
      for (const listener of listeners) {
        try {
          const r = listener(purge);
          // Any thenable counts (a promise made in another realm is not an instanceof this one's Promise).
          if (r && typeof (/** @type {{ then?: unknown }} */ (r).then) === 'function') waits.push(Promise.resolve(r).then(() => {}, failed));
        } catch (err) {
          failed(err);
        }
      }
      return waits.length ? Promise.all(waits).then(() => {}) : Promise.resolve();
    },
  };
}

/** The single-process broadcast: publish() reaches this process's listeners and nothing else. @returns {Broadcast} */
export function localBroadcast() {
  const { listeners, deliver } = listenerSet();
  return {
    kind: 'local',
    publish(purge) {
      deliver(purge);
      return Promise.resolve();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
    },
  };
}

/**
 * A cluster worker's broadcast: publish() purges here, sends the change to the primary, which relays it to every other
 * worker (relayPurges below), and resolves once they have all purged, so the request that changed content is answered
 * only when no worker can serve the old page. A relayed change reaches this worker's listeners and is acknowledged.
 * @param {NodeJS.Process} [proc] the worker's process (its IPC channel)
 * @param {{ timeoutMs?: number }} [opts] how long publish() waits for the others before resolving anyway
 * @returns {Broadcast}
 */
export function clusterBroadcast(proc = process, { timeoutMs = ACK_TIMEOUT_MS } = {}) {
  if (typeof proc.send !== 'function') throw new Error('clusterBroadcast() needs an IPC channel (a cluster worker).');
  const send = /** @type {(msg: unknown) => void} */ ((msg) => {
    // A worker whose primary is gone (shutting down) has no one to tell; its own cache is purged already.
    if (proc.connected) proc.send?.(msg, undefined, {}, () => {});
  });
  const { listeners, deliver } = listenerSet();
  /** @type {Set<(page: SharedPage) => void>} */
  const pageListeners = new Set();
  /** @type {Map<number, () => void>} */
  const waiting = new Map();
  let nextId = 1;
  /** The primary's epoch as last told here; unknown (no page shared either way) until it answers. */
  let epoch = -1;
  /** @param {unknown} value */
  const heard = (value) => {
    if (typeof value === 'number' && value > epoch) epoch = value;
  };
  /** @param {unknown} msg */
  const onMessage = (msg) => {
    const m = /** @type {{ type?: unknown, id?: unknown, purge?: unknown, epoch?: unknown, page?: unknown }} */ (msg);
    if (!m || typeof m !== 'object') return;
    if (m.type === PURGE_MESSAGE && m.purge && typeof m.purge === 'object') {
      // The epoch moves with the purge, in the same turn: a page offered from here after it is of the new epoch.
      heard(m.epoch);
      deliver(/** @type {Purge} */ (m.purge));
      send({ type: PURGED_MESSAGE, id: m.id });
    } else if (m.type === DONE_MESSAGE && typeof m.id === 'number') {
      heard(m.epoch);
      waiting.get(m.id)?.();
    } else if (m.type === EPOCH_MESSAGE) heard(m.epoch);
    else if (m.type === PAGE_MESSAGE && m.epoch === epoch && epoch >= 0 && m.page && typeof m.page === 'object') {
      const page = /** @type {SharedPage} */ (m.page);
      for (const listener of pageListeners) {
        try {
          listener(page);
        } catch (err) {
          process.stderr.write(`shared page listener failed: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      }
    }
  };
  proc.on('message', onMessage);
  send({ type: EPOCH_MESSAGE });
  return {
    kind: 'cluster',
    publish(purge) {
      deliver(purge);
      if (!proc.connected) return Promise.resolve();
      const id = nextId++;
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve();
        };
        // A primary that does not answer (it is stopping) must not hold the author's save.
        const timer = setTimeout(done, timeoutMs);
        timer.unref?.();
        waiting.set(id, done);
        send({ type: PURGE_MESSAGE, id, purge });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pages: {
      offer(page) {
        if (epoch >= 0) send({ type: PAGE_MESSAGE, epoch, page });
      },
      subscribe(listener) {
        pageListeners.add(listener);
        return () => pageListeners.delete(listener);
      },
    },
    close() {
      proc.off('message', onMessage);
      for (const done of waiting.values()) done();
      listeners.clear();
      pageListeners.clear();
    },
  };
}

/**
 * @typedef {{ id: number, isConnected(): boolean, send(msg: unknown): boolean }} RelayWorker
 * @typedef {{ on(event: 'message', fn: (worker: RelayWorker, msg: unknown) => void): unknown,
 *   on(event: 'exit', fn: (worker: RelayWorker) => void): unknown }} RelayCluster
 */

/**
 * @typedef {{ announce(purge: Purge): Promise<void>, subscribe(listener: PurgeListener): () => void }} RemotePurges the
 *   other machines, seen from a primary (redis-broadcast.mjs): announce() tells them and resolves once they purged; a
 *   listener hears their changes, and what it returns is awaited before the change is acknowledged to them.
 */

/**
 * The primary's half of clusterBroadcast(): relays a purge from one worker to all the others, collects their
 * acknowledgements, then tells the sender it is done. A worker that exits meanwhile is not waited for (its cache died
 * with it); the sender's own time limit covers a worker that hangs. With `remote` (REDIS_URL), the primary also
 * bridges its machine and the others: a worker's change is announced to them (and waited for, like the workers), and
 * their changes are relayed to every worker here, acknowledged once all have purged.
 * @param {RelayCluster} cluster @param {() => Iterable<RelayWorker>} workers @param {RemotePurges} [remote]
 */
export function relayPurges(cluster, workers, remote) {
  let nextRelay = 1;
  // Purges relayed so far (the epoch): a page offered with an older one was rendered, as far as its worker knew, before
  // a purge it may not show; pages and purges go to each worker down one ordered channel, so a page relayed now reaches
  // every worker before any later purge does.
  let epoch = 0;
  /** @type {Map<number, { pending: Set<number | 'remote'>, done(): void }>} */
  const relays = new Map();
  /** @param {number} relayId */
  const settleIfDone = (relayId) => {
    const r = relays.get(relayId);
    if (!r || r.pending.size) return;
    relays.delete(relayId);
    r.done();
  };
  /**
   * Sends purge to every connected worker but `except`; done() once they have all purged (and, with `announce`, the
   * other machines too).
   * @param {unknown} purge @param {number | null} except @param {boolean} announce @param {() => void} done
   */
  const relay = (purge, except, announce, done) => {
    const relayId = nextRelay++;
    epoch++;
    const others = [...workers()].filter((w) => w.id !== except && w.isConnected());
    /** @type {Set<number | 'remote'>} */
    const pending = new Set(others.map((w) => w.id));
    if (announce && remote) pending.add('remote');
    relays.set(relayId, { pending, done });
    for (const w of others) w.send({ type: PURGE_MESSAGE, id: relayId, purge, epoch });
    if (announce && remote) {
      remote.announce(/** @type {Purge} */ (purge)).then(() => {
        relays.get(relayId)?.pending.delete('remote');
        settleIfDone(relayId);
      });
    }
    settleIfDone(relayId);
  };
  cluster.on('message', (from, msg) => {
    const m = /** @type {{ type?: unknown, id?: unknown, purge?: unknown }} */ (msg);
    if (!m || typeof m !== 'object') return;
    if (m.type === PURGE_MESSAGE) {
      relay(m.purge, from.id, true, () => {
        if (from.isConnected()) from.send({ type: DONE_MESSAGE, id: m.id, epoch });
      });
      // The publisher purged itself already; it learns the epoch its purge began at once.
      if (from.isConnected()) from.send({ type: EPOCH_MESSAGE, epoch });
    } else if (m.type === EPOCH_MESSAGE) {
      if (from.isConnected()) from.send({ type: EPOCH_MESSAGE, epoch });
    } else if (m.type === PAGE_MESSAGE) {
      if (/** @type {{ epoch?: unknown }} */ (m).epoch !== epoch) return;
      for (const w of workers()) if (w.id !== from.id && w.isConnected()) w.send(m);
    } else if (m.type === PURGED_MESSAGE && typeof m.id === 'number') {
      relays.get(m.id)?.pending.delete(from.id);
      settleIfDone(m.id);
    }
  });
  cluster.on('exit', (gone) => {
    for (const [relayId, r] of relays) {
      r.pending.delete(gone.id);
      settleIfDone(relayId);
    }
  });
  // Another machine's change: every worker here purges before it is acknowledged (a worker that hangs is given up on
  // after the cluster's time limit, as for a worker's own change).
  remote?.subscribe(
    (purge) =>
      new Promise((/** @type {(v?: unknown) => void} */ resolve) => {
        relay(purge, null, false, () => resolve());
        setTimeout(resolve, ACK_TIMEOUT_MS).unref?.();
      }),
  );
}
