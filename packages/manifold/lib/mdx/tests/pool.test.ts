// The MDX compile pool against the real compiler: its worker threads (the esbuild bundle of lib/mdx/worker.mjs) give
// the same output as compiling in this process, their errors come back as MdxCompileError with the same line and
// column, a source that makes the compiler spin is stopped at the time limit while the other thread keeps compiling,
// the stopped thread is replaced, and the preview renders the post page's HTML (math, highlighted code, embeds with
// their static figures, line marks on the blocks).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMdx, MdxCompileError } from '../compile';
import { embedCompileOptions } from '../../embed-schemas';
import { CompileLimitError, CompilePool, compileProblemKind } from '../pool';
import { freshWorker } from '../worker-build';
import { projectRootSetting } from '../../settings';

const SAMPLE = [
  '---',
  'title: 표본',
  '---',
  '# 경사하강법',
  '',
  '학습률 $\\eta$ 로 한 걸음씩 내려갑니다.',
  '',
  '## 식',
  '',
  '$$',
  'w \\leftarrow w - \\eta \\nabla L(w)',
  '$$',
  '',
  '```python',
  'def step(w, lr):',
  '    return w - lr * grad(w)',
  '```',
  '',
  '<GradientDescent lr={0.1} />',
  '',
  '## 끝',
  '',
  '| a | b |',
  '|---|---|',
  '| 1 | 2 |',
  '',
].join('\n');

/**
 * A source the compiler takes tens of seconds over (GFM's table parsing is superlinear in the number of columns):
 * about 25 s in-process on the machine this was written on. Far past any limit the tests set.
 */
export function spinningSource(): string {
  const cols = 2000;
  return `${'|a'.repeat(cols)}|\n${'|-'.repeat(cols)}|\n${`${'|b'.repeat(cols)}|\n`.repeat(50)}`;
}

