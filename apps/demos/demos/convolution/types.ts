// The convolution model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
interface ConvolutionOptions {
  normalize?: boolean;
  stride?: number;
  padding?: 'valid' | 'same';
}

export type ConvolutionInput = ({ signal: number[]; kernel: number[] } | { image: number[][]; kernel: number[][] }) & ConvolutionOptions;

export interface ConvolutionOutput {
  output: number[] | number[][];
  kernelSum: number;
  stride: number;
  padding: 'valid' | 'same';
}
