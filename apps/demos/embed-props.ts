// The props each of this app's embeds accepts, as zod schemas the MDX compiler checks a post's literal props against:
// each demo's contract declares its own (demos/<name>/contract.mjs). Only the contracts are imported here, never the
// demos' definitions (demo.mjs names each embed's client component, and a bundler would follow it): the compiler runs
// in manage, in the build and in the admin's saves, and none of them may carry the embeds' React code. The names must
// match demos/<name>/demo.mjs; tests/demos.test.ts checks they match the embeds one for one.
import type { EmbedSchemas } from 'manifold/app';

const contracts: Record<string, () => Promise<{ props: EmbedSchemas[string] }>> = {
  Autoencoder: () => import('./demos/autoencoder/contract.mjs'),
  GradientDescent: () => import('./demos/gradient-descent/contract.mjs'),
  LossCompare: () => import('./demos/loss-compare/contract.mjs'),
  Convolution: () => import('./demos/convolution/contract.mjs'),
  Dcgan: () => import('./demos/dcgan/contract.mjs'),
  DaRnn: () => import('./demos/da-rnn/contract.mjs'),
  Attention: () => import('./demos/attention/contract.mjs'),
  Timestamp: () => import('./demos/timestamp/contract.mjs'),
};

const schemas: EmbedSchemas = Object.fromEntries(await Promise.all(Object.entries(contracts).map(async ([embed, load]) => [embed, (await load()).props] as const)));

export default schemas;
