// Posts' images through the real compiler and renderer: an image at a media URL gets width and height from its URL,
// srcset with its WebP variants, sizes, lazy loading and async decoding, and a zoom button whose popover shows it
// large (no JavaScript); an image inside a link keeps the link and gets no zoom; other images are left as written;
// a tampered stored srcset with a javascript: URL is dropped by the renderer.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compileMdx } from '../../../lib/mdx/compile';
import { OUTPUT_FORMAT } from '../../../lib/mdx/policy';
import { MdxBody } from '../../../lib/mdx/render';

const URL_4000 = '/media/2026/12/0123456789abcdef.4000x3000.jpg';
let n = 0;
async function html(source: string) {
  const out = await compileMdx(source, { embeds: {} });
  return renderToStaticMarkup(createElement(MdxBody, { cacheKey: `img:${n++}`, code: out.code, embeds: {}, schemas: {} }));
}

describe('images in posts', () => {
  it('a media image is responsive, sized, lazy and zoomable', async () => {
    const out = await html(`# 그림\n\n본문 ![경사 하강 *궤적*](${URL_4000}) 끝\n`);
    const img = /<button[^>]*><img ([^>]*)\/?><\/button>/.exec(out)?.[1] ?? '';
    expect(img).toContain(`src="${URL_4000}"`);
    expect(img).toContain('width="4000"');
    expect(img).toContain('height="3000"');
    expect(img).toContain('loading="lazy"');
    expect(img).toContain('decoding="async"');
    expect(img).toContain('sizes="(max-width: 46rem) 100vw, 46rem"');
    expect(img).toContain(
      'srcSet="/media/2026/12/0123456789abcdef.480x360.webp 480w, /media/2026/12/0123456789abcdef.960x720.webp 960w, /media/2026/12/0123456789abcdef.1600x1200.webp 1600w, /media/2026/12/0123456789abcdef.2400x1800.webp 2400w, /media/2026/12/0123456789abcdef.4000x3000.jpg 4000w"',
    );
    expect(out).toMatch(/<button type="button" class="media-zoom" popovertarget="zoom-0123456789abcdef-1" aria-label="경사 하강 궤적 — 크게 보기 \/ zoom">/i);
    expect(out).toMatch(/<span id="zoom-0123456789abcdef-1" popover="auto" class="media-zoom-view"><img src="\/media\/2026\/12\/0123456789abcdef\.4000x3000\.jpg"[^>]*sizes="96vw"[^>]*loading="lazy"/);
    // Still one paragraph: the zoom view is inline content.
    expect(out.match(/<p>/g)).toHaveLength(1);
  });

  it('an image inside a link keeps the link and gets no zoom button; a small image has no variants', async () => {
    const out = await html(`[![작은 그림](/media/2026/12/aaaaaaaaaaaaaaaa.320x200.png)](https://example.com)\n`);
    expect(out).not.toContain('<button');
    expect(out).toContain('<a href="https://example.com"><img src="/media/2026/12/aaaaaaaaaaaaaaaa.320x200.png"');
    expect(out).toContain('srcSet="/media/2026/12/aaaaaaaaaaaaaaaa.320x200.png 320w"');
    expect(out).toContain('width="320" height="200"');
  });

  it('other images are left as written; the author\'s own width and height are kept', async () => {
    const out = await html(`![외부](https://example.com/a.png)\n\n<img src="/media/2026/12/bbbbbbbbbbbbbbbb.1000x1000.webp" alt="정사각형" width="300" />\n`);
    expect(out).toContain('<img src="https://example.com/a.png" alt="외부"/>');
    expect(out).toMatch(/<img src="\/media\/2026\/12\/bbbbbbbbbbbbbbbb\.1000x1000\.webp" alt="정사각형" width="300" loading="lazy"/);
    expect(out).not.toMatch(/width="300" height="1000"/);
    // Not media: a look-alike path outside the strict scheme.
    const fake = await html(`![x](/media/../2026/12/0123456789abcdef.4000x3000.jpg)\n`);
    expect(fake).not.toContain('srcset');
  });

  it('the renderer drops a tampered srcset that names a javascript: URL, and keeps a sound one', async () => {
    const tree = (srcSet: string) =>
      JSON.stringify({ format: OUTPUT_FORMAT, tree: { type: 'root', children: [{ type: 'element', tagName: 'img', properties: { src: '/a.png', srcSet, srcset: srcSet }, children: [] }] } });
    const render = (code: string) => renderToStaticMarkup(createElement(MdxBody, { cacheKey: `t:${n++}`, code, embeds: {}, schemas: {} }));
    const bad = render(tree('javascript:alert(1) 1x, /a.png 2x'));
    expect(bad).not.toMatch(/javascript|srcset/i);
    expect(bad).toContain('<img src="/a.png"/>');
    expect(render(tree('/a.png 480w, /b.png 960w'))).toContain('srcSet="/a.png 480w, /b.png 960w"');
  });
});
