// The demos: one line per folder. Every registry of the ml app is built from this list: the API's contracts
// (../contract.mjs), the embeds (../embeds.ts), the worker's models and `manage train` (./models.mjs). Adding a demo is
// a folder, a line here and a line in ../embed-props.ts (which imports contracts only, so the compiler never bundles a
// demo's component; the demos test checks the two lists agree). See ../README.md.
import { demoList } from 'manifold/ml/demo';
import attention from './attention/demo.mjs';
import autoencoder from './autoencoder/demo.mjs';
import convolution from './convolution/demo.mjs';
import daRnn from './da-rnn/demo.mjs';
import dcgan from './dcgan/demo.mjs';
import gradientDescent from './gradient-descent/demo.mjs';
import lossCompare from './loss-compare/demo.mjs';
import timestamp from './timestamp/demo.mjs';

// The order is the order GET /api/ml lists the models in.
export const DEMOS = demoList([autoencoder, gradientDescent, lossCompare, convolution, dcgan, daRnn, attention, timestamp]);

export default DEMOS;
