// The autoencoder demo: <Autoencoder /> in posts, POST /api/ml/autoencoder and content/models/autoencoder/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'autoencoder',
  embed: 'Autoencoder',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
