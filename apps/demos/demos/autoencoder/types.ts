// The autoencoder model's request and answer types for TypeScript: the input is inferred from the zod schema in
// contract.mjs; the output is written down here (the worker's model.mjs produces it). Types only.
import type { z } from 'zod';
import type { autoencoderInput } from './contract.mjs';

export type AutoencoderInput = z.infer<typeof autoencoderInput>;

export interface AutoencoderOutput {
  latent?: number[][];
  reconstruction: number[][];
  pca?: { reconstruction: number[][] };
  mse?: { autoencoder: number; pca: number };
}
