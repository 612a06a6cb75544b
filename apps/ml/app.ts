// The ml app: trained TensorFlow.js demo models, their inference API (app/api/ml) and the post embeds.
// Browser-safe: the embeds and their props schemas load lazily; the worker pool and commands are in server.ts.
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'ml',
  verboseName: '머신러닝 데모',
  description: 'Trained tfjs models served by worker threads, and the interactive figures the posts embed.',
  embeds: () => import('./embeds'),
  embedProps: () => import('./embed-props'),
  embedStyles: 'embeds.css',
});
