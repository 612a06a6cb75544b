'use client';
// The signature form: what the model's input is (an image drawn or uploaded — size, channels, normalisation —, named
// sliders with ranges, a text box with its vocabulary and maximum length, a series of rows) and what its output means
// (class labels, a value with its unit, an image, a sequence), pre-filled with the declared signature or the guess
// from the shapes; and the example input the no-JS figure is made from. Labels, vocabulary and normalisation are
// data: typed, or loaded from a JSON file. The server checks the signature against the model (422 naming the mismatch).
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { api, modelUrl } from './upload.client';
import { bilingual, type ModelInfo } from './types';

type Lang = 'ko' | 'en';
type Obj = Record<string, unknown>;

const T = {
  ko: {
    legend: '시그니처: 입력과 출력',
    guessed: '모델의 모양에서 추측한 값으로 채웠습니다. 확인하고 저장하세요.',
    declared: '저장된 시그니처입니다.',
    inputLegend: '입력',
    outputLegend: '출력',
    inputKind: '입력 종류',
    kinds: { image: '이미지', vector: '숫자 슬라이더', text: '텍스트', series: '시계열(CSV)' },
    source: '입력 방식',
    sources: { canvas: '캔버스에 그리기', upload: '이미지 올리기', both: '둘 다' },
    width: '너비(px)',
    height: '높이(px)',
    channels: '채널',
    gray: '1 (흑백)',
    rgb: '3 (RGB)',
    scaleTo: '정규화: 0–255를 다음 범위로',
    scaleMin: '최솟값',
    scaleMax: '최댓값',
    invert: '색 반전(흰 바탕에 검은 글씨 → 검은 바탕에 흰 글씨)',
    fields: '슬라이더',
    fieldName: '이름',
    fieldLabel: '표시 이름',
    min: '최소',
    max: '최대',
    step: '간격',
    def: '기본값',
    addField: '슬라이더 추가',
    removeField: (n: string) => `슬라이더 ${n} 지우기`,
    vocab: '어휘 파일(JSON 단어 → 번호)',
    vocabCount: (n: number) => `단어 ${n.toLocaleString('ko')}개`,
    vocabNone: '어휘가 없습니다',
    maxLength: '최대 길이(토큰)',
    oov: '모르는 단어 번호',
    pad: '패딩 번호',
    lowercase: '소문자로 바꾸기',
    length: '길이(행 수)',
    columns: '열 이름(쉼표로 구분)',
    outputKind: '출력 종류',
    outKinds: { classes: '클래스 확률', regression: '수치(회귀)', image: '이미지', sequence: '수열' },
    labels: '라벨(한 줄에 하나)',
    labelsFile: '라벨 JSON 파일 불러오기',
    labelsNeed: (n: number) => `출력이 ${n}개이므로 라벨도 ${n}개여야 합니다.`,
    labelsHave: (n: number) => `라벨 ${n}개`,
    topK: '상위 몇 개를 보일지',
    unit: '단위',
    valueLabel: '값 이름',
    mul: '곱할 값',
    add: '더할 값',
    seqLabels: '항목 이름(선택, 한 줄에 하나)',
    example: '예시 입력 (자바스크립트 없는 그림에 쓰임)',
    exampleImage: '예시 이미지: 그리거나 파일을 고르세요',
    canvasLabel: (w: number, h: number) => `예시 이미지 ${w}×${h} 그리기 캔버스`,
    clear: '지우기',
    pickImage: '예시 이미지 파일 고르기',
    exampleText: '예시 문장',
    exampleRows: '예시 행(한 줄에 한 행, 쉼표로 구분)',
    save: '시그니처 저장',
    saving: '저장하는 중…',
    saved: '시그니처를 저장했습니다.',
    badJson: (name: string) => `${name}: JSON 파일이 아닙니다`,
    badVocab: '어휘는 {"단어": 번호, …} 꼴의 JSON 객체여야 합니다',
    badLabels: '라벨 파일은 ["라벨", …] 배열이나 {"0": "라벨", …} 객체여야 합니다',
  },
  en: {
    legend: 'Signature: input and output',
    guessed: 'Filled in with guesses from the model\'s shapes. Check them and save.',
    declared: 'The saved signature.',
    inputLegend: 'Input',
    outputLegend: 'Output',
    inputKind: 'Input kind',
    kinds: { image: 'Image', vector: 'Number sliders', text: 'Text', series: 'Time series (CSV)' },
    source: 'Input source',
    sources: { canvas: 'Draw on a canvas', upload: 'Upload an image', both: 'Both' },
    width: 'Width (px)',
    height: 'Height (px)',
    channels: 'Channels',
    gray: '1 (grayscale)',
    rgb: '3 (RGB)',
    scaleTo: 'Normalisation: 0–255 mapped to',
    scaleMin: 'Minimum',
    scaleMax: 'Maximum',
    invert: 'Invert (dark ink on white → white ink on black)',
    fields: 'Sliders',
    fieldName: 'Name',
    fieldLabel: 'Label',
    min: 'Min',
    max: 'Max',
    step: 'Step',
    def: 'Default',
    addField: 'Add a slider',
    removeField: (n: string) => `Remove slider ${n}`,
    vocab: 'Vocabulary file (JSON word → index)',
    vocabCount: (n: number) => `${n.toLocaleString('en')} words`,
    vocabNone: 'No vocabulary',
    maxLength: 'Maximum length (tokens)',
    oov: 'Index of unknown words',
    pad: 'Padding index',
    lowercase: 'Lower-case the text',
    length: 'Length (rows)',
    columns: 'Column names (comma-separated)',
    outputKind: 'Output kind',
    outKinds: { classes: 'Class probabilities', regression: 'A value (regression)', image: 'Image', sequence: 'Sequence' },
    labels: 'Labels (one per line)',
    labelsFile: 'Load labels from a JSON file',
    labelsNeed: (n: number) => `The output has ${n} values, so it needs ${n} labels.`,
    labelsHave: (n: number) => `${n} labels`,
    topK: 'How many top classes to show',
    unit: 'Unit',
    valueLabel: 'Value name',
    mul: 'Multiply by',
    add: 'Add',
    seqLabels: 'Item names (optional, one per line)',
    example: 'Example input (used for the no-JavaScript figure)',
    exampleImage: 'Example image: draw it or pick a file',
    canvasLabel: (w: number, h: number) => `Drawing canvas for the ${w}×${h} example image`,
    clear: 'Clear',
    pickImage: 'Pick an example image file',
    exampleText: 'Example text',
    exampleRows: 'Example rows (one row per line, comma-separated)',
    save: 'Save signature',
    saving: 'Saving…',
    saved: 'Signature saved.',
    badJson: (name: string) => `${name}: not a JSON file`,
    badVocab: 'A vocabulary is a JSON object {"word": index, …}',
    badLabels: 'A labels file is a JSON array ["label", …] or an object {"0": "label", …}',
  },
} as const;
const TT = { ko: bilingual<(typeof T)['ko']>(T.ko, T.en), en: T.en } as unknown as typeof T;

