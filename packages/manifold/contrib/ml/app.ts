// The ml app (manifold/ml): the runtime that serves trained TensorFlow.js models from worker threads at
// POST /api/ml/<model>, the embed islands that talk to it, and `manage train`. The demos themselves (model, contract,
// figure, island) belong to the site's apps, which provide them through the "ml.demos" and "ml.models" extension
// points (server.ts); the Korean ML blog's eight live in its apps/demos/.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'ml',
  verboseName: '머신러닝 런타임',
  description: 'Serves the installed apps\' trained tfjs demo models from worker threads, and trains them (manage train).',
});
