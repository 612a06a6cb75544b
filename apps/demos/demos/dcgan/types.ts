// The dcgan model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
import type { z } from 'zod';
import type { dcganInput } from './contract.mjs';

export type DcganInput = z.infer<typeof dcganInput>;

export interface DcganOutput {
  /** base64 PNGs, 16×16 grayscale */
  images: string[];
  z: number[][];
  width: number;
  height: number;
}
