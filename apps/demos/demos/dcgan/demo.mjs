// The dcgan demo: <Dcgan /> in posts, POST /api/ml/dcgan and content/models/dcgan/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'dcgan',
  embed: 'Dcgan',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
