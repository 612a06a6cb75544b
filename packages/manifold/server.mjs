// The production server for a Node host (`manifold start`, a site's `npm start`): Next.js plus the page cache a CDN would give it.
// Reader pages are rendered per request (getServerSideProps) and say how long they may be shared (Cache-Control
// s-maxage, apps/blog/cache.ts); here such a page is answered from memory, pre-compressed, until it expires or a
// content change purges it (lib/cache.ts). Installed apps may answer their hot requests before the router too (the ml app's
// inference), and start what they need with the server (its worker pool), through the generated registry's Node
// hooks. On Vercel the platform's CDN does this job and this file is not used. MANIFOLD_FAST_PATHS=0 turns both
// shortcuts off.
// First: the `@site/…` alias for what this process imports later (the registry, the apps' Node hooks).
import './lib/node/register.mjs';
import http from 'node:http';
import { parse } from 'node:url';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import next from 'next';
import { createRequestListener } from './lib/server/handler.mjs';
import { PageCache } from './lib/server/page-cache.mjs';
import { loadServerSettings, projectRoot, ServerSettingsError } from './lib/server/settings.mjs';

let settings;
try {
  settings = loadServerSettings();
} catch (err) {
  if (!(err instanceof ServerSettingsError)) throw err;
  console.error(`Configuration error: ${err.message}`);
  process.exit(1);
}

const { port, host: hostname } = settings;
// The project this server serves (MANIFOLD_ROOT, else the working directory), and its installed apps' Node hooks.
const dir = projectRoot();
/** @type {{ nodeHooks: readonly { label: string, load: () => Promise<import('./lib/app').NodeHooks> }[] }} */
const { nodeHooks } = await import(pathToFileURL(path.join(dir, '.manifold', 'registry.node.mjs')).href);
const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
const cache = settings.fastPaths && settings.pageCacheBytes > 0 ? new PageCache({ maxBytes: settings.pageCacheBytes }) : null;
// The app purges it when content changes (lib/cache.ts), since both run in this process.
globalThis.__manifoldPageCache = cache ?? undefined;

await app.prepare();
const hooks = await Promise.all(nodeHooks.map((h) => h.load()));
for (const h of hooks) await h.ready?.();
/** @type {import('./lib/app').FastPath[]} */
const fastPaths = settings.fastPaths ? await Promise.all(hooks.flatMap((h) => (h.fastPath ? [h.fastPath()] : []))) : [];
// Each app's fast path says at once whether it claimed the request (it then answers it); Next gets the rest.
/** @type {import('./lib/app').FastPath | null} */
const fastPath = fastPaths.length ? (req, res) => fastPaths.some((claims) => claims(req, res)) : null;

const server = http.createServer(
  // Node checks the headers and request timeouts on this interval; a short timeout needs a shorter check.
  { connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(settings.headersTimeoutMs / 4))) },
  createRequestListener({ handle: (req, res) => handle(req, res, parse(req.url ?? '/', true)), cache, fastPath, https: settings.https }),
);
server.headersTimeout = settings.headersTimeoutMs;
server.requestTimeout = settings.requestTimeoutMs;
server.keepAliveTimeout = settings.keepAliveTimeoutMs;
// An idle socket (a client that stopped reading or writing) is destroyed rather than held.
server.setTimeout(settings.socketTimeoutMs, (socket) => socket.destroy());
server.listen(port, hostname, () => console.log(`Manifold ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 2000).unref());
