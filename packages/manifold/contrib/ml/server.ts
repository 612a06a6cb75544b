// The ml app's server manifest: `manage train`, the worker pool and /api/ml fast path for the production server
// (node.mjs), what Next and the build must know about tfjs (loaded by worker threads from node_modules), and the
// extension points through which apps hand it their demos; the model library's admin hooks (contrib/ml/admin-hooks.ts:
// the library page and /admin/api/ml/*).
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  commands: () => import('./commands'),
  node: './node.mjs',
  adminHooks: './admin-hooks.ts',
  // dumpdata/loaddata carry the model library's files (model.json and shards) with their version rows.
  fixtureFiles: () => import('./custom/fixture-files'),
  // "ml.demos": each app's demo list (demos/index.mjs, the API's contracts and the embeds); "ml.models": a module
  // whose default export loads a demo's tfjs definition by name (the worker and `train` load it by path).
  collects: ['ml.demos', 'ml.models'],
  next: {
    serverExternalPackages: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'piscina'],
    // The inference worker and the model code are loaded by path at run time, which file tracing cannot see, and so
    // is the registry's JSON through which they find the apps' demo models (definitions.mjs). Listed here, they are
    // part of each route's function on Vercel and of .next/standalone (tests/standalone.test.ts serves an inference).
    outputFileTracingIncludes: {
      // The model library's lane (runtime/custom-worker.mjs) is loaded the same way, by the admin and /api/ml/custom.
      '/api/ml/**': ['<app>/**/*.mjs', './node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', './node_modules/fflate/**', './.manifold/registry.json'],
      '/admin/**': ['<app>/**/*.mjs', './node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', './node_modules/fflate/**', './.manifold/registry.json'],
    },
  },
});
