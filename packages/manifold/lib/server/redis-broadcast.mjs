// Content-change purges across machines, over Redis pub/sub (ioredis, the client the sign-in rate limits use): the
// third transport behind broadcast.mjs' interface. One instance is a single server process (WEB_CONCURRENCY=1) or
// the primary of a cluster, which bridges Redis and its workers (cluster.mjs, relayPurges), so a machine holds two
// Redis connections whatever its core count, and its workers still purge one another over IPC when Redis is away.
//
// The protocol, on the channel `<prefix>:purges`: an instance publishes {v:1, type:'purge', id, from, purge}; PUBLISH
// answers how many subscriptions received it (this instance's own among them); every other instance purges, then
// answers {v:1, type:'ack', id, from} on the sender's channel `<prefix>:purges:ack:<from>`. publish() resolves when
// as many acknowledgements as receivers came back, or after the time limit (an instance that hangs or dies must not
// hold the author's save): a change is answered only once every instance that was listening has purged.
// Whatever arrives is hostile input: a message that is too long, not JSON or not of that exact shape is logged (at
// most once a minute) and ignored; it can at worst ask for a purge, which is what any content change does.
// Redis away: this process (and, through the primary, its machine) still purges, publish() resolves at once, the
// outage is logged once and its end once, ioredis reconnects by itself, and on its return this instance purges
// everything it holds, since it may have missed other instances' changes meanwhile.
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { logger } from '../log.mjs';
import { listenerSet, redisDisplayUrl } from './broadcast.mjs';

/** How long publish() waits for the other instances' acknowledgements (below the cluster's 2 s, which includes it). */
export const REDIS_ACK_TIMEOUT_MS = 1500;
/** A message longer than this is refused before it is parsed (a real change is a few hundred bytes). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** What an instance purges when Redis comes back: everything, as a change with no detail does. */
const EVERYTHING = Object.freeze({ tags: [], paths: [] });

const names = z.array(z.string().max(1024)).max(1000).optional();
const purgeSchema = z.strictObject({ tags: names, paths: names, posts: names });
const idSchema = z.string().regex(/^[0-9a-f]{1,16}$/);
const instanceSchema = z.string().regex(/^[0-9a-f]{24}$/);
const messageSchema = z.discriminatedUnion('type', [
  z.strictObject({ v: z.literal(1), type: z.literal('purge'), id: idSchema, from: instanceSchema, purge: purgeSchema }),
  z.strictObject({ v: z.literal(1), type: z.literal('ack'), id: idSchema, from: instanceSchema }),
]);

/** The purge channel for a prefix (MANIFOLD_REDIS_PREFIX). @param {string} prefix */
export const purgeChannel = (prefix) => `${prefix}:purges`;

/**
 * @typedef {import('./broadcast.mjs').Broadcast & {
 *   channel: string,
 *   instance: string,
 *   announce(purge: import('./broadcast.mjs').Purge): Promise<void>,
 *   connected(): boolean,
 *   ready(): Promise<void>,
 * }} RedisBroadcast announce() tells the other instances only (a primary's own workers heard it over IPC);
 *   ready() resolves once this instance listens on Redis (now, or when it next connects).
 */

/**
 * @param {string} url REDIS_URL
 * @param {{ prefix?: string, timeoutMs?: number, log?: Pick<typeof logger, 'info' | 'warn'> }} [opts]
 * @returns {RedisBroadcast}
 */
