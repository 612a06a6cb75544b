// Purges across machines over the real Redis (lib/server/redis-broadcast.mjs): two instances in this process, each
// with its own connections, purge each other, and publish() resolves only once the others have; what arrives on the
// channel is hostile and only an exact purge counts; Redis going away (a TCP proxy the test cuts) leaves this
// instance purging itself and answering at once, logged once, and when Redis is back it listens again by itself.
// And on a real node:cluster: the primary bridges Redis and its workers, both ways.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Purge } from '../broadcast.mjs';
import { MAX_MESSAGE_BYTES, redisBroadcast, type RedisBroadcast } from '../redis-broadcast.mjs';
import { memoryLog, REDIS_URL, redisProxy, uniquePrefix, until, type Proxy } from './redis-support';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function instance(prefix: string, opts: { url?: string; timeoutMs?: number } = {}) {
  const log = memoryLog();
  const b = redisBroadcast(opts.url ?? REDIS_URL, { prefix, timeoutMs: opts.timeoutMs, log });
  const heard: Purge[] = [];
  b.subscribe((p) => void heard.push(p));
  cleanups.push(() => b.close());
  return { b, heard, log };
}

function raw() {
  const r = new Redis(REDIS_URL);
  cleanups.push(() => r.disconnect());
  return r;
}

const change = (slug: string): Purge => ({ tags: ['blog:posts'], paths: ['/', `/posts/${slug}`], posts: [slug] });

