// What server.mjs puts in front of Next for the ml app: the Node adapter of the endpoints declared in
// contrib/ml/endpoints.mjs (the route files under app/api/ml serve the same declarations through Next), and the start
// of the worker pool.
import { nodeHandler } from '../../../lib/endpoint.mjs';
import { mlEndpoints } from '../endpoints.mjs';
import { inferenceService } from './service.mjs';

/** Starts the worker threads now, so the models are loaded and warm before the first reader asks (about a second). */
export function startMlWorkers() {
  return inferenceService().whenReady();
}

/**
 * The fast path for lib/server/handler.mjs: true (synchronously) when it has taken the request, which it then always
 * answers; false, touching nothing, for anything that is not an ml endpoint.
 */
export const handleMlRequest = nodeHandler(mlEndpoints);
