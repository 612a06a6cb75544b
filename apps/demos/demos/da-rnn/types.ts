// The da-rnn model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
import type { z } from 'zod';
import type { daRnnInput } from './contract.mjs';

export type DaRnnInput = z.infer<typeof daRnnInput>;

export interface DaRnnSensor {
  id: string;
  label: string;
  unit: string;
}

export interface DaRnnRawOutput {
  prediction: number;
  attention: number[][];
  temporalAttention: number[];
  sensors: DaRnnSensor[];
}

export interface DaRnnRangeOutput {
  start: number;
  length: number;
  stepMinutes: number;
  truth: number[];
  prediction: number[];
  /** input attention per prediction: the mean over the encoder steps, one weight per sensor */
  attention: number[][];
  /** temporal attention per prediction: one weight per encoder step */
  temporal: number[][];
  rmse: { model: number; persistence: number };
  sensors: DaRnnSensor[];
  disabled: string[];
}
