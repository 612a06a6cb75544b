// The attention model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
import type { z } from 'zod';
import type { attentionInput } from './contract.mjs';

export type AttentionInput = z.infer<typeof attentionInput>;

export interface AttentionOutput {
  input: string[];
  output: string;
  expected: string;
  confidence: number[];
  /** [layer][head][query][key] */
  attention: number[][][][];
  layers: number;
  heads: number;
}
