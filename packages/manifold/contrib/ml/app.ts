// The ml app (manifold/ml): the runtime that serves trained TensorFlow.js models from worker threads at
// POST /api/ml/<model>, the embed islands that talk to it, and `manage train`. The demos themselves (model, contract,
// figure, island) belong to the site's apps, which provide them through the "ml.demos" and "ml.models" extension
// points (server.ts); the Korean ML blog's eight live in its apps/demos/.
// Its own embed is the model library's <ModelDemo model="slug" />: an author's uploaded tfjs model (custom/), with an
// input widget and an output view made from the signature the author declared, and a no-JS figure looked up at render
// time (custom/embed-data.ts, the embed data hook).
import { defineApp } from '../../lib/app';

export default defineApp({
  label: 'ml',
  verboseName: '머신러닝 런타임',
  description: 'Serves the installed apps\' trained tfjs demo models from worker threads, and trains them (manage train); authors\' own models from the model library, embedded with <ModelDemo />.',
  admin: () => import('./admin'),
  embeds: () => import('./custom/embeds'),
  embedProps: () => import('./embed-props'),
  embedStyles: 'custom/embeds.css',
  embedData: 'custom/embed-data.ts',
});
