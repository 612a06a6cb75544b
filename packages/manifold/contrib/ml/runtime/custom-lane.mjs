// The model library's lane: authors' uploaded models run here, on piscina threads of their own (never the demos'
// pool of service.mjs, so a slow author model cannot take the built-in demos' threads or their queue), nice'd below
// the page-serving thread like the demos. Per model: one batch at a time (concurrency 1) and a share of the queue;
// every request has a time limit that counts its wait as well as its run (503), and a run that alone takes longer
// than the limit has its thread replaced (piscina terminates an aborted task's thread) and its model version
// reported through onRunTimeout, so the store marks it unhealthy. Requests for the same model that wait together are
// batched along the first axis. Plain ESM, like the rest of the runtime.
import path from 'node:path';
import { Piscina } from 'piscina';
import { HttpError } from '../../../lib/http-guard.mjs';
import { logger } from '../../../lib/log.mjs';
import { serverSetting } from '../../../lib/server/settings.mjs';
import { mlAppDir } from '../definitions.mjs';

/** @typedef {{ shape: number[], dtype: 'float32' | 'int32', data: number[] }} TensorJson */
/** @typedef {{ name: string, bytes: Uint8Array }} ArtifactFile */

/** @param {string} message @param {string} [retry] */
const busy = (message, retry = '1') => new HttpError(503, message, { 'Retry-After': retry });

/**
 * @typedef {object} LaneJob
 * @property {TensorJson} input
 * @property {number} enqueued
 * @property {number} deadline
 * @property {number} timeoutMs
 * @property {ReturnType<typeof setTimeout> | undefined} timer
 * @property {boolean} settled
 * @property {(r: { output: TensorJson, inferenceMs: number, backend: string }) => void} resolve
 * @property {(e: unknown) => void} reject
 */

/**
 * @typedef {object} ModelQueue
 * @property {LaneJob[]} jobs
 * @property {boolean} busy one batch of this model at a time
 * @property {boolean} batchable the model's first input dimension is free
 * @property {number} maxBatch
 * @property {() => Promise<ArtifactFile[]>} files reads the version's files (media storage) when a thread lacks them
 */

/**
 * @typedef {object} LaneOptions
 * @property {number} [threads] MANIFOLD_ML_CUSTOM_THREADS (1)
 * @property {number} [timeoutMs] MANIFOLD_ML_CUSTOM_TIMEOUT_MS (5000)
 * @property {number} [maxQueue] requests waiting in the whole lane (64)
 * @property {number} [modelQueue] requests one model may keep waiting (16): its share of the queue
 * @property {number} [checkTimeoutMs] the longest an upload's check (load, warm-up, p50) may take (60 s)
 * @property {string} [backend]
 * @property {number} [nice]
 * @property {string} [workerFile]
 * @property {(key: string, message: string) => void} [onRunTimeout] a run alone went past the time limit
 */

export class CustomModelLane {
  /** @param {LaneOptions} [opts] */
  constructor(opts = {}) {
    this.threads = opts.threads ?? serverSetting('MANIFOLD_ML_CUSTOM_THREADS');
    this.timeoutMs = opts.timeoutMs ?? serverSetting('MANIFOLD_ML_CUSTOM_TIMEOUT_MS');
    this.maxQueue = opts.maxQueue ?? 64;
    this.modelQueue = Math.min(this.maxQueue, opts.modelQueue ?? 16);
    this.checkTimeoutMs = opts.checkTimeoutMs ?? 60_000;
    /** @type {Set<(key: string, message: string) => void>} */
    this.timeoutListeners = new Set(opts.onRunTimeout ? [opts.onRunTimeout] : []);
    /** @type {Set<(key: string, error: unknown, source: 'files' | 'worker') => void>} */
    this.failureListeners = new Set();
    /** @type {Map<string, ModelQueue>} */
    this.queues = new Map();
    this.queued = 0;
    this.inflight = 0;
    /** @type {(() => void)[]} checks waiting for a thread */
    this.checkWaiters = [];
    this.closed = false;
    // Authors' models sit below the demos in the scheduler: page requests first, demos next, uploads last.
    const nice = Math.min(19, (opts.nice ?? serverSetting('MANIFOLD_ML_NICE')) + 5);
    this.pool = new Piscina({
      // By path from the registry, as the demos' worker: Next bundles server code, and this file must not be.
      filename: opts.workerFile ?? path.join(mlAppDir(process.cwd()), 'runtime', 'custom-worker.mjs'),
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Infinity,
      workerData: { backend: opts.backend ?? serverSetting('MANIFOLD_TF_BACKEND'), nice: serverSetting('MANIFOLD_ML_NICE') > 0 ? nice : 0 },
    });
    this.pool.on('error', (/** @type {Error} */ err) => logger.error('ml custom worker failed', { error: err.stack ?? String(err) }));
  }

