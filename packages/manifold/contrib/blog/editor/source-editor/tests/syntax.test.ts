// The editor's Markdown language: math and MDX tags are recognised where remark-math and MDX would read them, and the
// text inside math is not taken for Markdown.
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { describe, expect, it } from 'vitest';
import { jsxSyntax, mathSyntax, scanJsxTag } from '../syntax';

const parser = markdown({ base: markdownLanguage, extensions: [mathSyntax, jsxSyntax] }).language.parser;

/** Every node as `Name:text`, in document order. */
function nodes(source: string): string[] {
  const out: string[] = [];
  parser.parse(source).iterate({
    enter: (n) => {
      out.push(`${n.name}:${source.slice(n.from, n.to)}`);
    },
  });
  return out;
}

describe('math', () => {
  it('marks inline $…$ with its \\commands, and nothing inside becomes emphasis', () => {
    const src = '경사하강법의 학습률 $\\eta$ 와 $a_b*c*d$ 입니다.';
    const n = nodes(src);
    expect(n).toContain('InlineMath:$\\eta$');
    expect(n).toContain('MathCommand:\\eta');
    expect(n).toContain('InlineMath:$a_b*c*d$');
    expect(n.some((x) => x.startsWith('Emphasis:'))).toBe(false);
  });

  it('marks a $$ display block across lines, up to its closing $$', () => {
    const src = '앞 문단\n\n$$\n\\sum_{i=1}^n x_i *y* \n$$\n\n뒤 문단 *강조*';
    const n = nodes(src);
    expect(n).toContain('BlockMath:$$\n\\sum_{i=1}^n x_i *y* \n$$');
    expect(n).toContain('MathCommand:\\sum');
    expect(n.filter((x) => x.startsWith('Emphasis:'))).toEqual(['Emphasis:*강조*']);
  });

  it('reads a one-line $$ x $$ block and leaves an unmatched $ as text', () => {
    expect(nodes('$$ x^2 $$\n')).toContain('BlockMath:$$ x^2 $$');
    const n = nodes('가격은 $5 입니다');
    expect(n.some((x) => x.startsWith('InlineMath'))).toBe(false);
  });

  it('an escaped \\$ does not close inline math', () => {
    expect(nodes('$a \\$ b$')).toContain('InlineMath:$a \\$ b$');
  });
});

describe('MDX tags', () => {
  it('marks a self-closing embed with its props as a block', () => {
    const src = '문단\n\n<GradientDescent lr={0.1} label="학습률 >" steps={[1, {a: "}"}]} />\n\n끝';
    const n = nodes(src);
    expect(n).toContain('MdxJsxBlock:<GradientDescent lr={0.1} label="학습률 >" steps={[1, {a: "}"}]} />');
    expect(n).toContain('MdxTagName:GradientDescent');
    expect(n).toContain('MdxAttrName:lr');
    expect(n).toContain('MdxExpression:{0.1}');
    expect(n).toContain('MdxAttrValue:"학습률 >"');
    expect(n).toContain('MdxExpression:{[1, {a: "}"}]}');
    expect(n).toContain('Paragraph:끝');
  });

  it('takes a tag whose props span lines, and stops an unclosed one at the blank line', () => {
    const multi = '<Convolution\n  stride={2}\n  padding="same"\n/>\n\n다음';
    expect(nodes(multi)).toContain('MdxJsxBlock:<Convolution\n  stride={2}\n  padding="same"\n/>');
    const open = '<Convolution\n  stride={2}\n\n다음 문단';
    const n = nodes(open);
    expect(n).toContain('MdxJsxBlock:<Convolution\n  stride={2}');
    expect(n).toContain('Paragraph:다음 문단');
  });

  it('marks an inline tag inside a paragraph, and leaves lowercase HTML to Markdown', () => {
    const n = nodes('앞 <Timestamp /> 뒤 <span>x</span>');
    expect(n).toContain('MdxJsxInline:<Timestamp />');
    expect(n.some((x) => x.startsWith('MdxJsxInline:<span'))).toBe(false);
  });

  it('scanJsxTag reads the end of a tag and refuses what is not one', () => {
    expect(scanJsxTag('<A b="c" d={1} e />', 0)).toMatchObject({ end: 19, closed: true });
    expect(scanJsxTag('<a href="x">', 0)).toBeNull();
    expect(scanJsxTag('<A b="c', 0)?.closed).toBe(false);
    expect(scanJsxTag('</A>', 0)).toMatchObject({ end: 4, closed: true });
  });

  it('a code fence keeps its content out of the math and tag parsers', () => {
    const n = nodes('```python\nx = "$a$" < B\n<Dcgan />\n```\n');
    expect(n.some((x) => x.startsWith('InlineMath') || x.startsWith('MdxJsx'))).toBe(false);
    expect(n).toContain('CodeInfo:python');
  });
});
