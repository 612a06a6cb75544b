// The Markdown format: ordinary Markdown from other blogs compiles to what its author meant, raw HTML comes out inert,
// and MDX is untouched.
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { toHtml } from 'hast-util-to-html';
import type { Root } from 'hast';
import { z } from 'zod';
import { compileMdx, MdxCompileError, type CompileOptions } from '../compile';
import { formatOfFilename } from '../markdown';
import { MdxBody } from '../render';

const schemas = { Convolution: z.object({ kernel: z.array(z.number()).optional() }).strict() };
const components = { Convolution: () => createElement('figure', null, 'conv') };

const md = (source: string, o: Partial<CompileOptions> = {}) => compileMdx(source, { embeds: schemas, format: 'markdown', ...o });
/** The stored tree as HTML (what the compiler emitted, before the renderer's own checks). */
const treeHtml = (code: string) => toHtml((JSON.parse(code) as { tree: Root }).tree);
/** What a reader gets: the stored output through the renderer. */
const rendered = (code: string) => renderToStaticMarkup(createElement(MdxBody, { cacheKey: `md:${code.length}:${code.slice(-40)}`, code, embeds: components, schemas }));

describe('Markdown from other blogs compiles to what it means', () => {
  it('{key: value}, <0.1 and other < and { are text', async () => {
    const out = await md('설정은 {key: value} 형식이고 p <0.1 이면 a<b, {x} 도 글자입니다.');
    const html = treeHtml(out.code);
    expect(html).toBe('<p>설정은 {key: value} 형식이고 p &#x3C;0.1 이면 a&#x3C;b, {x} 도 글자입니다.</p>');
    expect(out.searchText).toContain('{key: value}');
    // The same text is a compile error in MDX, which is why the format exists.
    await expect(compileMdx('설정은 {key: value} 형식', { embeds: schemas })).rejects.toThrow(MdxCompileError);
  });

  it('kramdown attribute lists are dropped, inline and on their own line', async () => {
    const out = await md('[링크](https://example.com){:target="_blank"} 뒤\n{: .note}\n\n문단\n\n{: #id .cls}\n');
    const html = treeHtml(out.code);
    expect(html).toBe('<p><a href="https://example.com">링크</a> 뒤\n</p>\n<p>문단</p>');
    expect(html).not.toContain('{:');
  });

  it('<br>, <img>, <details>/<summary>, <sup>, <kbd> and HTML tables are kept', async () => {
    const out = await md(
      '첫 줄<br>둘째 줄 <img src="/media/a.png" alt="그림" width="320"> x<sup>2</sup> <kbd>Ctrl</kbd>\n\n<details>\n<summary>더 보기</summary>\n\n**숨은** 내용\n\n</details>\n\n<table><tr><th>a</th></tr><tr><td colspan="2">1</td></tr></table>\n',
    );
    const html = treeHtml(out.code);
    expect(html).toContain('첫 줄<br>둘째 줄');
    expect(html).toMatch(/<img src="\/media\/a.png" alt="그림" width="320"/);
    expect(html).toContain('x<sup>2</sup> <kbd>Ctrl</kbd>');
    expect(html).toMatch(/<details>\s*<summary>더 보기<\/summary>\s*<p><strong>숨은<\/strong> 내용<\/p>\s*<\/details>/);
    expect(html).toMatch(/<table><tbody><tr><th>a<\/th><\/tr><tr><td colspan="2">1<\/td><\/tr><\/tbody><\/table>/);
    expect(rendered(out.code)).toContain('<summary>더 보기</summary>');
  });

  it('<span style> compiles, loses its style and renders', async () => {
    const out = await md('빨간 <span style="color:red">글자</span>와 <span class="admin" id="islands">둘</span>');
    expect(treeHtml(out.code)).toBe('<p>빨간 <span>글자</span>와 <span>둘</span></p>');
    expect(out.firstParagraph).toBe('빨간 글자와 둘');
    expect(rendered(out.code)).toContain('<span>글자</span>');
  });

  it('HTML comments render nothing; <!-- more --> ends the excerpt', async () => {
    const out = await md('# 제목\n\n첫 문단입니다.\n\n둘째 문단 <!-- 숨은 메모 --> 끝.\n\n<!-- more -->\n\n나머지 본문.\n');
    const html = treeHtml(out.code);
    expect(html).not.toMatch(/<!--|more|숨은 메모/);
    expect(html).toContain('나머지 본문.');
    expect(out.firstParagraph).toBe('제목 첫 문단입니다. 둘째 문단 끝.');
    // WordPress writes it without spaces, inside the paragraph.
    const wp = await md('앞부분<!--more-->뒷부분');
    expect(wp.firstParagraph).toBe('앞부분');
    expect(treeHtml(wp.code)).toBe('<p>앞부분뒷부분</p>');
    // Without the marker, the first paragraph as before.
    expect((await md('하나\n\n둘')).firstParagraph).toBe('하나');
  });

  it('<https://…> autolinks and GFM literals are links', async () => {
    const html = treeHtml((await md('<https://example.com/a?b=1> 와 www.example.org 와 <me@example.com>')).code);
    expect(html).toContain('<a href="https://example.com/a?b=1">https://example.com/a?b=1</a>');
    expect(html).toContain('<a href="http://www.example.org">www.example.org</a>');
    expect(html).toContain('<a href="mailto:me@example.com">me@example.com</a>');
  });

  it('an indented code block stays code (highlighted like a fence)', async () => {
    const out = await md('코드:\n\n    def f(x):\n        return {x: 1} < 2\n');
    const html = treeHtml(out.code);
    expect(html).toMatch(/<figure[^>]*class="code-block"/);
    expect(html).toContain('def f(x):');
    expect(html).not.toContain('<p>def');
  });

  it('$$…$$ mid-sentence is display math (the paragraph splits around it)', async () => {
    const out = await md('이 식 $$a^2+b^2=c^2$$ 은 피타고라스의 정리입니다.');
    const html = treeHtml(out.code);
    expect(html).toMatch(/^<p>이 식<\/p>\s*<div class="math-display"[^>]*><span class="katex-display">/);
    expect(html).toMatch(/<\/div>\s*<p>은 피타고라스의 정리입니다.<\/p>$/);
    expect(html).not.toContain('math-inline');
    expect(out.firstParagraph).toBe('이 식');
    // A block $$ and single-$ inline math are as before.
    const block = treeHtml((await md('$$\n\\sum_i x_i\n$$\n\n그리고 $x^2$ 입니다.')).code);
    expect(block).toMatch(/^<div class="math-display"/);
    expect(block).toMatch(/<p>그리고 <span class="katex">/);
  });

  it('with markdownDisplayMath off, mid-paragraph $$ is inline (remark-math as is)', async () => {
    const html = treeHtml((await md('이 식 $$a^2$$ 은', { markdownDisplayMath: false })).code);
    expect(html).toMatch(/^<p>이 식 <span class="katex">/);
    expect(html).not.toContain('katex-display');
  });

  it('currency is not math; $x^2$ still is', async () => {
    const money = await md('가격은 $5 이고 할인은 $3 입니다');
    expect(treeHtml(money.code)).toBe('<p>가격은 $5 이고 할인은 $3 입니다</p>');
    const mixed = treeHtml((await md('커피는 $5 이고 $x^2$ 는 수식, 책은 $ 10 입니다 $a$5')).code);
    expect(mixed).toMatch(/^<p>커피는 \$5 이고 <span class="katex">/);
    expect((mixed.match(/class="katex"/g) ?? []).length).toBe(1);
    expect(mixed).toContain('책은 $ 10 입니다 $a$5');
  });

  it('an embed does not run in Markdown: the error names the fix', async () => {
    for (const source of ['문단\n\n<Convolution kernel={[1, 2, 1]} />\n', '글 안의 <Convolution /> 임베드', '<Convolution/>']) {
      const err = await md(source).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MdxCompileError);
      expect((err as MdxCompileError).message).toMatch(/embeds need the MDX format: set the post's format to mdx/);
    }
    expect((await md('문단\n\n<Convolution kernel={[1, 2, 1]} />\n').catch((e: unknown) => e) as MdxCompileError).line).toBe(3);
    // A capitalised tag that is no embed is not one: Java's List<String> is prose (the sanitiser drops the "tag").
    expect(treeHtml((await md('List<String> 과 Map<K, V>')).code)).toBe('<p>List 과 Map&#x3C;K, V></p>');
    // The same source as MDX runs the embed.
    expect((await compileMdx('<Convolution kernel={[1, 2, 1]} />', { embeds: schemas, format: 'mdx' })).embeds).toEqual(['Convolution']);
  });

  it('GFM (tables, task lists, footnotes, strikethrough) works and footnote links reach their notes', async () => {
    const out = await md('| a | b |\n| - | :-: |\n| 1 | 2 |\n\n- [x] 끝\n- [ ] 할 일\n\n~~지움~~ 각주[^1]\n\n[^1]: 각주 내용\n');
    const html = treeHtml(out.code);
    expect(html).toContain('<td align="center">2</td>');
    expect(html).toContain('<input type="checkbox" checked disabled>');
    expect(html).toContain('<del>지움</del>');
    const ref = /<a href="#([^"]+)" id="([^"]+)" data-footnote-ref/.exec(html);
    expect(ref).not.toBeNull();
    expect(html).toContain(`<li id="${ref![1]}">`);
    expect(html).toContain(`href="#${ref![2]}"`);
  });

  it('Markdown links keep MDX’s URL rule (refused with the line)', async () => {
    const err = await md('첫 줄\n\n[x](javascript:alert(1))').catch((e: MdxCompileError) => e);
    expect(err).toBeInstanceOf(MdxCompileError);
    expect((err as MdxCompileError).message).toMatch(/^line 3.*link: javascript: URLs are not allowed/);
  });

  it('the format comes from the extension', () => {
    expect(formatOfFilename('a/b/post.md')).toBe('markdown');
    expect(formatOfFilename('post.MDX')).toBe('mdx');
    expect(formatOfFilename('post.txt')).toBeUndefined();
  });
});