describe('redis purge broadcast', () => {
  it('two instances purge each other; publish() purges here at once and resolves once the other has purged', async () => {
    const prefix = uniquePrefix('pair');
    const a = instance(prefix);
    const b = instance(prefix);
    await Promise.all([a.b.ready(), b.b.ready()]);
    expect(a.b.connected()).toBe(true);
    expect(a.b.channel).toBe(`${prefix}:purges`);

    const started = performance.now();
    let heardAt = 0;
    b.b.subscribe(() => void (heardAt = performance.now()));
    const published = a.b.publish(change('one'));
    // This process's own listeners ran before publish() returned.
    expect(a.heard).toEqual([change('one')]);
    await published;
    const total = performance.now() - started;
    expect(b.heard).toEqual([change('one')]);
    expect(heardAt).toBeGreaterThan(0);
    console.log(`[redis-broadcast] A→B purge heard after ${(heardAt - started).toFixed(1)} ms, acknowledged after ${total.toFixed(1)} ms`);
    expect(total).toBeLessThan(1000);

    await b.b.publish(change('two'));
    expect(a.heard).toEqual([change('one'), change('two')]);
    // Neither heard its own change twice (the echo from Redis is ignored).
    expect(b.heard).toEqual([change('one'), change('two')]);
  });

  it('waits for a slow instance to finish purging, and stops waiting for one that never answers after the time limit', async () => {
    const prefix = uniquePrefix('acks');
    const a = instance(prefix, { timeoutMs: 600 });
    const slow = instance(prefix);
    let slowDone = 0;
    slow.b.subscribe(() => new Promise<void>((r) => setTimeout(() => ((slowDone = performance.now()), r()), 250)));
    await Promise.all([a.b.ready(), slow.b.ready()]);
    let t = performance.now();
    await a.b.publish(change('slow'));
    const resolvedAt = performance.now();
    expect(slowDone).toBeGreaterThan(t);
    expect(resolvedAt).toBeGreaterThanOrEqual(slowDone);

    // A subscriber that hears but never acknowledges (a hung instance): counted by PUBLISH, waited for 600 ms only.
    const mute = raw();
    await mute.subscribe(`${prefix}:purges`);
    t = performance.now();
    await a.b.publish(change('mute'));
    const waited = performance.now() - t;
    expect(waited).toBeGreaterThanOrEqual(550);
    expect(waited).toBeLessThan(1500);
  });

  it('ignores malformed messages (logging them) and acknowledges a well-formed one from any instance', async () => {
    const prefix = uniquePrefix('hostile');
    const channel = `${prefix}:purges`;
    const a = instance(prefix);
    await a.b.ready();
    const r = raw();
    const fakeInstance = 'f'.repeat(24);
    const acks = raw();
    const ackTexts: string[] = [];
    acks.on('message', (_c: string, text: string) => void ackTexts.push(text));
    await acks.subscribe(`${channel}:ack:${fakeInstance}`);

    const good = { v: 1, type: 'purge', id: '1', from: fakeInstance, purge: { tags: ['t'], paths: ['/'] } };
    const hostile = [
      'not json',
      '',
      'null',
      '[1,2]',
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, purge: { tags: 'blog:posts' } }),
      JSON.stringify({ ...good, purge: { tags: [1] } }),
      JSON.stringify({ ...good, purge: { tags: [], paths: [], extra: true } }),
      JSON.stringify({ ...good, extra: 'x' }),
      JSON.stringify({ ...good, from: '../../other' }),
      JSON.stringify({ ...good, id: 'x'.repeat(100) }),
      JSON.stringify({ ...good, purge: { tags: Array.from({ length: 1001 }, () => 'x') } }),
      JSON.stringify({ ...good, purge: { tags: ['x'.repeat(MAX_MESSAGE_BYTES)] } }),
      JSON.stringify({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
      // An acknowledgement on the purge channel is not a purge.
      JSON.stringify({ v: 1, type: 'ack', id: '1', from: fakeInstance }),
    ];
    for (const text of hostile) await r.publish(channel, text);
    // Only this instance's own acknowledgement channel is listened to; something there that is not an ack is ignored too.
    await r.publish(`${channel}:ack:${a.b.instance}`, JSON.stringify(good));
    await r.publish(`${channel}:ack:${a.b.instance}`, '{');
    await r.publish(channel, JSON.stringify(good));
    await until(() => a.heard.length === 1 && ackTexts.length === 1, 3000, 'the good message');
    expect(a.heard).toEqual([{ tags: ['t'], paths: ['/'] }]);
    expect(JSON.parse(ackTexts[0])).toEqual({ v: 1, type: 'ack', id: '1', from: a.b.instance });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Logged, once a minute at most however many arrive (a flood must not flood the log).
    const warnings = a.log.lines.filter((l) => l.message.includes('malformed'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].fields).toMatchObject({ channel, reason: 'not JSON' });
    // The instance still works.
    const b = instance(prefix);
    await b.b.ready();
    await a.b.publish(change('after'));
    expect(b.heard).toEqual([change('after')]);
  });

  it('Redis unreachable: publish() still purges here and resolves at once, the outage is logged once, and delivery resumes when it is back', async () => {
    const prefix = uniquePrefix('outage');
    const proxy: Proxy = await redisProxy();
    cleanups.push(() => proxy.close());
    const a = instance(prefix, { url: proxy.url });
    const b = instance(prefix);
    await Promise.all([a.b.ready(), b.b.ready()]);

    await proxy.cut();
    await until(() => !a.b.connected(), 3000, 'the cut to be seen');
    // Several reconnection attempts fail meanwhile (every 100–2000 ms).
    await new Promise((r) => setTimeout(r, 1500));
    const t = performance.now();
    await a.b.publish(change('during'));
    expect(performance.now() - t).toBeLessThan(100);
    expect(a.heard).toEqual([change('during')]);
    await b.b.publish(change('unheard'));
    await new Promise((r) => setTimeout(r, 200));
    // Each purged only itself.
    expect(b.heard).toEqual([change('unheard')]);
    expect(a.heard).toEqual([change('during')]);
    expect(a.log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(a.log.lines[0].message).toMatch(/Redis unreachable/);
    expect(JSON.stringify(a.log.lines[0].fields)).toContain(proxy.url);

    await proxy.restore();
    const back = performance.now();
    await a.b.ready();
    console.log(`[redis-broadcast] listening again ${(performance.now() - back).toFixed(0)} ms after Redis came back`);
    // It may have missed changes: it purges everything it holds once.
    await until(() => a.heard.length === 2, 2000, 'the catch-up purge');
    expect(a.heard[1]).toEqual({ tags: [], paths: [] });
    expect(a.log.lines.map((l) => l.level)).toEqual(['warn', 'info']);
    expect(a.log.lines[1].message).toMatch(/Redis is back/);

    await a.b.publish(change('after-a'));
    expect(b.heard).toEqual([change('unheard'), change('after-a')]);
    await b.b.publish(change('after-b'));
    expect(a.heard.at(-1)).toEqual(change('after-b'));
  });

  it('starts while Redis is unreachable and joins when it appears', async () => {
    const prefix = uniquePrefix('late');
    const proxy = await redisProxy();
    cleanups.push(() => proxy.close());
    await proxy.cut();
    const a = instance(prefix, { url: proxy.url });
    await new Promise((r) => setTimeout(r, 300));
    await a.b.publish(change('alone'));
    expect(a.heard).toEqual([change('alone')]);
    await proxy.restore();
    await a.b.ready();
    const b = instance(prefix);
    await b.b.ready();
    await b.b.publish(change('joined'));
    expect(a.heard.at(-1)).toEqual(change('joined'));
  });
});

describe('a cluster primary bridging Redis and its workers', () => {
  const script = path.join(__dirname, 'support', 'broadcast-cluster.mjs');

  it('a worker’s change reaches the other machine before it is answered, and the other machine’s reaches every worker', async () => {
    const prefix = uniquePrefix('bridge');
    const other = instance(prefix);
    await other.b.ready();
    const child = spawn(process.execPath, [script, '3', `--redis=${prefix}`], { stdio: ['pipe', 'pipe', 'inherit'] });
    cleanups.push(() => child.kill('SIGKILL'));
    const events: { event: string; worker?: number; purge?: Purge; otherHeard?: number }[] = [];
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const e = JSON.parse(line);
      // What the other machine had heard when the line arrived.
      events.push({ ...e, otherHeard: other.heard.length });
    });
    await until(() => events.some((e) => e.event === 'ready'), 30_000, 'the cluster');

    // The other machine's change: every worker purges before its publish() resolves.
    await other.b.publish(change('from-b'));
    await until(() => events.filter((e) => e.event === 'got').length === 3, 1000, 'every worker');
    expect(events.filter((e) => e.event === 'got').map((e) => e.worker).sort()).toEqual([1, 2, 3]);
    for (const e of events.filter((e) => e.event === 'got')) expect(e.purge).toEqual(change('from-b'));

    // Worker 1's change: workers 2 and 3, and the other machine, purge before worker 1's publish() resolves.
    child.stdin!.write('publish\n');
    await until(() => events.some((e) => e.event === 'published'), 5000, 'worker 1 publishing');
    // (Its own change first: publish() purges the publishing instance too.)
    expect(other.heard).toEqual([change('from-b'), { tags: ['blog:posts'], paths: ['/'], posts: ['a'] }]);
    const published = events.find((e) => e.event === 'published')!;
    expect(published.otherHeard).toBe(2);
    const gotAfter = events.slice(events.findIndex((e) => e.event === 'ready')).filter((e) => e.event === 'got' && e.purge?.posts?.[0] === 'a');
    // Worker 1 purged itself; 2 and 3 were told by the primary, all before worker 1 went on.
    expect(gotAfter.map((e) => e.worker).sort()).toEqual([1, 2, 3]);
    expect(events.indexOf(published)).toBeGreaterThan(Math.max(...gotAfter.map((e) => events.indexOf(e))));
  });
});
