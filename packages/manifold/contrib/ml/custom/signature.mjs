// What an author's model takes and gives, declared as data (the signature): the zod schema of a signature, guesses
// from an inspection report's shapes, the check of a signature against a report, the request schema of
// POST /api/ml/custom/<slug>, and the conversions request → model input → response. Plain ESM with JSDoc and zod only
// (no Node built-ins), so the server, the inference worker and the browser's admin form all load it.
import { z } from 'zod';

/** Limits of a signature (and so of a request). */
export const LIMITS = Object.freeze({
  imageSide: 256,
  vectorFields: 64,
  vocabulary: 50000,
  wordLength: 64,
  textLength: 1024,
  textChars: 10000,
  seriesLength: 2048,
  seriesColumns: 32,
  labels: 1000,
  labelChars: 80,
  outputValues: 65536,
});

const finite = z.number().refine(Number.isFinite, '유한한 수여야 합니다 / must be a finite number');
const label = z.string().trim().min(1, '이름이 비었습니다 / empty name').max(LIMITS.labelChars);
const side = z.number().int().min(1).max(LIMITS.imageSide);
const range = z.tuple([finite, finite]).refine(([a, b]) => a !== b, '범위의 양 끝이 같습니다 / the range is empty');

const imageInput = z.strictObject({
  kind: z.literal('image'),
  width: side,
  height: side,
  channels: z.union([z.literal(1), z.literal(3)]),
  scale: z.strictObject({ from: z.tuple([z.literal(0), z.literal(255)]).default([0, 255]), to: range }),
  invert: z.boolean().optional(),
  source: z.enum(['canvas', 'upload', 'both']),
});

const field = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z_][\w-]{0,39}$/, '이름은 영문자, 숫자, _, -만 / letters, digits, _ and - only'),
    label,
    min: finite,
    max: finite,
    step: z.number().positive().refine(Number.isFinite),
    default: finite,
  })
  .refine((f) => f.min < f.max, { message: 'min은 max보다 작아야 합니다 / min must be below max' })
  .refine((f) => f.default >= f.min && f.default <= f.max, { message: '기본값이 범위 밖입니다 / the default is outside [min, max]' });

const vectorInput = z.strictObject({
  kind: z.literal('vector'),
  fields: z
    .array(field)
    .min(1)
    .max(LIMITS.vectorFields)
    .refine((fs) => new Set(fs.map((f) => f.name)).size === fs.length, '필드 이름이 겹칩니다 / field names repeat'),
});

const textInput = z.strictObject({
  kind: z.literal('text'),
  vocabulary: z
    .record(z.string().min(1).max(LIMITS.wordLength), z.number().int().min(0).max(10_000_000))
    .refine((v) => Object.keys(v).length <= LIMITS.vocabulary, `단어는 ${LIMITS.vocabulary}개까지 / at most ${LIMITS.vocabulary} words`),
  maxLength: z.number().int().min(1).max(LIMITS.textLength),
  oovIndex: z.number().int().min(0),
  padIndex: z.number().int().min(0),
  lowercase: z.boolean(),
  /** Keras pad_sequences: where padding (and truncation) goes; 'pre' is its default. */
  padding: z.enum(['pre', 'post']).optional(),
});

const seriesInput = z.strictObject({
  kind: z.literal('series'),
  length: z.number().int().min(1).max(LIMITS.seriesLength),
  columns: z.array(label).min(1).max(LIMITS.seriesColumns),
});

const classesOutput = z.strictObject({
  kind: z.literal('classes'),
  labels: z.array(label).min(1).max(LIMITS.labels),
  topK: z.number().int().min(1).max(LIMITS.labels).optional(),
});
const regressionOutput = z.strictObject({
  kind: z.literal('regression'),
  unit: z.string().max(LIMITS.labelChars),
  label,
  scale: z.strictObject({ mul: finite, add: finite }).optional(),
});
const imageOutput = z.strictObject({
  kind: z.literal('image'),
  width: side,
  height: side,
  channels: z.union([z.literal(1), z.literal(3)]),
  /** The model's value range for black..white; [0, 1] unless said. */
  range: range.optional(),
});
const sequenceOutput = z.strictObject({
  kind: z.literal('sequence'),
  labels: z.array(label).max(LIMITS.outputValues).optional(),
});

