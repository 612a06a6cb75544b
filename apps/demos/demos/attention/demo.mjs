// The attention demo: <Attention /> in posts, POST /api/ml/attention and content/models/attention/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'attention',
  embed: 'Attention',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
