// HTML bodies from other blogs → Markdown: math kept verbatim (never escaped), code blocks with their language from
// each highlighter's convention, images, captions, embeds as links, <!-- more --> on its own line, unsafe tags gone.
import { describe, expect, it } from 'vitest';
import { autop, convertMarkupShortcodes, findMath, htmlToMarkdown } from '../importers/html-to-markdown';
import { expandTistoryPlaceholders, kageUrl } from '../importers/tistory';

const md = (html: string, autopOn = false) => htmlToMarkdown(html, { autop: autopOn }).markdown;

describe('math', () => {
  it('keeps every delimiter family with the TeX untouched', () => {
    expect(md('<p>a $x_1 * y_2$ b \\(\\alpha_{i}\\) c [latex]\\beta^*_k[/latex] d $latex \\gamma_1&amp;s=2$ e</p>'))
      .toBe('a $x_1 * y_2$ b $\\alpha_{i}$ c $\\beta^*_k$ d $\\gamma_1$ e');
  });

  it('writes a formula alone in its paragraph as a display block, and keeps $$…$$ inside a sentence inline', () => {
    expect(md('<p>$$\\sum_{i=1}^n x_i$$</p><p>합은 $$a_1+a_2$$ 입니다.</p><p>\\[ \\int_0^1 f \\]</p>'))
      .toBe('$$\n\\sum_{i=1}^n x_i\n$$\n\n합은 $$a_1+a_2$$ 입니다.\n\n$$\n\\int_0^1 f\n$$');
  });

  it('joins a display formula split by <br> (Tistory, MathJax) and decodes entities inside TeX', () => {
    expect(md('<p>$$<br>a &lt; b_1<br>$$</p>')).toBe('$$\na < b_1\n$$');
  });

  it('escapes dollars that are not math (currency) and leaves code alone', () => {
    expect(md('<p>가격은 $5 이고 할인은 $3 입니다.</p><p><code>$x$</code></p>'))
      .toBe('가격은 \\$5 이고 할인은 \\$3 입니다.\n\n`$x$`');
    expect(findMath('$5 이고 할인은 $3')).toEqual([]);
  });
});

describe('code', () => {
  it.each([
    ['<pre><code class="language-py">x = 1</code></pre>', 'py'],
    ['<pre class="lang:python decode:true">x = 1</pre>', 'python'],
    ['<pre class="brush: python; gutter: false">x = 1</pre>', 'python'],
    ['<pre id="code_1" class="python" data-ke-language="python" data-ke-type="codeblock"><code>x = 1</code></pre>', 'python'],
    ['<pre class="bash">x = 1</pre>', 'bash'],
  ])('%s → a fenced block in %s', (html, lang) => {
    expect(md(html)).toBe(`\`\`\`${lang}\nx = 1\n\`\`\``);
  });

  it('keeps the code text exactly: markup characters, <, trailing spaces, <br> as newlines, no math', () => {
    expect(md('<pre class="lang:js">if (a &lt; b) { s = "$x$ * _y_" }  <br>done</pre>'))
      .toBe('```js\nif (a < b) { s = "$x$ * _y_" }  \ndone\n```');
  });

  it('converts [sourcecode] shortcodes', () => {
    expect(md(convertMarkupShortcodes('[sourcecode language="python"]\nif a < b:\n    pass\n[/sourcecode]'), true))
      .toBe('```python\nif a < b:\n    pass\n```');
  });
});

describe('structure', () => {
  it('WordPress captions become image + caption text', () => {
    expect(md(convertMarkupShortcodes('[caption id="a" width="300"]<img src="https://ex.com/a.png" alt="A" /> 설명[/caption]'), true))
      .toBe('![A](https://ex.com/a.png)\n\n설명');
  });

  it('iframes become a link line and are noted; scripts, styles, forms are dropped and noted', () => {
    const r = htmlToMarkdown('<p>앞</p><iframe src="https://www.youtube.com/embed/aircAruvnKk"></iframe><script>alert(1)</script><style>p{}</style><form><input></form><p onclick="x()">뒤 <span style="color:red">빨강</span></p>');
    expect(r.markdown).toBe('앞\n\n<https://www.youtube.com/watch?v=aircAruvnKk>\n\n뒤 빨강');
    expect(r.notes).toEqual(['<iframe> → link https://www.youtube.com/watch?v=aircAruvnKk', 'dropped <script>', 'dropped <style>', 'dropped <form>']);
  });

  it('keeps <!--more--> as <!-- more --> on its own line, drops other comments, javascript: links and spacer paragraphs', () => {
    expect(md('첫 줄\n<!--more-->\n둘째 <!-- wp:paragraph --><a href="javascript:alert(1)">링크</a>', true))
      .toBe('첫 줄\n\n<!-- more -->\n\n둘째 링크');
    expect(md('<p data-ke-size="size16">&nbsp;</p><p data-ke-size="size16">본문</p>')).toBe('본문');
  });

  it('wpautop: blank lines are paragraphs, single newlines breaks, <pre> untouched', () => {
    expect(autop('a\nb\n\nc\n<pre>x\n\ny</pre>')).toBe('<p>a<br>\nb</p>\n\n<p>c</p>\n\n<pre>x\n\ny</pre>');
    expect(md('a\nb\n\nc', true)).toBe('a\\\nb\n\nc');
  });

  it('tables, lists, headings, quotes, lazy images', () => {
    expect(md('<h2>제목</h2><ul><li>하나</li><li>둘</li></ul><blockquote><p>인용</p></blockquote><table><tr><th>a</th></tr><tr><td>1</td></tr></table><img src="data:," data-src="https://ex.com/l.png" alt="L">'))
      .toBe('## 제목\n\n- 하나\n- 둘\n\n> 인용\n\n| a |\n| - |\n| 1 |\n\n![L](https://ex.com/l.png)');
  });
});

describe('Tistory placeholders', () => {
  it('[##_Image|kage@…_##] becomes an image on blog.kakaocdn.net with its caption; other placeholders are dropped', () => {
    const notes: string[] = [];
    const html = expandTistoryPlaceholders('[##_Image|kage@bWxyz/btq1/img.png|CDM|1.3|{"originWidth":800,"caption":"그림 1"}_##][##_Video|x_##]', notes);
    expect(md(html)).toBe('![](https://blog.kakaocdn.net/dn/bWxyz/btq1/img.png)\n\n그림 1');
    expect(notes).toEqual(['dropped Tistory [##_Video_##] placeholder']);
    expect(kageUrl('kage@a/한 글.png')).toBe('https://blog.kakaocdn.net/dn/a/%ED%95%9C%20%EA%B8%80.png');
  });
});

describe('plain prose', () => {
  it('one line of plain text comes back as it is, and what only looks plain still goes through the pipeline', () => {
    expect(md('좋은 글 감사합니다. 질문: 100% 맞나요?', true)).toBe('좋은 글 감사합니다. 질문: 100% 맞나요?');
    expect(md('1. 목록이 아닙니다', true)).toBe('1\\. 목록이 아닙니다');
    expect(md('a_b *c*', true)).toBe('a_b \\*c\\*'); // intraword _ needs no escape
  });
});
