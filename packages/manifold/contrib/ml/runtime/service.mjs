// Serves the demo models: a pool of worker threads (piscina) that each load every model once, requests for the same
// model batched together while the workers are busy, a time limit per request that counts its wait in the queue as
// well as its run (503; a request past it is not run, a run past it has its worker replaced) and a bounded queue (503
// when full), so demo traffic never blocks page rendering on the main thread. Plain ESM, because server.mjs loads it
// (through the endpoints in contrib/ml/endpoints.mjs) without a TypeScript loader.
import os from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { HttpError } from '../../../lib/http-guard.mjs';
import { logger } from '../../../lib/log.mjs';
import { MODEL_NAMES, MODELS } from '../contract.mjs';
import { mlAppDir, modelProviderFiles, modelsDir } from '../definitions.mjs';
import { watchModelFiles } from './model-watch.mjs';
import { serverSetting } from '../../../lib/server/settings.mjs';

/** @param {string} message */
const busy = (message) => new HttpError(503, message, { 'Retry-After': '1' });

/** What one request gets back: the model's output as JSON text (as the worker wrote it), parsed on demand. */
export class RunResult {
  /** @param {string} json @param {string} version @param {number} inferenceMs @param {string} backend */
  constructor(json, version, inferenceMs, backend) {
    this.json = json;
    this.version = version;
    this.inferenceMs = inferenceMs;
    this.backend = backend;
  }

  /** @returns {Record<string, unknown>} */
  get output() {
    return JSON.parse(this.json);
  }

  /**
   * The API response body, {"model", "version", ...output, "inferenceMs"}, assembled as text.
   * @param {string} model
   */
  responseJson(model) {
    const fields = this.json.length > 2 ? `${this.json.slice(1, -1)},` : '';
    return `{"model":${JSON.stringify(model)},"version":${JSON.stringify(this.version)},${fields}"inferenceMs":${this.inferenceMs}}`;
  }
}

/**
 * @typedef {object} InferenceOptions
 * @property {number} [threads] worker threads; MANIFOLD_ML_THREADS, else one per spare core, at most two
 * @property {number} [timeoutMs] longest a request may wait and run; MANIFOLD_ML_TIMEOUT_MS, else 5000
 * @property {number} [maxQueue] requests waiting beyond this many are refused with 503
 * @property {string} [backend] 'wasm' (default) or 'cpu'; MANIFOLD_TF_BACKEND
 * @property {string} [modelsDir]
 * @property {string} [workerFile]
 */

/**
 * @typedef {object} Job
 * @property {unknown} input
 * @property {string} text the input as JSON, what the worker is sent
 * @property {number} cost
 * @property {number} enqueued
 * @property {number} deadline performance.now() past which the request is answered 503, waiting or running
 * @property {number} timeoutMs
 * @property {(r: RunResult) => void} resolve
 * @property {(e: unknown) => void} reject
 */

export class InferenceService {
  /** @param {InferenceOptions} [opts] */
  constructor(opts = {}) {
    const root = process.cwd();
    // One worker per spare core, at most two: the main thread needs a core of its own, and a worker costs ~60–100 MB
    // (its own tfjs, wasm heap and copy of the weights). Batching, not threads, is what keeps up with traffic.
    this.threads = opts.threads ?? serverSetting('MANIFOLD_ML_THREADS') ?? Math.max(1, Math.min(2, os.availableParallelism() - 1));
    this.timeoutMs = opts.timeoutMs ?? serverSetting('MANIFOLD_ML_TIMEOUT_MS');
    this.maxQueue = opts.maxQueue ?? 1024;
    /** @type {Map<string, Job[]>} */
    this.queues = new Map();
    this.queued = 0;
    this.inflight = 0;
    /** Batches sent to the workers and the requests in them, since start (their ratio is the mean batch size). */
    this.dispatched = { batches: 0, requests: 0 };
    /** @type {ReturnType<typeof setImmediate> | undefined} the dispatch set for the end of this turn of the event loop */
    this.pumpSoon = undefined;
    // One timer for every queued request, set for the earliest deadline (not a timer per request: setting and
    // clearing one for each of thousands of requests a second is main-thread time and garbage).
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.expiry = undefined;
    this.expiryAt = Infinity;
    this.isReady = false;
    const dir = opts.modelsDir ?? modelsDir(root);
    // The main thread follows the model files (a parked worker's event loop does not turn) and tells the workers
    // through shared counters, which each reads once per task (model-watch.mjs, model-versions.mjs).
    this.modelFiles = watchModelFiles(dir, MODEL_NAMES);
    this.pool = new Piscina({
      filename: opts.workerFile ?? path.join(mlAppDir(root), 'runtime', 'worker.mjs'),
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Infinity,
      workerData: {
        backend: opts.backend ?? serverSetting('MANIFOLD_TF_BACKEND'),
        modelsDir: dir,
        modelChanges: this.modelFiles.changes,
        models: MODEL_NAMES,
        providers: modelProviderFiles(root),
      },
    });
    this.pool.on('error', (/** @type {Error} */ err) => logger.error('ml worker failed', { error: err.stack ?? String(err) }));
    // A worker loads and warms every model (about a second) before it takes a task; batches wait for that. The wait
    // counts against a request's time limit like any other, so a request that came before the pool was ready and
    // waited past its limit is answered 503 rather than run late (server.mjs starts the pool before it listens).
    this.ready = this.pool.run({ stats: true }).then(
      (stats) => {
        this.isReady = true;
        this.loaded = true;
        logger.info('ml models loaded', stats);
        this.pump();
      },
      (/** @type {Error} */ err) => {
        this.isReady = true;
        /** @type {string | undefined} */
        this.loadError = err.message ?? String(err);
        logger.error('ml workers did not start', { error: err.stack ?? String(err) });
        this.pump();
      },
    );
  }

