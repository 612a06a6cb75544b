// The ml app's hooks for server.mjs (plain Node, no TypeScript loader), reached through .manifold/registry.node.mjs:
// start the inference workers with the server, and answer /api/ml before Next's router.

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
