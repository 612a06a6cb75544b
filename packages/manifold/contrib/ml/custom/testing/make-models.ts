// Real TensorFlow.js models for the model library's tests, built and trained here with tfjs (cpu backend: the wasm
// one has no convolution filter gradient), seeded, in seconds, and saved through tf.io.withSaveHandler into the files
// an author uploads: model.json + weight shards. Each builder caches its result per process and hands out copies.
// Published (not under tests/): e2e specs and scripts/bench-models.mjs import it as manifold/ml/custom/test-models.
import { zipSync } from 'fflate';
import { rng, tf } from '../../models/common.mjs';

export type ModelFile = { name: string; bytes: Uint8Array };

tf.enableProdMode(); // no "install tfjs-node" banner from the cpu backend

const enc = new TextEncoder();
const dec = new TextDecoder();

let queue: Promise<unknown> = Promise.resolve();
/**
 * Runs `f` on the cpu backend (deterministic, has every gradient), then puts the previous backend back. Calls run one
 * at a time: two builders racing would put the backend back under each other's training.
 */
export function onCpu<T>(f: () => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const prev = tf.getBackend();
    if (prev !== 'cpu') await tf.setBackend('cpu');
    try {
      return await f();
    } finally {
      if (prev && prev !== 'cpu') await tf.setBackend(prev);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * A model's files as `model.save(tf.io.withSaveHandler(…))` gives them, laid out like tensorflowjs_converter's
 * output: model.json ({ format, generatedBy, modelTopology, weightsManifest }) and `group1-shardNofM.bin` shards of at
 * most `shardBytes`.
 */
export async function saveFiles(model: tf.LayersModel, { shardBytes = 4 * 1024 * 1024 } = {}): Promise<ModelFile[]> {
  let files: ModelFile[] = [];
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const count = Math.max(1, Math.ceil(data.length / shardBytes));
      const shards = Array.from({ length: count }, (_, i) => ({ name: `group1-shard${i + 1}of${count}.bin`, bytes: data.slice(i * shardBytes, (i + 1) * shardBytes) }));
      const modelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: shards.map((s) => s.name), weights: artifacts.weightSpecs }],
      };
      files = [{ name: 'model.json', bytes: enc.encode(JSON.stringify(modelJson)) }, ...shards];
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: data.length } };
    }),
  );
  return files;
}

const copy = (files: ModelFile[]) => files.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
const cache = new Map<string, Promise<ModelFile[]>>();
function cached(key: string, make: () => Promise<ModelFile[]>): Promise<ModelFile[]> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p.then(copy);
}

const seeded = (seed: number) => ({ kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: 'zeros' as const });

// ---------------------------------------------------------------------------------------------------------------
// A dense classifier on 2-D points: three blobs.

export const POINT_CENTRES: [number, number][] = [
  [-1, -1],
  [1, -1],
  [0, 1],
];

/** 2-D points around the three centres, with their class. */
export function pointData(n: number, seed = 1) {
  const r = rng(seed);
  const xs: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    xs.push([POINT_CENTRES[c][0] + 0.35 * r.normal(), POINT_CENTRES[c][1] + 0.35 * r.normal()]);
    ys.push(c);
  }
  return { xs, ys };
}

