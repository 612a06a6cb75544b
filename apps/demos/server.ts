// The demos app's server manifest: its demos go to the ml runtime through its extension points, and their model
// code and trained weights are loaded by path at run time (so traced for Next, and a build input).
import { defineServerApp } from 'manifold/app';

export default defineServerApp({
  provides: { 'ml.demos': './demos/index.mjs', 'ml.models': './demos/models.mjs' },
  next: {
    outputFileTracingIncludes: { '/api/ml/**': ['<app>/**/*.mjs', './content/models/**'] },
  },
  // Trained weights and previews are read by the server and the static figures; retraining means rebuilding.
  buildInputs: ['content/models'],
});
