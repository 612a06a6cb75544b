// The model library's reading and judging of uploads (custom/artifact.mjs), with real tfjs models made by
// make-models.ts and hand-corrupted copies of them: every rule refuses what it should with a message naming the
// culprit (Korean and English), and what it accepts loads in tfjs with the parameters and shapes tfjs itself reports.
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../models/common.mjs';
import { ArtifactError, DEFAULT_MAX_FLOPS, GRAPH_OPS, inspectArtifact, LAYER_CLASSES, MAX_FILES, readArtifact, unzipArtifact, type Artifact } from '../artifact.mjs';
import { customLayerModel, CUSTOM_LAYER_CLASS, denseClassifier, onCpu, digitCnn, editModelJson, graphModel, type ModelFile, modelJsonOf, reshard, saveFiles, slowModel, textLstm, truncate, zipOf } from './make-models';

const enc = new TextEncoder();

/** The refusal `f` throws (fails the test when it throws something else or nothing). */
function refusal(f: () => unknown): ArtifactError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ArtifactError);
    const err = e as ArtifactError;
    // Korean first, English second, in one message
    expect(err.message).toBe(`${err.ko} / ${err.en}`);
    expect(err.ko).toMatch(/[가-힣]/);
    expect(err.en).toMatch(/[A-Za-z]{3}/);
    return err;
  }
  throw new Error('expected an ArtifactError, nothing was thrown');
}

const inspect = (files: ModelFile[], o?: Parameters<typeof inspectArtifact>[1]) => inspectArtifact(readArtifact(files), o);

/** A Layers model loaded by tfjs from an artifact, as the inference worker does. */
async function loadLayers(a: Artifact) {
  const weightData = a.weightData.slice().buffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: a.modelJson.modelTopology, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData }));
}

beforeAll(async () => {
  await initTf('wasm');
});