const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d = '') => (typeof v === 'string' ? v : d);
const clampInt = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));

/** The size of the model's last output dimension, when fixed (how many labels a classifier needs). */
function outputUnits(model: ModelInfo): number | null {
  const v = model.versions.find((x) => x.status === 'ready') ?? model.versions[0];
  const last = v?.outputShape?.[v.outputShape.length - 1];
  return typeof last === 'number' && last > 0 ? last : null;
}

/** A signature to start the form from: the saved one, else the guess, else a grayscale image → classes. */
function startOf(model: ModelInfo): { input: Obj; output: Obj } {
  const s = (model.signature ?? model.guess ?? {}) as { input?: Obj; output?: Obj };
  return {
    input: s.input && typeof s.input === 'object' ? { ...s.input } : { kind: 'image', width: 28, height: 28, channels: 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' },
    output: s.output && typeof s.output === 'object' ? { ...s.output } : { kind: 'classes', labels: [] },
  };
}

/** Defaults of the other kinds, so switching kind gives a complete input. */
function inputOfKind(kind: string, model: ModelInfo, prev: Obj): Obj {
  const v = model.versions[0];
  const shape = v?.inputShape ?? [];
  const dims = shape.slice(1).map((d) => (typeof d === 'number' && d > 0 ? d : null));
  if (kind === prev.kind) return prev;
  switch (kind) {
    case 'image':
      return { kind, width: dims[1] ?? 28, height: dims[0] ?? 28, channels: dims[2] === 3 ? 3 : 1, scale: { from: [0, 255], to: [0, 1] }, source: 'canvas' };
    case 'vector': {
      const n = clampInt(dims[0] ?? 2, 1, 64);
      return { kind, fields: Array.from({ length: n }, (_, i) => ({ name: `x${i + 1}`, label: `x${i + 1}`, min: -1, max: 1, step: 0.01, default: 0 })) };
    }
    case 'text':
      return { kind, vocabulary: {}, maxLength: dims[0] ?? 32, oovIndex: 1, padIndex: 0, lowercase: true };
    default:
      return { kind: 'series', length: dims[0] ?? 24, columns: Array.from({ length: dims[1] ?? 1 }, (_, i) => `c${i + 1}`) };
  }
}

function outputOfKind(kind: string, model: ModelInfo, prev: Obj): Obj {
  if (kind === prev.kind) return prev;
  const units = outputUnits(model) ?? 0;
  switch (kind) {
    case 'classes':
      return { kind, labels: Array.from({ length: units }, (_, i) => String(i)) };
    case 'regression':
      return { kind, unit: '', label: '' };
    case 'image':
      return { kind, width: 28, height: 28, channels: 1 };
    default:
      return { kind: 'sequence' };
  }
}

/** The example the form starts from: the saved one when it fits the input kind, else a neutral one. */
function exampleOf(input: Obj, saved: Obj | null): Obj {
  const k = input.kind;
  if (k === 'image') {
    const n = num(input.width, 1) * num(input.height, 1) * num(input.channels, 1);
    const px = saved?.pixels;
    return { pixels: Array.isArray(px) && px.length === n ? px : new Array(n).fill(0) };
  }
  if (k === 'vector') {
    const fields = (Array.isArray(input.fields) ? input.fields : []) as Obj[];
    const values = (saved?.values ?? {}) as Obj;
    return { values: Object.fromEntries(fields.map((f) => [str(f.name), num(values[str(f.name)], num(f.default, 0))])) };
  }
  if (k === 'text') return { text: typeof saved?.text === 'string' ? saved.text : '' };
  const rows = saved?.rows;
  return { rows: Array.isArray(rows) ? rows : [] };
}

async function readJsonFile(file: File, lang: Lang): Promise<unknown> {
  if (file.size > 8 * 1024 * 1024) throw new Error(lang === 'en' ? `${file.name}: larger than 8 MB` : `${file.name}: 8 MB보다 큽니다`);
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new Error(T[lang].badJson(file.name));
  }
}

