// The production server for a Node host (`npm start`): Next.js plus the page cache a CDN would give it.
// Next already caches rendered pages (ISR), but each hit still walks its router; here a cached page is
// answered from memory, pre-compressed, while Next keeps deciding what is cacheable and for how long
// (its Cache-Control s-maxage). Demo inference requests skip the router too. On Vercel the platform's CDN
// does this job and this file is not used.
import http from 'node:http';
import { parse } from 'node:url';
import next from 'next';
import { PageCache } from './lib/server/page-cache.mjs';
import { handleMlRequest, startMlWorkers } from './apps/ml/runtime/http.mjs';

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? '0.0.0.0';
const app = next({ dev: false, dir: path(), hostname, port });
const handle = app.getRequestHandler();
const cache = new PageCache({ maxBytes: Number(process.env.MANIFOLD_PAGE_CACHE_MB ?? 64) * 1024 * 1024 });
// The app purges it when content changes (lib/cache.ts), since both run in this process.
globalThis.__manifoldPageCache = cache;

function path() {
  return new URL('.', import.meta.url).pathname;
}

await app.prepare();
// Demo inference answered before Next's router (about 1 ms of main thread per request here): the same schemas,
// limits and worker pool as app/api/ml, which stays the handler on every other host.
startMlWorkers();
const server = http.createServer((req, res) => {
  if (handleMlRequest(req, res)) return;
  if (cache.serve(req, res)) return;
  const fill = cache.prepareFill(req, res);
  handle(req, res, parse(req.url ?? '/', true)).catch((err) => {
    console.error(err);
    if (!res.headersSent) res.writeHead(500).end('Internal server error');
    fill?.abort();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`Manifold ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port}`));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 2000).unref());
