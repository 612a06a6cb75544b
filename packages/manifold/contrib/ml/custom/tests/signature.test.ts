// Signatures (custom/signature.mjs): the schema, guesses from real models' reports, checks against them, the request
// schema's limits, and request → tensor → real tfjs model → response for the test models (the CNN reads every digit,
// the LSTM the sentiment, the dense classifier the blobs).
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf, tf } from '../../models/common.mjs';
import { inspectArtifact, readArtifact, type Artifact } from '../artifact.mjs';
import { checkSignature, declaredInputShape, fromModelOutput, guessSignature, requestSchema, SignatureSchema, toModelInput, tokenize, type Signature } from '../signature.mjs';
import { denseClassifier, DIGIT_LABELS, digitCnn, digitPixels, encodeText, graphModel, POINT_CENTRES, TEXT_LABELS, TEXT_MAX_LENGTH, TEXT_VOCABULARY, textLstm } from './make-models';

const digits: Signature = {
  input: { kind: 'image', width: 8, height: 8, channels: 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' },
  output: { kind: 'classes', labels: DIGIT_LABELS },
};
const sentiment: Signature = {
  input: { kind: 'text', vocabulary: TEXT_VOCABULARY, maxLength: TEXT_MAX_LENGTH, oovIndex: 1, padIndex: 0, lowercase: true },
  output: { kind: 'classes', labels: TEXT_LABELS },
};
const points: Signature = {
  input: {
    kind: 'vector',
    fields: [
      { name: 'x', label: 'x', min: -3, max: 3, step: 0.1, default: 0 },
      { name: 'y', label: 'y', min: -3, max: 3, step: 0.1, default: 0 },
    ],
  },
  output: { kind: 'classes', labels: ['A', 'B', 'C'], topK: 2 },
};

type Loaded = { artifact: Artifact; report: ReturnType<typeof inspectArtifact>; run: (input: { shape: number[]; dtype: string; data: number[] }) => { shape: number[]; data: number[] } };
const models = {} as Record<'cnn' | 'lstm' | 'dense' | 'graph', Loaded>;

beforeAll(async () => {
  await initTf('wasm');
  const load = async (files: Awaited<ReturnType<typeof digitCnn>>): Promise<Loaded> => {
    const artifact = readArtifact(files);
    const report = inspectArtifact(artifact);
    const io = tf.io.fromMemory({ modelTopology: artifact.modelJson.modelTopology, weightSpecs: artifact.weightSpecs as tf.io.WeightsManifestEntry[], weightData: artifact.weightData.slice().buffer });
    const model = artifact.format === 'graph' ? await tf.loadGraphModel(io) : await tf.loadLayersModel(io);
    const run: Loaded['run'] = ({ shape, dtype, data }) =>
      tf.tidy(() => {
        const y = model.predict(tf.tensor(data, shape, dtype as 'float32' | 'int32')) as tf.Tensor;
        return { shape: y.shape, data: Array.from(y.dataSync()) };
      });
    return { artifact, report, run };
  };
  [models.cnn, models.lstm, models.dense, models.graph] = await Promise.all([digitCnn().then(load), textLstm().then(load), denseClassifier().then(load), graphModel().then(load)]);
}, 120_000);

/** request body → validated → model input → the real model → the response JSON */
function answer(m: Loaded, signature: Signature, body: unknown) {
  const parsed = requestSchema(signature).parse(body);
  const input = toModelInput(signature, parsed, { inputShape: m.report.inputShape, inputDtype: m.report.inputDtype });
  return fromModelOutput(signature, m.run(input));
}

describe('SignatureSchema', () => {
  it('accepts each kind of input and output', () => {
    for (const s of [
      digits,
      sentiment,
      points,
      { input: { kind: 'series', length: 12, columns: ['기온 temperature', '습도 humidity'] }, output: { kind: 'regression', unit: '°C', label: '내일 기온', scale: { mul: 10, add: 5 } } },
      { input: { kind: 'image', width: 28, height: 28, channels: 3, scale: { from: [0, 255], to: [-1, 1] }, invert: true, source: 'both' }, output: { kind: 'image', width: 28, height: 28, channels: 1, range: [-1, 1] } },
      { input: { kind: 'series', length: 30, columns: ['value'] }, output: { kind: 'sequence', labels: ['t+1', 't+2'] } },
    ])
      expect(SignatureSchema.safeParse(s).success, JSON.stringify(s).slice(0, 80)).toBe(true);
  });

  it.each([
    ['two channels', { ...digits, input: { ...digits.input, channels: 2 } }],
    ['a 1000-pixel side', { ...digits, input: { ...digits.input, width: 1000 } }],
    ['an empty scale range', { ...digits, input: { ...digits.input, scale: { from: [0, 255], to: [1, 1] } } }],
    ['min above max', { ...points, input: { kind: 'vector', fields: [{ name: 'x', label: 'x', min: 3, max: -3, step: 0.1, default: 0 }] } }],
    ['a default outside the range', { ...points, input: { kind: 'vector', fields: [{ name: 'x', label: 'x', min: 0, max: 1, step: 0.1, default: 2 }] } }],
    ['repeated field names', { ...points, input: { kind: 'vector', fields: [points.input.kind === 'vector' ? points.input.fields[0] : null, points.input.kind === 'vector' ? points.input.fields[0] : null] } }],
    ['a field name with a space', { ...points, input: { kind: 'vector', fields: [{ name: 'a b', label: 'x', min: 0, max: 1, step: 0.1, default: 0 }] } }],
    ['an unknown key', { ...digits, extra: 1 }],
    ['an unknown kind', { ...digits, input: { kind: 'audio' } }],
    ['no labels', { ...digits, output: { kind: 'classes', labels: [] } }],
    ['a text of length 0', { ...sentiment, input: { ...sentiment.input, maxLength: 0 } }],
  ])('refuses %s', (_what, s) => {
    expect(SignatureSchema.safeParse(s).success).toBe(false);
  });
});

describe('guesses from real models, and checks against them', () => {
  it('the CNN: an 8×8×1 image in [0, 1] and ten classes', () => {
    const g = guessSignature(models.cnn.report);
    expect(g.input).toEqual({ kind: 'image', width: 8, height: 8, channels: 1, scale: { from: [0, 255], to: [0, 1] }, invert: false, source: 'both' });
    expect(g.output).toEqual({ kind: 'classes', labels: DIGIT_LABELS });
    expect(checkSignature(g, models.cnn.report)).toEqual([]);
  });

  it('the LSTM: a text of 8 words and two classes', () => {
    const g = guessSignature(models.lstm.report);
    expect(g.input).toMatchObject({ kind: 'text', maxLength: 8, oovIndex: 1, padIndex: 0, lowercase: true });
    expect(g.output).toEqual({ kind: 'classes', labels: ['0', '1'] });
    expect(checkSignature(g, models.lstm.report)).toEqual([]);
    expect(models.lstm.report.embeddingInputDim).toBe(Object.keys(TEXT_VOCABULARY).length + 1);
    expect(checkSignature(sentiment, models.lstm.report)).toEqual([]);
    // an index past the embedding's rows would make tfjs' gather throw at request time: refused when declared
    const beyond = { ...sentiment, input: { ...sentiment.input, vocabulary: { ...TEXT_VOCABULARY, zebra: 99 } } } as Signature;
    expect(checkSignature(beyond, models.lstm.report)).toEqual([
      "어휘의 가장 큰 번호(99)가 임베딩 크기(28)를 넘습니다 / The vocabulary's largest index (99) is beyond the embedding's 28 rows",
    ]);
  });

  it('the dense classifier and the graph model: two sliders and three classes', () => {
    for (const m of [models.dense, models.graph]) {
      const g = guessSignature(m.report);
      expect(g.input.kind).toBe('vector');
      expect(g.input.kind === 'vector' && g.input.fields.map((f) => f.name)).toEqual(['x1', 'x2']);
      expect(g.output).toEqual({ kind: 'classes', labels: ['0', '1', '2'] });
      expect(SignatureSchema.safeParse(g).success).toBe(true);
      expect(checkSignature(g, m.report)).toEqual([]);
    }
  });

  it('guesses other layouts from shapes alone', () => {
    const g = (inputShape: (number | null)[], outputShape: (number | null)[], extra = {}) => guessSignature({ inputShape, outputShape, ...extra });
    expect(g([null, 784], [null, 10]).input).toMatchObject({ kind: 'image', width: 28, height: 28, channels: 1 });
    expect(g([null, 30, 2], [null, 1], { classes: ['Sequential', 'LSTM', 'Dense'] })).toEqual({ input: { kind: 'series', length: 30, columns: ['x1', 'x2'] }, output: { kind: 'regression', unit: '', label: '값 value' } });
    expect(g([null, 4], [null, 1], { outputActivation: 'sigmoid' }).output).toEqual({ kind: 'classes', labels: ['0', '1'] });
    expect(g([null, 16, 16, 3], [null, 16, 16, 3]).output).toEqual({ kind: 'image', width: 16, height: 16, channels: 3 });
    expect(g([null, 50], [null, 50, 3]).output).toEqual({ kind: 'sequence' });
  });

  it('names every mismatch in Korean and English', () => {
    const wrongSize = { ...digits, input: { ...digits.input, width: 28, height: 28 } } as Signature;
    const [p] = checkSignature(wrongSize, models.cnn.report);
    expect(p).toBe("입력 [1,28,28,1]이 모델의 입력 [null,8,8,1]과 맞지 않습니다 / The declared input [1,28,28,1] does not fit the model's input [null,8,8,1]");
    const fewLabels = { ...digits, output: { kind: 'classes', labels: ['a', 'b', 'c'] } } as Signature;
    expect(checkSignature(fewLabels, models.cnn.report)[0]).toMatch(/^레이블 3개가 .* \/ 3 labels do not fit the model's output \[null,10\]/);
    const regression = { ...digits, output: { kind: 'regression', unit: 'kg', label: 'w' } } as Signature;
    expect(checkSignature(regression, models.cnn.report)[0]).toContain("A regression output is one value; the model's output is [null,10]");
    const notText = { ...points, input: { kind: 'vector', fields: Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, label: 'f', min: 0, max: 1, step: 1, default: 0 })) } } as Signature;
    expect(checkSignature(notText, { ...models.lstm.report, inputDtype: 'int32' })).toContain('모델이 정수 입력(int32)을 받습니다: 텍스트 입력이 맞습니다 / The model takes integers (int32): declare a text input');
    expect(checkSignature({ input: digits.input } as never, models.cnn.report)[0]).toMatch(/^시그니처가 잘못되었습니다 \/ Invalid signature: output/);
  });

  it('a flat [null, 64] model takes an 8×8 image, laid out as the model wants', () => {
    const flat = { ...models.cnn.report, inputShape: [null, 64] };
    expect(checkSignature(digits, flat)).toEqual([]);
    expect(declaredInputShape(digits, flat.inputShape)).toEqual([null, 64]);
    expect(toModelInput(digits, { pixels: digitPixels(1) }, { inputShape: flat.inputShape }).shape).toEqual([1, 64]);
  });
});

