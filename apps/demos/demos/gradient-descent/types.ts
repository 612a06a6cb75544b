// The gradient-descent model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
import type { z } from 'zod';
import type { gradientDescentInput } from './contract.mjs';

export type GradientDescentInput = z.infer<typeof gradientDescentInput>;

export interface GradientDescentOutput {
  path: number[][];
  loss: number[];
  status: 'converging' | 'oscillating' | 'diverged';
  converged: boolean;
  lambdaMax: number;
  criticalLr: number;
  hessian: number[][];
  minimum: number[];
}
