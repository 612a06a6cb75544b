// The sample blog in content/posts compiles with the installed apps' real embed schemas and renders its math,
// code, headings and embeds from the stored tree.
import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToReadableStream, renderToStaticMarkup, renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compileMdx } from '../../../lib/mdx/compile';
import { MdxBody, embedsOf } from '../../../lib/mdx/render';

/** An attribute value as React writes it. */
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
import { prepareMdxBody } from '../../../lib/mdx/prepare';
import { loadEmbeds, loadEmbedSchemas } from '../../../lib/embeds';

const dir = path.resolve('content/posts');
const files = fs.readdirSync(dir).filter((f) => /\.mdx?$/.test(f)).sort();

describe('the sample posts', () => {
  it('are the ten posts of the sample blog', () => {
    expect(files).toHaveLength(10);
  });

  it.each(files)('%s compiles and renders its math, code, headings and embeds', async (file) => {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const [schemas, components] = await Promise.all([loadEmbedSchemas(), loadEmbeds()]);
    const out = await compileMdx(source, { embeds: schemas });
    const html = renderToStaticMarkup(createElement(MdxBody, { cacheKey: `sample:${file}`, code: out.code, embeds: components, schemas }));

    expect(html).not.toContain('needs recompiling');
    for (const entry of out.toc) expect(html).toContain(`id="${entry.id}"`);
    const body = source.replace(/^---[\s\S]*?---/, '').replace(/```[\s\S]*?```/g, '');
    const hasMath = /\$[^$\n]+\$|\$\$/.test(body);
    expect(html.includes('class="katex"')).toBe(hasMath);
    const fences = source.match(/^```\w+/gm) ?? [];
    expect((html.match(/<pre [^>]*data-language=/g) ?? []).length).toBe(fences.length);
    if (fences.length) expect(html).toContain('--shiki-dark:');
    for (const name of out.embeds) expect(html).toContain(`<div class="embed" data-embed="${name}" data-props=`);
    expect(out.embeds.length).toBe((source.match(/^<[A-Z]\w* /gm) ?? []).length);
  });

  // The post page prepares the body before it renders (apps/blog/pages.ts): its static parts become HTML once per
  // version. A reader gets the same bytes: rendered as the page is (a stream, with text separators and useId), inside
  // other elements, with the embeds' data, both ways.
  it.each(files)('%s renders the same bytes prepared as not', async (file) => {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const [schemas, components] = await Promise.all([loadEmbedSchemas(), loadEmbeds()]);
    const out = await compileMdx(source, { embeds: schemas });
    const page = async (cacheKey: string) => {
      // As the post page has it: the body's own <div class="prose"> (one piece of HTML when the body is all static).
      const body = createElement(MdxBody, { cacheKey, code: out.code, embeds: components, schemas, data: { unrelated: 1 }, className: 'prose' });
      const tree = createElement('main', null, createElement('h1', null, 'title', ' ', file), body, 'after');
      return new Response(await renderToReadableStream(tree)).text();
    };
    const plain = await page(`plain:${file}`);
    prepareMdxBody({ cacheKey: `prepared:${file}`, code: out.code, embeds: components, schemas, data: { unrelated: 1 } });
    const prepared = await page(`prepared:${file}`);
    // Only useId's values may differ, inside the demos: prepared, each island is rendered as a root of its own, as the
    // browser has it (lib/islands/client.ts), where inside the page they named its place in the page.
    const sameButIds = (html: string) => html.replace(/_R_\w*_/g, '_ID_');
    expect(sameButIds(prepared)).toBe(sameButIds(plain));
    if (out.embeds.length === 0) expect(prepared).toBe(plain);
    for (const use of embedsOf(out.code, schemas)) {
      const island = renderToString(createElement(components[use.name], use.props));
      expect(prepared, use.key).toContain(`data-props="${escapeAttribute(JSON.stringify(use.props))}">${island}</div>`);
    }
    expect(plain.length).toBeGreaterThan(1000);
    expect(plain).toMatch(/^<main><h1>.*?<\/h1><div class="prose">/);
  });
});