describe('requests', () => {
  it('an image must have exactly w·h·c numbers in 0..255', () => {
    const schema = requestSchema(digits);
    expect(schema.safeParse({ pixels: digitPixels(3) }).success).toBe(true);
    const msg = (body: unknown) => schema.safeParse(body).error?.issues[0].message;
    expect(msg({ pixels: [1, 2] })).toBe('pixels: 값이 정확히 64개여야 합니다 / must have exactly 64 values');
    expect(msg({ pixels: [...digitPixels(3).slice(1), 256] })).toBe('pixels: 0..255 범위여야 합니다 / must be within 0..255');
    expect(msg({ pixels: [...digitPixels(3).slice(1), 'x'] })).toBe('pixels: 수가 아닙니다 / not a number: "x"');
    expect(msg({ pixels: 'nope' })).toBe('pixels: 수의 배열이어야 합니다 / expected an array of numbers, got "nope"');
    expect(schema.safeParse({ pixels: digitPixels(3), extra: 1 }).success).toBe(false);
  });

  it('a million-item array is refused by its length before its items are read', () => {
    const huge = new Array(1_000_000).fill('x');
    const t = performance.now();
    const r = requestSchema(digits).safeParse({ pixels: huge });
    expect(r.error?.issues).toHaveLength(1);
    expect(r.error?.issues[0].message).toContain('exactly 64 values');
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it('a vector takes known names within their ranges; missing ones take their defaults', () => {
    const schema = requestSchema(points);
    expect(schema.parse({ values: { x: 1 } })).toEqual({ values: { x: 1 } });
    expect(toModelInput(points, { values: { x: 1 } })).toEqual({ shape: [1, 2], dtype: 'float32', data: [1, 0] });
    expect(schema.safeParse({ values: { x: 4 } }).error?.issues[0].message).toBe('x: -3..3 범위여야 합니다 / must be within -3..3');
    expect(schema.safeParse({ values: { z: 1 } }).success).toBe(false);
    expect(schema.safeParse({ values: { x: Infinity } }).success).toBe(false);
  });

  it('a text is at most 10,000 characters; tokens follow Keras (filters, lower case, pre-padding, OOV)', () => {
    const schema = requestSchema(sentiment);
    expect(schema.safeParse({ text: 'x'.repeat(10_001) }).error?.issues[0].message).toContain('at most 10000 characters');
    expect(schema.safeParse({ text: 5 }).success).toBe(false);
    expect(tokenize('This movie, was GREAT!', true)).toEqual(['this', 'movie', 'was', 'great']);
    const input = toModelInput(sentiment, { text: 'This movie, was GREAT! zebra' });
    expect(input).toEqual({ shape: [1, 8], dtype: 'int32', data: encodeText('this movie was great zebra') });
    expect(input.data.slice(0, 3)).toEqual([0, 0, 0]);
    expect(input.data[7]).toBe(1); // zebra: out of vocabulary
    const long = toModelInput(sentiment, { text: Array.from({ length: 12 }, (_, i) => (i < 4 ? 'bad' : 'good')).join(' ') });
    expect(long.data).toEqual(new Array(8).fill(TEXT_VOCABULARY.good)); // pre-truncation keeps the end
    const post = toModelInput({ ...sentiment, input: { ...sentiment.input, padding: 'post' } } as Signature, { text: 'good' });
    expect(post.data).toEqual([TEXT_VOCABULARY.good, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a series has exactly `length` rows of one number per column', () => {
    const series = { input: { kind: 'series', length: 3, columns: ['a', 'b'] }, output: { kind: 'regression', unit: '', label: 'y' } } as Signature;
    const schema = requestSchema(series);
    expect(toModelInput(series, schema.parse({ rows: [[1, 2], [3, 4], [5, 6]] }))).toEqual({ shape: [1, 3, 2], dtype: 'float32', data: [1, 2, 3, 4, 5, 6] });
    expect(schema.safeParse({ rows: [[1, 2], [3, 4]] }).error?.issues[0].message).toBe('rows: 정확히 3행이어야 합니다 / must have exactly 3 rows');
    expect(schema.safeParse({ rows: [[1, 2], [3], [5, 6]] }).error?.issues[0].message).toContain('must have exactly 2 values');
  });

  it('images are scaled from 0..255 to the declared range, inverted when asked', () => {
    const px = digitPixels(7);
    const plain = toModelInput(digits, { pixels: px });
    expect(plain.data).toEqual(px.map((v) => v / 255));
    const signed = toModelInput({ ...digits, input: { ...digits.input, scale: { from: [0, 255], to: [-1, 1] }, invert: true } } as Signature, { pixels: px });
    expect(signed.data).toEqual(px.map((v) => -1 + ((255 - v) * 2) / 255));
  });
});

describe('request → real model → answer', () => {
  it('the CNN reads every digit (and the inverted drawing, declared inverted)', () => {
    for (let d = 0; d < 10; d++) {
      const out = answer(models.cnn, digits, { pixels: digitPixels(d) }) as { top: string; predictions: { label: string; p: number }[] };
      expect(out.top).toBe(String(d));
      expect(out.predictions).toHaveLength(10);
      expect(out.predictions.reduce((s, p) => s + p.p, 0)).toBeCloseTo(1, 2);
      const inkOnWhite = digitPixels(d).map((v) => 255 - v);
      const inverted = { ...digits, input: { ...digits.input, invert: true } } as Signature;
      expect((answer(models.cnn, inverted, { pixels: inkOnWhite }) as { top: string }).top).toBe(String(d));
    }
  });

  it('the LSTM reads the sentiment of a Korean and an English sentence', () => {
    expect((answer(models.lstm, sentiment, { text: '이 영화 정말 재미있다' }) as { top: string }).top).toBe(TEXT_LABELS[1]);
    expect((answer(models.lstm, sentiment, { text: 'This book was really boring.' }) as { top: string }).top).toBe(TEXT_LABELS[0]);
  });

  it('the dense and graph classifiers place each blob centre, top 2 sorted', () => {
    POINT_CENTRES.forEach(([x, y], i) => {
      for (const m of [models.dense, models.graph]) {
        const out = answer(m, points, { values: { x, y } }) as { top: string; predictions: { label: string; p: number }[] };
        expect(out.top).toBe(['A', 'B', 'C'][i]);
        expect(out.predictions).toHaveLength(2);
        expect(out.predictions[0].label).toBe(out.top);
        expect(out.predictions[0].p).toBeGreaterThanOrEqual(out.predictions[1].p);
      }
    });
  });
});

describe('fromModelOutput', () => {
  it('softmaxes logits; one sigmoid output with two labels is a binary choice', () => {
    const sig = { input: digits.input, output: { kind: 'classes', labels: ['a', 'b', 'c'] } } as Signature;
    const out = fromModelOutput(sig, { shape: [1, 3], data: [2, 0, -1] }) as { top: string; predictions: { p: number }[] };
    expect(out.top).toBe('a');
    expect(out.predictions.map((p) => p.p)).toEqual([0.8438, 0.1142, 0.042]);
    const bin = { input: digits.input, output: { kind: 'classes', labels: ['no', 'yes'] } } as Signature;
    expect(fromModelOutput(bin, { shape: [1, 1], data: [0.8] })).toEqual({ predictions: [{ label: 'no', p: 0.2 }, { label: 'yes', p: 0.8 }], top: 'yes' });
  });

  it('regression applies the scale; images map the range to 0..255; sequences round', () => {
    const reg = { input: digits.input, output: { kind: 'regression', unit: '°C', label: '기온', scale: { mul: 10, add: 5 } } } as Signature;
    expect(fromModelOutput(reg, { shape: [1, 1], data: [1.5] })).toEqual({ value: 20, unit: '°C', label: '기온' });
    const img = { input: digits.input, output: { kind: 'image', width: 2, height: 1, channels: 1, range: [-1, 1] } } as Signature;
    expect(fromModelOutput(img, { shape: [1, 1, 2, 1], data: [-1, 2] })).toEqual({ width: 2, height: 1, channels: 1, pixels: [0, 255] });
    const seq = { input: digits.input, output: { kind: 'sequence' } } as Signature;
    expect(fromModelOutput(seq, { shape: [1, 3], data: [0.123456, NaN, -0] })).toEqual({ values: [0.1235, 0, 0] });
  });
});
