// The ml app's server manifest: `manage train`, the worker pool and /api/ml fast path for server.mjs (node.mjs), and
// what Next and the build must know about tfjs (loaded by worker threads from node_modules, weights read by path).
import { defineServerApp } from '../../lib/app';

export default defineServerApp({
  commands: () => import('./commands'),
  node: './node.mjs',
  next: {
    serverExternalPackages: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'piscina'],
    // The inference worker, the model code and the weights are loaded by path at run time, which file tracing cannot see.
    outputFileTracingIncludes: {
      '/api/ml/**': ['./apps/ml/**/*.mjs', './content/models/**', './node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm'],
    },
  },
  // Trained weights and previews are read by the server and the static figures; retraining means rebuilding.
  buildInputs: ['content/models'],
});
