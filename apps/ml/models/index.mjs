// The model registry: every demo model by its URL name. Training (`manage train`) and the inference worker both read
// it, so the two can never disagree about a model's definition.
import attention from './attention.mjs';
import autoencoder from './autoencoder.mjs';
import convolution from './convolution.mjs';
import daRnn from './da-rnn.mjs';
import dcgan from './dcgan.mjs';
import gradientDescent from './gradient-descent.mjs';
import lossCompare from './loss-compare.mjs';

/** @type {Record<string, import('./common.mjs').ModelDefinition>} */
export const definitions = {
  autoencoder,
  'gradient-descent': gradientDescent,
  'loss-compare': lossCompare,
  convolution,
  dcgan,
  'da-rnn': daRnn,
  attention,
};

export const MODEL_NAMES = Object.keys(definitions);
