// withManifold(nextConfig): what every Manifold site's next.config.mjs wraps its own options with. It adds the
// framework's part: the security headers, the reader-page rewrites, the packages Node must load itself (the
// framework's and the installed apps', from the generated registry), the files tracing cannot see, compiling the
// framework's TypeScript (transpilePackages) and the `@site/…` alias through which framework code reaches the
// project (site.config.ts, .manifold/, prisma/generated/; lib/node/hooks.mjs says why).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { contentSecurityPolicy, securityHeaders } from './lib/server/security.mjs';
import { serverMakesEtags } from './lib/server/etag.mjs';
import { loadServerSettings, projectRoot } from './lib/server/settings.mjs';
import { readRuntimeTrace } from './scripts/lib/runtime-trace.mjs';

/** The `@site/…` modules framework code imports, for bundlers that take no wildcard: every file the alias may name. */
const SITE_MODULES = ['site.config', '.manifold/islands-assets', '.manifold/registry.client', '.manifold/registry.server', '.manifold/registry.node.mjs', 'prisma/generated/sqlite/client', 'prisma/generated/postgresql/client'];

/**
 * @param {import('next').NextConfig} [siteConfig] the site's own options; arrays and header/rewrite lists are merged
 * @returns {Promise<import('next').NextConfig>}
 */