  /** For /api/ready: whether a worker has loaded every model (not while loading, nor after the workers failed to start). */
  readiness() {
    if (this.loaded && !this.closed) return { ok: true, detail: `${MODEL_NAMES.length} model(s) loaded` };
    if (this.closed) return { ok: false, detail: 'the model workers are shut down' };
    if (this.loadError) return { ok: false, detail: `the model workers did not start: ${this.loadError.split('\n')[0]}` };
    return { ok: false, detail: 'the model workers are still loading the models' };
  }

  /** Resolves once a worker has loaded every model. */
  whenReady() {
    return this.ready;
  }

  /**
   * Runs one validated input; batched with other requests for the same model that are waiting. `text` is the input's
   * JSON when the caller has it (the request body it was parsed from, for a schema that changes nothing: see
   * rawJsonInput in contract.mjs), sent to the worker as it is; without it the input is stringified here.
   * @param {keyof typeof MODELS} model @param {unknown} input @param {{ timeoutMs?: number, text?: string }} [opts]
   * @returns {Promise<RunResult>}
   */
  run(model, input, opts = {}) {
    // Requests an idle worker will take at the end of this turn are not waiting for one: as many more as there are
    // idle workers get in (a request that finds a worker free is never refused because of the queue).
    const free = this.isReady ? Math.max(0, this.threads - this.inflight) : 0;
    if (this.queued >= this.maxQueue + free) return Promise.reject(busy(`The demo models are busy (${this.queued - free} requests waiting); try again in a moment.`));
    const cost = Math.max(1, MODELS[model].cost(/** @type {never} */ (input)));
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    return new Promise((resolve, reject) => {
      let q = this.queues.get(model);
      if (!q) this.queues.set(model, (q = []));
      const enqueued = performance.now();
      /** @type {Job} */
      const job = { input, text: opts.text ?? JSON.stringify(input), cost, enqueued, deadline: enqueued + timeoutMs, timeoutMs, resolve, reject };
      q.push(job);
      this.queued++;
      if (job.deadline < this.expiryAt) this.expireAt(job.deadline);
      this.pumpAtEndOfTurn();
    });
  }

  /**
   * Dispatches once the event loop has read what arrived with this request, not at once: requests that came in
   * together (each connection's next request, sent as soon as its answer came back) then go to the worker as one
   * batch. Dispatched at once, the first went alone and the rest waited for it, so the worker and this thread took
   * turns instead of working side by side (issue 14: +10–20% req/s on the demo routes at 16 connections, less CPU
   * per request on both threads). setImmediate runs right after the loop's poll phase, so a lone request waits no
   * timer, only the end of the turn it was read in.
   */
  pumpAtEndOfTurn() {
    this.pumpSoon ??= setImmediate(() => {
      this.pumpSoon = undefined;
      this.pump();
    });
  }

  /** @param {number} at performance.now() of the earliest deadline of a queued request */
  expireAt(at) {
    clearTimeout(this.expiry);
    this.expiryAt = at;
    this.expiry = setTimeout(() => this.expire(), Math.max(0, at - performance.now()));
    this.expiry.unref?.();
  }

