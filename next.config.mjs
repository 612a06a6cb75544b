import { contentSecurityPolicy, securityHeaders } from './lib/server/security.mjs';
// What the installed apps need from Next (packages Node loads itself, files loaded by path), from the generated registry.
import { outputFileTracingIncludes, serverExternalPackages } from './.manifold/registry.node.mjs';
import { loadServerSettings } from './lib/server/settings.mjs';

// The security headers for every response Next sends. The Content-Security-Policy here is the static one: it allows
// the theme script by hash, which is all a post page (Pages Router, no framework JS) and every non-HTML response need.
// App Router pages (the admin, startapp's sample page) also carry Next's inline flight-data scripts, different on every
// page; server.mjs replaces this policy on each HTML response with one listing that page's own script hashes
// (lib/server/handler.mjs).
const siteIsHttps = loadServerSettings().https;
/** @param {boolean} admin */
const headerList = (admin) => [
  ...Object.entries(securityHeaders({ admin, https: siteIsHttps })).map(([key, value]) => ({ key, value })),
  { key: 'content-security-policy', value: contentSecurityPolicy({ admin }) },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and wasm-backed packages stay outside the server bundle; Node loads them from node_modules. The apps add
  // theirs (the ml app: tfjs and piscina) through their server manifests.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'esbuild', 'shiki', ...serverExternalPackages],
  // Files an app loads by path at run time (the ml app's worker and weights), which file tracing cannot see.
  outputFileTracingIncludes,
  async headers() {
    // The last match wins, so the admin's stricter framing rules come after the general ones.
    return [
      { source: '/:path*', headers: headerList(false) },
      { source: '/admin', headers: headerList(true) },
      { source: '/admin/:path*', headers: headerList(true) },
    ];
  },
  async rewrites() {
    return {
      // Every reader page is a Pages Router route under pages/[lang]/ (no framework JavaScript; apps/blog/urls.ts
      // builds the addresses). Korean is the default language and has no URL prefix, so its addresses get /ko here;
      // the list of sections is apps/blog/urls.ts's READER_SECTIONS (a unit test keeps the two equal).
      beforeFiles: [
        { source: '/', destination: '/ko' },
        { source: '/:section(posts|category|tag|search|page)/:path*', destination: '/ko/:section/:path*' },
      ],
    };
  },
};

export default nextConfig;
