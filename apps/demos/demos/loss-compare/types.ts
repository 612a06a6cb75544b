// The loss-compare model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
import type { z } from 'zod';
import type { lossCompareInput } from './contract.mjs';

export type LossCompareInput = z.infer<typeof lossCompareInput>;

interface LossAndGrad {
  loss: number[];
  grad: number[];
}

export interface LossCompareOutput {
  curve: { z: number[]; mse: LossAndGrad; ce: LossAndGrad };
  at: { z: number; p: number; mse: { loss: number; grad: number }; ce: { loss: number; grad: number } };
  training: { steps: number; lr: number; initialZ: number; mse: { loss: number[]; p: number[] }; ce: { loss: number[]; p: number[] } };
  stepsToP90: { mse: number | null; ce: number | null };
}