describe('real models are read, accepted, and measured as tfjs measures them', () => {
  it.each([
    ['denseClassifier', denseClassifier, ['Sequential', 'Dense'], [null, 2], [null, 3]],
    ['digitCnn', digitCnn, ['Sequential', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'], [null, 8, 8, 1], [null, 10]],
    ['textLstm', textLstm, ['Sequential', 'Embedding', 'LSTM', 'Dense'], [null, 8], [null, 2]],
  ] as const)('%s', async (_name, make, classes, inputShape, outputShape) => {
    const files = await make();
    const artifact = readArtifact(files);
    expect(artifact.format).toBe('layers');
    expect(artifact.files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
    const report = inspectArtifact(artifact);
    expect(report.classes).toEqual(classes);
    expect(report.inputShape).toEqual(inputShape);
    expect(report.outputShape).toEqual(outputShape);
    expect(report.guessed).toBe(false);
    expect(report.outputActivation).toBe('softmax');
    expect(report.size).toBe(files.reduce((n, f) => n + f.bytes.length, 0));
    expect(report.flops).toBeGreaterThan(report.params); // at least one multiply-add per weight
    const model = await loadLayers(artifact);
    expect(report.params).toBe(model.countParams());
    expect(model.outputs[0].shape).toEqual(outputShape);
    const y = model.predict(tf.zeros([1, ...inputShape.slice(1)] as number[])) as tf.Tensor;
    expect(y.shape).toEqual([1, outputShape[1]]);
    model.dispose();
  });

  it('the dense classifier costs what its two layers cost: (2·2·16 + 16) + (2·16·3 + 3) FLOPs', async () => {
    expect(inspect(await denseClassifier()).flops).toBe(2 * 2 * 16 + 16 + (2 * 16 * 3 + 3));
  });

  it('the CNN costs its convolution (2·3·3·1·8 per pixel of 8×8), pooling and dense layer', async () => {
    const r = inspect(await digitCnn());
    const conv = 2 * 3 * 3 * 1 * 8 * 64;
    const pool = 4 * 4 * 8 * (2 * 2);
    const dense = 2 * 128 * 10 + 10;
    expect(r.flops).toBe(conv + pool + dense);
    // memory: the weights as float32, plus the convolution's input, output and 3×3 patch matrix (the largest layer)
    expect(r.memory).toBe(r.params * 4 + (64 + 8 * 64 + 64 * 9) * 4);
  });

  it('a Functional model with a nested Sequential, TimeDistributed, Bidirectional and a merge is walked whole', async () => {
    const artifact = readArtifact(files.nested);
    const r = inspectArtifact(artifact);
    expect(r.classes).toEqual(expect.arrayContaining(['Model', 'InputLayer', 'Sequential', 'TimeDistributed', 'Bidirectional', 'LSTM', 'Dense', 'Concatenate', 'GlobalAveragePooling1D']));
    const model = await loadLayers(artifact);
    expect(r.params).toBe(model.countParams());
    expect(r.outputShape).toEqual(model.outputs[0].shape);
    model.dispose();
  });

  it('the files re-read from a .zip (in a folder, with macOS litter) and from the stored files are the same model', async () => {
    const files = await digitCnn();
    const plain = readArtifact(files);
    const zipped = zipSync({ 'digits/model.json': files[0].bytes, 'digits/group1-shard1of1.bin': files[1].bytes, '__MACOSX/digits/._model.json': new Uint8Array(10), 'digits/': new Uint8Array(0) });
    const fromZip = readArtifact([{ name: 'digits.zip', bytes: zipped }]);
    expect(fromZip.files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of1.bin']);
    expect(Buffer.from(fromZip.weightData).equals(Buffer.from(plain.weightData))).toBe(true);
    const again = readArtifact(fromZip.files);
    expect(again.weightSpecs).toEqual(plain.weightSpecs);
    expect(inspectArtifact(again)).toEqual(inspectArtifact(plain));
  });

  it('weights split over several shards are joined in order (tfjs reads the same numbers)', async () => {
    const files = reshard(await digitCnn(), 3);
    expect(files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
    const a = readArtifact(files);
    const b = readArtifact(await digitCnn());
    expect(Buffer.from(a.weightData).equals(Buffer.from(b.weightData))).toBe(true);
    const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 5);
    const [ma, mb] = [await loadLayers(a), await loadLayers(b)];
    expect(Array.from((ma.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((mb.predict(x) as tf.Tensor).dataSync()));
  });

  it('a model.json as tensorflowjs_converter writes it from Keras (model_config wrapper, InputLayer) is read', async () => {
    const files = editModelJson(await denseClassifier(), (json) => {
      const seq = json.modelTopology;
      const first = seq.config.layers[0];
      const input = { class_name: 'InputLayer', config: { batch_input_shape: first.config.batch_input_shape, dtype: 'float32', sparse: false, ragged: false, name: 'input_1' } };
      delete first.config.batch_input_shape;
      seq.config.layers.unshift(input);
      json.modelTopology = { keras_version: '2.15.0', backend: 'tensorflow', model_config: seq, training_config: { loss: 'categorical_crossentropy' } };
    });
    const a = readArtifact(files);
    const r = inspectArtifact(a);
    expect(r.classes).toEqual(['Sequential', 'InputLayer', 'Dense']);
    expect(r.inputShape).toEqual([null, 2]);
    const model = await loadLayers(a);
    expect(r.params).toBe(model.countParams());
  });
});

describe('the hand-written graph model', () => {
  it('loads with tf.loadGraphModel(tf.io.fromMemory(…)), answers as the dense classifier, and passes validation', async () => {
    const files = await graphModel();
    const a = readArtifact(files);
    expect(a.format).toBe('graph');
    const r = inspectArtifact(a);
    expect(r.classes).toEqual(['Placeholder', 'Const', 'MatMul', 'BiasAdd', 'Relu', 'Softmax']);
    expect(r.params).toBe(2 * 16 + 16 + 16 * 3 + 3);
    expect(r.inputShape).toEqual([null, 2]);
    expect(r.outputShape).toEqual([null, 3]);
    expect(r.outputActivation).toBe('softmax');
    expect(r.flops).toBe(2 * 2 * 16 + 16 + 16 + 2 * 16 * 3 + 3 + 3 * 5);
    const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: a.modelJson.modelTopology, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData.slice().buffer }));
    const layers = await loadLayers(readArtifact(await denseClassifier()));
    const x = tf.tensor2d([
      [-1, -1],
      [1, -1],
      [0, 1],
    ]);
    const g = Array.from((graph.predict(x) as tf.Tensor).dataSync());
    const l = Array.from((layers.predict(x) as tf.Tensor).dataSync());
    g.forEach((v, i) => expect(v).toBeCloseTo(l[i], 5));
    expect(Array.from((tf.argMax(graph.predict(x) as tf.Tensor, 1) as tf.Tensor).dataSync())).toEqual([0, 1, 2]);
  });

  it('the shape subgraph converters emit for Flatten (Shape → StridedSlice → Pack → Reshape) resolves', async () => {
    const files = editModelJson(await graphModel(), (json) => {
      const nodes = json.modelTopology.node;
      const w = json.weightsManifest[0].weights;
      // x [-1, 2] → Reshape(x, Pack(StridedSlice(Shape(x), [0], [1], [1]) , -1)) → same [-1, 2] into the first MatMul
      nodes.push(
        { name: 'flat/Shape', op: 'Shape', input: ['x'], attr: { T: { type: 'DT_FLOAT' }, out_type: { type: 'DT_INT32' } } },
        { name: 'flat/begin', op: 'Const', attr: { dtype: { type: 'DT_INT32' } } },
        { name: 'flat/end', op: 'Const', attr: { dtype: { type: 'DT_INT32' } } },
        { name: 'flat/strides', op: 'Const', attr: { dtype: { type: 'DT_INT32' } } },
        { name: 'flat/minus1', op: 'Const', attr: { dtype: { type: 'DT_INT32' } } },
        { name: 'flat/batch', op: 'StridedSlice', input: ['flat/Shape', 'flat/begin', 'flat/end', 'flat/strides'], attr: { shrink_axis_mask: { i: '1' }, Index: { type: 'DT_INT32' }, T: { type: 'DT_INT32' } } },
        { name: 'flat/shape', op: 'Pack', input: ['flat/batch', 'flat/minus1'], attr: { N: { i: '2' }, axis: { i: '0' }, T: { type: 'DT_INT32' } } },
        { name: 'flat/Reshape', op: 'Reshape', input: ['x', 'flat/shape'], attr: { T: { type: 'DT_FLOAT' } } },
      );
      nodes.find((n: { name: string }) => n.name === 'dense1/MatMul').input[0] = 'flat/Reshape';
      w.push({ name: 'flat/begin', shape: [1], dtype: 'int32' }, { name: 'flat/end', shape: [1], dtype: 'int32' }, { name: 'flat/strides', shape: [1], dtype: 'int32' }, { name: 'flat/minus1', shape: [], dtype: 'int32' });
    }).map((f) => (f.name.endsWith('.bin') ? { name: f.name, bytes: new Uint8Array([...f.bytes, ...new Uint8Array(new Int32Array([0, 1, 1, -1]).buffer)]) } : f));
    const a = readArtifact(files);
    const r = inspectArtifact(a);
    expect(r.outputShape).toEqual([null, 3]);
    expect(r.guessed).toBe(false);
    const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: a.modelJson.modelTopology, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData.slice().buffer }));
    expect((graph.predict(tf.zeros([1, 2])) as tf.Tensor).shape).toEqual([1, 3]);
  });

  it('an op outside the allow-list (or control flow, or a library function) is refused by name', async () => {
    const evil = editModelJson(await graphModel(), (json) => {
      json.modelTopology.node.find((n: { name: string }) => n.name === 'dense1/Relu').op = 'EvilOp';
      json.modelTopology.node.push({ name: 'loop', op: 'StatelessWhile', input: [], attr: {} });
    });
    const err = refusal(() => inspect(evil));
    expect(err.status).toBe(422);
    expect(err.ko).toContain('EvilOp, StatelessWhile');
    expect(err.en).toContain('EvilOp, StatelessWhile');
    const lib = editModelJson(await graphModel(), (json) => {
      json.modelTopology.library = { function: [{ signature: { name: 'while_body_1' }, nodeDef: [{ name: 'a', op: 'TensorListGetItem' }] }] };
    });
    const e2 = refusal(() => inspect(lib));
    expect(e2.en).toContain('TensorListGetItem');
    expect(e2.en).toContain('function while_body_1');
  });

  it('a cycle, a dangling input, two inputs and a Const without weights are refused', async () => {
    const cycle = editModelJson(await graphModel(), (json) => {
      json.modelTopology.node.find((n: { name: string }) => n.name === 'dense1/MatMul').input[0] = 'dense2/MatMul';
    });
    expect(refusal(() => inspect(cycle)).en).toMatch(/cycle/);
    const dangling = editModelJson(await graphModel(), (json) => {
      json.modelTopology.node.find((n: { name: string }) => n.name === 'dense1/Relu').input = ['nowhere'];
    });
    expect(refusal(() => inspect(dangling)).en).toMatch(/missing node: nowhere/);
    const twoInputs = editModelJson(await graphModel(), (json) => {
      json.modelTopology.node.push({ name: 'y', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '-1' }, { size: '2' }] } }, dtype: { type: 'DT_FLOAT' } } });
    });
    expect(refusal(() => inspect(twoInputs)).en).toMatch(/2 inputs/);
    const noWeight = editModelJson(await graphModel(), (json) => {
      json.modelTopology.node.push({ name: 'orphan', op: 'Const', attr: {} });
    });
    expect(refusal(() => inspect(noWeight)).en).toMatch(/orphan has no value/);
  });

  it('quantized weights (uint8) are sized at one byte each and still load', async () => {
    const base = await graphModel();
    const json = modelJsonOf(base);
    const floats = new Float32Array(base[1].bytes.slice().buffer);
    const bytes: number[] = [];
    let at = 0;
    for (const w of json.weightsManifest[0].weights) {
      const n = w.shape.reduce((a: number, b: number) => a * b, 1);
      const vals = floats.slice(at, at + n);
      at += n;
      const min = Math.min(...vals);
      const scale = (Math.max(...vals) - min) / 255 || 1;
      w.quantization = { dtype: 'uint8', scale, min };
      for (const v of vals) bytes.push(Math.round((v - min) / scale));
    }
    const files = [
      { name: 'model.json', bytes: enc.encode(JSON.stringify(json)) },
      { name: 'group1-shard1of1.bin', bytes: new Uint8Array(bytes) },
    ];
    const a = readArtifact(files);
    expect(a.weightData.length).toBe(99);
    expect(inspectArtifact(a).params).toBe(99);
    const graph = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: a.modelJson.modelTopology, weightSpecs: a.weightSpecs as tf.io.WeightsManifestEntry[], weightData: a.weightData.slice().buffer }));
    expect((graph.predict(tf.tensor2d([[1, -1]])) as tf.Tensor).argMax(1).dataSync()[0]).toBe(1);
  });
});