export function redisBroadcast(url, { prefix = 'manifold', timeoutMs = REDIS_ACK_TIMEOUT_MS, log = logger } = {}) {
  const channel = purgeChannel(prefix);
  const instance = crypto.randomBytes(12).toString('hex');
  const ackChannel = `${channel}:ack:${instance}`;
  const shown = redisDisplayUrl(url);
  // Neither connection queues commands while Redis is away: a publish then fails at once (this machine has purged
  // already) instead of waiting for a reconnection. Reconnection is ioredis' own, retried every 2 s at most.
  const options = { connectTimeout: 2000, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (/** @type {number} */ n) => Math.min(n * 100, 2000) };
  const pub = new Redis(url, options);
  // Subscribed afresh on every connection ('ready' below), rather than by ioredis' resubscription, so this code
  // knows when it listens again.
  const sub = new Redis(url, { ...options, autoResubscribe: false });
  const { listeners, deliver } = listenerSet();

  let listening = false;
  let outage = false;
  let closed = false;
  /** @type {(() => void)[]} */
  const onReady = [];
  /** @type {Map<string, { acked: Set<string>, need: number, done(): void }>} */
  const waiting = new Map();
  let nextId = 1;

  /** @param {unknown} err */
  const wentAway = (err) => {
    listening = false;
    if (closed || outage) return;
    outage = true;
    log.warn('purges: Redis unreachable; until it is back, a content change purges this machine only', { redis: shown, error: err instanceof Error ? err.message : 'connection closed' });
  };
  sub.on('error', wentAway);
  sub.on('close', () => wentAway(undefined));
  // The publishing connection's errors show in publish(); 'error' needs a listener or ioredis prints each one.
  pub.on('error', () => {});
  sub.on('ready', () => {
    sub.subscribe(channel, ackChannel).then(
      async () => {
        if (closed) return;
        listening = true;
        const missed = outage;
        if (outage) {
          outage = false;
          log.info('purges: Redis is back; purging this machine of what it may have missed', { redis: shown });
        }
        for (const resolve of onReady.splice(0)) resolve();
        if (missed) await deliver(EVERYTHING);
      },
      (err) => wentAway(err),
    );
  });

  let lastMalformed = 0;
  let malformedSince = 0;
  /** @param {string} reason */
  const malformed = (reason) => {
    malformedSince++;
    if (Date.now() - lastMalformed < 60_000) return;
    lastMalformed = Date.now();
    log.warn('purges: ignored a malformed message from Redis', { channel, reason: reason.slice(0, 200), ignored: malformedSince });
    malformedSince = 0;
  };

  sub.on('message', (/** @type {string} */ from, /** @type {string} */ text) => {
    if (closed) return;
    if (typeof text !== 'string' || text.length > MAX_MESSAGE_BYTES) return malformed(`longer than ${MAX_MESSAGE_BYTES} bytes`);
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      return malformed('not JSON');
    }
    const parsed = messageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return malformed(`${issue.path.join('.') || 'message'}: ${issue.message}`);
    }
    const m = parsed.data;
    if (m.type === 'purge' && from === channel) {
      if (m.from === instance) return;
      const ack = JSON.stringify({ v: 1, type: 'ack', id: m.id, from: instance });
      deliver(m.purge).then(() => pub.publish(`${channel}:ack:${m.from}`, ack).catch(() => {}));
    } else if (m.type === 'ack' && from === ackChannel) {
      const w = waiting.get(m.id);
      if (!w) return;
      w.acked.add(m.from);
      if (w.acked.size >= w.need) w.done();
    } else malformed(`a ${m.type} message on the wrong channel`);
  });

  /** @param {import('./broadcast.mjs').Purge} purge @returns {Promise<void>} */
  const announce = async (purge) => {
    if (closed || pub.status !== 'ready') return;
    const id = (nextId++).toString(16);
    /** @type {() => void} */
    let done = () => {};
    const finished = new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      timer.unref?.();
      done = () => {
        clearTimeout(timer);
        waiting.delete(id);
        resolve(undefined);
      };
    });
    // Registered before PUBLISH: an acknowledgement may come back on the other connection before its answer does.
    const w = { acked: new Set(), need: Infinity, done };
    waiting.set(id, w);
    let receivers;
    try {
      receivers = await pub.publish(channel, JSON.stringify({ v: 1, type: 'purge', id, from: instance, purge }));
    } catch {
      // Went away meanwhile: the subscriber's events say so once; this machine has purged.
      done();
      return;
    }
    // The count includes this instance's own subscription when it has one.
    w.need = Math.max(0, receivers - (listening ? 1 : 0));
    if (w.acked.size >= w.need) done();
    await finished;
  };

  return {
    kind: 'redis',
    channel,
    instance,
    async publish(purge) {
      await Promise.all([deliver(purge), announce(purge)]);
    },
    announce,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connected: () => listening,
    ready() {
      return listening || closed ? Promise.resolve() : new Promise((resolve) => onReady.push(resolve));
    },
    close() {
      closed = true;
      for (const w of [...waiting.values()]) w.done();
      for (const resolve of onReady.splice(0)) resolve();
      listeners.clear();
      sub.disconnect();
      pub.disconnect();
    },
  };
}