function NumberField({ id, label, value, onChange, min, max, step, required }: { id: string; label: string; value: number; onChange: (n: number) => void; min?: number; max?: number; step?: number | 'any'; required?: boolean }) {
  const [text, setText] = useState(String(value));
  // Only an outside change of the value rewrites what is typed ("0." stays while it means 0).
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (Number(text) !== value) setText(String(value));
  }
  return (
    <div className="adm-field mlm-num">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        min={min}
        max={max}
        step={step ?? 'any'}
        required={required}
        onChange={(e) => {
          setText(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(n)) onChange(n);
        }}
      />
    </div>
  );
}

/** The example image: a small canvas drawn with a pointer (a soft round brush) or filled from a picked file. */
function ExampleImage({ lang, width, height, channels, pixels, onChange }: { lang: Lang; width: number; height: number; channels: number; pixels: number[]; onChange: (p: number[]) => void }) {
  const t = TT[lang];
  const id = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const data = useRef<number[]>(pixels);
  useEffect(() => {
    data.current = pixels;
  }, [pixels]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    const img = ctx.createImageData(width, height);
    for (let i = 0; i < width * height; i++) {
      for (let k = 0; k < 3; k++) img.data[i * 4 + k] = pixels[i * channels + (channels === 3 ? k : 0)] ?? 0;
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, width, height, channels]);

  const paint = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    const c = canvas.current;
    if (!c) return;
    const r = c.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * width;
    const y = ((e.clientY - r.top) / r.height) * height;
    const radius = Math.max(0.8, width / 14);
    const next = data.current.slice();
    for (let py = Math.floor(y - radius - 1); py <= y + radius + 1; py++) {
      for (let px = Math.floor(x - radius - 1); px <= x + radius + 1; px++) {
        if (px < 0 || py < 0 || px >= width || py >= height) continue;
        const d = Math.hypot(px + 0.5 - x, py + 0.5 - y);
        const v = Math.round(255 * Math.max(0, Math.min(1, radius + 0.5 - d)));
        for (let k = 0; k < channels; k++) {
          const i = (py * width + px) * channels + k;
          next[i] = Math.max(next[i] ?? 0, v);
        }
      }
    }
    // The next move of the same stroke paints on this one, before React has rendered it.
    data.current = next;
    onChange(next);
  };

  const fromFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const bitmap = await createImageBitmap(file);
    const off = document.createElement('canvas');
    off.width = width;
    off.height = height;
    const ctx = off.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(bitmap, 0, 0, width, height);
    const rgba = ctx.getImageData(0, 0, width, height).data;
    const out: number[] = [];
    for (let i = 0; i < width * height; i++) {
      if (channels === 3) out.push(rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]);
      else out.push(Math.round(0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2]));
    }
    onChange(out);
  };

  return (
    <div className="mlm-example-image">
      <p className="adm-label" id={`${id}-l`}>
        {t.exampleImage}
      </p>
      <canvas
        ref={canvas}
        width={width}
        height={height}
        className="mlm-canvas"
        role="img"
        aria-label={t.canvasLabel(width, height)}
        data-testid="ml-example-canvas"
        onPointerDown={(e) => {
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          paint(e);
        }}
        onPointerMove={(e) => drawing.current && paint(e)}
        onPointerUp={() => (drawing.current = false)}
        onPointerCancel={() => (drawing.current = false)}
      />
      <div className="mlm-row">
        <button type="button" className="adm-button adm-button--small" onClick={() => onChange(new Array(width * height * channels).fill(0))}>
          {t.clear}
        </button>
        <label className="adm-button adm-button--small mlm-pick">
          {t.pickImage}
          <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => void fromFile(e)} />
        </label>
      </div>
    </div>
  );
}