  /** @param {(key: string, message: string) => void} fn */
  onRunTimeout(fn) {
    this.timeoutListeners.add(fn);
    return () => this.timeoutListeners.delete(fn);
  }

  /**
   * A run failed other than by its time limit: its files could not be read ('files': the error readFiles threw) or
   * the worker refused or lost it ('worker': the model did not load, or its thread died).
   * @param {(key: string, error: unknown, source: 'files' | 'worker') => void} fn
   */
  onRunFailure(fn) {
    this.failureListeners.add(fn);
    return () => this.failureListeners.delete(fn);
  }

  /**
   * Loads a version in a thread, warms it up with zeros and measures it: what an upload's check records. Runs as a
   * task of the lane (so uploads queue behind nothing of the demos), with its own, longer limit; a thread that does
   * not finish in it is replaced.
   * @param {string} key slug@version
   * @param {ArtifactFile[]} files
   * @param {{ runs?: number, input?: TensorJson, timeoutMs?: number }} [opts]
   * @returns {Promise<{ loadMs: number, p50Ms?: number, tooSlowMs?: number, inputShape: (number|null)[], outputShape: (number|null)[], outputRowShape: number[], inputDtype: string, example: TensorJson | null, backend: string }>}
   */
  async check(key, files, opts = {}) {
    if (this.closed) throw busy('The model service is shutting down.');
    // A check takes a thread like a batch does (it waits for one, ahead of waiting batches): a run is only ever sent
    // to a free thread, so its time limit never counts a wait behind a check.
    await new Promise((/** @type {(v?: unknown) => void} */ resolve) => {
      this.checkWaiters.push(() => resolve());
      this.pump();
    });
    const controller = new AbortController();
    const limit = opts.timeoutMs ?? this.checkTimeoutMs;
    const timer = setTimeout(() => controller.abort(), limit);
    try {
      return await this.pool.run({ op: 'check', key, files, timeoutMs: this.timeoutMs, runs: opts.runs ?? 7, input: opts.input }, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) throw new Error(`Loading and a first call took longer than ${limit} ms. / 불러오기와 첫 실행이 ${limit} ms 안에 끝나지 않았습니다.`);
      throw err;
    } finally {
      clearTimeout(timer);
      this.inflight--;
      this.pump();
    }
  }

