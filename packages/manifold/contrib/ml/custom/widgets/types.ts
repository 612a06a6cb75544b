// The shapes <ModelDemo /> works with, written after the signature contract (signature.mjs's SignatureSchema, the
// API's request bodies and fromModelOutput's answers) as plain types, so the browser chunk imports no zod.

export type ImageInput = { kind: 'image'; width: number; height: number; channels: 1 | 3; scale: { from: [number, number]; to: [number, number] }; invert?: boolean; source: 'canvas' | 'upload' | 'both' };
export type VectorInput = { kind: 'vector'; fields: { name: string; label: string; min: number; max: number; step: number; default: number }[] };
export type TextInput = { kind: 'text'; maxLength: number; lowercase?: boolean; vocabulary?: unknown; oovIndex?: number; padIndex?: number };
export type SeriesInput = { kind: 'series'; length: number; columns: string[] };
export type InputSignature = ImageInput | VectorInput | TextInput | SeriesInput;

export type OutputSignature =
  | { kind: 'classes'; labels: string[]; topK?: number }
  | { kind: 'regression'; unit: string; label: string; scale?: { mul: number; add: number } }
  | { kind: 'image'; width: number; height: number; channels: number }
  | { kind: 'sequence'; labels?: string[] };

export interface Signature {
  input: InputSignature;
  output: OutputSignature;
}

/** POST /api/ml/custom/<slug> bodies, by input kind. */
export type RequestBody = { pixels: number[] } | { values: Record<string, number> } | { text: string } | { rows: number[][] };

/** fromModelOutput's answers, by output kind. */
export type ClassesOutput = { predictions: { label: string; p: number }[]; top: string };
export type RegressionOutput = { value: number; unit: string; label: string };
export type ImageOutput = { width: number; height: number; channels: number; pixels: number[] };
export type SequenceOutput = { values: number[] | number[][] };
export type ModelOutput = ClassesOutput | RegressionOutput | ImageOutput | SequenceOutput;

/**
 * What the server looked up for one <ModelDemo /> (custom/embed-data.ts), its `data` prop: the model's title and
 * signature (the text box's vocabulary left out: the server tokenizes), the served version, its health, and the
 * example the author chose with that version's answer for it (the no-JS figure).
 */
export interface ModelDemoData {
  slug: string;
  title: string;
  /** The version the embed talks to (pinned or the latest ready one); null when there is none. */
  version: number | null;
  /** Whether the post pinned it (version prop) or follows the latest. */
  pinned: boolean;
  status: 'ready' | 'unhealthy' | 'checking' | 'missing' | 'undeclared';
  /** Why it cannot answer (Korean / English), when status is not ready. */
  note?: string;
  signature: Signature | null;
  example: RequestBody | null;
  exampleOutput: ModelOutput | null;
}

/** <ModelDemo />'s props (custom/props.mjs), with the data the server looked up for it. */
export interface ModelDemoProps {
  model: string;
  version?: number;
  height?: number;
  data?: ModelDemoData;
}
