// One thread of the MDX compile pool (lib/mdx/pool.ts). Never loaded as it is: worker-build.ts bundles it with the
// compiler and the installed apps' embed schemas (and, in a chunk loaded on the first preview, the renderer and the
// embeds' components) into .manifold/mdx-worker/, which is what piscina runs. A task answers plain data: a compile
// error comes back as { reason, line, column } and the pool re-creates the MdxCompileError, since an Error's class
// does not survive the trip between threads.
import { compileMdx, MdxCompileError } from './compile';
import { embedCompileOptions } from '../embed-schemas';

/** @typedef {{ op: 'compile' | 'preview' | 'render', source: string, format?: 'markdown' | 'mdx', markdownDisplayMath?: boolean, dataEmbeds?: string[], data?: Record<string, unknown>, started?: SharedArrayBuffer } | { op: 'ready' }} Task */
/** @typedef {{ reason: string, line?: number, column?: number }} CompileFailure */

/** @param {unknown} err @returns {CompileFailure} */
function failure(err) {
  if (err instanceof MdxCompileError) return { reason: err.reason, line: err.line, column: err.column };
  throw err;
}

/** @type {Promise<typeof import('./worker-render')> | undefined} */
let renderer;
const loadRenderer = () => (renderer ??= import('./worker-render'));

async function start() {
  const options = await embedCompileOptions();
  // The first compile loads the highlighter's grammars and KaTeX's fonts metrics: do it now, not on an author's keystroke.
  await compileMdx('# warm\n\n$x^2$\n\n$$\\sum_i x_i$$\n\n```ts\nconst a = 1;\n```\n', options).catch(() => undefined);
  await compileMdx('warm <br> $$x$$ mid', { ...options, format: 'markdown' }).catch(() => undefined);

  /** @param {Task} task */
  return async function run(task) {
    if (task.op === 'ready') return { ok: true };
    // The pool's time limit counts from here, not from when the task was queued.
    if (task.started) Atomics.store(new BigInt64Array(task.started), 0, BigInt(Date.now()));
    const t0 = performance.now();
    if (task.op === 'compile') {
      try {
        return { ok: true, compiled: await compileMdx(task.source, { ...options, format: task.format ?? 'mdx', markdownDisplayMath: task.markdownDisplayMath }), ms: performance.now() - t0 };
      } catch (err) {
        return { ok: false, error: failure(err), ms: performance.now() - t0 };
      }
    }
    if (task.op === 'preview') {
      let compiled;
      try {
        compiled = await compileMdx(task.source, { ...options, format: task.format ?? 'mdx', markdownDisplayMath: task.markdownDisplayMath, sourceLines: true });
      } catch (err) {
        return { ok: false, error: failure(err), ms: performance.now() - t0 };
      }
      // An embed whose app resolves render-time data (AppManifest.embedData, read from the database in the server's
      // thread): stop here, the pool resolves it and sends the stored output back as 'render'.
      if (task.dataEmbeds?.some((name) => compiled.embeds.includes(name))) {
        return { ok: true, needsData: true, code: compiled.code, toc: compiled.toc, embeds: compiled.embeds, ms: performance.now() - t0 };
      }
      const { renderHtml } = await loadRenderer();
      const html = await renderHtml(compiled.code);
      return { ok: true, html, toc: compiled.toc, embeds: compiled.embeds, ms: performance.now() - t0 };
    }
    if (task.op === 'render') {
      const { renderHtml } = await loadRenderer();
      const html = await renderHtml(task.source, task.data);
      return { ok: true, html, toc: [], embeds: [], ms: performance.now() - t0 };
    }
    throw new Error(`unknown task ${JSON.stringify(/** @type {{ op?: unknown }} */ (task).op)}`);
  };
}

export default start();
