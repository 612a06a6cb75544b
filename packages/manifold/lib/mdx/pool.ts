// The MDX compile pool: posts are compiled (and the editor's preview rendered) in worker threads (piscina), so a long
// compile never holds up the server's own thread, and a compile that runs past settings().compileTimeoutMs has its
// thread terminated and is refused as a 'limit' problem, while the other thread keeps answering. The threads run the
// bundle lib/mdx/worker-build.ts makes of lib/mdx/worker.mjs (the same compiler as lib/mdx/compile.ts, with the same
// embed schemas). Where a worker cannot start (a host without worker threads, a read-only disk with no prebuilt
// bundle), the compile runs in this process instead, with a log line once.
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { logger } from '../log.mjs';
import { projectRootSetting, settings } from '../settings';
import { compileMdx, MdxCompileError, type CompiledPost, type TocEntry } from './compile';
import { ensureMdxWorker } from './worker-build';
import { embedCompileOptions } from '../embed-schemas';
import type { PostFormat } from './markdown';
import { markdownDisplayMath } from './site-settings';

/** A compile stopped at the time limit: an MdxCompileError (a save refuses it like any other), of kind 'limit'. */
export class CompileLimitError extends MdxCompileError {
  constructor(readonly limitMs: number) {
    super(`the compile took longer than ${limitMs / 1000} s and was stopped; simplify the post (very long math or deeply nested markup?)`);
  }
}

/** The compile pool is full: too many compiles are waiting. */
export class CompilePoolBusyError extends Error {}

type Failure = { reason: string; line?: number; column?: number };
type WorkerAnswer =
  | { ok: true; compiled: CompiledPost; ms: number }
  | { ok: true; html: string; toc: TocEntry[]; embeds: string[]; ms: number }
  | { ok: true; needsData: true; code: string; toc: TocEntry[]; embeds: string[]; ms: number }
  | { ok: false; error: Failure; ms: number };
// 'preview' with dataEmbeds: when the post uses one of them, the worker stops after compiling and answers needsData with
// the stored output; the pool resolves the embeds' data in this thread (the resolvers read the database) and sends
// 'render' (source: the stored output, data: by embedDataKey) for the HTML.
// 'compile' and 'preview' carry the post's format and the site's markdownDisplayMath setting.
type Task =
  | { op: 'compile' | 'preview' | 'render'; source: string; format?: PostFormat; markdownDisplayMath?: boolean; dataEmbeds?: string[]; data?: Record<string, unknown>; started?: SharedArrayBuffer }
  | { op: 'ready' };
type Run = (task: Task) => Promise<WorkerAnswer>;

export type PreviewResult = { ok: true; html: string; toc: TocEntry[]; embeds: string[]; ms: number } | { ok: false; error: MdxCompileError; ms: number };

export interface CompilePoolOptions {
  /** Worker threads (default 2: one stuck on a hostile source at its limit leaves one for everybody else). */
  threads?: number;
  /** Longest one compile may run (ms); default settings().compileTimeoutMs. */
  timeoutMs?: number;
  /** Compiles waiting beyond this many are refused (CompilePoolBusyError). */
  maxQueue?: number;
  /** The project whose compiler and embeds to use; default the project root setting. */
  root?: string;
  /** Test hook: run in this process, as the fallback does. */
  inProcess?: boolean;
}

const toError = (f: Failure) => new MdxCompileError(f.reason, f.line, f.column);

export class CompilePool {
  readonly timeoutMs: number;
  readonly threads: number;
  readonly maxQueue: number;
  private readonly root: string;
  private pool: Piscina | null = null;
  private local: Promise<Run> | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;
  private readonly forceInProcess: boolean;
  private stats = { compiles: 0, limited: 0, inProcess: false };

  constructor(opts: CompilePoolOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? settings().compileTimeoutMs;
    this.threads = opts.threads ?? Math.max(2, Math.min(4, os.availableParallelism() - 1));
    this.maxQueue = opts.maxQueue ?? 64;
    this.root = opts.root ?? projectRootSetting();
    this.forceInProcess = opts.inProcess === true;
  }

  /** Starts the threads (builds the worker bundle first when it is missing or stale); later calls wait for the same start. */
  start(): Promise<void> {
    this.starting ??= this.startThreads();
    return this.starting;
  }

