// A real node:cluster for broadcast.test.ts' shared pages: three workers with clusterBroadcast(), the primary relaying
// (relayPurges) over the IPC serialization cluster.mjs sets. Worker 1 offers a page; then worker 2 publishes a purge,
// after which worker 1 sends a page tagged with the epoch from before it (a page rendered before the purge, as a worker
// that had not heard of it would offer it) and offers one more. The primary prints each page a worker heard, as JSON
// lines, then stops them all.
import cluster from 'node:cluster';
import { PAGE_MESSAGE, clusterBroadcast, relayPurges } from '../../broadcast.mjs';

const WORKERS = 3;
/** @param {string} key @param {string} text */
const page = (key, text) => ({ key, status: 200, headers: { 'content-type': 'text/html; charset=utf-8', etag: `W/"${key}"` }, body: Buffer.from(text), expires: Date.now() + 60_000, staleUntil: Date.now() + 120_000 });

if (cluster.isPrimary) {
  cluster.setupPrimary({ serialization: 'advanced' });
  relayPurges(/** @type {any} */ (cluster), () => /** @type {any[]} */ (Object.values(cluster.workers ?? {})), undefined);
  let ready = 0;
  /** @type {string[]} */
  const heard = [];
  const finish = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
  };
  cluster.on('message', (w, msg) => {
    if (msg?.type === 'test:ready' && ++ready === WORKERS) cluster.workers?.[1]?.send({ type: 'test:offer' });
    if (msg?.type === 'test:page') {
      heard.push(msg.key);
      console.log(JSON.stringify({ event: 'page', worker: w.id, key: msg.key, body: msg.body, bytes: msg.bytes }));
      // Both others have the first page: worker 2 changes content.
      if (heard.filter((k) => k === '/first').length === 2 && msg.key === '/first') cluster.workers?.[2]?.send({ type: 'test:publish' });
      if (heard.filter((k) => k === '/after').length === 2) setTimeout(finish, 200);
    }
    if (msg?.type === 'test:published') {
      console.log(JSON.stringify({ event: 'published', worker: w.id }));
      cluster.workers?.[1]?.send({ type: 'test:late' });
    }
  });
  setTimeout(finish, 20_000).unref();
  for (let i = 0; i < WORKERS; i++) cluster.fork();
} else {
  const id = cluster.worker?.id ?? 0;
  const purges = clusterBroadcast(process, { timeoutMs: 10_000 });
  let epochBefore = -1;
  purges.pages?.subscribe((p) => process.send?.({ type: 'test:page', key: p.key, body: Buffer.from(p.body).toString('utf8'), bytes: p.body instanceof Uint8Array }));
  process.on('message', async (msg) => {
    const type = /** @type {any} */ (msg)?.type;
    if (type === 'manifold:purge' && epochBefore < 0) epochBefore = /** @type {any} */ (msg).epoch - 1;
    if (type === 'test:offer') purges.pages?.offer(page('/first', '첫 페이지'));
    if (type === 'test:publish') {
      await purges.publish({ tags: ['blog:posts'], paths: ['/'] });
      process.send?.({ type: 'test:published' });
    }
    if (type === 'test:late') {
      // Rendered before the purge, offered after: the epoch it had then.
      process.send?.({ type: PAGE_MESSAGE, epoch: epochBefore, page: page('/before', '옛 페이지') });
      purges.pages?.offer(page('/after', '새 페이지'));
    }
  });
  process.send?.({ type: 'test:ready', id });
}