  /**
   * Runs one validated input on a model version.
   * @param {string} key slug@version
   * @param {TensorJson} input with its batch dimension (1) when the model has one
   * @param {{ files: () => Promise<ArtifactFile[]>, batchable?: boolean, maxBatch?: number, timeoutMs?: number }} opts
   * @returns {Promise<{ output: TensorJson, inferenceMs: number, backend: string }>}
   */
  run(key, input, opts) {
    if (this.closed) return Promise.reject(busy('The model service is shutting down.'));
    let q = this.queues.get(key);
    if (this.queued >= this.maxQueue) return Promise.reject(busy(`The uploaded models are busy (${this.queued} requests waiting); try again in a moment. / 업로드한 모델이 바쁩니다. 잠시 후 다시 시도하세요.`));
    if (q && q.jobs.length >= this.modelQueue) return Promise.reject(busy(`${key.replace(/:\d+$/, '')} has ${q.jobs.length} requests waiting already; try again in a moment. / 이 모델에 요청이 밀려 있습니다. 잠시 후 다시 시도하세요.`));
    if (!q) {
      q = { jobs: [], busy: false, batchable: false, maxBatch: 1, files: opts.files };
      this.queues.set(key, q);
    }
    q.batchable = opts.batchable ?? false;
    q.maxBatch = Math.max(1, opts.maxBatch ?? 16);
    q.files = opts.files;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const queue = q;
    return new Promise((resolve, reject) => {
      const enqueued = performance.now();
      /** @type {LaneJob} */
      const job = { input, enqueued, deadline: enqueued + timeoutMs, timeoutMs, timer: undefined, settled: false, resolve, reject };
      queue.jobs.push(job);
      this.queued++;
      // Answered at its deadline whether it is still waiting or running; never run once past it.
      job.timer = setTimeout(() => {
        const i = queue.jobs.indexOf(job);
        if (i >= 0) {
          queue.jobs.splice(i, 1);
          this.queued--;
        }
        const name = key.replace(/:\d+$/, '').replace(/@(\d+)$/, ' v$1');
        this.settle(job, null, busy(`모델 “${name}”이(가) 제한 시간 ${timeoutMs} ms 안에 답하지 못했습니다. / Model “${name}” did not answer within its time limit of ${timeoutMs} ms.`, '2'));
      }, timeoutMs);
      job.timer.unref?.();
      this.pump();
    });
  }

  /** @param {LaneJob} job @param {{ output: TensorJson, inferenceMs: number, backend: string } | null} value @param {unknown} [error] */
  settle(job, value, error) {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    if (value) job.resolve(value);
    else job.reject(error);
  }

  /** Requests waiting and batches running, per model (diagnostics, tests). */
  snapshot() {
    return { queued: this.queued, inflight: this.inflight, models: Object.fromEntries([...this.queues].map(([k, q]) => [k, { waiting: q.jobs.length, running: q.busy }])) };
  }

  stats() {
    return this.pool.run({ op: 'stats' });
  }

  async close() {
    this.closed = true;
    for (const resolve of this.checkWaiters.splice(0)) {
      this.inflight++;
      resolve();
    }
    for (const q of this.queues.values()) for (const job of q.jobs.splice(0)) this.settle(job, null, busy('The model service is shutting down.'));
    this.queued = 0;
    await this.pool.destroy();
  }

  pump() {
    while (this.inflight < this.threads && this.checkWaiters.length) {
      this.inflight++;
      /** @type {() => void} */ (this.checkWaiters.shift())();
    }
    while (this.inflight < this.threads && this.queued > 0) {
      // The model whose oldest waiting request came first, among those not running a batch already.
      /** @type {string | undefined} */
      let key;
      let oldest = Infinity;
      for (const [k, q] of this.queues) {
        if (!q.busy && q.jobs.length && q.jobs[0].enqueued < oldest) {
          oldest = q.jobs[0].enqueued;
          key = k;
        }
      }
      if (!key) return;
      const q = /** @type {ModelQueue} */ (this.queues.get(key));
      const take = q.batchable ? q.maxBatch : 1;
      const batch = q.jobs.splice(0, take);
      this.queued -= batch.length;
      this.dispatch(key, q, batch);
    }
  }

