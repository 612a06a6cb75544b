// <ModelDemo />: its props schema (through the real MDX compiler), the embed data hook's resolver against a real
// SQLite database (follow latest / pinned / unhealthy / missing / undeclared), the resolved data reaching the embed
// through MdxBody (the no-JS figure with its labels, the note of a model that cannot answer, the island marker that
// carries the data to the browser), the preview path (data resolved in this thread, rendered in the compile worker),
// the registry file the generator writes for the hook, and the pixel arithmetic of the drawing input.
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../../lib/db';
import { embedCompileOptions, loadEmbedSchemas } from '../../../../lib/embed-schemas';
import { resolveEmbedData } from '../../../../lib/embed-data';
import { compileMdx, MdxCompileError } from '../../../../lib/mdx/compile';
import { CompilePool } from '../../../../lib/mdx/pool';
import { embedDataKey, embedsOf, MdxBody, type EmbedData } from '../../../../lib/mdx/render';
import { readRegistryModel, renderRegistry } from '../../../../lib/registry/generate';
import { projectRootSetting } from '../../../../lib/settings';
import { createTestDatabase, type TestDatabase } from '../../../../testing/databases';
import { modelDemoData } from '../embed-data';
import embeds from '../embeds';
import { props } from '../props.mjs';
import { parseSeries, resample } from '../widgets/pixels';
import type { ModelDemoData } from '../widgets/types';

const LABELS = ['영 zero', '일 one', '이 two'];
const SIGNATURE = {
  input: { kind: 'image', width: 4, height: 4, channels: 1, scale: { from: [0, 255], to: [0, 1] }, invert: true, source: 'both' },
  output: { kind: 'classes', labels: LABELS },
};
const EXAMPLE = { pixels: Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 0 : 255)) };
const ANSWER = (v: number) => ({ predictions: LABELS.map((label, i) => ({ label, p: i === v ? 0.8 : 0.1 })), top: LABELS[v] });

let tdb: TestDatabase;
let db: Db;

async function addModel(slug: string, opts: { signature?: unknown; example?: unknown; versions: { status: string; error?: string; answer?: unknown }[] }) {
  const model = await db.mlModel.create({ data: { slug, title: `모델 ${slug}`, signature: opts.signature ? JSON.stringify(opts.signature) : '', example: opts.example ? JSON.stringify(opts.example) : '' } });
  for (const [i, v] of opts.versions.entries()) {
    await db.mlModelVersion.create({
      data: {
        modelId: model.id,
        number: i + 1,
        format: 'layers',
        files: '[]',
        size: 1000,
        params: 100,
        flops: 1000,
        inputShape: '[null,4,4,1]',
        outputShape: '[null,3]',
        dtypes: '{"input":"float32","output":"float32"}',
        status: v.status,
        error: v.error ?? '',
        exampleOutput: v.answer ? JSON.stringify(v.answer) : '',
      },
    });
  }
}

beforeAll(async () => {
  tdb = await createTestDatabase('sqlite', { postMigrate: false });
  db = createDb(tdb.target);
  // digits: v1 ready (answers "one"), v2 ready (answers "two"), v3 unhealthy: following the latest serves v2.
  await addModel('digits', { signature: SIGNATURE, example: EXAMPLE, versions: [{ status: 'ready', answer: ANSWER(1) }, { status: 'ready', answer: ANSWER(2) }, { status: 'unhealthy', error: '불러오지 못함: truncated shard / failed to load' }] });
  await addModel('broken', { signature: SIGNATURE, example: EXAMPLE, versions: [{ status: 'unhealthy', error: 'Unknown layer MyLayer' }] });
  await addModel('fresh', { versions: [{ status: 'ready' }] });
  await addModel('words', {
    signature: { input: { kind: 'text', vocabulary: { 좋다: 2, 나쁘다: 3 }, maxLength: 20, oovIndex: 1, padIndex: 0, lowercase: true }, output: { kind: 'regression', unit: '점', label: '감정 점수' } },
    example: { text: '좋다' },
    versions: [{ status: 'ready', answer: { value: 0.91, unit: '점', label: '감정 점수' } }],
  });
}, 120_000);
afterAll(async () => {
  await db?.$disconnect();
  await tdb?.drop();
});