describe('the MDX compile pool', () => {
  let pool: CompilePool;

  beforeAll(async () => {
    pool = new CompilePool({ threads: 2, timeoutMs: 1500 });
    await pool.start();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('runs worker threads from a fresh bundle of the compiler', () => {
    expect(pool.info()).toMatchObject({ threads: 2, inProcess: false });
    const file = freshWorker(projectRootSetting());
    expect(file).toMatch(/\.manifold[/\\]mdx-worker[/\\].+[/\\]worker\.mjs$/);
    expect(fs.existsSync(file!)).toBe(true);
  });

  it('compiles exactly as the compiler does in this process', async () => {
    const [inPool, here] = await Promise.all([pool.compile(SAMPLE), embedCompileOptions().then((o) => compileMdx(SAMPLE, o))]);
    expect(inPool.code).toBe(here.code);
    expect(inPool.toc).toEqual(here.toc);
    expect(inPool.embeds).toEqual(['GradientDescent']);
    expect(inPool.searchText).toBe(here.searchText);
    expect(inPool.frontmatter).toEqual({ title: '표본' });
    // The stored output never carries the preview's line marks.
    expect(inPool.code).not.toContain('dataLine');
  });

  it('gives compile errors back as MdxCompileError with the line and column the compiler found', async () => {
    const sources = ['# 제목\n\n본문\n\n<Nope />\n', '# a\n\n$\\frac{1}{$\n', 'x\n\n<div onClick="x">y</div>\n', '[a](javascript:alert(1))\n'];
    const options = await embedCompileOptions();
    for (const source of sources) {
      const here = await compileMdx(source, options).then(
        () => null,
        (e: unknown) => e as MdxCompileError,
      );
      const there = await pool.compile(source).then(
        () => null,
        (e: unknown) => e,
      );
      expect(here).toBeInstanceOf(MdxCompileError);
      expect(there).toBeInstanceOf(MdxCompileError);
      const err = there as MdxCompileError;
      expect({ reason: err.reason, line: err.line, column: err.column, message: err.message }).toEqual({ reason: here!.reason, line: here!.line, column: here!.column, message: here!.message });
    }
  });

  it('names each problem for the editor: embed, props, math, html, url, syntax', async () => {
    const cases: [string, string, number][] = [
      ['a\n\n<Nope />\n', 'embed', 3],
      ['a\n\n<GradientDescent lr="fast" extra={1} />\n', 'props', 3],
      ['a\n\n<GradientDescent lr={Math.random()} />\n', 'props', 3],
      ['a\n\nb $\\frac{1}{$ c\n', 'math', 3],
      ['<script>alert(1)</script>\n', 'html', 1],
      ['a\n\n<div style="color:red">x</div>\n', 'html', 3],
      ['a\n\n[x](javascript:alert(1))\n', 'url', 3],
      ['a\n\n![x](vbscript:1)\n', 'url', 3],
      ['a\n\n{1 + 1}\n', 'syntax', 3],
      ['a\n\nimport x from "y"\n', 'syntax', 3],
    ];
    for (const [source, kind, line] of cases) {
      const result = await pool.preview(source);
      expect(result.ok, source).toBe(false);
      if (result.ok) continue;
      expect(result.error).toBeInstanceOf(MdxCompileError);
      expect([compileProblemKind(result.error), result.error.line], `${source} → ${result.error.reason}`).toEqual([kind, line]);
    }
  });

  it('renders the preview as the post page does: math, highlighted code, the embed with its static figure, the toc, line marks', async () => {
    const result = await pool.preview(SAMPLE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.toc).toEqual([
      { depth: 2, text: '식', id: '식' },
      { depth: 2, text: '끝', id: '끝' },
    ]);
    expect(result.embeds).toEqual(['GradientDescent']);
    const html = result.html;
    expect(html).toContain('<h1 id="경사하강법" data-line="4">');
    expect(html).toMatch(/<span class="katex">/);
    expect(html).toMatch(/class="katex-display"/);
    expect(html).toMatch(/data-rehype-pretty-code-figure/);
    expect(html).toMatch(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">def<\/span>/);
    // The island wrapper the post page renders, with the embed's server-rendered figure inside.
    expect(html).toMatch(/<div class="embed" data-embed="GradientDescent" data-props="\{&quot;lr&quot;:0.1\}"><[a-z]/);
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/<table data-line="23">/);
  });

  it('stops a compile that spins at the time limit, keeps compiling on the other thread meanwhile, and replaces the stopped thread', async () => {
    // Its own pool with both threads loaded: in the shared one, a thread another test had stopped may still be
    // loading the compiler (a replacement takes no task until it has), and the ordinary compiles would wait for it.
    const pool = new CompilePool({ threads: 2, timeoutMs: 1500 });
    try {
      await pool.start();
      // Two compiles at once on a pool just started go one to each thread, so each has loaded the compiler after it.
      await Promise.all([pool.compile('# 하나\n'), pool.compile('# 둘\n')]);
      const order: string[] = [];
      const t0 = performance.now();
      const hostile = pool.compile(spinningSource()).then(
        () => order.push('hostile finished'),
        (err: unknown) => {
          order.push('hostile stopped');
          return err;
        },
      );
      // Several ordinary compiles while the hostile one holds a thread: all are answered by the other one, first.
      const ordinary = Promise.all([1, 2, 3].map((i) => pool.compile(`# ${i}\n\n$x_${i}$\n`).then(() => order.push(`ordinary ${i}`))));
      const [err] = await Promise.all([hostile, ordinary]);
      const stoppedAfter = performance.now() - t0;
      expect(order).toEqual(['ordinary 1', 'ordinary 2', 'ordinary 3', 'hostile stopped']);
      expect(err).toBeInstanceOf(CompileLimitError);
      expect(err).toBeInstanceOf(MdxCompileError);
      expect(compileProblemKind(err as MdxCompileError)).toBe('limit');
      console.log(`hostile source (${spinningSource().length} chars) stopped after ${Math.round(stoppedAfter)} ms at a limit of 1500 ms`);
      // The pool goes on: both threads compile again (the stopped one was replaced).
      const after = await Promise.all([pool.compile('# 다시\n'), pool.compile('# again\n')]);
      expect(after.map((c) => c.toc.length)).toEqual([0, 0]);
      expect(pool.info().limited).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('a preview past the limit answers ok:false with the limit problem rather than throwing', async () => {
    const result = await pool.preview(spinningSource());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(CompileLimitError);
    expect(result.error.reason).toMatch(/longer than 1.5 s/);
  });
});

describe('the compile pool in this process (the fallback where worker threads cannot start)', () => {
  // No limit is tested here: a compile on this thread cannot be stopped, only refused once it yields (best effort).
  it('compiles and previews from the same bundle', async () => {
    const pool = new CompilePool({ inProcess: true, timeoutMs: 20_000 });
    try {
      const compiled = await pool.compile(SAMPLE);
      expect(compiled.embeds).toEqual(['GradientDescent']);
      expect(pool.info()).toMatchObject({ inProcess: true, threads: 0 });
      const preview = await pool.preview('# 제목\n\n$x$\n');
      expect(preview.ok && preview.html).toContain('data-line="1"');
      await expect(pool.compile('[a](b')).resolves.toBeTruthy();
      const err = await pool.compile('a\n\n<Nope />\n').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MdxCompileError);
      expect((err as MdxCompileError).line).toBe(3);
    } finally {
      await pool.close();
    }
  });
});

describe('the worker bundle', () => {
  it('is rebuilt when one of its inputs changes', async () => {
    const root = projectRootSetting();
    const file = freshWorker(root);
    expect(file).not.toBeNull();
    const current = JSON.parse(fs.readFileSync(path.join(root, '.manifold', 'mdx-worker', 'current.json'), 'utf8')) as { inputs: Record<string, number> };
    const inputs = Object.keys(current.inputs);
    // The compiler, the embed schemas the registry names, and the renderer are all inputs.
    expect(inputs.some((f) => f.endsWith(path.join('lib', 'mdx', 'compile.ts')))).toBe(true);
    expect(inputs.some((f) => f.endsWith(path.join('.manifold', 'registry.compile.ts')))).toBe(true);
    expect(inputs.some((f) => f.endsWith(path.join('lib', 'mdx', 'render.tsx')))).toBe(true);
    // An input whose recorded time no longer matches makes the bundle stale (checked on a copy of current.json's
    // logic: rewriting a real source's mtime would make every other test process rebuild).
    const stale = { ...current, inputs: { ...current.inputs, [inputs[0]]: current.inputs[inputs[0]] - 1 } };
    const dir = fs.mkdtempSync(path.join(root, 'data', 'mdx-worker-test-'));
    try {
      fs.mkdirSync(path.join(dir, '.manifold', 'mdx-worker', (current as unknown as { dir: string }).dir), { recursive: true });
      fs.writeFileSync(path.join(dir, '.manifold', 'mdx-worker', (current as unknown as { dir: string }).dir, 'worker.mjs'), '');
      fs.writeFileSync(path.join(dir, '.manifold', 'mdx-worker', 'current.json'), JSON.stringify(current));
      expect(freshWorker(dir)).not.toBeNull();
      fs.writeFileSync(path.join(dir, '.manifold', 'mdx-worker', 'current.json'), JSON.stringify(stale));
      expect(freshWorker(dir)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
