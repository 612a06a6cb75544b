// The demo models' API types for TypeScript: the request schemas and limits come from contract.mjs (plain ESM, so
// the fast path in server.mjs can use the very same zod objects); the input types are inferred from them and the
// output types are written down here. The embeds import types from here only.
import type { z } from 'zod';
import {
  attentionInput,
  autoencoderInput,
  convolutionInput,
  daRnnInput,
  dcganInput,
  gradientDescentInput,
  lossCompareInput,
  MODELS,
} from './contract.mjs';

export {
  ATTENTION_MAX_LENGTH,
  attentionInput,
  autoencoderInput,
  convolutionInput,
  DA_RNN,
  daRnnInput,
  DCGAN_Z,
  dcganInput,
  gradientDescentInput,
  inputJsonSchema,
  isModelName,
  lossCompareInput,
  MODEL_NAMES,
  MODELS,
} from './contract.mjs';

export type ModelName = keyof typeof MODELS;

export type AutoencoderInput = z.infer<typeof autoencoderInput>;
export type GradientDescentInput = z.infer<typeof gradientDescentInput>;
export type LossCompareInput = z.infer<typeof lossCompareInput>;
export type ConvolutionInput = ({ signal: number[]; kernel: number[] } | { image: number[][]; kernel: number[][] }) & ConvolutionOptions;
export type DcganInput = z.infer<typeof dcganInput>;
export type DaRnnInput = z.infer<typeof daRnnInput>;
export type AttentionInput = z.infer<typeof attentionInput>;

export interface AutoencoderOutput {
  latent?: number[][];
  reconstruction: number[][];
  pca?: { reconstruction: number[][] };
  mse?: { autoencoder: number; pca: number };
}

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

interface LossAndGrad {
  loss: number[];
  grad: number[];
}

interface ConvolutionOptions {
  normalize?: boolean;
  stride?: number;
  padding?: 'valid' | 'same';
}

export interface ConvolutionOutput {
  output: number[] | number[][];
  kernelSum: number;
  stride: number;
  padding: 'valid' | 'same';
}

export interface DcganOutput {
  /** base64 PNGs, 16×16 grayscale */
  images: string[];
  z: number[][];
  width: number;
  height: number;
}

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

export interface LossCompareOutput {
  curve: { z: number[]; mse: LossAndGrad; ce: LossAndGrad };
  at: { z: number; p: number; mse: { loss: number; grad: number }; ce: { loss: number; grad: number } };
  training: { steps: number; lr: number; initialZ: number; mse: { loss: number[]; p: number[] }; ce: { loss: number[]; p: number[] } };
  stepsToP90: { mse: number | null; ce: number | null };
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