  /** A request still waiting at its deadline is answered now, not when a worker frees up, and never run. */
  expire() {
    this.expiry = undefined;
    this.expiryAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const [model, q] of this.queues) {
      for (let i = 0; i < q.length; ) {
        const job = q[i];
        if (job.deadline > now) {
          next = Math.min(next, job.deadline);
          i++;
          continue;
        }
        q.splice(i, 1);
        this.queued--;
        logger.warn('ml request expired in the queue', { model, timeoutMs: job.timeoutMs });
        job.reject(busy(`${model} waited longer than its time limit of ${job.timeoutMs} ms for a free worker; try again in a moment.`));
      }
    }
    if (next < Infinity) this.expireAt(next);
  }

  /** Worker-side state (backend, live tensors, which models loaded), for diagnostics and tests. */
  stats() {
    return this.pool.run({ stats: true });
  }

  async close() {
    this.closed = true;
    clearImmediate(this.pumpSoon);
    this.pumpSoon = undefined;
    clearTimeout(this.expiry);
    this.expiryAt = Infinity;
    for (const q of this.queues.values())
      for (const job of q.splice(0)) {
        job.reject(busy('The model service is shutting down.'));
      }
    this.queued = 0;
    this.modelFiles.close();
    await this.pool.destroy();
  }

  /**
   * After a worker is stopped or crashed, hold new batches until a worker is ready again: a replacement spends about
   * a second loading the models, and a batch sent to it meanwhile would spend that second inside its run's timer.
   */
  awaitWorker() {
    this.isReady = false;
    this.pool.run({ stats: true }).then(
      () => {
        this.isReady = true;
        this.pump();
      },
      (/** @type {Error} */ err) => {
        logger.error('ml worker did not restart', { error: err.stack ?? String(err) });
        this.isReady = true;
        this.pump();
      },
    );
  }

  pump() {
    if (!this.isReady) return;
    while (this.inflight < this.threads && this.queued > 0) {
      // Serve the model whose oldest request has waited longest; take as many of its requests as fit in a batch.
      /** @type {keyof typeof MODELS | undefined} */
      let model;
      let oldest = Infinity;
      for (const [name, q] of this.queues) {
        if (q.length && q[0].enqueued < oldest) {
          oldest = q[0].enqueued;
          model = /** @type {keyof typeof MODELS} */ (name);
        }
      }
      if (!model) return;
      const q = /** @type {Job[]} */ (this.queues.get(model));
      const now = performance.now();
      /** @type {Job[]} */
      const batch = [];
      let cost = 0;
      while (q.length) {
        const job = q[0];
        if (now >= job.deadline) {
          q.shift();
          this.queued--;
          job.reject(busy(`${model} waited longer than its time limit of ${job.timeoutMs} ms for a free worker; try again in a moment.`));
          continue;
        }
        if (batch.length && cost + job.cost > MODELS[model].batchBudget) break;
        q.shift();
        this.queued--;
        batch.push(job);
        cost += job.cost;
      }
      if (batch.length) this.dispatch(model, batch);
    }
  }

  /** @param {keyof typeof MODELS} model @param {Job[]} batch */
  dispatch(model, batch) {
    this.inflight++;
    this.dispatched.batches++;
    this.dispatched.requests += batch.length;
    const controller = new AbortController();
    const limit = Math.min(...batch.map((j) => j.timeoutMs));
    // The run gets what is left of its earliest request's time limit after the wait in the queue. Past it the worker
    // is stopped (piscina terminates a thread whose task is aborted) and a fresh one takes its place; the main thread
    // never waits on it.
    const timer = setTimeout(() => controller.abort(), Math.max(0, Math.min(...batch.map((j) => j.deadline)) - performance.now()));
    // One string for the batch: structured clone copies a string in one piece, but walks a nested array (64 points
    // are 260 values) value by value on this thread and again on the worker's.
    this.pool
      .run({ model, json: `[${batch.map((j) => j.text).join(',')}]` }, { signal: controller.signal })
      .then((/** @type {{ outputs: string[], version: string, backend: string, inferenceMs: number }} */ res) => {
        batch.forEach((job, i) => job.resolve(new RunResult(res.outputs[i], res.version, res.inferenceMs, res.backend)));
      })
      .catch((/** @type {Error} */ err) => {
        /** @type {unknown} */
        let error;
        if (controller.signal.aborted) {
          logger.warn('ml run over its time limit', { model, batch: batch.length, timeoutMs: limit });
          error = busy(`${model} ran over its time limit of ${limit} ms; try a smaller input or try again.`);
          this.awaitWorker();
        } else {
          // The worker's text (paths, stacks, how to train the model) is for the operator's log, not for the client.
          logger.error('ml run failed', { model, error: err?.stack ?? String(err) });
          error = new HttpError(503, `${model} is not available right now; try again later.`, { 'Retry-After': '5' });
          // A worker that crashed is being replaced; hold the next batches until one is ready, as after a timeout.
          this.awaitWorker();
        }
        for (const job of batch) job.reject(error);
      })
      .finally(() => {
        clearTimeout(timer);
        this.inflight--;
        this.pump();
      });
  }
}

/** @type {InferenceService | undefined} */
let service;

/**
 * The process's one inference service, created on first use. A plain module variable: one copy of this module
 * serves a process's demo requests — server.mjs's when it answers the ML endpoints on its fast path (every method of
 * their paths, so Next's bundled copy is never asked), Next's bundled one when the fast paths are off or on another
 * host — so there is no second copy to share a pool with.
 * @returns {InferenceService}
 */
export function inferenceService() {
  return (service ??= new InferenceService());
}

/** The process's service when one was started, without starting one (readiness and shutdown ask, never create). */
export function startedInferenceService() {
  return service;
}
