// The gradient-descent demo: <GradientDescent /> in posts, POST /api/ml/gradient-descent and content/models/gradient-descent/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'gradient-descent',
  embed: 'GradientDescent',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
