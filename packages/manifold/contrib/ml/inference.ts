// The ml app's inference API for TypeScript callers: the shared worker pool (runtime/service.mjs) and the model
// descriptions GET /api/ml serves. The endpoints themselves are declared in endpoints.mjs.
import 'server-only';

export { InferenceService, inferenceService } from './runtime/service.mjs';
export { getModel, listModels } from './endpoints.mjs';
