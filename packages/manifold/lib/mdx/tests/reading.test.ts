// What the compiler adds for reading on any screen (issue 11): code block headers with the language and a copy button,
// WCAG AA token colours in both themes, display math in a named, focusable scroll region; and stored posts from the
// previous format still shown until `recompile --outdated` brings them to this markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compileMdx } from '../compile';
import { MdxBody, readStoredOutput } from '../render';
import { isCurrentOutput, OUTPUT_FORMAT, READABLE_FORMATS } from '../policy';

const source = `## 코드와 수식

\`\`\`python
# 주석: 학습률을 바꿔 본다
import numpy as np
def step(w: float, grad, lr=0.1) -> float:
    """docstring"""
    return w - lr * grad  # 0.1 * grad
\`\`\`

\`\`\`ts
// a comment
const re = /[a-z]+/g; export async function f(x: number): Promise<string> { return \`\${x}\`; }
\`\`\`

\`\`\`bash
$ npm run manage -- blog recompile --outdated # 다시 컴파일
\`\`\`

\`\`\`
plain text, no language
\`\`\`

$$
L(\\theta+\\Delta \\theta) = L(\\theta) + \\nabla L^{\\top} \\Delta \\theta + \\frac{1}{2}\\Delta\\theta^{\\top} H \\Delta\\theta
$$

인라인 $x^2$ 수식.
`;

let n = 0;
const html = (code: string) => renderToStaticMarkup(createElement(MdxBody, { cacheKey: `reading:${n++}`, code, embeds: {}, schemas: {} }));

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('code blocks', () => {
  it('carry a header with the language named and a copy button hidden until the page script wires it', async () => {
    const out = await compileMdx(source, { embeds: {} });
    const page = html(out.code);
    const headers = [...page.matchAll(/<figure[^>]*class="code-block"[^>]*><div class="code-header"><span class="code-lang">([^<]*)<\/span><button([^>]*)>([^<]*)<\/button><\/div><pre/g)];
    expect(headers.map((h) => h[1])).toEqual(['Python', 'TypeScript', 'Bash', '']);
    for (const [, , attrs, text] of headers) {
      expect(attrs).toContain('type="button"');
      expect(attrs).toContain('hidden=""');
      expect(attrs).toContain('data-copy="code"');
      expect(attrs).toContain('aria-label="코드 복사 (Copy code)"');
      expect(attrs).toContain('data-copied="복사됨 (Copied)"');
      expect(text).toBe('복사');
    }
    // rehype-pretty-code's language attribute stays on the block, for styles and the copy script.
    expect(page).toMatch(/<pre[^>]*data-language="python"/);
  });

  it('colour every token at WCAG AA (4.5:1) on the code background, light and dark', async () => {
    const out = await compileMdx(source, { embeds: {} });
    const light = [...out.code.matchAll(/--shiki-light:(#[0-9A-Fa-f]{6})/g)].map((m) => m[1]);
    const dark = [...out.code.matchAll(/--shiki-dark:(#[0-9A-Fa-f]{6})/g)].map((m) => m[1]);
    expect(new Set(light).size).toBeGreaterThan(4);
    expect(new Set(dark).size).toBeGreaterThan(4);
    // theme.css --code-bg in each theme.
    const failing = [...new Set(light)].filter((c) => contrast(c, '#f6f8fa') < 4.5).concat([...new Set(dark)].filter((c) => contrast(c, '#1b1e22') < 4.5));
    expect(failing).toEqual([]);
    // The themes this replaced did fail: github-light's keyword red on the same background.
    expect(contrast('#d73a49', '#f6f8fa')).toBeLessThan(4.5);
  });
});

describe('display math', () => {
  it('sits in a scroll region a keyboard reaches (tabindex 0) with a name; inline math does not', async () => {
    const out = await compileMdx(source, { embeds: {} });
    const page = html(out.code);
    const regions = [...page.matchAll(/<div class="math-display"([^>]*)><span class="katex-display">/g)];
    expect(regions).toHaveLength(1);
    expect(regions[0][1]).toContain('role="group"');
    expect(regions[0][1]).toContain('tabindex="0"');
    expect(regions[0][1]).toContain('aria-label="수식 (equation)"');
    // Every display equation is wrapped: none left bare.
    expect(page.match(/class="katex-display"/g)).toHaveLength(1);
    expect(page).toMatch(/<p>인라인 <span class="katex">/);
  });
});

describe('the output format', () => {
  it('is stamped 2; a format-1 tree is still shown but is not current, so recompile --outdated picks it up', async () => {
    expect(OUTPUT_FORMAT).toBe('manifold-hast/2');
    expect(READABLE_FORMATS).toEqual(['manifold-hast/1', 'manifold-hast/2']);
    const out = await compileMdx(source, { embeds: {} });
    expect(isCurrentOutput(out.code)).toBe(true);
    const old = JSON.stringify({ format: 'manifold-hast/1', tree: { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: '예전 글' }] }] } });
    expect(isCurrentOutput(old)).toBe(false);
    expect(readStoredOutput(old).kind).toBe('tree');
    expect(html(old)).toBe('<p>예전 글</p>');
    expect(readStoredOutput(JSON.stringify({ format: 'manifold-hast/0', tree: { type: 'root', children: [] } })).kind).toBe('outdated');
  });
});