export const InputSchema = z.discriminatedUnion('kind', [imageInput, vectorInput, textInput, seriesInput]);
export const OutputSchema = z.discriminatedUnion('kind', [classesOutput, regressionOutput, imageOutput, sequenceOutput]);
/** A model's declared signature (stored as JSON in MlModel.signature). */
export const SignatureSchema = z.strictObject({ input: InputSchema, output: OutputSchema });

/**
 * @typedef {z.infer<typeof SignatureSchema>} Signature
 * @typedef {z.infer<typeof InputSchema>} SignatureInput
 * @typedef {z.infer<typeof OutputSchema>} SignatureOutput
 * @typedef {(number | null)[]} Shape
 * @typedef {{ inputShape: Shape, outputShape: Shape, inputDtype?: string, outputDtype?: string, classes?: string[], outputActivation?: string | null, embeddingInputDim?: number | null }} ReportLike
 */

/** @param {Shape} s */
const size = (s) => s.slice(1).reduce((/** @type {number} */ a, d) => a * (d ?? 1), 1);

/**
 * A first signature from the shapes (and layer classes) of an inspection report, for the author to correct.
 * @param {ReportLike} report
 * @returns {Signature}
 */
export function guessSignature(report) {
  const inS = report.inputShape ?? [];
  const outS = report.outputShape ?? [];
  const classes = report.classes ?? [];
  const first = classes.find((c) => !['Sequential', 'Model', 'Functional', 'InputLayer', 'Placeholder', 'Const'].includes(c));
  /** @type {SignatureInput} */
  let input;
  const dim = (/** @type {number | null | undefined} */ d, /** @type {number} */ dflt) => (d ?? dflt);
  const sq = Math.round(Math.sqrt(size(inS)));
  const sq3 = Math.round(Math.sqrt(size(inS) / 3));
  if (inS.length === 4 && (inS[3] === 1 || inS[3] === 3) && dim(inS[1], 28) <= LIMITS.imageSide && dim(inS[2], 28) <= LIMITS.imageSide) {
    input = { kind: 'image', width: dim(inS[2], 28), height: dim(inS[1], 28), channels: /** @type {1 | 3} */ (inS[3]), scale: { from: [0, 255], to: [0, 1] }, invert: false, source: 'both' };
  } else if (inS.length === 2 && (first === 'Embedding' || report.inputDtype === 'int32')) {
    input = { kind: 'text', vocabulary: {}, maxLength: Math.min(dim(inS[1], 100), LIMITS.textLength), oovIndex: 1, padIndex: 0, lowercase: true };
  } else if (inS.length === 3 && inS[1] !== null && inS[2] !== null && inS[1] <= LIMITS.imageSide && inS[2] <= LIMITS.imageSide && !['LSTM', 'GRU', 'SimpleRNN', 'Conv1D', 'Bidirectional'].includes(first ?? '') && inS[1] === inS[2]) {
    input = { kind: 'image', width: inS[2], height: inS[1], channels: 1, scale: { from: [0, 255], to: [0, 1] }, invert: false, source: 'both' };
  } else if (inS.length === 3) {
    const cols = Math.min(dim(inS[2], 1), LIMITS.seriesColumns);
    input = { kind: 'series', length: Math.min(dim(inS[1], 16), LIMITS.seriesLength), columns: Array.from({ length: cols }, (_, i) => (cols === 1 ? 'value' : `x${i + 1}`)) };
  } else if (inS.length === 2 && inS[1] !== null && inS[1] <= LIMITS.vectorFields) {
    input = { kind: 'vector', fields: Array.from({ length: inS[1] }, (_, i) => ({ name: `x${i + 1}`, label: `x${i + 1}`, min: -1, max: 1, step: 0.01, default: 0 })) };
  } else if (inS.length === 2 && inS[1] !== null && sq * sq === inS[1] && sq <= LIMITS.imageSide) {
    input = { kind: 'image', width: sq, height: sq, channels: 1, scale: { from: [0, 255], to: [0, 1] }, invert: false, source: 'both' };
  } else if (inS.length === 2 && inS[1] !== null && sq3 * sq3 * 3 === inS[1] && sq3 <= LIMITS.imageSide) {
    input = { kind: 'image', width: sq3, height: sq3, channels: 3, scale: { from: [0, 255], to: [0, 1] }, invert: false, source: 'both' };
  } else {
    input = { kind: 'series', length: Math.min(dim(inS[1], 16), LIMITS.seriesLength), columns: ['value'] };
  }

  /** @type {SignatureOutput} */
  let output;
  const n = outS.length >= 2 ? outS[outS.length - 1] : 1;
  if (outS.length === 4 && (outS[3] === 1 || outS[3] === 3) && outS[1] !== null && outS[2] !== null && outS[1] <= LIMITS.imageSide && outS[2] <= LIMITS.imageSide) {
    output = { kind: 'image', width: outS[2], height: outS[1], channels: /** @type {1 | 3} */ (outS[3]) };
  } else if (outS.length === 2 && n === 1) {
    output = report.outputActivation === 'sigmoid' ? { kind: 'classes', labels: ['0', '1'] } : { kind: 'regression', unit: '', label: '값 value' };
  } else if (outS.length === 2 && n !== null && n <= LIMITS.labels && (report.outputActivation === 'softmax' || report.outputActivation === 'sigmoid' || n <= 20)) {
    output = { kind: 'classes', labels: Array.from({ length: n }, (_, i) => String(i)) };
  } else {
    output = { kind: 'sequence' };
  }
  return { input, output };
}

