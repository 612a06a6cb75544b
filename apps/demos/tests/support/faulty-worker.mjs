// The real inference worker (runtime/worker.mjs) with two faults a test can ask for through a convolution input:
// `crash: true` ends the thread as a fatal error would, `sleepMs` holds the worker busy. Everything else is the real
// worker: the pool, the models and the answers are the ones the server uses.
import real from 'manifold/ml/runtime/worker';

const run = await real;

/** @param {{ model?: string, json?: string, stats?: true }} task */
export default function faulty(task) {
  /** @type {{ crash?: boolean, sleepMs?: number }[] | undefined} */
  const inputs = task.json === undefined ? undefined : JSON.parse(task.json);
  for (const input of inputs ?? []) {
    if (input.crash) process.exit(70);
    if (input.sleepMs) {
      const until = performance.now() + input.sleepMs;
      while (performance.now() < until);
    }
  }
  const clean = inputs?.map(({ crash: _c, sleepMs: _s, ...rest }) => rest);
  return run(/** @type {Parameters<typeof run>[0]} */ (clean ? { ...task, json: JSON.stringify(clean) } : task));
}
