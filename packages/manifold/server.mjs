// The production server for a Node host (`manifold start`, a site's `npm start`): Next.js plus the page cache a CDN would give it.
// Reader pages are rendered per request (getServerSideProps) and say how long they may be shared (Cache-Control
// s-maxage, apps/blog/cache.ts); here such a page is answered from memory, pre-compressed, until it expires or a
// content change purges it (lib/cache.ts). Installed apps may answer their hot requests before the router too (the ml app's
// inference), and start what they need with the server (its worker pool), through the generated registry's Node
// hooks. On Vercel the platform's CDN does this job and this file is not used. MANIFOLD_FAST_PATHS=0 turns both
// shortcuts off. With WEB_CONCURRENCY > 1 (default: one per core) this file runs as a small primary (lib/server/
// cluster.mjs) and as that many workers, each a whole server sharing only the socket, the database and data/; a
// content change in one purges every worker's page cache (lib/server/broadcast.mjs).
// First: the `@site/…` alias for what this process imports later (the registry, the apps' Node hooks).
import './lib/node/register.mjs';
import cluster from 'node:cluster';
import http from 'node:http';
import { parse } from 'node:url';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadServerSettings, projectRoot, ServerSettingsError } from './lib/server/settings.mjs';

let settings;
try {
  settings = loadServerSettings();
} catch (err) {
  if (!(err instanceof ServerSettingsError)) throw err;
  console.error(`Configuration error: ${err.message}`);
  process.exit(1);
}

if (settings.workers > 1 && cluster.isPrimary) {
  // The primary loads neither Next nor the site: it forks, relays purges, replaces and stops workers.
  const { runPrimary } = await import('./lib/server/cluster.mjs');
  await runPrimary({ workers: settings.workers, semiSpaceMb: settings.semiSpaceMb, nodeOptions: settings.nodeOptions, shutdownTimeoutMs: settings.shutdownTimeoutMs, host: settings.host, port: settings.port, mlThreads: settings.ml.threads, redis: settings.redis });
} else {
  await serve(settings);
}

