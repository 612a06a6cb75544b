import { contentSecurityPolicy, securityHeaders } from './lib/server/security.mjs';

// The security headers for every response Next sends. The Content-Security-Policy here is the static one: it allows
// the theme script by hash, which is all a post page (Pages Router, no framework JS) and every non-HTML response need.
// App Router pages also carry Next's inline flight-data scripts, different on every page; server.mjs replaces this
// policy on each HTML response with one listing that page's own script hashes (lib/server/handler.mjs).
const siteIsHttps = (process.env.SITE_URL ?? '').startsWith('https:');
const headerList = (admin) => [
  ...Object.entries(securityHeaders({ admin, https: siteIsHttps })).map(([key, value]) => ({ key, value })),
  { key: 'content-security-policy', value: contentSecurityPolicy({ admin }) },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and wasm-backed packages stay outside the server bundle; Node loads them from node_modules.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'esbuild', 'shiki', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'piscina'],
  // The inference worker and the weights are loaded by path at run time, which file tracing cannot see.
  outputFileTracingIncludes: {
    '/api/ml/**': [
      './apps/ml/runtime/**',
      './apps/ml/models/**',
      './apps/ml/contract.mjs',
      './content/models/**',
      './node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
    ],
  },
  // Rendered pages are cached in memory and revalidated by tag; a restart (say, after `manage loadcontent`) starts clean.
  experimental: { isrFlushToDisk: false },
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
