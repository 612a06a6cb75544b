// Convolution as deep-learning libraries compute it (cross-correlation: the kernel is not flipped), valid padding
// and stride 1 unless asked otherwise, in 1-D (`signal`) or 2-D (`image`), optionally divided by the kernel's sum. Outputs are rounded to four
// decimals so the contract {"signal":[1,4,6,7,4],"kernel":[1,1,1],"normalize":true} → [3.6667, 5.6667, 5.6667] holds.
import { tf, round } from 'manifold/ml/models/common';

/** @typedef {{ signal: number[], kernel: number[], normalize?: boolean, stride?: number, padding?: 'valid' | 'same' }} Conv1d */
/** @typedef {{ image: number[][], kernel: number[][], normalize?: boolean, stride?: number, padding?: 'valid' | 'same' }} Conv2d */

/** @param {Conv1d | Conv2d} input */
function run(input) {
  const normalize = input.normalize ?? false;
  const stride = input.stride ?? 1;
  const padding = input.padding ?? 'valid';
  const scale = (/** @type {number} */ v, /** @type {number} */ sum) => round(normalize ? v / sum : v);
  if ('signal' in input) {
    const k = input.kernel;
    const sum = k.reduce((a, b) => a + b, 0);
    const out = tf.tidy(() => tf.conv1d(tf.tensor3d(input.signal, [1, input.signal.length, 1]), tf.tensor3d(k, [k.length, 1, 1]), stride, padding));
    const raw = out.dataSync();
    out.dispose();
    return { output: Array.from(raw, (v) => scale(v, sum)), kernelSum: round(sum), stride, padding };
  }
  const h = input.image.length;
  const w = input.image[0].length;
  const kh = input.kernel.length;
  const kw = input.kernel[0].length;
  const sum = input.kernel.flat().reduce((a, b) => a + b, 0);
  const out = tf.tidy(() => tf.conv2d(tf.tensor4d(input.image.flat(), [1, h, w, 1]), tf.tensor4d(input.kernel.flat(), [kh, kw, 1, 1]), stride, padding));
  const [, oh, ow] = out.shape;
  const raw = out.dataSync();
  out.dispose();
  /** @type {number[][]} */
  const output = [];
  for (let i = 0; i < oh; i++) output.push(Array.from(raw.subarray(i * ow, (i + 1) * ow), (v) => scale(v, sum)));
  return { output, kernelSum: round(sum), stride, padding };
}

/** A 12×12 drawing of a "7" for the 2-D example. */
export const SAMPLE_IMAGE = [
  '............',
  '............',
  '..########..',
  '..########..',
  '.......##...',
  '......##....',
  '.....##.....',
  '....##......',
  '....##......',
  '...##.......',
  '...##.......',
  '............',
].map((row) => [...row].map((c) => (c === '#' ? 1 : 0)));

export const KERNELS_2D = {
  average: [
    [1, 1, 1],
    [1, 1, 1],
    [1, 1, 1],
  ],
  // Sobel Gx, the vertical-edge kernel of the post
  edge: [
    [-1, 0, 1],
    [-2, 0, 2],
    [-1, 0, 1],
  ],
  sharpen: [
    [0, -1, 0],
    [-1, 5, -1],
    [0, -1, 0],
  ],
};
export const KERNELS_1D = { average: [1, 1, 1], edge: [-1, 0, 1], sharpen: [-1, 3, -1] };

/** @type {import('manifold/ml/models/common').ModelDefinition} */
const definition = {
  name: 'convolution',
  version: '1.0.0',
  hasWeights: false,
  defaults: {},
  tiny: {},
  warmup: { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true },

  async train({ onProgress }) {
    const signal = { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true };
    const image = { image: SAMPLE_IMAGE, kernel: KERNELS_2D.edge, normalize: false };
    const preview = { signal: { ...signal, ...run(signal) }, image: { ...image, ...run(image) } };
    onProgress?.(1, 1);
    return { config: {}, metrics: { contractOutput: preview.signal.output.join(', ') }, preview };
  },

  load: () => ({}),

  infer(_runtime, inputs) {
    return inputs.map(run);
  },
};

export default definition;