/**
 * The model-input shape (batch 1) a signature produces, before any flattening to the model's own layout.
 * @param {SignatureInput} input @returns {number[]}
 */
export function signatureInputShape(input) {
  switch (input.kind) {
    case 'image':
      return [1, input.height, input.width, input.channels];
    case 'vector':
      return [1, input.fields.length];
    case 'text':
      return [1, input.maxLength];
    case 'series':
      return [1, input.length, input.columns.length];
  }
}

/**
 * The input shape to declare to inspectArtifact for this signature: the signature's shape laid out as the model's
 * input (same rank as the model's), or undefined when they do not fit (checkSignature says why).
 * @param {Signature} signature @param {Shape} modelInput
 * @returns {Shape | undefined}
 */
export function declaredInputShape(signature, modelInput) {
  const s = signatureInputShape(signature.input);
  const total = s.slice(1).reduce((a, b) => a * b, 1);
  if (modelInput.length === s.length) return [null, ...s.slice(1)];
  if (modelInput.length === 2) return [null, total];
  if (modelInput.length === 3 && signature.input.kind === 'image' && signature.input.channels === 1) return [null, signature.input.height, signature.input.width];
  if (modelInput.length === 3 && signature.input.kind === 'series') return [null, signature.input.length, signature.input.columns.length];
  return undefined;
}

/** @param {Shape} s */
const fmt = (s) => JSON.stringify(s);

/**
 * Whether a signature fits a model (its inspection report): every mismatch, each in Korean and English. Empty = fits.
 * @param {Signature} signature @param {ReportLike} report
 * @returns {string[]}
 */