/** Dense(16, relu) → Dense(3, softmax) on [null, 2], trained briefly (it separates the blobs). */
export function denseClassifier(): Promise<ModelFile[]> {
  return cached('dense', () =>
    onCpu(async () => {
      const model = tf.sequential({ name: 'points' });
      model.add(tf.layers.dense({ units: 16, activation: 'relu', inputShape: [2], ...seeded(1) }));
      model.add(tf.layers.dense({ units: 3, activation: 'softmax', ...seeded(2) }));
      model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
      const { xs, ys } = pointData(150);
      const x = tf.tensor2d(xs);
      const y = tf.oneHot(tf.tensor1d(ys, 'int32'), 3);
      await model.fit(x, y, { epochs: 30, batchSize: 32, shuffle: false, verbose: 0 });
      tf.dispose([x, y]);
      const files = await saveFiles(model);
      model.dispose();
      return files;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// A small CNN on 8×8 digits.

/** The ten digits as 5×7 bitmaps (rows top to bottom), drawn at (1,0) of an 8×8 frame: ink 255 on 0. */
const GLYPHS = [
  ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
];

export const DIGIT_LABELS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * Digit `d` on an 8×8 frame as 64 pixels (row-major, 0..255, white ink on black as MNIST), shifted by (dx, dy) and
 * with `noise` (0..1) of random speckle.
 */
export function digitPixels(d: number, { dx = 0, dy = 0, noise = 0, seed = 0 } = {}): number[] {
  const r = rng(seed * 31 + d + 7);
  const px = new Array(64).fill(0);
  GLYPHS[d].forEach((row, y) =>
    [...row].forEach((bit, x) => {
      const X = x + 1 + dx;
      const Y = y + dy;
      if (bit === '1' && X >= 0 && X < 8 && Y >= 0 && Y < 8) px[Y * 8 + X] = 255;
    }),
  );
  return px.map((v) => {
    const n = noise ? (r.next() - 0.5) * 2 * noise * 255 : 0;
    return Math.max(0, Math.min(255, Math.round(v + n)));
  });
}

/** Conv2D(8, 3×3) → MaxPool → Flatten → Dense(10, softmax) on [null, 8, 8, 1] (pixels / 255), trained until it reads every clean and shifted digit. */
export function digitCnn(): Promise<ModelFile[]> {
  return cached('cnn', () =>
    onCpu(async () => {
      const model = tf.sequential({ name: 'digits' });
      model.add(tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', ...seeded(3) }));
      model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      model.add(tf.layers.flatten());
      model.add(tf.layers.dense({ units: 10, activation: 'softmax', ...seeded(5) }));
      model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
      const xs: number[][] = [];
      const ys: number[] = [];
      let seed = 1;
      for (let rep = 0; rep < 4; rep++)
        for (let d = 0; d < 10; d++)
          for (const [dx, dy] of [
            [0, 0],
            [-1, 0],
            [1, 0],
            [0, 1],
          ]) {
            xs.push(digitPixels(d, { dx, dy, noise: rep === 0 ? 0 : 0.15, seed: seed++ }).map((v) => v / 255));
            ys.push(d);
          }
      const x = tf.tensor4d(xs.flat(), [xs.length, 8, 8, 1]);
      const y = tf.oneHot(tf.tensor1d(ys, 'int32'), 10);
      await model.fit(x, y, { epochs: 25, batchSize: 32, shuffle: false, verbose: 0 });
      tf.dispose([x, y]);
      const files = await saveFiles(model);
      model.dispose();
      return files;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// An embedding + LSTM sentiment model with a Keras-style word index.

const POSITIVE = ['좋다', '훌륭하다', '재미있다', 'great', 'good', 'love', 'excellent', 'fun'];
const NEGATIVE = ['나쁘다', '지루하다', '별로다', 'bad', 'boring', 'hate', 'awful', 'dull'];
const NEUTRAL = ['영화', '책', '정말', '이', 'the', 'movie', 'was', 'this', 'book', 'really'];

/** The word index (Keras' Tokenizer.word_index: 1-based; 0 pads, 1 is the out-of-vocabulary token). */
export const TEXT_VOCABULARY: Record<string, number> = Object.fromEntries([['<OOV>', 1], ...[...NEUTRAL, ...POSITIVE, ...NEGATIVE].map((w, i) => [w, i + 2])]);
export const TEXT_MAX_LENGTH = 8;
export const TEXT_LABELS = ['부정 negative', '긍정 positive'];

/** Words → padded indices as the signature's tokenizer does (lower case, pre-padding, OOV 1, pad 0). */
export function encodeText(text: string): number[] {
  const ids = text
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => TEXT_VOCABULARY[w] ?? 1)
    .slice(-TEXT_MAX_LENGTH);
  return [...new Array(TEXT_MAX_LENGTH - ids.length).fill(0), ...ids];
}

/** Embedding(28, 8) → LSTM(8) → Dense(2, softmax) on [null, 8] word indices, trained on generated sentences. */
export function textLstm(): Promise<ModelFile[]> {
  return cached('lstm', () =>
    onCpu(async () => {
      const vocab = Object.keys(TEXT_VOCABULARY).length + 1;
      const model = tf.sequential({ name: 'sentiment' });
      model.add(tf.layers.embedding({ inputDim: vocab, outputDim: 8, inputLength: TEXT_MAX_LENGTH, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 6 }) }));
      model.add(tf.layers.lstm({ units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }), recurrentInitializer: tf.initializers.orthogonal({ seed: 8 }) }));
      model.add(tf.layers.dense({ units: 2, activation: 'softmax', ...seeded(9) }));
      model.compile({ optimizer: tf.train.adam(0.03), loss: 'categoricalCrossentropy' });
      const r = rng(11);
      const pick = (a: string[]) => a[r.int(a.length)];
      const xs: number[][] = [];
      const ys: number[] = [];
      for (let i = 0; i < 240; i++) {
        const label = i % 2;
        const words = Array.from({ length: 1 + r.int(4) }, () => pick(NEUTRAL));
        words.splice(r.int(words.length + 1), 0, pick(label ? POSITIVE : NEGATIVE));
        xs.push(encodeText(words.join(' ')));
        ys.push(label);
      }
      const x = tf.tensor2d(xs, undefined, 'int32');
      const y = tf.oneHot(tf.tensor1d(ys, 'int32'), 2);
      await model.fit(x, y, { epochs: 12, batchSize: 24, shuffle: false, verbose: 0 });
      tf.dispose([x, y]);
      const files = await saveFiles(model);
      model.dispose();
      return files;
    }),
  );
}

/** The word index as the JSON file an author uploads with the model. */
export const textVocabularyFile = (): ModelFile => ({ name: 'word_index.json', bytes: enc.encode(JSON.stringify(TEXT_VOCABULARY)) });

// ---------------------------------------------------------------------------------------------------------------
// A model with a custom layer: a real tfjs Layer subclass, registered and serialized under its own class name.

class TimesTwo extends tf.layers.Layer {
  static className = 'TimesTwo';
  call(inputs: tf.Tensor | tf.Tensor[]) {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, 2));
  }
}
tf.serialization.registerClass(TimesTwo);
export const CUSTOM_LAYER_CLASS = 'TimesTwo';

/** Dense(4) → TimesTwo (a custom layer class, not in the allow-list) → Dense(3, softmax) on [null, 2]. */
export function customLayerModel(): Promise<ModelFile[]> {
  return cached('custom', () =>
    onCpu(async () => {
      const model = tf.sequential({ name: 'custom' });
      model.add(tf.layers.dense({ units: 4, inputShape: [2], ...seeded(12) }));
      model.add(new TimesTwo({}));
      model.add(tf.layers.dense({ units: 3, activation: 'softmax', ...seeded(13) }));
      const files = await saveFiles(model);
      model.dispose();
      return files;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// A valid but slow model: an 8×8×1 input upsampled to 256×256 and run through `layers` 3×3 convolutions of 32
// channels (≈1.2 GFLOPs and 37 KB of weights each). With the default 250 layers: ≈300 GFLOPs, ≈9 MB of weights in
// 3 shards, about 12 s per call on the wasm backend of a quiet 2-core machine (≈25 GFLOP/s; 25 s when it is busy),
// ~800 MB of memory while it runs, minutes on cpu. It needs the FLOP cap raised to ≥ 310,000 MFLOPs. Untrained
// (seeded weights): it is slow, not clever.

export const SLOW_LAYERS = 250;
export function slowModel({ layers = SLOW_LAYERS, side = 256 }: { layers?: number; side?: 64 | 128 | 256 | 512 } = {}): Promise<ModelFile[]> {
  return cached(`slow${layers}x${side}`, () =>
    onCpu(async () => {
      const model = tf.sequential({ name: 'slow' });
      model.add(tf.layers.upSampling2d({ inputShape: [8, 8, 1], size: [side / 8, side / 8] }));
      for (let i = 0; i < layers; i++) model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heUniform({ seed: 100 + i }) }));
      model.add(tf.layers.globalAveragePooling2d({}));
      model.add(tf.layers.dense({ units: 10, activation: 'softmax', ...seeded(14) }));
      const files = await saveFiles(model);
      model.dispose();
      return files;
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// A hand-written graph model (the format tensorflowjs_converter makes from a SavedModel): the dense classifier's
// own weights as Const nodes, MatMul → BiasAdd → Relu → MatMul → BiasAdd → Softmax, so it answers as that model does.

const attrDtype = { dtype: { type: 'DT_FLOAT' } };
export async function graphModel(): Promise<ModelFile[]> {
  const dense = await denseClassifier();
  const json = JSON.parse(dec.decode(dense[0].bytes));
  const specs = json.weightsManifest[0].weights as { name: string; shape: number[]; dtype: string }[];
  const names = ['w1', 'b1', 'w2', 'b2'];
  const weights = specs.map((s, i) => ({ name: names[i], shape: s.shape, dtype: 'float32' }));
  const constNode = (name: string, shape: number[]) => ({ name, op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: shape.map((d) => ({ size: String(d) })) } } }, ...attrDtype } });
  const T = { T: { type: 'DT_FLOAT' } };
  const modelJson = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'hand-written for the tests',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } }, ...attrDtype } },
        ...weights.map((w) => constNode(w.name, w.shape)),
        { name: 'dense1/MatMul', op: 'MatMul', input: ['x', 'w1'], attr: { transpose_a: { b: false }, transpose_b: { b: false }, ...T } },
        { name: 'dense1/BiasAdd', op: 'BiasAdd', input: ['dense1/MatMul', 'b1'], attr: { data_format: { s: 'TkhXQw==' }, ...T } },
        { name: 'dense1/Relu', op: 'Relu', input: ['dense1/BiasAdd'], attr: T },
        { name: 'dense2/MatMul', op: 'MatMul', input: ['dense1/Relu', 'w2'], attr: { transpose_a: { b: false }, transpose_b: { b: false }, ...T } },
        { name: 'dense2/BiasAdd', op: 'BiasAdd', input: ['dense2/MatMul', 'b2'], attr: { data_format: { s: 'TkhXQw==' }, ...T } },
        { name: 'Identity', op: 'Softmax', input: ['dense2/BiasAdd'], attr: T },
      ],
      library: {},
      versions: { producer: 1482 },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights }],
  };
  const data = dense.slice(1).map((f) => f.bytes);
  const bytes = new Uint8Array(data.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of data) {
    bytes.set(b, at);
    at += b.length;
  }
  return [
    { name: 'model.json', bytes: enc.encode(JSON.stringify(modelJson)) },
    { name: 'group1-shard1of1.bin', bytes },
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers for hostile copies.

/** The files as one .zip (deflate), as an author's archiver makes it; `folder` puts them under a directory. */
export function zipOf(files: ModelFile[], { name = 'model.zip', folder = '' } = {}): ModelFile {
  return { name, bytes: zipSync(Object.fromEntries(files.map((f) => [folder + f.name, f.bytes])), { level: 6 }) };
}

/** A copy with one weight shard cut short: the last .bin (or `file`) keeps `keep` of its bytes (half by default). */
export function truncate(files: ModelFile[], { file, keep }: { file?: string; keep?: number } = {}): ModelFile[] {
  const target = file ?? [...files].reverse().find((f) => f.name.endsWith('.bin'))?.name;
  return files.map((f) => (f.name === target ? { name: f.name, bytes: f.bytes.slice(0, keep ?? Math.floor(f.bytes.length / 2)) } : { name: f.name, bytes: f.bytes.slice() }));
}

/** model.json of the files, parsed. */
export const modelJsonOf = (files: ModelFile[]) => JSON.parse(dec.decode(files.find((f) => f.name.endsWith('model.json'))!.bytes));

/** A copy whose model.json is `edit(parsed)` (edit it in place or return a new one). */
export function editModelJson(files: ModelFile[], edit: (json: any) => any): ModelFile[] {
  return files.map((f) => {
    if (!f.name.endsWith('model.json')) return { name: f.name, bytes: f.bytes.slice() };
    const json = JSON.parse(dec.decode(f.bytes));
    const out = edit(json) ?? json;
    return { name: f.name, bytes: enc.encode(JSON.stringify(out)) };
  });
}

/** The files re-laid in `shards` weight shards (the converter splits at 4 MB; this splits any model for the tests). */
export function reshard(files: ModelFile[], shards: number): ModelFile[] {
  const json = modelJsonOf(files);
  const data = files.filter((f) => f.name.endsWith('.bin'));
  const all = new Uint8Array(data.reduce((n, f) => n + f.bytes.length, 0));
  let at = 0;
  for (const f of data) {
    all.set(f.bytes, at);
    at += f.bytes.length;
  }
  const size = Math.ceil(all.length / shards);
  const parts = Array.from({ length: shards }, (_, i) => ({ name: `group1-shard${i + 1}of${shards}.bin`, bytes: all.slice(i * size, (i + 1) * size) }));
  json.weightsManifest = [{ paths: parts.map((p) => p.name), weights: json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights) }];
  return [{ name: 'model.json', bytes: enc.encode(JSON.stringify(json)) }, ...parts];
}