/** One server process: the whole server when WEB_CONCURRENCY=1, else one cluster worker. @param {import('./lib/server/settings.mjs').ServerSettings} settings */
async function serve(settings) {
  // Before Next and React load: React's server renderer encodes every attribute and text separately, and Node 20's
  // TextEncoder makes each tiny array slowly (lib/server/text-encoder.mjs; the same bytes, 10× cheaper).
  const { installFastTextEncoder } = await import('./lib/server/text-encoder.mjs');
  installFastTextEncoder();
  // This server makes the pages' ETags itself when it buffers them (lib/server/etag.mjs): Next's are turned off.
  const { claimEtags } = await import('./lib/server/etag.mjs');
  claimEtags();
  // Pages are compressed in a worker thread's heap, not this one's (lib/server/compress-worker.mjs): started now.
  const { startCompression } = await import('./lib/server/encoding.mjs');
  startCompression();
  const { default: next } = await import('next');
  const { createRequestListener } = await import('./lib/server/handler.mjs');
  const { PageCache } = await import('./lib/server/page-cache.mjs');
  const { clusterBroadcast, localBroadcast } = await import('./lib/server/broadcast.mjs');
  const { purgesLine, workerInit } = await import('./lib/server/cluster.mjs');
  const worker = cluster.isWorker ? cluster.worker : undefined;
  // Secrets the workers must agree on come from the primary, before the apps' hooks start: a call a worker makes to
  // its own address (the scheduled-publishing timer, a stale page's refresh) may be answered by any worker.
  const init = worker ? await workerInit() : null;
  if (init) /** @type {{ __manifoldCronToken?: string }} */ (globalThis).__manifoldCronToken = init.cronToken;

  const { port, host: hostname } = settings;
  // The project this server serves (MANIFOLD_ROOT, else the working directory), and its installed apps' Node hooks.
  const dir = projectRoot();
  /** @type {{ nodeHooks: readonly { label: string, load: () => Promise<import('./lib/app').NodeHooks> }[] }} */
  const { nodeHooks } = await import(pathToFileURL(path.join(dir, '.manifold', 'registry.node.mjs')).href);
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  const cache = settings.fastPaths && settings.pageCacheBytes > 0 ? new PageCache({ maxBytes: settings.pageCacheBytes, maxFreshSeconds: settings.pageMaxAgeSeconds, refreshToken: init?.refreshToken }) : null;
  // The app purges through these when content changes (lib/cache.ts), since both run in this process: the page cache
  // directly, and every other worker's through the broadcast (the primary bridges them and Redis); a single process
  // with REDIS_URL is its machine's instance on Redis itself.
  /** @type {import('./lib/server/broadcast.mjs').Broadcast} */
  let purges;
  if (worker) purges = clusterBroadcast();
  else if (settings.redis) {
    const { redisBroadcast } = await import('./lib/server/redis-broadcast.mjs');
    purges = redisBroadcast(settings.redis.url, { prefix: settings.redis.prefix });
  } else purges = localBroadcast();
  // A cluster's primary says it once for all workers.
  if (!worker) console.log(purgesLine(settings.redis, /** @type {{ channel?: string }} */ (purges).channel));
  purges.subscribe(() => cache?.clear());
  // A cluster's workers share the pages they render (page-cache.mjs share(), broadcast.mjs): one render per machine.
  if (cache && purges.pages) cache.share(purges.pages);
  const g = /** @type {{ __manifoldPageCache?: unknown, __manifoldPurges?: unknown, __manifoldCronToken?: string }} */ (globalThis);
  g.__manifoldPageCache = cache ?? undefined;
  g.__manifoldPurges = purges;

  await app.prepare();
  const hooks = await Promise.all(nodeHooks.map((h) => h.load()));
  for (const h of hooks) await h.ready?.();
  // GET /api/ready asks the apps' probes through globalThis (lib/server/readiness.mjs): Next's copy of an app's module
  // is not the one whose pool this process started.
  const { registerAppReadiness } = await import('./lib/server/readiness.mjs');
  registerAppReadiness(hooks.map((h, i) => ({ label: nodeHooks[i].label, hooks: h })));
  /** @type {import('./lib/app').FastPath[]} */
  const fastPaths = settings.fastPaths ? await Promise.all(hooks.flatMap((h) => (h.fastPath ? [h.fastPath()] : []))) : [];
  // Each app's fast path says at once whether it claimed the request (it then answers it); Next gets the rest.
  /** @type {import('./lib/app').FastPath | null} */
  const fastPath = fastPaths.length ? (req, res) => fastPaths.some((claims) => claims(req, res)) : null;

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  const viaNext = (req, res) => handle(req, res, parse(req.url ?? '/', true));
  // The reader pages rendered here from Next's built page modules, without its router and pages pipeline
  // (lib/server/direct-pages.mjs); everything else, and anything it does not take, goes to Next.
  const { createDirectPages } = await import('./lib/server/direct-pages.mjs');
  const direct = settings.fastPaths ? createDirectPages({ dir }) : null;
  /** @type {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => unknown} */
  const render = direct ? (req, res) => direct.handle(req, res, () => viaNext(req, res)) : viaNext;
  const listener = createRequestListener({ handle: render, cache, fastPath, https: settings.https, trustedProxies: settings.trustedProxies });
  // Which worker answered, for operators and tests (a small number, not the pid); a single process says nothing.
  const workerId = worker ? String(worker.id) : null;
  const server = http.createServer(
    // Node checks the headers and request timeouts on this interval; a short timeout needs a shorter check.
    { connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(settings.headersTimeoutMs / 4))) },
    workerId
      ? (req, res) => {
          res.setHeader('x-manifold-worker', workerId);
          listener(req, res);
        }
      : listener,
  );
  server.headersTimeout = settings.headersTimeoutMs;
  server.requestTimeout = settings.requestTimeoutMs;
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  // An idle socket (a client that stopped reading or writing) is destroyed rather than held.
  server.setTimeout(settings.socketTimeoutMs, (socket) => socket.destroy());
  server.listen(port, hostname, () => {
    // A cluster's primary says it once for all workers.
    if (!worker) console.log(`Manifold ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`);
  });

  // Graceful stop (lib/server/shutdown.mjs): no new connections, idle keep-alive sockets closed now, requests in flight
  // finished up to MANIFOLD_SHUTDOWN_TIMEOUT_MS, then the broadcast, the apps' pools and holds on shared work (the
  // blog's leader lock, so another instance takes over at once) and the Prisma client closed.
  const { gracefulShutdown } = await import('./lib/server/shutdown.mjs');
  const { stop } = gracefulShutdown({
    server,
    timeoutMs: settings.shutdownTimeoutMs,
    closers: [
      { name: 'purge broadcast', close: () => purges.close() },
      ...hooks.flatMap((h, i) => (h.close ? [{ name: `${nodeHooks[i].label} app`, close: () => h.close?.() }] : [])),
      // The Next side's one client (lib/db.ts keeps it on globalThis), when a request made one.
      { name: 'database client', close: () => /** @type {{ __manifoldDb?: { $disconnect(): Promise<void> } }} */ (globalThis).__manifoldDb?.$disconnect() },
    ],
  });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void stop(sig));
}