  /** @param {string} key @param {ModelQueue} q @param {LaneJob[]} batch */
  dispatch(key, q, batch) {
    this.inflight++;
    q.busy = true;
    const controller = new AbortController();
    let started = performance.now();
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const inputs = batch.map((j) => j.input);
    const send = (/** @type {ArtifactFile[] | undefined} */ files) => this.pool.run(files ? { op: 'run', key, inputs, files } : { op: 'run', key, inputs }, { signal: controller.signal });
    /** @type {'files' | 'worker'} */
    let source = 'worker';
    const readFiles = async () => {
      source = 'files';
      const files = await q.files();
      source = 'worker';
      return files;
    };
    // A thread that does not have the version loads it first, bounded as an upload's check is (checkTimeoutMs): a
    // fresh thread's start (tfjs) and building the model from its files are not the model's call, and a healthy
    // model must not be reported slow for them (a thread just replaced, a machine under load). Its first call, which
    // compiles, is the model's, as the upload's check counted it.
    const loaded = async () => {
      const loading = new AbortController();
      const limit = setTimeout(() => loading.abort(), this.checkTimeoutMs);
      try {
        const has = /** @type {{ has?: boolean }} */ (await this.pool.run({ op: 'has', key }, { signal: loading.signal }));
        if (!has?.has) await this.pool.run({ op: 'load', key, files: await readFiles() }, { signal: loading.signal });
      } finally {
        clearTimeout(limit);
      }
    };
    const shown = key.replace(/:\d+$/, '');
    loaded()
      .then(() => {
        // The run may take the whole time limit from when it starts, whatever its requests waited (they are answered
        // at their own deadlines regardless): a run that needs more than that is the model's fault, not the queue's,
        // and only then is the thread stopped and the version reported. (With more than one thread, the run may land
        // on another that lacks the version: it then loads it inside the limit, as before.)
        started = performance.now();
        timer = setTimeout(() => controller.abort(), this.timeoutMs);
        return send(undefined);
      })
      .then(async (/** @type {any} */ res) => (res && res.missing ? send(await readFiles()) : res))
      .then((/** @type {{ outputs: TensorJson[], inferenceMs: number, backend: string }} */ res) => {
        batch.forEach((job, i) => this.settle(job, { output: res.outputs[i], inferenceMs: res.inferenceMs, backend: res.backend }));
      })
      .catch((/** @type {Error} */ err) => {
        /** @type {unknown} */
        let error;
        if (this.closed) {
          error = busy('The model service is shutting down.');
        } else if (controller.signal.aborted) {
          const ms = Math.round(performance.now() - started);
          const message = `One call took longer than the time limit of ${this.timeoutMs} ms (stopped after ${ms} ms). / 한 번 실행에 제한 시간 ${this.timeoutMs} ms보다 오래 걸려 멈췄습니다.`;
          logger.warn('ml custom model over its time limit', { model: key, batch: batch.length, timeoutMs: this.timeoutMs });
          for (const fn of this.timeoutListeners) {
            try {
              fn(key, message);
            } catch {
              // a listener's failure is its own
            }
          }
          error = busy(`${shown}: ${message}`, '5');
        } else {
          logger.error('ml custom model run failed', { model: key, source, error: err?.stack ?? String(err) });
          for (const fn of this.failureListeners) {
            try {
              fn(key, err, source);
            } catch {
              // a listener's failure is its own
            }
          }
          error = new HttpError(503, `${shown} could not run: ${clipMessage(err)} / 모델을 실행하지 못했습니다.`, { 'Retry-After': '5' });
        }
        for (const job of batch) this.settle(job, null, error);
      })
      .finally(() => {
        clearTimeout(timer);
        this.inflight--;
        q.busy = false;
        if (!q.jobs.length && !q.busy) this.queues.delete(key);
        this.pump();
      });
  }
}

/** The first line of an error, short, without paths. @param {unknown} err */
function clipMessage(err) {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].replace(/\/[^\s:]+/g, '…').slice(0, 200);
}

const globalLane = /** @type {{ __manifoldCustomLane?: CustomModelLane }} */ (globalThis);

/** The process's one lane for uploaded models, created on first use (shared by the API and the admin's checks). */
export function customModelLane() {
  return (globalLane.__manifoldCustomLane ??= new CustomModelLane());
}
