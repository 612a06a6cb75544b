// The renderer runs no stored code and trusts no stored tree: tampered rows render inert, old JavaScript rows are not run.
import fs from 'node:fs';
import path from 'node:path';
import * as React from 'react';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BODIES_MAX_BYTES, MdxBody, embedsOf, isCurrentOutput, readStoredOutput } from '../render';
import { prepareMdxBody } from '../prepare';
import { OUTPUT_FORMAT } from '../policy';

const schemas = { Convolution: z.object({ kernel: z.array(z.number()).optional() }).strict() };
const embeds = { Convolution: (p: Record<string, unknown>) => createElement('figure', null, `kernel ${JSON.stringify(p.kernel ?? null)}`) };

let n = 0;
const render = (code: string) => renderToStaticMarkup(createElement(MdxBody, { cacheKey: `tamper:${n++}`, code, embeds, schemas }));
const stored = (children: unknown[]) => JSON.stringify({ format: OUTPUT_FORMAT, tree: { type: 'root', children } });
const el = (tagName: string, properties: Record<string, unknown>, children: unknown[] = [{ type: 'text', value: 'x' }]) => ({ type: 'element', tagName, properties, children });

describe('a tampered stored tree renders inert', () => {
  it('drops elements the compiler never emits, with their content', () => {
    const html = render(stored([el('p', {}, [{ type: 'text', value: '본문' }]), el('script', {}, [{ type: 'text', value: 'alert(1)' }]), el('iframe', { src: 'https://evil.example' }), el('style', {}, [{ type: 'text', value: 'body{}' }])]));
    expect(html).toBe('<p>본문</p>');
  });

  it('drops event handlers, dangerouslySetInnerHTML and unknown properties', () => {
    const html = render(stored([el('p', { onClick: 'alert(1)', onclick: 'alert(1)', dangerouslySetInnerHTML: { __html: '<img src=x onerror=alert(1)>' }, formAction: 'javascript:alert(1)', srcDoc: '<script>' })]));
    expect(html).toBe('<p>x</p>');
  });

  it('drops javascript: and data: URLs and unsafe styles, and forces rel on target', () => {
    const html = render(
      stored([
        el('a', { href: 'javascript:alert(1)' }),
        el('a', { href: ' JaVaScRiPt:alert(1)' }),
        el('a', { href: 'java\tscript:alert(1)' }),
        el('img', { src: 'data:text/html,<script>alert(1)</script>' }, []),
        el('span', { style: 'background:url(javascript:alert(1))' }),
        el('a', { href: 'https://example.com', target: '_blank', rel: 'opener' }),
      ]),
    );
    expect(html).toBe('<a>x</a><a>x</a><a>x</a><img/><span>x</span><a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('ignores node types other than element and text (raw HTML, MDX expressions)', () => {
    const html = render(stored([{ type: 'raw', value: '<script>alert(1)</script>' }, { type: 'mdxFlowExpression', value: 'process.exit(1)', data: { estree: {} } }, el('p', {})]));
    expect(html).toBe('<p>x</p>');
  });

  it('an embed marker is rendered only for a registered embed whose props pass its schema', () => {
    const html = render(
      stored([
        el('manifold-embed', { name: 'Convolution', props: '{"kernel":[1,2,1]}' }, [el('script', {})]),
        el('manifold-embed', { name: 'Convolution', props: '{"kernel":"alert(1)"}' }, []),
        el('manifold-embed', { name: 'Missing', props: '{}' }, []),
      ]),
    );
    expect(html).toContain('<div class="embed" data-embed="Convolution" data-props="{&quot;kernel&quot;:[1,2,1]}"><figure>kernel [1,2,1]</figure></div>');
    expect(html.match(/embed-missing/g)).toHaveLength(2);
    expect(html).not.toContain('script');
  });
});

describe('output from before this compiler', () => {
  it('is never evaluated: old mdx-bundler JavaScript shows a "needs recompiling" notice', () => {
    const g = globalThis as { __pwned?: number };
    const oldCode = 'globalThis.__pwned = 1; var Component = () => null; return { default: Component };';
    const html = render(oldCode);
    expect(html).toContain('needs recompiling');
    expect(g.__pwned).toBeUndefined();
    expect(isCurrentOutput(oldCode)).toBe(false);
    expect(readStoredOutput(oldCode)).toEqual({ kind: 'outdated' });
  });

  it('treats JSON without the format stamp (or with another one) as outdated', () => {
    expect(render(JSON.stringify({ tree: { type: 'root', children: [] } }))).toContain('needs recompiling');
    expect(render(JSON.stringify({ format: 'manifold-hast/0', tree: { type: 'root', children: [] } }))).toContain('needs recompiling');
    expect(isCurrentOutput(stored([]))).toBe(true);
  });
});

describe('the render path', () => {
  it('contains no eval, new Function, vm or mdx-bundler', () => {
    const root = path.resolve(__dirname, '..');
    const files = ['render.tsx', 'policy.ts', 'compile.ts'].map((f) => path.join(root, f)).concat(path.resolve(root, '../../contrib/blog/views/post.tsx'));
    for (const file of files) {
      // Under `npm run mutate` the file carries Stryker's own header (which finds globalThis with new Function);
      // it is cut off so the check still reads what the author wrote, and only that.
      const text = fs.readFileSync(file, 'utf8').replace(/function stryNS_9fa48\(\)\s*\{[\s\S]*?\n\}\s*stryNS_9fa48\(\);/, '');
      expect(text, file).not.toMatch(/new Function|\beval\s*\(|node:vm|from 'vm'|mdx-bundler|getMDXComponent/);
    }
  });
});

describe('a stored post is turned into React elements once per version (issue 16)', () => {
  it('reuses the elements for the same key, registry and embed data, and makes new ones when any of them differs', () => {
    const code = stored([el('p', { style: 'color: red' }, [{ type: 'text', value: '본문' }]), { type: 'element', tagName: 'manifold-embed', properties: { name: 'Convolution', props: '{"kernel":[1]}' }, children: [] }]);
    const body = (props: Partial<Parameters<typeof MdxBody>[0]> = {}) => MdxBody({ cacheKey: 'reuse:1', code, embeds, schemas, ...props });
    const first = body();
    expect(body()).toBe(first);
    expect(renderToStaticMarkup(body())).toBe(renderToStaticMarkup(first));
    const withData = body({ data: { a: 1 } });
    expect(withData).not.toBe(first);
    expect(body({ data: { a: 1 } })).toBe(withData);
    expect(body({ data: { a: 2 } })).not.toBe(withData);
    const otherRegistry = { Convolution: () => createElement('figure', null, 'other') };
    expect(renderToStaticMarkup(body({ embeds: otherRegistry }))).toContain('other');
    expect(body({ cacheKey: 'reuse:2' })).not.toBe(first);
  });

  it('keeps a long tail of posts made, bounded by their size rather than by a count of 200', () => {
    // Issue 16's sweep reads 1,000 posts now and then: with 200 kept, most reads made their post's elements again.
    const tail = Array.from({ length: 1200 }, (_, i) => ({ cacheKey: `tail:${i}`, code: stored([el('p', {}, [{ type: 'text', value: `글 ${i}` }])]) }));
    const first = tail.map((p) => MdxBody({ ...p, embeds, schemas }));
    tail.forEach((p, i) => expect(MdxBody({ ...p, embeds, schemas }), p.cacheKey).toBe(first[i]));
    // And the bound is a size: bodies of 8 MB each, more than BODIES_MAX_BYTES in all, push the earliest out.
    const big = Array.from({ length: Math.ceil(BODIES_MAX_BYTES / 8e6) + 1 }, (_, i) => ({ cacheKey: `big:${i}`, code: stored([el('p', {}, [{ type: 'text', value: String(i).repeat(8e6) }])]) }));
    const made = big.map((p) => MdxBody({ ...p, embeds, schemas }));
    expect(MdxBody({ ...big[big.length - 1], embeds, schemas })).toBe(made[made.length - 1]);
    expect(MdxBody({ ...big[0], embeds, schemas })).not.toBe(made[0]);
  });

  it('counts a prepared static body’s HTML, which the direct page path keeps encoded too, in the size bound', () => {
    // Four bodies of 4 million characters: 16 MB of stored JSON, under the bound; with their HTML (at UTF-8's three
    // bytes a unit) 64 MB, over it, so the earliest goes.
    const huge = Array.from({ length: 4 }, (_, i) => ({ cacheKey: `prepared-big:${i}`, code: stored([el('p', {}, [{ type: 'text', value: String(i).repeat(4e6) }])]) }));
    expect(4 * huge[0].code.length).toBeLessThan(BODIES_MAX_BYTES);
    const made = huge.map((p) => {
      prepareMdxBody({ ...p, embeds, schemas });
      return MdxBody({ ...p, embeds, schemas });
    });
    expect(MdxBody({ ...huge[3], embeds, schemas })).toBe(made[3]);
    expect(MdxBody({ ...huge[0], embeds, schemas })).not.toBe(made[0]);
  });

  it('makes the elements again when the code under a key is not the code they were made from', () => {
    const v1 = stored([el('p', {}, [{ type: 'text', value: '첫 판' }])]);
    const first = MdxBody({ cacheKey: 'code:1', code: v1, embeds, schemas });
    // The same text in another string (a row read again from the database) is the same code.
    expect(MdxBody({ cacheKey: 'code:1', code: (v1 + ' ').trimEnd(), embeds, schemas })).toBe(first);
    expect(MdxBody({ cacheKey: 'code:1', code: stored([el('p', {}, [{ type: 'text', value: '둘째 판' }])]), embeds, schemas })).not.toBe(first);
  });

  it('finds a post\'s embeds from the tree already read for its key, and reads the code itself without one', () => {
    const embed = (kernel: number) => ({ type: 'element', tagName: 'manifold-embed', properties: { name: 'Convolution', props: JSON.stringify({ kernel: [kernel] }) }, children: [] });
    const v1 = stored([embed(1)]);
    const v2 = stored([embed(2)]);
    MdxBody({ cacheKey: 'embeds:7:1', code: v1, embeds, schemas });
    expect(embedsOf(v2, schemas, 'embeds:7:1').map((u) => u.props)).toEqual([{ kernel: [1] }]);
    expect(embedsOf(v2, schemas).map((u) => u.props)).toEqual([{ kernel: [2] }]);
    // A new version is a new key, so the new tree is read.
    expect(embedsOf(v2, schemas, 'embeds:7:2').map((u) => u.props)).toEqual([{ kernel: [2] }]);
  });
});

/** A page with React's useId values blanked (the one thing a prepared island renders differently). */
const sameButIds = (html: string) => html.replace(/_R_\w*_/g, '_ID_');

describe('a prepared body (prepareMdxBody: its static parts rendered to HTML once per post version)', () => {
  // Rendered as the post page is: a stream, inside other elements, so text separators and useId count.
  const page = async (body: ReturnType<typeof createElement>) => {
    const { renderToReadableStream } = await import('react-dom/server');
    return new Response(await renderToReadableStream(createElement('main', null, 'before', createElement('div', { className: 'prose' }, body)))).text();
  };
  const tricky = stored([
    { type: 'text', value: '\n' },
    el('p', {}, [{ type: 'text', value: 'a' }, { type: 'text', value: 'b' }, el('strong', {}, [{ type: 'text', value: 'c' }]), { type: 'text', value: 'd' }]),
    // A <pre> whose content starts with a newline: React writes one more before inner HTML, not before children.
    el('pre', {}, [{ type: 'text', value: '\nx = 1' }, el('span', {}, [{ type: 'text', value: ' # y' }])]),
    el('figure', {}, [el('pre', {}, [el('code', {}, [{ type: 'text', value: '\nline' }])])]),
    // An image without loading=lazy: React preloads it from the head of a document.
    el('p', {}, [el('img', { src: '/media/a.png', alt: 'a' }, [])]),
    el('ul', {}, [el('li', {}, [{ type: 'text', value: 'in a list ' }, el('manifold-embed', { name: 'Ids', props: '{}' }, [])]), el('li', {}, [{ type: 'text', value: 'z' }])]),
    el('span', { className: 'katex' }, [el('math', { xmlns: 'http://www.w3.org/1998/Math/MathML' }, [el('mi', {}, [{ type: 'text', value: 'x' }])])]),
    el('svg', { viewBox: '0 0 1 1' }, [el('path', { d: 'M0 0' }, [])]),
  ]);
  const idSchemas = { ...schemas, Ids: z.object({}).strict() };
  const idEmbeds = {
    ...embeds,
    Ids: function Ids() {
      const id = React.useId();
      return createElement('label', { htmlFor: id }, 'id ', id);
    },
  };

  it('renders the same bytes as the body rendered from its elements, but each island as a root of its own', async () => {
    const data = { 'Ids {}': { n: 1 } };
    const plain = await page(createElement(MdxBody, { cacheKey: 'plain:1', code: tricky, embeds: idEmbeds, schemas: idSchemas, data }));
    prepareMdxBody({ cacheKey: 'prepared:1', code: tricky, embeds: idEmbeds, schemas: idSchemas, data });
    const prepared = await page(createElement(MdxBody, { cacheKey: 'prepared:1', code: tricky, embeds: idEmbeds, schemas: idSchemas, data }));
    // Only useId's values differ: inside the page they named the embed's place in it; prepared, the island is rendered
    // as a root of its own, as lib/islands has it in the browser.
    expect(sameButIds(prepared)).toBe(sameButIds(plain));
    expect(prepared).not.toBe(plain);
    const { renderToString } = await import('react-dom/server');
    const island = renderToString(createElement(idEmbeds.Ids, { data: { n: 1 } }));
    expect(island).toMatch(/^<label for="(_R_\w*_)">id <!-- -->\1<\/label>$/);
    expect(prepared).toContain(`<div class="embed" data-embed="Ids" data-props="{}" data-embed-data="{&quot;n&quot;:1}">${island}</div>`);
  });

  it('is kept by the post version: an edited post (a new version) renders its new body, the old version its own', async () => {
    const v1 = stored([el('p', {}, [{ type: 'text', value: '첫 판' }])]);
    const v2 = stored([el('p', {}, [{ type: 'text', value: '고친 판' }])]);
    prepareMdxBody({ cacheKey: '7:1', code: v1, embeds, schemas });
    expect(await page(createElement(MdxBody, { cacheKey: '7:1', code: v1, embeds, schemas }))).toContain('첫 판');
    prepareMdxBody({ cacheKey: '7:2', code: v2, embeds, schemas });
    const html = await page(createElement(MdxBody, { cacheKey: '7:2', code: v2, embeds, schemas }));
    expect(html).toContain('고친 판');
    expect(html).not.toContain('첫 판');
  });

  it('follows the registry: an embed app installed again renders its demo, not the placeholder prepared before', async () => {
    const code = stored([el('manifold-embed', { name: 'Convolution', props: '{"kernel":[1]}' }, [])]);
    prepareMdxBody({ cacheKey: '8:1', code, embeds: {}, schemas });
    expect(await page(createElement(MdxBody, { cacheKey: '8:1', code, embeds: {}, schemas }))).toContain('embed-missing');
    prepareMdxBody({ cacheKey: '8:1', code, embeds, schemas });
    expect(await page(createElement(MdxBody, { cacheKey: '8:1', code, embeds, schemas }))).toContain('<figure>kernel [1]</figure>');
  });

  it('writes an all-static body in its wrapper as one piece of HTML, the same bytes as element by element', async () => {
    const lazy = el('p', {}, [{ type: 'text', value: '그림 ' }, el('img', { src: '/media/a.png', alt: 'a', loading: 'lazy', width: 10, height: 10 }, [])]);
    const allStatic = stored([{ type: 'text', value: '\n' }, el('h2', { id: 'h' }, [{ type: 'text', value: '제목' }]), { type: 'text', value: '\n' }, lazy, el('p', {}, [{ type: 'text', value: 'a' }, { type: 'text', value: 'b' }]), el('pre', {}, [{ type: 'text', value: '\nx' }])]);
    const withEmbed = stored([el('p', {}, [{ type: 'text', value: 'a' }]), el('manifold-embed', { name: 'Ids', props: '{}' }, [])]);
    for (const [name, code] of [['static', allStatic], ['embed', withEmbed], ['tricky', tricky]] as const) {
      const body = (cacheKey: string) => createElement(MdxBody, { cacheKey, code, embeds: idEmbeds, schemas: idSchemas, className: 'prose' });
      const plain = await page(body(`whole:plain:${name}`));
      prepareMdxBody({ cacheKey: `whole:prepared:${name}`, code, embeds: idEmbeds, schemas: idSchemas });
      // The wrapper as a whole: inside the test page's own div.prose, then the body's.
      const prepared = await page(body(`whole:prepared:${name}`));
      if (name === 'static') expect(prepared, name).toBe(plain);
      else expect(sameButIds(prepared), name).toBe(sameButIds(plain));
      expect(plain, name).toContain('<div class="prose"><div class="prose">');
    }
    // How React was handed it: one element with the whole body as its HTML when static, children when an embed is in it.
    const handed = (cacheKey: string, code: string) => (MdxBody({ cacheKey, code, embeds: idEmbeds, schemas: idSchemas, className: 'prose' }) as React.ReactElement<{ dangerouslySetInnerHTML?: { __html: string }; children?: unknown }>).props;
    const whole = handed('whole:prepared:static', allStatic);
    expect(whole.dangerouslySetInnerHTML?.__html).toContain('<img src="/media/a.png" alt="a" loading="lazy"');
    expect(whole.children).toBeUndefined();
    // An embed is a marker with its island's HTML, prepared: the body is static all through, one piece too.
    expect(handed('whole:prepared:embed', withEmbed).dangerouslySetInnerHTML?.__html).toMatch(/^<p>a<\/p><div class="embed" data-embed="Ids" data-props="\{\}"><label for="_R_\w*_">/);
    // An eager image is not static (React preloads it from the document's head): element by element.
    expect(handed('whole:prepared:tricky', tricky).dangerouslySetInnerHTML).toBeUndefined();
    // Not prepared: element by element.
    expect(handed('whole:plain:static', allStatic).dangerouslySetInnerHTML).toBeUndefined();
  });

  it('keeps a tampered tree inert', async () => {
    const code = stored([el('p', { onClick: 'alert(1)' }, [el('script', {}, [{ type: 'text', value: 'alert(1)' }]), { type: 'text', value: '<b>' }])]);
    prepareMdxBody({ cacheKey: 'tamper:prepared', code, embeds, schemas });
    const html = await page(createElement(MdxBody, { cacheKey: 'tamper:prepared', code, embeds, schemas }));
    expect(html).toContain('<p>&lt;b&gt;</p>');
    expect(html).not.toMatch(/script|onclick/i);
  });
});

describe('the embeds of a stored output (embedsOf), kept by the post key', () => {
  it('are found again for a new version and for other schemas, not for the same ones', () => {
    const v1 = stored([el('manifold-embed', { name: 'Convolution', props: '{"kernel":[1]}' }, [])]);
    const v2 = stored([el('p', {})]);
    const first = embedsOf(v1, schemas, '9:1');
    expect(first.map((u) => u.key)).toEqual(['Convolution {"kernel":[1]}']);
    expect(embedsOf(v1, schemas, '9:1')).toBe(first);
    expect(embedsOf(v2, schemas, '9:2')).toEqual([]);
    // The app's schema changed (an upgrade): the props are checked again, and no longer pass.
    expect(embedsOf(v1, { Convolution: z.object({ kernel: z.string() }).strict() }, '9:1')).toEqual([]);
  });
});
