// The timestamp demo: <Timestamp /> in posts, computed in the browser (no model). See ../../define-demo.mjs.
import { defineDemo } from 'manifold/ml/demo';

export default defineDemo({
  name: 'timestamp',
  embed: 'Timestamp',
  contract: () => import('./contract.mjs'),
  component: () => import('./embed.client'),
});