describe('refusals', () => {
  it('a custom layer class is refused (422) with its name, Korean and English', async () => {
    const err = refusal(() => inspect(files.custom));
    expect(err.status).toBe(422);
    expect(err.ko).toContain(CUSTOM_LAYER_CLASS);
    expect(err.en).toContain(`Unknown or custom layer class: ${CUSTOM_LAYER_CLASS}`);
  });

  it('unknown classes hidden in nested wrappers (TimeDistributed, Bidirectional, Sequential in Functional) are all named', async () => {
    const evil = editModelJson(files.nested, (json) => {
      const layers = json.modelTopology.config.layers;
      const td = layers.find((l: { name: string }) => l.name === 'td');
      td.config.layer.config.layers[1].class_name = 'EvilDense';
      const bi = layers.find((l: { name: string }) => l.name === 'bi');
      bi.config.layer.class_name = 'SneakyLSTM';
    });
    const err = refusal(() => inspect(evil));
    expect(err.status).toBe(422);
    expect(err.en).toContain('EvilDense, SneakyLSTM');
    expect(err.ko).toContain('EvilDense, SneakyLSTM');
  });

  it('a truncated weight file is named with its byte counts', async () => {
    const whole = files.cnn[1].bytes.length;
    const err = refusal(() => readArtifact(truncate(files.cnn, { keep: 1000 })));
    expect(err.status).toBe(422);
    expect(err.en).toContain(`The weight file group1-shard1of1.bin is truncated: it has 1000 bytes (1000 in its group) but model.json needs ${whole} bytes`);
    expect(err.ko).toContain('group1-shard1of1.bin');
  });

  it('in a split model, the short shard is the one named', async () => {
    const split = reshard(files.cnn, 3);
    const cut = truncate(split, { file: 'group1-shard2of3.bin', keep: 7 });
    const err = refusal(() => readArtifact(cut));
    expect(err.en).toContain('group1-shard2of3.bin is truncated: it has 7 bytes');
    const lastCut = truncate(split, { file: 'group1-shard3of3.bin', keep: 1 });
    expect(refusal(() => readArtifact(lastCut)).en).toContain('group1-shard3of3.bin is truncated: it has 1 bytes');
  });

  it('a missing shard is a 400 naming it; extra bytes, a shard listed twice and duplicate weights are 422', async () => {
    const missing = refusal(() => readArtifact([files.cnn[0]]));
    expect(missing.status).toBe(400);
    expect(missing.en).toContain('The weight file group1-shard1of1.bin named in model.json is missing');
    const longer = files.cnn.map((f) => (f.name.endsWith('.bin') ? { name: f.name, bytes: new Uint8Array([...f.bytes, 0, 0, 0, 0]) } : f));
    const extra = refusal(() => readArtifact(longer));
    expect(extra.status).toBe(422);
    expect(extra.en).toContain(`hold ${files.cnn[1].bytes.length + 4} bytes but model.json's weights need ${files.cnn[1].bytes.length}`);
    const twice = editModelJson(files.dense, (json) => {
      json.weightsManifest.push({ paths: ['group1-shard1of1.bin'], weights: [] });
    });
    expect(refusal(() => readArtifact(twice)).en).toContain('listed twice');
    const dup = editModelJson(files.dense, (json) => {
      const w = json.weightsManifest[0].weights;
      w[1].name = w[0].name;
    });
    expect(refusal(() => readArtifact(dup)).en).toContain('appears twice');
  });

  it('weights that do not fit the topology (a changed layer size) are refused with both counts', async () => {
    const grown = editModelJson(files.dense, (json) => {
      json.modelTopology.config.layers[0].config.units = 17;
    });
    const err = refusal(() => inspect(grown));
    expect(err.status).toBe(422);
    expect(err.en).toContain('The topology needs 105 weights but weightsManifest holds 99');
  });

  it('a weight spec with a bad dtype, shape or quantization is refused', async () => {
    const cases: [(w: any) => void, RegExp][] = [
      [(w) => void (w.dtype = 'complex64'), /unsupported dtype complex64/],
      [(w) => void (w.shape = [-1, 4]), /invalid shape/],
      [(w) => void (w.shape = 'big'), /invalid shape/],
      [(w) => void (w.quantization = { dtype: 'int4' }), /invalid quantization/],
      [(w) => void (w.name = ''), /no \(or too long a\) name/],
    ];
    for (const [edit, message] of cases) {
      const bad = editModelJson(files.dense, (json) => {
        edit(json.weightsManifest[0].weights[0]);
      });
      expect(refusal(() => readArtifact(bad)).en).toMatch(message);
    }
  });

  it('over the size cap: 413 before anything is parsed, and again at inspection', async () => {
    const size = files.cnn.reduce((n, f) => n + f.bytes.length, 0);
    const err = refusal(() => readArtifact(files.cnn, { maxBytes: size - 1 }));
    expect(err.status).toBe(413);
    expect(err.en).toMatch(/^The model is too large \(\d+\.\d KB; the limit is \d+\.\d KB\)$/);
    expect(refusal(() => inspectArtifact(readArtifact(files.cnn), { maxBytes: 1000 })).status).toBe(413);
    // A 200 MB upload is refused by its length alone (the bytes are never looked at).
    const huge = [{ name: 'model.json', bytes: new Uint8Array(200 * 1024 * 1024) }];
    const e200 = refusal(() => readArtifact(huge));
    expect(e200.status).toBe(413);
    expect(e200.en).toContain('The model is too large (200.0 MB; the limit is 20.0 MB)');
  });

  it('over the FLOP cap: 413 naming the estimate, the input and the cap', async () => {
    const err = refusal(() => inspect(files.cnn, { maxFlops: 10_000 }));
    expect(err.status).toBe(413);
    expect(err.en).toBe('One call costs about 0.01 MFLOPs (input [1,8,8,1]); the limit is 0.01 MFLOPs');
    expect(inspect(files.cnn, { maxFlops: 20_000 }).flops).toBeLessThan(20_000);
  });

  it('the slow model is valid but over the default FLOP cap; with a raised cap it passes with its estimate', async () => {
    const slow = await slowModel();
    const err = refusal(() => inspect(slow));
    expect(err.status).toBe(413);
    const r = inspect(slow, { maxFlops: 1e12 });
    const hw = 256 * 256;
    // upsampling (one op per output value), 250 convolutions (2·k²·Cin·Cout per position), pooling, dense
    const expected = hw + 2 * 9 * 1 * 32 * hw + 249 * 2 * 9 * 32 * 32 * hw + 32 * hw + (2 * 32 * 10 + 10);
    expect(r.flops).toBe(expected);
    expect(r.flops).toBeGreaterThan(DEFAULT_MAX_FLOPS * 100);
    expect(r.size).toBeLessThan(20 * 1024 * 1024);
    // a 256×256×32 convolution: 8 MB in, 8 MB out, a 75 MB patch matrix; and 9 MB of weights
    expect(r.memory).toBe(r.params * 4 + (2 * hw * 32 + hw * 9 * 32) * 4);
    const mem = refusal(() => inspect(slow, { maxFlops: 1e12, maxMemory: 64 * 1024 * 1024 }));
    expect(mem.status).toBe(413);
    expect(mem.en).toBe('One call needs about 96.8 MB of memory (input [1,8,8,1]); the limit is 64.0 MB');
    expect(readArtifact(slow).files.map((f) => f.name)).toEqual(['model.json', 'group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']);
  });

  it('several inputs or outputs are refused (one input, one output)', async () => {
    const two = await twoInputModel();
    expect(refusal(() => inspect(two)).en).toContain('The model has 2 inputs');
  });

  it('an unknown activation, a GRU with reset_after and a bad kernel size are refused', async () => {
    const act = editModelJson(files.dense, (json) => {
      json.modelTopology.config.layers[0].config.activation = 'eval';
    });
    expect(refusal(() => inspect(act)).en).toContain('unsupported activation "eval"');
    const kernel = editModelJson(files.cnn, (json) => {
      json.modelTopology.config.layers[0].config.kernel_size = [3, -3];
    });
    expect(refusal(() => inspect(kernel)).en).toMatch(/Invalid .*kernel_size/);
    const gru = editModelJson(files.lstm, (json) => {
      const l = json.modelTopology.config.layers[1];
      l.class_name = 'GRU';
      l.config.reset_after = true;
    });
    expect(refusal(() => inspect(gru)).en).toContain('reset_after');
  });

  it('absurd sizes in the topology are refused without allocating anything', async () => {
    const wide = editModelJson(files.dense, (json) => {
      json.modelTopology.config.layers[0].config.units = 1e9;
    });
    expect(refusal(() => inspect(wide)).en).toMatch(/Invalid .*units: 1000000000/);
  });

  it('deep nesting and Functional cycles are refused, not a stack overflow', async () => {
    const json = modelJsonOf(files.dense);
    const inner = JSON.stringify(json.modelTopology);
    const nested = '{"class_name":"Sequential","config":{"layers":['.repeat(5000) + inner + ']}}'.repeat(5000);
    const text = JSON.stringify({ ...json, modelTopology: null }).replace('"modelTopology":null', `"modelTopology":${nested}`);
    const deep = [{ name: 'model.json', bytes: enc.encode(text) }, files.dense[1]];
    expect(refusal(() => inspect(deep)).en).toMatch(/nested too deeply/);
    const cyc = editModelJson(files.nested, (json) => {
      const layers = json.modelTopology.config.layers;
      layers.find((l: { name: string }) => l.name === 'td').inbound_nodes = [[['cat', 0, 0, {}]]];
    });
    expect(refusal(() => inspect(cyc)).en).toMatch(/cycle/);
  });

  it('declared input sizes fill unknown ones (exact FLOPs) and must agree with fixed ones', async () => {
    const fcn = await fullyConvolutional();
    const guessed = inspect(fcn);
    expect(guessed.inputShape).toEqual([null, null, null, 1]);
    expect(guessed.guessed).toBe(true);
    expect(guessed.flopsInputShape).toEqual([1, 32, 32, 1]);
    const declared = inspect(fcn, { inputShape: [null, 8, 8, 1] });
    expect(declared.guessed).toBe(false);
    expect(declared.inputShape).toEqual([null, 8, 8, 1]);
    // conv 2·3·3·1·4 per pixel, global pooling one op per value, Dense(2) on 4
    expect(declared.flops).toBe(2 * 9 * 4 * 64 + 4 * 64 + (2 * 4 * 2 + 2));
    expect(guessed.flops).toBe(2 * 9 * 4 * 1024 + 4 * 1024 + (2 * 4 * 2 + 2));
    expect(refusal(() => inspect(files.cnn, { inputShape: [null, 28, 28, 1] })).en).toContain('does not match the model');
    expect(refusal(() => inspect(files.cnn, { inputShape: [null, 64] })).en).toContain('different rank');
  });

  it('malformed uploads: nothing, bad JSON, no model.json, a zip with other files, unsafe names, a format that lies', async () => {
    expect(refusal(() => readArtifact([])).status).toBe(400);
    expect(refusal(() => readArtifact([{ name: 'model.json', bytes: enc.encode('{"modelTopology": ') }])).en).toBe('model.json is not valid JSON');
    expect(refusal(() => readArtifact([{ name: 'weights.bin', bytes: new Uint8Array(8) }])).en).toMatch(/No model.json/);
    expect(refusal(() => readArtifact([zipOf(files.dense), files.dense[0]])).en).toContain('Upload a .zip alone');
    expect(refusal(() => readArtifact([{ name: '../model.json', bytes: files.dense[0].bytes }])).en).toContain('Unsafe file name');
    const outside = editModelJson(files.dense, (json) => {
      json.weightsManifest[0].paths = ['../../etc/passwd'];
    });
    expect(refusal(() => readArtifact(outside)).en).toContain('Unsafe weight file path');
    const lying = editModelJson(files.dense, (json) => {
      json.format = 'graph-model';
    });
    expect(refusal(() => readArtifact(lying)).en).toContain('says format "graph-model" but its topology is a layers-model');
    expect(refusal(() => readArtifact(Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `f${i}.bin`, bytes: new Uint8Array(1) })))).status).toBe(413);
  });
});