export function checkSignature(signature, report) {
  /** @type {string[]} */
  const problems = [];
  const parsed = SignatureSchema.safeParse(signature);
  if (!parsed.success) return parsed.error.issues.map((i) => `시그니처가 잘못되었습니다 / Invalid signature: ${i.path.join('.')}: ${i.message}`);
  const sig = parsed.data;
  const inS = report.inputShape;
  const want = signatureInputShape(sig.input);
  const declared = declaredInputShape(sig, inS);
  const fits = (/** @type {Shape} */ model, /** @type {Shape | undefined} */ d) => !!d && d.length === model.length && model.every((m, i) => i === 0 || m === null || m === d[i]);
  if (!fits(inS, declared))
    problems.push(`입력 ${fmt(want)}이 모델의 입력 ${fmt(inS)}과 맞지 않습니다 / The declared input ${fmt(want)} does not fit the model's input ${fmt(inS)}`);
  if (sig.input.kind === 'text') {
    const ids = Object.values(sig.input.vocabulary);
    const vocabSize = Math.max(0, ...ids, sig.input.oovIndex, sig.input.padIndex) + 1;
    const inDim = report.embeddingInputDim;
    if (typeof inDim === 'number' && vocabSize > inDim)
      problems.push(`어휘의 가장 큰 번호(${vocabSize - 1})가 임베딩 크기(${inDim})를 넘습니다 / The vocabulary's largest index (${vocabSize - 1}) is beyond the embedding's ${inDim} rows`);
  } else if (report.inputDtype === 'int32') {
    problems.push(`모델이 정수 입력(int32)을 받습니다: 텍스트 입력이 맞습니다 / The model takes integers (int32): declare a text input`);
  }

  const outS = report.outputShape;
  const out = sig.output;
  const outSize = outS.length ? size(outS) : 1;
  const unknownOut = outS.slice(1).some((d) => d === null);
  if (out.kind === 'classes') {
    const n = outS[outS.length - 1];
    const binary = out.labels.length === 2 && n === 1;
    if (outS.length !== 2 || (n !== null && n !== out.labels.length && !binary))
      problems.push(`레이블 ${out.labels.length}개가 모델의 출력 ${fmt(outS)}과 맞지 않습니다(클래스 수 = 출력 크기, 또는 출력 1개에 레이블 2개) / ${out.labels.length} labels do not fit the model's output ${fmt(outS)} (one label per output, or two labels for one sigmoid output)`);
    if (out.topK !== undefined && out.topK > out.labels.length) problems.push(`topK(${out.topK})가 레이블 수보다 큽니다 / topK (${out.topK}) exceeds the number of labels`);
  } else if (out.kind === 'regression') {
    if (!unknownOut && outSize !== 1) problems.push(`회귀 출력은 값 하나여야 하는데 모델의 출력은 ${fmt(outS)}입니다 / A regression output is one value; the model's output is ${fmt(outS)}`);
  } else if (out.kind === 'image') {
    const ok =
      (outS.length === 4 && [outS[1], outS[2], outS[3]].every((d, i) => d === null || d === [out.height, out.width, out.channels][i])) ||
      (outS.length === 3 && out.channels === 1 && [outS[1], outS[2]].every((d, i) => d === null || d === [out.height, out.width][i])) ||
      (outS.length === 2 && (outS[1] === null || outS[1] === out.width * out.height * out.channels));
    if (!ok) problems.push(`출력 이미지 ${out.width}×${out.height}×${out.channels}이 모델의 출력 ${fmt(outS)}과 맞지 않습니다 / The output image ${out.width}×${out.height}×${out.channels} does not fit the model's output ${fmt(outS)}`);
  } else if (out.kind === 'sequence') {
    if (!unknownOut && outSize > LIMITS.outputValues) problems.push(`출력 값이 너무 많습니다(${outSize}) / The output has too many values (${outSize})`);
    if (out.labels && !unknownOut && out.labels.length !== outSize) problems.push(`레이블 ${out.labels.length}개가 출력 값 ${outSize}개와 맞지 않습니다 / ${out.labels.length} labels for ${outSize} output values`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** A short preview of a bad value, for messages (never JSON.stringify a value from outside). @param {unknown} v */
const preview = (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : Array.isArray(v) ? `an array of ${v.length}` : v === null ? 'null' : typeof v);

/** Numbers checked for count first (a 10⁶-item array fails before its items are looked at), then each in [lo, hi]. */
/** @param {number} n @param {number} lo @param {number} hi @param {string} what */
const numbers = (n, lo, hi, what) =>
  z
    .array(z.unknown(), { error: (iss) => `${what}: 수의 배열이어야 합니다 / expected an array of numbers, got ${preview(iss.input)}` })
    .length(n, `${what}: 값이 정확히 ${n}개여야 합니다 / must have exactly ${n} values`)
    .pipe(
      z.array(
        z
          .number({ error: (iss) => `${what}: 수가 아닙니다 / not a number: ${preview(iss.input)}` })
          .refine(Number.isFinite, `${what}: 유한한 수여야 합니다 / must be finite`)
          .refine((v) => v >= lo && v <= hi, `${what}: ${lo}..${hi} 범위여야 합니다 / must be within ${lo}..${hi}`),
      ),
    );

/**
 * What POST /api/ml/custom/<slug> accepts for a signature: image `{ pixels }` (w·h·c numbers 0..255, row-major,
 * channels last), vector `{ values: { name: number } }` (each within its field's range; missing = its default), text
 * `{ text }`, series `{ rows }` (exactly `length` rows of one number per column).
 * @param {Signature} signature
 */
export function requestSchema(signature) {
  const input = signature.input;
  switch (input.kind) {
    case 'image': {
      const n = input.width * input.height * input.channels;
      return z.strictObject({ pixels: numbers(n, 0, 255, 'pixels') });
    }
    case 'vector':
      return z.strictObject({
        values: z.strictObject(
          Object.fromEntries(
            input.fields.map((f) => [
              f.name,
              z
                .number({ error: (iss) => `${f.name}: 수가 아닙니다 / not a number: ${preview(iss.input)}` })
                .refine(Number.isFinite, `${f.name}: 유한한 수여야 합니다 / must be finite`)
                .refine((v) => v >= f.min && v <= f.max, `${f.name}: ${f.min}..${f.max} 범위여야 합니다 / must be within ${f.min}..${f.max}`)
                .optional(),
            ]),
          ),
        ),
      });
    case 'text':
      return z.strictObject({
        text: z
          .string({ error: (iss) => `text: 문자열이어야 합니다 / expected a string, got ${preview(iss.input)}` })
          .max(LIMITS.textChars, `text: ${LIMITS.textChars}자까지 / at most ${LIMITS.textChars} characters`),
      });
    case 'series': {
      const cols = input.columns.length;
      return z.strictObject({
        rows: z
          .array(z.unknown(), { error: (iss) => `rows: 행의 배열이어야 합니다 / expected an array of rows, got ${preview(iss.input)}` })
          .length(input.length, `rows: 정확히 ${input.length}행이어야 합니다 / must have exactly ${input.length} rows`)
          .pipe(z.array(numbers(cols, -1e9, 1e9, `row (${input.columns.join(', ')})`))),
      });
    }
  }
}

/** Words of a text, as Keras' Tokenizer splits them (its punctuation filters, then spaces). @param {string} text @param {boolean} lowercase */
export function tokenize(text, lowercase) {
  const t = lowercase ? text.toLowerCase() : text;
  return t
    .replace(/[!"#$%&()*+,\-./:;<=>?@[\\\]^_`{|}~\t\n\r]/g, ' ')
    .split(' ')
    .filter(Boolean);
}

/**
 * A validated request body → the model's input tensor (batch 1). With `target` (the version's report), the data is
 * laid out in the model's own shape (a flat [1, 784] for a 28×28 image, say) and dtype.
 * @param {Signature} signature @param {any} body (already parsed by requestSchema)
 * @param {{ inputShape?: Shape, inputDtype?: string }} [target]
 * @returns {{ shape: number[], dtype: 'float32' | 'int32', data: number[] }}
 */
export function toModelInput(signature, body, target = {}) {
  const input = signature.input;
  /** @type {number[]} */
  let data;
  switch (input.kind) {
    case 'image': {
      const [f0, f1] = input.scale.from;
      const [t0, t1] = input.scale.to;
      const k = (t1 - t0) / (f1 - f0);
      data = /** @type {number[]} */ (body.pixels).map((v) => t0 + ((input.invert ? 255 - v : v) - f0) * k);
      break;
    }
    case 'vector':
      data = input.fields.map((f) => body.values?.[f.name] ?? f.default);
      break;
    case 'text': {
      const ids = tokenize(String(body.text), input.lowercase).map((w) => (Object.hasOwn(input.vocabulary, w) ? input.vocabulary[w] : input.oovIndex));
      const post = input.padding === 'post';
      const kept = ids.length > input.maxLength ? (post ? ids.slice(0, input.maxLength) : ids.slice(-input.maxLength)) : ids;
      const pad = new Array(input.maxLength - kept.length).fill(input.padIndex);
      data = post ? [...kept, ...pad] : [...pad, ...kept];
      break;
    }
    case 'series':
      data = /** @type {number[][]} */ (body.rows).flat();
      break;
  }
  let shape = signatureInputShape(input);
  const declared = target.inputShape ? declaredInputShape(signature, target.inputShape) : undefined;
  if (declared && declared.every((d, i) => i === 0 || d !== null)) shape = [1, .../** @type {number[]} */ (declared.slice(1))];
  const dtype = target.inputDtype === 'int32' || (target.inputDtype === undefined && input.kind === 'text') ? 'int32' : 'float32';
  if (dtype === 'int32') data = data.map((v) => Math.round(v));
  return { shape, dtype, data };
}

/** @param {number} v @param {number} [digits] */
const round = (v, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f + 0; // + 0: no -0 in JSON
};

/**
 * The model's output (batch 1) → the JSON the embed shows: classes `{ predictions: [{ label, p }], top }`
 * (probabilities; logits are softmaxed), regression `{ value, unit, label }`, image `{ width, height, channels,
 * pixels }` (0..255), sequence `{ values, labels? }`.
 * @param {Signature} signature @param {{ shape: number[], data: ArrayLike<number> }} output
 */
export function fromModelOutput(signature, { shape, data }) {
  const out = signature.output;
  const per = shape.length > 1 ? shape.slice(1).reduce((a, b) => a * b, 1) : data.length;
  const values = Array.from({ length: Math.min(per, data.length, LIMITS.outputValues) }, (_, i) => {
    const v = Number(data[i]);
    return Number.isFinite(v) ? v : 0;
  });
  switch (out.kind) {
    case 'classes': {
      let p;
      if (values.length === 1 && out.labels.length === 2) {
        const v = values[0] >= 0 && values[0] <= 1 ? values[0] : 1 / (1 + Math.exp(-values[0]));
        p = [1 - v, v];
      } else {
        const sum = values.reduce((a, b) => a + b, 0);
        const isDist = values.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3;
        if (isDist) p = values;
        else {
          const m = Math.max(...values);
          const e = values.map((v) => Math.exp(v - m));
          const s = e.reduce((a, b) => a + b, 0);
          p = e.map((v) => v / s);
        }
      }
      let predictions = out.labels.map((l, i) => ({ label: l, p: round(p[i] ?? 0) }));
      let best = 0;
      p.forEach((v, i) => {
        if (v > p[best]) best = i;
      });
      const top = out.labels[best] ?? String(best);
      if (out.topK !== undefined) predictions = [...predictions].sort((a, b) => b.p - a.p).slice(0, out.topK);
      return { predictions, top };
    }
    case 'regression': {
      const v = values[0] ?? 0;
      return { value: round(out.scale ? v * out.scale.mul + out.scale.add : v), unit: out.unit, label: out.label };
    }
    case 'image': {
      const [lo, hi] = out.range ?? [0, 1];
      const n = out.width * out.height * out.channels;
      const pixels = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(255, Math.round((((values[i] ?? lo) - lo) / (hi - lo)) * 255))));
      return { width: out.width, height: out.height, channels: out.channels, pixels };
    }
    case 'sequence':
      return out.labels ? { values: values.map((v) => round(v)), labels: out.labels } : { values: values.map((v) => round(v)) };
  }
}
