// The loss-compare demo: <LossCompare /> in posts, POST /api/ml/loss-compare and content/models/loss-compare/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'loss-compare',
  embed: 'LossCompare',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