describe('hostile HTML in a Markdown post comes out inert', () => {
  const hostile = [
    '<table><tr><td><script>alert(1)</script>표</td>',
    '<td><img src="x" onerror="alert(1)" alt="a"></td>',
    '<td><a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt:alert(2)">js2</a> <a href="&#106;avascript:alert(3)">js3</a> <a href="jav&#x09;ascript:alert(4)">js4</a></td>',
    '<td><img src="javascript:alert(5)" alt="b"><img src="data:text/html;base64,PHNjcmlwdD4=" alt="c"><img src="data:image/png;base64,iVBORw0KGgo=" alt="ok"></td>',
    '<td><svg onload="alert(6)"><a href="javascript:alert(7)"><text>svg</text></a></svg><math><mi xlink:href="javascript:alert(8)">m</mi></math></td>',
    '<td><iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x.swf"></td>',
    '<td><style>body{display:none}</style><form action="https://evil.example/"><input name="password"><button formaction="javascript:alert(9)">b</button></form></td>',
    '<td><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css"></td>',
    '<td><div style="position:fixed;inset:0" onclick="alert(10)" class="admin-only" id="islands">덮개</div><a href="https://ok.example/" target="_top" onmouseover="alert(11)">ok</a> <a href="https://new.example/" target="_blank">new</a></td>',
    '<td><noscript><p title="</noscript><img src=x onerror=alert(12)>"></noscript><template><img src=x onerror=alert(13)></template><textarea><img src=x onerror=alert(14)></textarea></td>',
    '<td><details open ontoggle="alert(15)"><summary>s</summary>d</details><span style="background:url(javascript:alert(16))">s</span></td></tr></table>',
  ].join('\n');

  it('compiles, and the stored tree holds nothing that runs, loads or restyles', async () => {
    const out = await md(`안전한 첫 문단입니다.\n\n${hostile}\n`);
    const html = treeHtml(out.code);
    for (const bad of [/<script/i, /<iframe/i, /<object/i, /<embed/i, /<style/i, /<form/i, /<input/i, /<button/i, /<base/i, /<meta/i, /<link/i, /<svg/i, /<math/i, /<noscript/i, /<template/i, /<textarea/i]) {
      expect(html).not.toMatch(bad);
    }
    expect(html).not.toMatch(/javascript:|data:text|\son[a-z]+=|style=|class=|\sid=|xlink|formaction|http-equiv|evil\.example/i);
    // Inert, not lost: the text stays, the safe parts stay.
    expect(html).toContain('표');
    expect(html).toContain('<a>js</a>');
    expect(html).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="ok">');
    expect(html).toContain('<a href="https://ok.example/">ok</a>');
    expect(html).toContain('<a href="https://new.example/" target="_blank" rel="noopener noreferrer">new</a>');
    expect(html).toContain('<div>덮개</div>');
    expect(html).toMatch(/<details open><summary>s<\/summary>d<\/details>/);
    // And the page renders it (the renderer's own checks agree), never a 500.
    const page = rendered(out.code);
    expect(page).toContain('덮개');
    expect(page).not.toMatch(/javascript:|<script|onerror|style="background/i);
  });
});

describe('MDX is unchanged', () => {
  const source = '# 제목\n\n문단 $x$ 와\n\n$$\ny\n$$\n\n```py\nprint(1)\n```\n\n<Convolution kernel={[1, 2, 1]} />\n';
  it('format "mdx" and no format compile to the same output, and raw HTML is still refused there', async () => {
    const a = await compileMdx(source, { embeds: schemas });
    const b = await compileMdx(source, { embeds: schemas, format: 'mdx' });
    expect(b).toEqual(a);
    await expect(compileMdx('<!-- more -->', { embeds: schemas })).rejects.toThrow(/Unexpected character `!`/);
    await expect(compileMdx('<span style="color:red">x</span>', { embeds: schemas })).rejects.toThrow(/style attributes are not allowed/);
  });
});