  private async startThreads(): Promise<void> {
    if (this.local) return;
    let file: string;
    try {
      file = await ensureMdxWorker(this.root);
    } catch (err) {
      this.useInProcess('the worker bundle could not be built', err);
      return;
    }
    if (this.forceInProcess) {
      this.useInProcess('asked for', undefined, file);
      return;
    }
    try {
      const pool = new Piscina({ filename: pathToFileURL(file).href, minThreads: this.threads, maxThreads: this.threads, idleTimeout: Infinity, maxQueue: this.maxQueue });
      pool.on('error', (err: Error) => logger.error('mdx compile worker failed', { error: err.stack ?? String(err) }));
      // Every thread loads the compiler and warms it up before its first task; wait for one, so a failure shows here.
      await pool.run({ op: 'ready' } satisfies Task);
      this.pool = pool;
    } catch (err) {
      this.useInProcess('worker threads could not start', err, file);
    }
  }

  private useInProcess(why: string, err?: unknown, bundle?: string) {
    if (!this.stats.inProcess && !this.forceInProcess) logger.warn(`mdx compile pool: ${why}; compiling in the server's own process (no time limit by termination)`, err ? { error: err instanceof Error ? err.message : String(err) } : undefined);
    this.stats.inProcess = true;
    this.local = (async (): Promise<Run> => {
      if (bundle) {
        // The same bundle, loaded here (it renders previews with React's server renderer, which Next's route code cannot import).
        const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ pathToFileURL(bundle).href)) as { default: Promise<Run> };
        return await mod.default;
      }
      const options = await embedCompileOptions();
      return async (task) => {
        if (task.op === 'ready') return { ok: true, compiled: null as never, ms: 0 };
        if (task.op === 'preview' || task.op === 'render') throw new CompilePoolBusyError('미리보기를 만들 수 없습니다: 컴파일 작업자를 시작하지 못했습니다. / The preview is unavailable: the compile worker could not start.');
        const t0 = performance.now();
        try {
          return { ok: true, compiled: await compileMdx(task.source, { ...options, format: task.format ?? 'mdx', markdownDisplayMath: task.markdownDisplayMath }), ms: performance.now() - t0 };
        } catch (e) {
          if (!(e instanceof MdxCompileError)) throw e;
          return { ok: false, error: { reason: e.reason, line: e.line, column: e.column }, ms: performance.now() - t0 };
        }
      };
    })();
  }

  /**
   * Runs one task with the time limit counted from when a thread takes it (time waiting in the queue is not the
   * source's fault): the thread writes its start time into a shared buffer, which the timer reads.
   */
  private async run(task: Task & { op: 'compile' | 'preview' | 'render' }): Promise<WorkerAnswer> {
    if (this.closed) throw new Error('the compile pool is closed');
    await this.start();
    this.stats.compiles++;
    if (this.local) {
      const run = await this.local;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new CompileLimitError(this.timeoutMs)), this.timeoutMs);
      });
      try {
        return await Promise.race([run(task), limit]);
      } finally {
        clearTimeout(timer);
      }
    }
    const pool = this.pool!;
    if (pool.queueSize >= this.maxQueue) throw new CompilePoolBusyError(`컴파일 대기열이 가득 찼습니다 (${pool.queueSize}). 잠시 후 다시 시도하세요. / The compile queue is full; try again in a moment.`);
    const started = new SharedArrayBuffer(8);
    const startedAt = new BigInt64Array(started);
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let limited = false;
    const check = () => {
      const at = Number(Atomics.load(startedAt, 0));
      const ranFor = at ? Date.now() - at : 0;
      if (at && ranFor >= this.timeoutMs) {
        limited = true;
        abort.abort(new CompileLimitError(this.timeoutMs));
        return;
      }
      timer = setTimeout(check, at ? this.timeoutMs - ranFor : Math.min(250, this.timeoutMs));
    };
    timer = setTimeout(check, Math.min(250, this.timeoutMs));
    try {
      return (await pool.run({ ...task, started }, { signal: abort.signal })) as WorkerAnswer;
    } catch (err) {
      if (limited) {
        this.stats.limited++;
        logger.warn('mdx compile stopped at its time limit', { limitMs: this.timeoutMs, bytes: task.source.length });
        throw new CompileLimitError(this.timeoutMs);
      }
      if (err instanceof Error && /queue is full|Task queue is at limit/i.test(err.message)) throw new CompilePoolBusyError(err.message);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Compiles a post: the CompiledPost, or throws the MdxCompileError (CompileLimitError past the time limit). */
  async compile(source: string, format: PostFormat = 'mdx'): Promise<CompiledPost> {
    const answer = await this.run({ op: 'compile', source, format, markdownDisplayMath: markdownDisplayMath() });
    if (!answer.ok) throw toError(answer.error);
    return (answer as { compiled: CompiledPost }).compiled;
  }

  /**
   * The editor's preview: the body's HTML (top-level blocks carry data-line), its table of contents and embeds. With
   * `data`, embeds named in data.embeds get their render-time data (lib/embed-data.ts) from data.resolve, run here.
   */
  async preview(source: string, data?: { embeds: string[]; resolve: (code: string) => Promise<Record<string, unknown>> }, format: PostFormat = 'mdx'): Promise<PreviewResult> {
    try {
      const answer = await this.run({ op: 'preview', source, format, markdownDisplayMath: markdownDisplayMath(), ...(data?.embeds.length ? { dataEmbeds: data.embeds } : {}) });
      if (!answer.ok) return { ok: false, error: toError(answer.error), ms: answer.ms };
      if ('needsData' in answer) {
        const t0 = performance.now();
        const resolved = data ? await data.resolve(answer.code) : {};
        const rendered = await this.run({ op: 'render', source: answer.code, data: resolved });
        if (!rendered.ok) return { ok: false, error: toError(rendered.error), ms: answer.ms };
        const r = rendered as Extract<WorkerAnswer, { html: string }>;
        return { ok: true, html: r.html, toc: answer.toc, embeds: answer.embeds, ms: answer.ms + (performance.now() - t0) };
      }
      const a = answer as Extract<WorkerAnswer, { html: string }>;
      return { ok: true, html: a.html, toc: a.toc, embeds: a.embeds, ms: a.ms };
    } catch (err) {
      if (err instanceof CompileLimitError) return { ok: false, error: err, ms: this.timeoutMs };
      throw err;
    }
  }

  info() {
    return { threads: this.pool ? this.threads : 0, timeoutMs: this.timeoutMs, ...this.stats, queued: this.pool?.queueSize ?? 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.destroy();
    this.pool = null;
  }
}

// One pool per process, kept on globalThis: Next may load this module more than once (route and page bundles).
const KEY = Symbol.for('manifold.mdxCompilePool');
type Holder = { [KEY]?: CompilePool };

/** The process's compile pool, started on first use. */
export function compilePool(): CompilePool {
  const g = globalThis as Holder;
  g[KEY] ??= new CompilePool();
  return g[KEY];
}

/** Compiles a post's source in the pool (what a save calls): CompiledPost, or throws MdxCompileError / CompileLimitError. */
export function compileInPool(source: string, format: PostFormat = 'mdx'): Promise<CompiledPost> {
  return compilePool().compile(source, format);
}

/** The editor's preview of a source, from the pool. */
export function previewInPool(source: string, format: PostFormat = 'mdx'): Promise<PreviewResult> {
  return compilePool().preview(source, undefined, format);
}

export type CompileProblemKind = 'syntax' | 'embed' | 'props' | 'math' | 'html' | 'url' | 'limit';

/** What kind of problem a compile error is (the editor's Diagnostic kinds), from the compiler's reason. */
export function compileProblemKind(err: MdxCompileError): CompileProblemKind {
  if (err instanceof CompileLimitError) return 'limit';
  const r = err.reason;
  if (/^math:/.test(r)) return 'math';
  if (/embeds need the MDX format/.test(r)) return 'embed';
  if (/ is not a registered embed/.test(r)) return 'embed';
  if (/^<[A-Z][\w]*[\s>]/.test(r) || /^<[A-Z][\w]*>/.test(r)) return 'props';
  if (/(^|: )(link|image)\b|URLs? (are|is) not|not a URL|a URL may not/.test(r)) return 'url';
  if (/^<[a-z]|raw HTML|attribute|fragments/.test(r)) return 'html';
  return 'syntax';
}