export async function withManifold(siteConfig = {}) {
  const root = projectRoot();
  const registryFile = path.join(root, '.manifold', 'registry.node.mjs');
  if (!fs.existsSync(registryFile)) throw new Error(`${registryFile} does not exist: run \`npm run manage -- sync\` (npm install runs it)`);
  /** @type {{ serverExternalPackages: string[], outputFileTracingIncludes: Record<string, string[]> }} */
  const registry = await import(pathToFileURL(registryFile).href);
  const provides = fs.existsSync(path.join(root, '.manifold', 'provides'))
    ? fs.readdirSync(path.join(root, '.manifold', 'provides')).map((f) => `.manifold/provides/${f}`)
    : [];
  /** @type {Record<string, string>} */
  const resolveAlias = {};
  for (const m of [...SITE_MODULES, ...provides]) resolveAlias[`@site/${m}`] = `./${m}${/\.m?js$/.test(m) ? '' : existingExtension(root, m)}`;

  const server = loadServerSettings();
  const siteIsHttps = server.https;
  /** @param {boolean} admin */
  const headerList = (admin) => [
    ...Object.entries(securityHeaders({ admin, https: siteIsHttps })).map(([key, value]) => ({ key, value })),
    { key: 'content-security-policy', value: contentSecurityPolicy({ admin }) },
  ];
  const { headers: siteHeaders, rewrites: siteRewrites, ...rest } = siteConfig;

  return {
    reactStrictMode: true,
    poweredByHeader: false,
    // MANIFOLD_OUTPUT=standalone: .next/standalone/server.js with only the files the traces list (a container, a host
    // without node_modules); the site's own `output` wins. Vercel needs neither: its builder packs each route's
    // function from the same traces (scripts/vercel-size.mjs measures them against the platform's limit).
    ...(server.output ? { output: server.output } : {}),
    ...rest,
    // Under server.mjs the pages' ETags are made natively when the page is buffered (lib/server/etag.mjs), not by
    // Next's hash in JavaScript over every character; elsewhere (next start, Vercel) Next makes them.
    generateEtags: rest.generateEtags ?? !serverMakesEtags(),
    transpilePackages: [...new Set(['manifold', ...(rest.transpilePackages ?? [])])],
    // Reader pages are Pages Router pages. Without this, Turbopack bundles every dependency the (transpiled) framework
    // imports from node_modules into the pages' server chunks, serverExternalPackages included, so an installed site's
    // first page failed on better-sqlite3's native binding; with it, Pages Router follows App Router's rules (bundle,
    // except serverExternalPackages). tests/upgrade.test.ts serves an installed site's pages.
    bundlePagesRouterDependencies: rest.bundlePagesRouterDependencies ?? true,
    // The admin answers 401/403 with Next's unauthorized()/forbidden() (app/admin/forbidden.tsx), not a 200 page.
    experimental: { authInterrupts: true, ...rest.experimental },
    // Native and wasm-backed packages stay outside the server bundle; Node loads them from node_modules. The apps add
    // theirs (the ml app: tfjs and piscina) through their server manifests.
    serverExternalPackages: [
      // piscina: the MDX compile pool's worker threads (lib/mdx/pool.ts), loaded by path at run time.
      ...new Set(['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'esbuild', 'shiki', 'piscina', ...registry.serverExternalPackages, ...(rest.serverExternalPackages ?? [])]),
    ],
    // Files an app loads by path at run time (the ml app's worker, the demos' model code and weights).
    // (and the MDX compile pool's worker bundle, lib/mdx/worker-build.ts, which the admin API's threads load by path;
    // and the shipped migrations, which /api/ready compares the database with).
    // What those files import in turn (the ml worker's tfjs and its dependencies) is traced by `manifold build` before
    // `next build` (scripts/lib/runtime-trace.mjs) and added to the same routes.
    outputFileTracingIncludes: mergeLists(mergeLists(mergeLists(registry.outputFileTracingIncludes, readRuntimeTrace(root)), { '/admin/api/**': ['.manifold/mdx-worker/**'], '/api/ready': ['prisma/migrations/**/migration.sql'] }), rest.outputFileTracingIncludes ?? {}),
    turbopack: { ...rest.turbopack, root: rest.turbopack?.root ?? workspaceRoot(root), resolveAlias: { ...resolveAlias, ...rest.turbopack?.resolveAlias } },
    async headers() {
      // The last match wins, so the admin's (and the sign-in pages') stricter framing rules come after the general ones.
      return [
        { source: '/:path*', headers: headerList(false) },
        { source: '/admin', headers: headerList(true) },
        { source: '/admin/:path*', headers: headerList(true) },
        { source: '/accounts', headers: headerList(true) },
        { source: '/accounts/:path*', headers: headerList(true) },
        ...((await siteHeaders?.()) ?? []),
      ];
    },
    async rewrites() {
      const own = await siteRewrites?.();
      const ownList = Array.isArray(own) ? { beforeFiles: [], afterFiles: own, fallback: [] } : { beforeFiles: [], afterFiles: [], fallback: [], ...own };
      return {
        ...ownList,
        // Every reader page is a Pages Router route under pages/[lang]/ (no framework JavaScript; the blog's urls.ts
        // builds the addresses). Korean is the default language and has no URL prefix, so its addresses get /ko here;
        // the list of sections is the blog's READER_SECTIONS (a unit test keeps the two equal).
        beforeFiles: [
          // A category's or a tag's feed (/category/<path>/feed.xml, /tag/<slug>/atom.xml, /…/feed.json: the blog's
          // feedUrl) goes to its App Router route (app/feeds/[file]/[...scope]) before the section rule below gives
          // the address to the reader pages.
          { source: '/:section(category|tag)/:path+/:file(feed\\.xml|atom\\.xml|feed\\.json)', destination: '/feeds/:file/:section/:path+' },
          { source: '/', destination: '/ko' },
          { source: '/:section(posts|category|tag|search|page)/:path*', destination: '/ko/:section/:path*' },
          ...ownList.beforeFiles,
        ],
      };
    },
  };
}

/** @param {string} root @param {string} m */
function existingExtension(root, m) {
  for (const ext of ['.ts', '.tsx', '.mjs', '.js']) if (fs.existsSync(path.join(root, m + ext))) return ext;
  return '.ts';
}

/** @param {Record<string, string[]>} a @param {Record<string, string[]>} b */
function mergeLists(a, b) {
  /** @type {Record<string, string[]>} */
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = [...new Set([...(out[k] ?? []), ...v])];
  return out;
}

/**
 * Turbopack must see every file it compiles inside its root: the project, or the npm workspace that holds it (the
 * framework's own repository, where the framework is a sibling folder linked into node_modules).
 * @param {string} root
 */
function workspaceRoot(root) {
  const real = fs.realpathSync(fileURLToPath(new URL('.', import.meta.url)));
  let dir = root;
  while (!real.startsWith(dir + path.sep)) {
    const up = path.dirname(dir);
    if (up === dir) return root;
    dir = up;
  }
  return dir;
}
