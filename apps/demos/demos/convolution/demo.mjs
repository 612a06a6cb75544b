// The convolution demo: <Convolution /> in posts, POST /api/ml/convolution and content/models/convolution/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'convolution',
  embed: 'Convolution',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
