// A real node:cluster for broadcast.test.ts: N workers with clusterBroadcast(), the primary relaying (relayPurges).
// Worker 1 publishes one purge; worker 2 is slow to purge (its listener holds its thread for a moment); with `--die`,
// worker 3 exits instead of purging. The primary prints, in the order it saw them, each worker's "got" (its listener
// ran) and worker 1's "published" (its publish() resolved), as JSON lines.
// With `--redis=<prefix>` the primary also bridges the local Redis (redis-broadcast.mjs, as cluster.mjs does with
// REDIS_URL): it prints "ready" once the workers are, and worker 1 publishes when a line "publish" comes on stdin,
// so the test can first publish from its own instance (another machine).
import cluster from 'node:cluster';
import readline from 'node:readline';
import { clusterBroadcast, relayPurges } from '../../broadcast.mjs';

const workers = Number(process.argv[2] ?? 3);
const die = process.argv.includes('--die');
const redisPrefix = process.argv.find((a) => a.startsWith('--redis='))?.slice('--redis='.length);

if (cluster.isPrimary) {
  /** @type {import('../../redis-broadcast.mjs').RedisBroadcast | undefined} */
  let remote;
  if (redisPrefix) {
    const { redisBroadcast } = await import('../../redis-broadcast.mjs');
    remote = redisBroadcast('redis://127.0.0.1:6379', { prefix: redisPrefix });
    await remote.ready();
    readline.createInterface({ input: process.stdin }).on('line', (line) => {
      if (line === 'publish') cluster.workers?.[1]?.send({ type: 'test:publish' });
    });
  }
  relayPurges(/** @type {any} */ (cluster), () => /** @type {any[]} */ (Object.values(cluster.workers ?? {})), remote);
  let ready = 0;
  cluster.on('message', (w, msg) => {
    if (msg?.type === 'test:ready' && ++ready === workers) {
      if (remote) console.log(JSON.stringify({ event: 'ready' }));
      else cluster.workers?.[1]?.send({ type: 'test:publish' });
    }
    if (msg?.type === 'test:got') console.log(JSON.stringify({ event: 'got', worker: w.id, purge: msg.purge }));
    if (msg?.type === 'test:published') {
      console.log(JSON.stringify({ event: 'published', worker: w.id }));
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      remote?.close();
      process.stdin.destroy();
    }
  });
  for (let i = 0; i < workers; i++) cluster.fork();
} else {
  const id = cluster.worker?.id ?? 0;
  // A minute: only the acknowledgements (or a worker's exit) can resolve publish() within the test's time.
  const purges = clusterBroadcast(process, { timeoutMs: 60_000 });
  purges.subscribe((purge) => {
    if (die && id === 3) process.exit(0);
    if (id === 2) {
      const until = Date.now() + 300;
      while (Date.now() < until);
    }
    if (id !== 1 || redisPrefix) process.send?.({ type: 'test:got', purge });
  });
  process.on('message', async (msg) => {
    if (/** @type {any} */ (msg)?.type !== 'test:publish') return;
    await purges.publish({ tags: ['blog:posts'], paths: ['/'], posts: ['a'] });
    process.send?.({ type: 'test:published' });
  });
  process.send?.({ type: 'test:ready' });
}
