// The demo models' API for TypeScript: the table built from the demos' contracts (contract.mjs, plain ESM so the
// fast path in server.mjs uses the very same zod objects). Each demo's own input and output types live in its
// folder (demos/<name>/types.ts).
export { inputJsonSchema, isModelName, MODEL_NAMES, MODELS } from './contract.mjs';
export type { Api } from './define-demo.mjs';

/** The URL name of a demo that has a model and an endpoint (one of MODEL_NAMES). */
export type ModelName = string;
