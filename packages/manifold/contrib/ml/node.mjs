// The ml app's hooks for server.mjs (plain Node, no TypeScript loader), reached through .manifold/registry.node.mjs:
// start the inference workers with the server, say whether they have loaded the models (/api/ready), answer /api/ml
// before Next's router, and stop the workers when the server stops.

/** Starts the worker pool now rather than on the first request, so the first reader does not wait for tfjs. */
export async function ready() {
  const { startMlWorkers } = await import('./runtime/http.mjs');
  startMlWorkers();
}

/** @returns {Promise<import('../../lib/app').FastPath>} */
export async function fastPath() {
  const { handleMlRequest } = await import('./runtime/http.mjs');
  return handleMlRequest;
}

/** For /api/ready: ready once a worker has loaded every model. @returns {Promise<import('../../lib/app').AppReadiness>} */
export async function readiness() {
  const { startedInferenceService } = await import('./runtime/service.mjs');
  const service = startedInferenceService();
  return service ? service.readiness() : { ok: false, detail: 'the model workers have not been started' };
}

/** Graceful shutdown: the worker threads are stopped (queued requests answered 503) once the server has stopped. */
export async function close() {
  const { startedInferenceService } = await import('./runtime/service.mjs');
  await startedInferenceService()?.close();
}
