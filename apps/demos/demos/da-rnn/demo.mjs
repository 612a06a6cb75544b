// The da-rnn demo: <DaRnn /> in posts, POST /api/ml/da-rnn and content/models/da-rnn/. See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'da-rnn',
  embed: 'DaRnn',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