describe('zips', () => {
  it('a zip bomb (an entry that inflates past its declared size) is stopped', async () => {
    const big = new Uint8Array(30 * 1024 * 1024); // zeros: ~30 KB deflated
    const zip = zipSync({ 'model.json': big }, { level: 9 });
    // Rewrite the declared size (central directory and local header) to 1,000 bytes.
    const view = new DataView(zip.buffer);
    let cd = zip.length - 22;
    while (view.getUint32(cd, true) !== 0x06054b50) cd--;
    const central = view.getUint32(cd + 16, true);
    view.setUint32(central + 24, 1000, true);
    view.setUint32(18 + 4, 1000, true);
    const err = refusal(() => readArtifact([{ name: 'bomb.zip', bytes: zip }]));
    expect(err.status).toBe(400);
    expect(err.en).toContain('model.json unpacks past its declared size of 1000 B (a zip bomb?)');
  });

  it('an entry that inflates short of its declared size, or whose deflate stream is broken, is refused', async () => {
    const zip = zipSync({ 'model.json': files.dense[0].bytes }, { level: 9 });
    const view = new DataView(zip.buffer);
    let cd = zip.length - 22;
    while (view.getUint32(cd, true) !== 0x06054b50) cd--;
    const central = view.getUint32(cd + 16, true);
    const declared = view.getUint32(central + 24, true);
    const longer = zip.slice();
    new DataView(longer.buffer).setUint32(central + 24, declared + 10, true);
    expect(refusal(() => unzipArtifact(longer, { maxBytes: 1e6, zipName: 'l.zip' })).en).toBe(`l.zip: model.json unpacks to ${declared} bytes, not its declared ${declared + 10}`);
    const broken = zip.slice();
    broken.fill(0xff, 30 + 'model.json'.length, 30 + 'model.json'.length + 8); // the start of the deflate stream
    expect(refusal(() => unzipArtifact(broken, { maxBytes: 1e6, zipName: 'b.zip' })).en).toMatch(/^b\.zip: model\.json cannot be unpacked/);
  });

  it('an honest entry larger than the cap is refused by its declared size before inflating', async () => {
    const zip = zipSync({ 'model.json': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(1024 * 1024);
    const err = refusal(() => readArtifact([{ name: 'big.zip', bytes: zip }]));
    expect(err.status).toBe(413);
    expect(err.en).toContain('big.zip: unpacked, it exceeds the 20.0 MB limit');
  });

  it('path traversal, too many entries, encryption, a bad CRC and truncation are refused', async () => {
    const evil = zipSync({ '../evil.bin': new Uint8Array(4), 'model.json': files.dense[0].bytes });
    expect(refusal(() => readArtifact([{ name: 'evil.zip', bytes: evil }])).en).toContain('an entry has an unsafe path: ../evil.bin');
    const abs = zipSync({ '/etc/cron.d/x': new Uint8Array(4) });
    expect(refusal(() => unzipArtifact(abs, { maxBytes: 1e6, zipName: 'a.zip' })).en).toContain('unsafe path');
    const many = zipSync(Object.fromEntries(Array.from({ length: MAX_FILES + 1 }, (_, i) => [`f${i}.bin`, new Uint8Array(1)])));
    expect(refusal(() => unzipArtifact(many, { maxBytes: 1e6, zipName: 'many.zip' })).status).toBe(413);
    const enc1 = zipSync({ 'model.json': files.dense[0].bytes });
    const v = new DataView(enc1.buffer);
    let cd = enc1.length - 22;
    while (v.getUint32(cd, true) !== 0x06054b50) cd--;
    const central = v.getUint32(cd + 16, true);
    v.setUint16(central + 8, v.getUint16(central + 8, true) | 1, true);
    expect(refusal(() => unzipArtifact(enc1, { maxBytes: 1e6, zipName: 'e.zip' })).en).toContain('encrypted entries are refused');
    const crc = zipSync({ 'model.json': files.dense[0].bytes }, { level: 0 });
    crc[40] ^= 0xff; // a byte of the stored data
    expect(refusal(() => unzipArtifact(crc, { maxBytes: 1e6, zipName: 'c.zip' })).en).toContain('the CRC of model.json does not match');
    const whole = zipOf(files.dense).bytes;
    expect(refusal(() => readArtifact([{ name: 'cut.zip', bytes: whole.slice(0, whole.length - 30) }])).en).toMatch(/cut\.zip: the end of the zip/);
  });
});

describe('every accepted layer class: shapes and parameters as tfjs computes them, and it runs on wasm', () => {
  /** Three real models that together use every class of the allow-list. */
  const zoo = () =>
    onCpu(async () => {
      const L = tf.layers;
      const image = tf.sequential({
        name: 'image_zoo',
        layers: [
          L.rescaling({ inputShape: [12, 12, 3], scale: 1 / 255 }),
          L.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' }),
          L.batchNormalization(),
          L.reLU(),
          L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }),
          // (tfjs does not save a SeparableConv2D's depthMultiplier, so only 1 survives its own round trip)
          L.separableConv2d({ filters: 5, kernelSize: 3, padding: 'same' }),
          L.zeroPadding2d({ padding: [[1, 2], [0, 1]] }),
          L.cropping2D({ cropping: [[1, 0], [0, 1]] }),
          L.upSampling2d({ size: [2, 3] }),
          L.averagePooling2d({ poolSize: 2 }),
          L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
          L.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }),
          L.leakyReLU(),
          L.prelu({ sharedAxes: [1, 2] }),
          L.elu(),
          L.thresholdedReLU(),
          L.globalMaxPooling2d({}),
          L.dense({ units: 6 }),
          L.gaussianNoise({ stddev: 0.1 }),
          L.gaussianDropout({ rate: 0.1 }),
          L.alphaDropout({ rate: 0.1 }),
          L.softmax(),
        ],
      });
      const series = tf.sequential({
        name: 'series_zoo',
        layers: [
          L.masking({ inputShape: [10, 4] }),
          L.conv1d({ filters: 6, kernelSize: 3, padding: 'same', dilationRate: 2 }),
          L.maxPooling1d({ poolSize: 2 }),
          L.simpleRNN({ units: 5, returnSequences: true }),
          L.gru({ units: 4, returnSequences: true }),
          L.layerNormalization(),
          L.spatialDropout1d({ rate: 0.1 }),
          L.timeDistributed({ layer: L.dense({ units: 3 }) }),
          L.averagePooling1d({ poolSize: 2, strides: 1 }),
          L.permute({ dims: [2, 1] }),
          L.globalAveragePooling1d({}),
          L.repeatVector({ n: 2 }),
          L.globalMaxPooling1d({}),
          L.reshape({ targetShape: [2, 2] }),
          L.flatten(),
          L.dropout({ rate: 0.2 }),
          L.dense({ units: 2, activation: 'tanh' }),
          L.activation({ activation: 'sigmoid' }),
        ],
      });
      const a = tf.input({ shape: [3], name: 'in' });
      const words = L.flatten().apply(L.embedding({ inputDim: 30, outputDim: 2 }).apply(a) as tf.SymbolicTensor) as tf.SymbolicTensor;
      const b1 = L.dense({ units: 4, name: 'b1' }).apply(words) as tf.SymbolicTensor;
      const b2 = L.dense({ units: 4, name: 'b2' }).apply(words) as tf.SymbolicTensor;
      const merged = [L.add(), L.multiply(), L.average(), L.maximum(), L.minimum()].map((m) => m.apply([b1, b2]) as tf.SymbolicTensor);
      const cat = L.concatenate().apply(merged) as tf.SymbolicTensor;
      const merge = tf.model({ inputs: a, outputs: L.dense({ units: 2 }).apply(cat) as tf.SymbolicTensor, name: 'merge_zoo' });
      const base = tf.sequential({ name: 'base', layers: [L.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }), L.globalAveragePooling2d({})] });
      const top = tf.sequential({ name: 'transfer', layers: [base, L.dense({ units: 2 })] });
      return Promise.all([image, series, merge, top].map((m) => saveFiles(m)));
    });

  it('each zoo model: params = countParams(), output shape = tfjs', async () => {
    const seen = new Set<string>();
    for (const model of await zoo()) {
      const a = readArtifact(model);
      const r = inspectArtifact(a);
      r.classes.forEach((c) => seen.add(c));
      const m = await loadLayers(a);
      expect(r.params, r.classes.join()).toBe(m.countParams());
      expect(r.outputShape, r.classes.join()).toEqual(m.outputs[0].shape);
      const y = m.predict(tf.ones([1, ...(r.inputShape.slice(1) as number[])])) as tf.Tensor;
      expect(y.shape).toEqual([1, ...(r.outputShape.slice(1) as number[])]);
      expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
      m.dispose();
    }
    expect(tf.getBackend()).toBe('wasm');
    expect([...LAYER_CLASSES].filter((c) => !seen.has(c) && c !== 'Functional' && c !== 'LSTM' && c !== 'Bidirectional')).toEqual([]);
  }, 60_000);

  it('a stateful RNN is refused (its state would carry from one request to the next)', async () => {
    const stateful = editModelJson(files.lstm, (json) => {
      json.modelTopology.config.layers[1].config.stateful = true;
    });
    expect(refusal(() => inspect(stateful)).en).toContain("is stateful: one request's state would carry into the next");
  });

  it('what tfjs itself cannot run is refused up front: causal padding, grouped convolutions', async () => {
    const causal = editModelJson(files.cnn, (json) => {
      json.modelTopology.config.layers[0].config.padding = 'causal';
    });
    expect(refusal(() => inspect(causal)).en).toContain('uses padding "causal", which TensorFlow.js cannot run');
    const groups = editModelJson(files.cnn, (json) => {
      json.modelTopology.config.layers[0].config.groups = 2;
    });
    expect(refusal(() => inspect(groups)).en).toContain('uses groups=2');
  });
});

