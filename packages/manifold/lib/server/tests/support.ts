// A real HTTP server running server.mjs' request listener, with a stand-in for Next's handler that writes the way
// Next does (setHeader, flushHeaders, chunks, end), and a raw client that shows exactly what went over the wire.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { vi } from 'vitest';
import { createRequestListener } from '../handler.mjs';
import type { PageCache } from '../page-cache.mjs';

export interface Rendered {
  status?: number;
  type?: string;
  control?: string;
  headers?: Record<string, string | string[]>;
  body?: string;
}

export interface TestServer {
  base: string;
  renders: string[];
  close(): Promise<void>;
}

export async function startServer(options: {
  cache?: PageCache | null;
  page?: (url: string) => Rendered;
  fastPath?: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | null;
  https?: boolean;
  trustedProxies?: string[];
}): Promise<TestServer> {
  const renders: string[] = [];
  const page: (url: string) => Rendered = options.page ?? ((url: string) => ({ body: `<html><body>${url} ${renders.length}</body></html>` }));
  const listener = createRequestListener({
    cache: options.cache ?? null,
    fastPath: options.fastPath ?? null,
    https: options.https ?? false,
    trustedProxies: options.trustedProxies ?? [],
    handle: async (req, res) => {
      renders.push(req.url ?? '');
      const r: Rendered = page(req.url ?? '/');
      res.statusCode = r.status ?? 200;
      res.setHeader('content-type', r.type ?? 'text/html; charset=utf-8');
      res.setHeader('cache-control', r.control ?? 's-maxage=60, stale-while-revalidate=600');
      res.setHeader('vary', 'rsc');
      for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v);
      if (req.method === 'HEAD') return void res.end();
      const body = r.body ?? '';
      res.flushHeaders();
      res.write(body.slice(0, 10));
      await new Promise((resolve) => setTimeout(resolve, 1));
      res.end(body.slice(10));
    },
  });
  const server = http.createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    renders,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export function request(base: string, path: string, { method = 'GET', headers = {} }: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    // Node's client adds no Accept-Encoding of its own, so what the test sends is all the server sees.
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves once `check` holds, looking again after each turn of the event loop (no timeout of its own: the test's). */
export async function until(check: () => boolean) {
  while (!check()) await new Promise((r) => setImmediate(r));
}

/** The JSON lines lib/log.mjs writes in production (as server.mjs runs); other output passes through. Undo with vi.restoreAllMocks() and vi.unstubAllEnvs(). */
export function captureLog() {
  vi.stubEnv('NODE_ENV', 'production');
  const lines: Array<Record<string, unknown>> = [];
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    if (text.startsWith('{')) lines.push(JSON.parse(text));
    else return write(chunk, ...(rest as []));
    return true;
  });
  return lines;
}

/**
 * A build's routes-manifest.json as the framework's next.mjs makes it (its header rules and rewrites, Next's own
 * trailing-slash redirect): what lib/server/direct-pages.mjs takes as routing it may skip.
 */
export function frameworkRoutesManifest() {
  return {
    basePath: '',
    headers: ['/:path*', '/admin', '/admin/:path*', '/accounts', '/accounts/:path*'].map((source) => ({ source, headers: [] as unknown[] })),
    rewrites: {
      beforeFiles: ['/:section(category|tag)/:path+/:file(feed\\.xml|atom\\.xml|feed\\.json)', '/', '/:section(posts|category|tag|search|page)/:path*'].map((source) => ({ source, destination: '/x' })),
      afterFiles: [] as unknown[],
      fallback: [] as unknown[],
    },
    redirects: [{ source: '/:path+/', destination: '/:path+', internal: true }] as Record<string, unknown>[],
  };
}
