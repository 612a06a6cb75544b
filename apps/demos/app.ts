// The demos app: the eight live demos the posts of this blog embed (demos/<name>/: model, contract, training,
// preview, figure, island), served by the framework's ml runtime (manifold/ml) and listed in demos/index.mjs.
// Browser-safe: the embeds and their props schemas load lazily; what the runtime needs is in server.ts.
import { defineApp } from 'manifold/app';

export default defineApp({
  label: 'demos',
  verboseName: '머신러닝 데모',
  description: 'Trained tfjs models of the posts (gradient descent, autoencoder, DA-RNN, …) and the interactive figures the posts embed.',
  embeds: () => import('./embeds'),
  embedProps: () => import('./embed-props'),
  embedStyles: 'embeds.css',
});