describe('allow-lists', () => {
  it('every accepted layer class is one tfjs-layers registers', () => {
    const registered = (tf.serialization as unknown as { SerializationMap: { getMap(): { classNameMap: Record<string, unknown> } } }).SerializationMap.getMap().classNameMap;
    for (const c of LAYER_CLASSES) expect(Object.hasOwn(registered, c), c).toBe(true);
  });

  it('every accepted graph op is one tfjs-converter maps', async () => {
    const lists = ['arithmetic', 'basic_math', 'control', 'convolution', 'creation', 'dynamic', 'evaluation', 'graph', 'hash_table', 'image', 'logical', 'matrices', 'normalization', 'reduction', 'slice_join', 'sparse', 'spectral', 'string', 'transformation'];
    const names = new Set<string>();
    for (const l of lists) {
      const mod = (await import(`@tensorflow/tfjs-converter/dist/operations/op_list/${l}.js`)) as { json: { tfOpName: string }[] };
      for (const op of mod.json) names.add(op.tfOpName);
    }
    for (const op of GRAPH_OPS) expect(names.has(op), op).toBe(true);
  });
});

const files = {} as Record<'dense' | 'cnn' | 'lstm' | 'custom' | 'nested', ModelFile[]>;
beforeAll(async () => {
  [files.dense, files.cnn, files.lstm, files.custom, files.nested] = await Promise.all([denseClassifier(), digitCnn(), textLstm(), customLayerModel(), nestedModel()]);
}, 120_000);

