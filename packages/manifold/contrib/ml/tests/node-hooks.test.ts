// The ml app's Node hooks for server.mjs: readiness() (asked by GET /api/ready through lib/server/readiness.mjs) says
// not ready until a worker has loaded every model, ready after, and not ready once close() (graceful shutdown) has
// stopped the workers. Real worker threads with the committed weights.
import { afterAll, describe, expect, it } from 'vitest';
import { close, readiness, ready } from '../node.mjs';
import { startedInferenceService } from '../runtime/service.mjs';
import { MODEL_NAMES } from '../contract.mjs';
import { appReadinessProbes, clearAppReadiness, registerAppReadiness } from '../../../lib/server/readiness.mjs';

process.env.MANIFOLD_ML_THREADS = '1';
afterAll(async () => {
  clearAppReadiness();
  await startedInferenceService()?.close();
});

describe('the ml app readiness and shutdown hooks', () => {
  it('is not ready before the workers start, ready once the models are loaded, and not after close()', async () => {
    registerAppReadiness([{ label: 'ml', hooks: { readiness } }]);
    const [probe] = appReadinessProbes()!;
    expect(probe.label).toBe('ml');
    expect(await probe.probe()).toEqual({ ok: false, detail: 'the model workers have not been started' });

    // ready() starts the pool and returns without waiting for the models (about a second in a worker).
    await ready();
    expect(await readiness()).toEqual({ ok: false, detail: 'the model workers are still loading the models' });
    await startedInferenceService()!.whenReady();
    expect(await probe.probe()).toEqual({ ok: true, detail: `${MODEL_NAMES.length} model(s) loaded` });
    const pool = (startedInferenceService() as unknown as { pool: { threads: unknown[] } }).pool;
    expect(pool.threads.length).toBe(1);

    await close();
    expect(await readiness()).toEqual({ ok: false, detail: 'the model workers are shut down' });
    expect(pool.threads.length).toBe(0);
  });
});