describe('<ModelDemo /> props', () => {
  it('takes a slug, an optional version ≥ 1 and an optional reserved height; nothing else', () => {
    expect(props.safeParse({ model: 'mnist-cnn' }).success).toBe(true);
    expect(props.safeParse({ model: 'mnist-cnn', version: 3, height: 420 }).success).toBe(true);
    for (const bad of [{}, { model: 'Mnist' }, { model: '-x' }, { model: 'a' }, { model: 'x'.repeat(41) }, { model: 'ok-1', version: 0 }, { model: 'ok-1', version: 1.5 }, { model: 'ok-1', version: '2' }, { model: 'ok-1', height: 50 }, { model: 'ok-1', onClick: 'x' }]) {
      expect(props.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('the compiler checks a post\'s literal props against it', async () => {
    const options = await embedCompileOptions();
    const ok = await compileMdx('글\n\n<ModelDemo model="digits" version={2} />\n', options);
    expect(ok.embeds).toEqual(['ModelDemo']);
    for (const src of ['<ModelDemo model="Not A Slug" />', '<ModelDemo model="digits" version={0} />', '<ModelDemo model="digits" colour="red" />']) {
      const err = await compileMdx(`글\n\n${src}\n`, options).catch((e: unknown) => e);
      expect(err, src).toBeInstanceOf(MdxCompileError);
      expect((err as MdxCompileError).line).toBe(3);
    }
  });
});

describe('the resolver (custom/embed-data.ts) on a real database', () => {
  it('following the latest: the latest ready version, its saved answer, the example', async () => {
    const d = await modelDemoData(db, { model: 'digits' });
    expect(d).toMatchObject({ slug: 'digits', title: '모델 digits', version: 2, pinned: false, status: 'ready', example: EXAMPLE, exampleOutput: ANSWER(2) });
    expect(d.note).toBeUndefined();
    expect(d.signature?.output).toEqual(SIGNATURE.output);
  });

  it('pinned: that version, even an older one; an unhealthy one says why', async () => {
    expect(await modelDemoData(db, { model: 'digits', version: 1 })).toMatchObject({ version: 1, pinned: true, status: 'ready', exampleOutput: ANSWER(1) });
    const bad = await modelDemoData(db, { model: 'digits', version: 3 });
    expect(bad).toMatchObject({ version: 3, status: 'unhealthy' });
    expect(bad.note).toContain('truncated shard');
    const none = await modelDemoData(db, { model: 'digits', version: 9 });
    expect(none).toMatchObject({ status: 'missing', version: null });
    expect(none.note).toMatch(/버전 9.*version 9/);
  });

  it('a model with no ready version, an unknown model, a model without a signature', async () => {
    const broken = await modelDemoData(db, { model: 'broken' });
    expect(broken).toMatchObject({ status: 'unhealthy', version: 1 });
    expect(broken.note).toContain('Unknown layer MyLayer');
    expect(await modelDemoData(db, { model: 'nope' })).toMatchObject({ status: 'missing', signature: null, example: null });
    expect(await modelDemoData(db, { model: 'fresh' })).toMatchObject({ status: 'undeclared', version: 1, signature: null });
  });

  it('the text input\'s vocabulary stays on the server', async () => {
    const d = await modelDemoData(db, { model: 'words' });
    expect(d.status).toBe('ready');
    expect(d.signature?.input).toEqual({ kind: 'text', maxLength: 20, lowercase: true });
  });

  it('resolveEmbedData: one answer per embed name+props, keyed as MdxBody reads it; a failing resolver leaves its embed without data', async () => {
    const { code } = await compileMdx('<ModelDemo model="digits" />\n\n<ModelDemo model="digits" />\n\n<ModelDemo model="digits" version={1} />\n\n<ModelDemo model="boom" />\n', await embedCompileOptions());
    const uses = embedsOf(code, await loadEmbedSchemas());
    expect(uses.map((u) => u.key)).toEqual([embedDataKey('ModelDemo', { model: 'digits' }), embedDataKey('ModelDemo', { model: 'digits', version: 1 }), embedDataKey('ModelDemo', { model: 'boom' })]);
    let calls = 0;
    const data = await resolveEmbedData(code, {
      resolvers: {
        ModelDemo: async (p) => {
          calls++;
          if (p.model === 'boom') throw new Error('database hiccup');
          return modelDemoData(db, p as { model: string; version?: number });
        },
      },
    });
    expect(calls).toBe(3);
    expect(Object.keys(data)).toHaveLength(2);
    expect((data[embedDataKey('ModelDemo', { model: 'digits', version: 1 })] as ModelDemoData).version).toBe(1);
  });
});

describe('rendering through MdxBody', () => {
  let n = 0;
  const render = async (source: string, data?: EmbedData) => {
    const { code } = await compileMdx(source, await embedCompileOptions());
    return renderToStaticMarkup(createElement(MdxBody, { cacheKey: `mdm:${n++}`, code, embeds, schemas: await loadEmbedSchemas(), data }));
  };

  it('with data: the example figure (input image, labelled class bars, the answer in words) and the data in the island marker', async () => {
    const source = '<ModelDemo model="digits" />\n';
    const { code } = await compileMdx(source, await embedCompileOptions());
    const data = await resolveEmbedData(code, { resolvers: { ModelDemo: (p) => modelDemoData(db, p as { model: string }) } });
    const html = await render(source, data);
    expect(html).toContain('data-embed="ModelDemo"');
    expect(html).toContain('data-ml-state="static"');
    expect(html).toMatch(/<svg class="mdm-image"[^>]*aria-label="예시 입력 그림 4×4/);
    expect(html.match(/<rect /g)).toHaveLength(16);
    for (const label of LABELS) expect(html).toContain(label);
    expect(html).toContain('class="mdm-top"><span class="mdm-bar-label">이 two</span>');
    expect(html).toContain('예측: 이 two (80.0%)');
    expect(html).toContain('모델 v2의 답');
    expect(html).not.toContain('mdm-note');
    // The browser gets the same data (lib/islands/client.ts hands it to the component as `data`).
    const marker = /data-embed-data="([^"]*)"/.exec(html)![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    expect(JSON.parse(marker)).toMatchObject({ slug: 'digits', version: 2, exampleOutput: ANSWER(2) });
    // The reserved height (no layout shift when the live demo replaces the figure).
    // embeds.css reserves the live view's height by kind (no layout shift when the live demo replaces the figure).
    expect(html).toContain('class="mdm" data-mdm-status="ready" data-mdm-kind="image">');
  });

  it('without data (the resolver did not run or failed): a note, no figure, no crash, no data attribute', async () => {
    const html = await render('<ModelDemo model="digits" height={300} />\n');
    expect(html).toContain('data-mdm-status="unknown"');
    expect(html).toContain('The model could not be looked up');
    expect(html).not.toContain('data-embed-data');
    expect(html).not.toContain('mdm-figure');
    expect(html).toContain('min-height:300px');
  });

  it('an unhealthy model: the saved figure with a note saying why, and no interactive frame', async () => {
    const source = '<ModelDemo model="digits" version={3} />\n';
    const data = { [embedDataKey('ModelDemo', { model: 'digits', version: 3 })]: await modelDemoData(db, { model: 'digits', version: 3 }) };
    const html = await render(source, data);
    expect(html).toContain('data-mdm-status="unhealthy"');
    expect(html).toContain('class="mdm-note" role="note"');
    expect(html).toContain('truncated shard');
    expect(html).toContain('mdm-figure');
    expect(html).toContain('data-ml-state="static"');
  });

  it('an unhealthy model with no saved answer still shows its example input', async () => {
    const source = '<ModelDemo model="broken" />\n';
    const data = { [embedDataKey('ModelDemo', { model: 'broken' })]: await modelDemoData(db, { model: 'broken' }) };
    const html = await render(source, data);
    expect(html).toContain('mdm-image');
    expect(html).toContain('저장된 결과가 없습니다');
    expect(html).toContain('Unknown layer MyLayer');
  });
});

describe('the editor preview path', () => {
  let pool: CompilePool;
  beforeAll(async () => {
    pool = new CompilePool({ threads: 1, timeoutMs: 30_000 });
    await pool.start();
  }, 120_000);
  afterAll(async () => pool?.close());

  it('resolves the data in this thread and renders it in the compile worker', async () => {
    let asked: string[] = [];
    const result = await pool.preview('# 미리보기\n\n## 모델\n\n<ModelDemo model="digits" />\n', {
      embeds: ['ModelDemo'],
      resolve: async (code) => {
        asked = embedsOf(code, await loadEmbedSchemas()).map((u) => u.name);
        return resolveEmbedData(code, { preview: true, resolvers: { ModelDemo: (p) => modelDemoData(db, p as { model: string }) } });
      },
    });
    expect(asked).toEqual(['ModelDemo']);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.embeds).toEqual(['ModelDemo']);
    expect(result.toc.map((t) => t.text)).toEqual(['모델']);
    expect(pool.info()).toMatchObject({ inProcess: false, threads: 1 });
    expect(result.html).toContain('data-line="1"');
    expect(result.html).toContain('예측: 이 two');
    expect(result.html).toContain('data-embed-data=');
  });

  it('a post without such an embed is rendered in one trip, as before', async () => {
    let asked = 0;
    const result = await pool.preview('# 제목\n\n본문\n', { embeds: ['ModelDemo'], resolve: async () => (asked++, {}) });
    expect(asked).toBe(0);
    expect(result.ok && result.html).toContain('본문');
  });
});

describe('the registry', () => {
  it('writes registry.embed-data.ts naming the ml app\'s resolver module', async () => {
    const root = projectRootSetting();
    const files = renderRegistry(await readRegistryModel(root));
    const text = files['registry.embed-data.ts'];
    expect(text).toContain('label: "ml"');
    expect(text).toMatch(new RegExp(`import\\('[^']*${path.posix.join('contrib', 'ml', 'custom', 'embed-data')}'\\)`));
    // The client registry (what page bundles import) names no resolver module.
    expect(files['registry.client.ts']).not.toContain('embed-data');
  });
});

describe('the drawing input\'s pixels', () => {
  it('box-averages RGBA to the model\'s w×h as 0–255 (transparent = white paper)', () => {
    // 4×2 RGBA: left half black ink, right half transparent.
    const src: number[] = [];
    for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) src.push(...(x < 2 ? [0, 0, 0, 255] : [0, 0, 0, 0]));
    expect(resample(src, 4, 2, 2, 1, 1)).toEqual([0, 255]);
    expect(resample(src, 4, 2, 1, 1, 1)).toEqual([128]);
    expect(resample(src, 4, 2, 2, 1, 3)).toEqual([0, 0, 0, 255, 255, 255]);
    // Upsampling repeats cells.
    expect(resample(src, 4, 2, 8, 2, 1).slice(0, 8)).toEqual([0, 0, 0, 0, 255, 255, 255, 255]);
  });

  it('parses the series textarea, and says which line does not fit', () => {
    expect(parseSeries('1, 2\n3 4\n# note\n5;6', 3, 2)).toEqual({ rows: [[1, 2], [3, 4], [5, 6]] });
    expect(parseSeries('1, 2\n3\n5, 6', 3, 2)).toMatchObject({ error: expect.stringContaining('Line 2') });
    expect(parseSeries('1, 2', 3, 2)).toMatchObject({ error: expect.stringContaining('Needs 3 rows') });
    expect(parseSeries('1, x', 1, 2)).toMatchObject({ error: expect.stringContaining('Line 1') });
  });
});
