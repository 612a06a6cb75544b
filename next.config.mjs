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
  async rewrites() {
    return {
      // Korean is the default language and has no URL prefix; English pages live under /en.
      // Post pages are served by the Pages Router (pages/read) so they can ship no framework JavaScript.
      beforeFiles: [
        { source: '/', destination: '/ko' },
        { source: '/posts/:slug', destination: '/read/ko/:slug' },
        { source: '/:lang(ko|en)/posts/:slug', destination: '/read/:lang/:slug' },
        { source: '/:section(category|tag|search|page)/:path*', destination: '/ko/:section/:path*' },
      ],
    };
  },
};

export default nextConfig;