function Select<V extends string>({ id, label, value, options, onChange }: { id: string; label: string; value: V; options: Record<V, string>; onChange: (v: V) => void }) {
  return (
    <div className="adm-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {(Object.keys(options) as V[]).map((k) => (
          <option key={k} value={k}>
            {options[k]}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SignatureForm({ lang, model, canChange, onSaved }: { lang: Lang; model: ModelInfo; canChange: boolean; onSaved: (m: ModelInfo) => void }) {
  const t = TT[lang];
  const id = useId();
  const start = useMemo(() => startOf(model), [model]);
  const [input, setInput] = useState<Obj>(start.input);
  const [output, setOutput] = useState<Obj>(start.output);
  const [example, setExample] = useState<Obj>(() => exampleOf(start.input, model.example));
  const [labelsText, setLabelsText] = useState(() => (Array.isArray(start.output.labels) ? (start.output.labels as string[]).join('\n') : ''));
  const [rowsText, setRowsText] = useState(() => (Array.isArray(model.example?.rows) ? (model.example.rows as number[][]).map((r) => r.join(', ')).join('\n') : ''));
  const [status, setStatus] = useState('');
  const [error, setError] = useState<{ text: string; problems?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const units = outputUnits(model);

  const setIn = (patch: Obj) => setInput((s) => ({ ...s, ...patch }));
  const setOut = (patch: Obj) => setOutput((s) => ({ ...s, ...patch }));
  const kind = str(input.kind, 'image') as 'image' | 'vector' | 'text' | 'series';
  const outKind = str(output.kind, 'classes') as 'classes' | 'regression' | 'image' | 'sequence';

  // The example follows the input's shape.
  useEffect(() => {
    setExample((ex) => exampleOf(input, ex));
  }, [input]);

  const labels = labelsText.split('\n').map((l) => l.trim()).filter((l, i, all) => l !== '' || i < all.length - 1).filter((l) => l !== '');
  const scale = (input.scale ?? { from: [0, 255], to: [0, 1] }) as { from: number[]; to: number[] };
  const fields = (Array.isArray(input.fields) ? input.fields : []) as Obj[];
  const vocabulary = (input.vocabulary && typeof input.vocabulary === 'object' ? input.vocabulary : {}) as Record<string, number>;

  const loadVocab = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    try {
      const v = await readJsonFile(file, lang);
      // Keras' tokenizer.word_index is the object itself; a tokenizer_json wraps it in config.word_index (as a string).
      let words = v as Obj;
      const cfg = (v as { config?: { word_index?: unknown } })?.config?.word_index;
      if (cfg) words = (typeof cfg === 'string' ? JSON.parse(cfg) : cfg) as Obj;
      if (!words || typeof words !== 'object' || Array.isArray(words) || !Object.values(words).every((n) => Number.isInteger(n) && (n as number) >= 0)) throw new Error(t.badVocab);
      setIn({ vocabulary: words });
    } catch (err) {
      setError({ text: (err as Error).message });
    }
  };
  const loadLabels = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    try {
      const v = await readJsonFile(file, lang);
      let list: string[];
      if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) list = v.map(String);
      else if (v && typeof v === 'object' && Object.keys(v).every((k) => /^\d+$/.test(k))) {
        const entries = Object.entries(v as Record<string, unknown>).sort((a, b) => Number(a[0]) - Number(b[0]));
        list = entries.map(([, l]) => String(l));
      } else throw new Error(t.badLabels);
      setLabelsText(list.join('\n'));
    } catch (err) {
      setError({ text: (err as Error).message });
    }
  };

  const signature = (): Obj => {
    const out: Obj = { ...output };
    if (outKind === 'classes') out.labels = labels;
    if (outKind === 'sequence') {
      if (labels.length) out.labels = labels;
      else delete out.labels;
    }
    return { input, output: out };
  };
  const exampleBody = (): Obj => {
    if (kind === 'series') {
      return { rows: rowsText.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(/[,\t;]\s*|\s+/).filter(Boolean).map(Number)) };
    }
    return example;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setStatus('');
    setError(null);
    try {
      const saved = await api<ModelInfo>(`${modelUrl(model.slug)}/signature`, { method: 'PUT', body: JSON.stringify({ signature: signature(), example: exampleBody() }) });
      setStatus(t.saved);
      onSaved(saved);
    } catch (err) {
      const body = (err as Error & { body?: { problems?: string[] } }).body;
      setError({ text: (err as Error).message, problems: body?.problems });
    } finally {
      setBusy(false);
    }
  };

  const fieldset = (legend: string, children: ReactNode) => (
    <fieldset className="mlm-sub">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );

  return (
    <form className="adm-fieldset mlm-signature" onSubmit={save} noValidate data-testid="ml-signature-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.legend}</h2>
      <div className="adm-fieldset-body">
        <p className="adm-help">{model.signature ? t.declared : t.guessed}</p>
        <fieldset disabled={!canChange} className="mlm-plain">
          {fieldset(
            t.inputLegend,
            <>
              <Select id={`${id}-kind`} label={t.inputKind} value={kind} options={t.kinds} onChange={(k) => setInput((s) => inputOfKind(k, model, s))} />
              {kind === 'image' && (
                <div className="mlm-grid">
                  <Select id={`${id}-source`} label={t.source} value={str(input.source, 'canvas') as 'canvas' | 'upload' | 'both'} options={t.sources} onChange={(v) => setIn({ source: v })} />
                  <NumberField id={`${id}-w`} label={t.width} value={num(input.width, 28)} min={1} max={256} step={1} onChange={(n) => setIn({ width: clampInt(n, 1, 256) })} />
                  <NumberField id={`${id}-h`} label={t.height} value={num(input.height, 28)} min={1} max={256} step={1} onChange={(n) => setIn({ height: clampInt(n, 1, 256) })} />
                  <Select id={`${id}-ch`} label={t.channels} value={String(num(input.channels, 1)) as '1' | '3'} options={{ '1': t.gray, '3': t.rgb }} onChange={(v) => setIn({ channels: Number(v) })} />
                  <NumberField id={`${id}-smin`} label={`${t.scaleTo}: ${t.scaleMin}`} value={num(scale.to?.[0], 0)} onChange={(n) => setIn({ scale: { from: [0, 255], to: [n, num(scale.to?.[1], 1)] } })} />
                  <NumberField id={`${id}-smax`} label={`${t.scaleTo}: ${t.scaleMax}`} value={num(scale.to?.[1], 1)} onChange={(n) => setIn({ scale: { from: [0, 255], to: [num(scale.to?.[0], 0), n] } })} />
                  <div className="adm-field adm-field--checkbox">
                    <input id={`${id}-inv`} type="checkbox" checked={input.invert === true} onChange={(e) => setIn({ invert: e.target.checked })} />
                    <label htmlFor={`${id}-inv`}>{t.invert}</label>
                  </div>
                </div>
              )}
              {kind === 'vector' && (
                <div className="mlm-fields">
                  {fields.map((f, i) => {
                    const set = (patch: Obj) => setIn({ fields: fields.map((g, j) => (j === i ? { ...g, ...patch } : g)) });
                    const fid = `${id}-f${i}`;
                    return (
                      <fieldset key={i} className="mlm-field-row">
                        <legend>
                          {t.fields} {i + 1}
                        </legend>
                        <div className="adm-field">
                          <label htmlFor={`${fid}-name`}>{t.fieldName}</label>
                          <input id={`${fid}-name`} type="text" value={str(f.name)} maxLength={40} spellCheck={false} onChange={(e) => set({ name: e.target.value })} />
                        </div>
                        <div className="adm-field">
                          <label htmlFor={`${fid}-label`}>{t.fieldLabel}</label>
                          <input id={`${fid}-label`} type="text" value={str(f.label)} maxLength={80} onChange={(e) => set({ label: e.target.value })} />
                        </div>
                        <NumberField id={`${fid}-min`} label={t.min} value={num(f.min, 0)} onChange={(n) => set({ min: n })} />
                        <NumberField id={`${fid}-max`} label={t.max} value={num(f.max, 1)} onChange={(n) => set({ max: n })} />
                        <NumberField id={`${fid}-step`} label={t.step} value={num(f.step, 0.01)} onChange={(n) => set({ step: n })} />
                        <NumberField id={`${fid}-def`} label={t.def} value={num(f.default, 0)} onChange={(n) => set({ default: n })} />
                        <button type="button" className="adm-button adm-button--small adm-button--danger" aria-label={t.removeField(str(f.name) || String(i + 1))} onClick={() => setIn({ fields: fields.filter((_, j) => j !== i) })}>
                          ×
                        </button>
                      </fieldset>
                    );
                  })}
                  <button type="button" className="adm-button adm-button--small" onClick={() => setIn({ fields: [...fields, { name: `x${fields.length + 1}`, label: `x${fields.length + 1}`, min: 0, max: 1, step: 0.01, default: 0 }] })}>
                    {t.addField}
                  </button>
                </div>
              )}
              {kind === 'text' && (
                <div className="mlm-grid">
                  <div className="adm-field">
                    <label htmlFor={`${id}-vocab`}>{t.vocab}</label>
                    <input id={`${id}-vocab`} type="file" accept="application/json,.json" aria-describedby={`${id}-vocab-n`} onChange={(e) => void loadVocab(e)} />
                    <p id={`${id}-vocab-n`} className="adm-help" data-testid="ml-vocab-count">
                      {Object.keys(vocabulary).length ? t.vocabCount(Object.keys(vocabulary).length) : t.vocabNone}
                    </p>
                  </div>
                  <NumberField id={`${id}-maxlen`} label={t.maxLength} value={num(input.maxLength, 32)} min={1} max={4096} step={1} onChange={(n) => setIn({ maxLength: clampInt(n, 1, 4096) })} />
                  <NumberField id={`${id}-oov`} label={t.oov} value={num(input.oovIndex, 1)} min={0} step={1} onChange={(n) => setIn({ oovIndex: clampInt(n, 0, 1e7) })} />
                  <NumberField id={`${id}-pad`} label={t.pad} value={num(input.padIndex, 0)} min={0} step={1} onChange={(n) => setIn({ padIndex: clampInt(n, 0, 1e7) })} />
                  <div className="adm-field adm-field--checkbox">
                    <input id={`${id}-lower`} type="checkbox" checked={input.lowercase !== false} onChange={(e) => setIn({ lowercase: e.target.checked })} />
                    <label htmlFor={`${id}-lower`}>{t.lowercase}</label>
                  </div>
                </div>
              )}
              {kind === 'series' && (
                <div className="mlm-grid">
                  <NumberField id={`${id}-len`} label={t.length} value={num(input.length, 24)} min={1} max={10000} step={1} onChange={(n) => setIn({ length: clampInt(n, 1, 10000) })} />
                  <div className="adm-field">
                    <label htmlFor={`${id}-cols`}>{t.columns}</label>
                    <input
                      id={`${id}-cols`}
                      type="text"
                      value={(Array.isArray(input.columns) ? (input.columns as string[]) : []).join(', ')}
                      onChange={(e) => setIn({ columns: e.target.value.split(',').map((c) => c.trim()).filter((c, i, all) => c !== '' || i === all.length - 1) })}
                    />
                  </div>
                </div>
              )}
            </>,
          )}

          {fieldset(
            t.outputLegend,
            <>
              <Select id={`${id}-out`} label={t.outputKind} value={outKind} options={t.outKinds} onChange={(k) => setOutput((s) => outputOfKind(k, model, s))} />
              {(outKind === 'classes' || outKind === 'sequence') && (
                <div className="adm-field">
                  <label htmlFor={`${id}-labels`}>{outKind === 'classes' ? t.labels : t.seqLabels}</label>
                  <textarea id={`${id}-labels`} rows={Math.min(12, Math.max(4, labels.length + 1))} value={labelsText} aria-describedby={`${id}-labels-n`} onChange={(e) => setLabelsText(e.target.value)} />
                  <p id={`${id}-labels-n`} className={`adm-help${outKind === 'classes' && units !== null && labels.length !== units ? ' mlm-error-text' : ''}`}>
                    {outKind === 'classes' && units !== null && labels.length !== units ? t.labelsNeed(units) : t.labelsHave(labels.length)}
                  </p>
                  <label className="adm-button adm-button--small mlm-pick">
                    {t.labelsFile}
                    <input type="file" accept="application/json,.json" onChange={(e) => void loadLabels(e)} />
                  </label>
                </div>
              )}
              {outKind === 'classes' && <NumberField id={`${id}-topk`} label={t.topK} value={num(output.topK, Math.min(5, Math.max(1, labels.length || 1)))} min={1} max={100} step={1} onChange={(n) => setOut({ topK: clampInt(n, 1, 100) })} />}
              {outKind === 'regression' && (
                <div className="mlm-grid">
                  <div className="adm-field">
                    <label htmlFor={`${id}-vlabel`}>{t.valueLabel}</label>
                    <input id={`${id}-vlabel`} type="text" value={str(output.label)} maxLength={80} onChange={(e) => setOut({ label: e.target.value })} />
                  </div>
                  <div className="adm-field">
                    <label htmlFor={`${id}-unit`}>{t.unit}</label>
                    <input id={`${id}-unit`} type="text" value={str(output.unit)} maxLength={40} onChange={(e) => setOut({ unit: e.target.value })} />
                  </div>
                  <NumberField id={`${id}-mul`} label={t.mul} value={num((output.scale as Obj | undefined)?.mul, 1)} onChange={(n) => setOut({ scale: { mul: n, add: num((output.scale as Obj | undefined)?.add, 0) } })} />
                  <NumberField id={`${id}-add`} label={t.add} value={num((output.scale as Obj | undefined)?.add, 0)} onChange={(n) => setOut({ scale: { mul: num((output.scale as Obj | undefined)?.mul, 1), add: n } })} />
                </div>
              )}
              {outKind === 'image' && (
                <div className="mlm-grid">
                  <NumberField id={`${id}-ow`} label={t.width} value={num(output.width, 28)} min={1} max={256} step={1} onChange={(n) => setOut({ width: clampInt(n, 1, 256) })} />
                  <NumberField id={`${id}-oh`} label={t.height} value={num(output.height, 28)} min={1} max={256} step={1} onChange={(n) => setOut({ height: clampInt(n, 1, 256) })} />
                  <Select id={`${id}-och`} label={t.channels} value={String(num(output.channels, 1)) as '1' | '3'} options={{ '1': t.gray, '3': t.rgb }} onChange={(v) => setOut({ channels: Number(v) })} />
                </div>
              )}
            </>,
          )}

          {fieldset(
            t.example,
            <>
              {kind === 'image' && (
                <ExampleImage
                  lang={lang}
                  width={num(input.width, 28)}
                  height={num(input.height, 28)}
                  channels={num(input.channels, 1)}
                  pixels={(example.pixels as number[]) ?? []}
                  onChange={(p) => setExample({ pixels: p })}
                />
              )}
              {kind === 'vector' && (
                <div className="mlm-grid">
                  {fields.map((f, i) => (
                    <NumberField
                      key={i}
                      id={`${id}-ex${i}`}
                      label={str(f.label) || str(f.name)}
                      value={num(((example.values ?? {}) as Obj)[str(f.name)], num(f.default, 0))}
                      min={num(f.min, -Infinity)}
                      max={num(f.max, Infinity)}
                      onChange={(n) => setExample((ex) => ({ values: { ...((ex.values ?? {}) as Obj), [str(f.name)]: n } }))}
                    />
                  ))}
                </div>
              )}
              {kind === 'text' && (
                <div className="adm-field">
                  <label htmlFor={`${id}-ext`}>{t.exampleText}</label>
                  <textarea id={`${id}-ext`} rows={3} value={str(example.text)} maxLength={10000} onChange={(e) => setExample({ text: e.target.value })} />
                </div>
              )}
              {kind === 'series' && (
                <div className="adm-field">
                  <label htmlFor={`${id}-exr`}>{t.exampleRows}</label>
                  <textarea id={`${id}-exr`} rows={6} value={rowsText} onChange={(e) => setRowsText(e.target.value)} />
                </div>
              )}
            </>,
          )}
        </fieldset>
        {error ? (
          <div className="mlm-alert" role="alert">
            <p>{error.text}</p>
            {error.problems && error.problems.length > 1 ? (
              <ul>
                {error.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <p role="status" className="mlm-status-line" data-testid="ml-signature-status">
          {status}
        </p>
        {canChange && (
          <div>
            <button type="submit" className="adm-button adm-button--primary" disabled={busy || model.versions.length === 0}>
              {busy ? t.saving : t.save}
            </button>
          </div>
        )}
      </div>
    </form>
  );
}