/** Two inputs (a point and a scale) into one Dense. */
function twoInputModel() {
  return onCpu(async () => {
    const a = tf.input({ shape: [2], name: 'a' });
    const b = tf.input({ shape: [2], name: 'b' });
    const out = tf.layers.dense({ units: 1 }).apply(tf.layers.add().apply([a, b]) as tf.SymbolicTensor) as tf.SymbolicTensor;
    return saveFiles(tf.model({ inputs: [a, b], outputs: out }));
  });
}

/** A fully convolutional net: any height and width. */
function fullyConvolutional() {
  return onCpu(async () => {
    const m = tf.sequential();
    m.add(tf.layers.conv2d({ inputShape: [null, null, 1] as unknown as number[], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
    m.add(tf.layers.globalAveragePooling2d({}));
    m.add(tf.layers.dense({ units: 2 }));
    return saveFiles(m);
  });
}

/** TimeDistributed(Sequential) → Bidirectional(LSTM) → pooling, with a skip connection, Concatenate and Dense. */
function nestedModel(): Promise<ModelFile[]> {
  return onCpu(async () => {
    const input = tf.input({ shape: [5, 3], name: 'series' });
    const inner = tf.sequential({ name: 'inner', layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: 'relu' }), tf.layers.dense({ units: 2 })] });
    const td = tf.layers.timeDistributed({ layer: inner as unknown as tf.layers.Layer, name: 'td' }).apply(input) as tf.SymbolicTensor;
    const bi = tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3, returnSequences: true }) as tf.RNN, name: 'bi' }).apply(td) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(bi) as tf.SymbolicTensor;
    const skip = tf.layers.globalAveragePooling1d({ name: 'skip' }).apply(input) as tf.SymbolicTensor;
    const merged = tf.layers.concatenate({ name: 'cat' }).apply([pooled, skip]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 1, name: 'out' }).apply(merged) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out, name: 'nested' });
    return saveFiles(model);
  });
}
