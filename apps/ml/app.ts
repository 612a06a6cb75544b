// The ml app: trained TensorFlow.js demo models, their inference API (app/api/ml) and the post embeds.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'ml',
  verboseName: '머신러닝 데모',
  description: 'Trained tfjs models served by worker threads, and the interactive figures the posts embed.',
  embeds: () => import('./embeds'),
  embedProps: () => import('./embed-props'),
  commands: 'commands',
});
