// Hostile posts: each is refused at compile time with its line and column, or compiles to output that renders inert.
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { z } from 'zod';
import { compileMdx, MdxCompileError } from '../compile';
import { MdxBody } from '../render';

const schemas = {
  Convolution: z.object({ kernel: z.array(z.number()).optional(), label: z.string().optional() }).strict(),
  GradientDescent: z.object({ lr: z.number().positive().max(0.5).optional() }).strict(),
};
const components = {
  Convolution: (p: Record<string, unknown>) => createElement('figure', null, `kernel ${JSON.stringify(p.kernel ?? null)}`),
  GradientDescent: (p: Record<string, unknown>) => createElement('figure', null, `lr ${String(p.lr)}`),
};

/** Every hostile line goes on line 3, after a harmless paragraph, so the reported line is checked too. */
const at3 = (body: string) => `안전한 첫 문단입니다.\n\n${body}\n`;

const refused: [name: string, body: string, message: RegExp, line?: number][] = [
  ['attribute expression running a shell', `<span title={process.getBuiltinModule('child_process').execSync('id').toString()}>x</span>`, /attribute values in posts are text, not \{expressions\}/],
  ['attribute expression on an allowed attribute', `<a href={'java' + 'script:alert(1)'}>x</a>`, /not \{expressions\}/],
  ['dangerouslySetInnerHTML', `<div dangerouslySetInnerHTML={{__html:'<img src=x onerror=alert(1)>'}} />`, /dangerouslySetInnerHTML is not allowed/],
  ['spread attributes', `<div {...globalThis}>x</div>`, /spread attributes/],
  ['ref', `<span ref="x">a</span>`, /ref is not allowed/],
  ['key', `<span key="x">a</span>`, /key is not allowed/],
  ['onerror on an image', `<img src="/a.png" onerror="alert(1)" />`, /event handler attributes \(onerror\)/],
  ['onClick with an expression', `<a href="/" onClick={() => alert(1)}>x</a>`, /event handler attributes \(onClick\)/],
  ['style string', `<span style="background:url(javascript:alert(1))">x</span>`, /style attributes are not allowed/],
  ['style object', `<span style={{ color: 'red' }}>x</span>`, /style attributes are not allowed/],
  ['class names', `<span className="admin-only">x</span>`, /class names are not allowed/],
  ['an attribute not on the tag allow-list', `<img src="/a.png" srcset="javascript:alert(1) 1x" />`, /may not have the attribute "srcset"/],
  ['id (DOM clobbering)', `<span id="islands">x</span>`, /may not have the attribute "id"/],
  ['javascript: href', `<a href="javascript:alert(1)">x</a>`, /javascript: URLs are not allowed/],
  ['mixed-case javascript:', `<a href="JaVaScRiPt:alert(1)">x</a>`, /javascript: URLs are not allowed/],
  ['tab entity inside javascript:', `<a href="jav&#x09;ascript:alert(1)">x</a>`, /may not contain tabs, newlines or control characters/],
  ['entity-encoded javascript:', `<a href="&#106;avascript:alert(1)">x</a>`, /javascript: URLs are not allowed/],
  ['leading space before javascript:', `<a href="  javascript:alert(1)">x</a>`, /javascript: URLs are not allowed/],
  ['data:text/html in an image', `<img src="data:text/html;base64,PHNjcmlwdD4=" alt="x" />`, /data: URLs are not allowed/],
  ['data: image in a link', `<a href="data:image/png;base64,AAAA">x</a>`, /data: URLs are not allowed/],
  ['vbscript: in a markdown link', `[x](vbscript:msgbox)`, /vbscript: URLs are not allowed/],
  ['javascript: in a markdown link', `[클릭](javascript:alert(1))`, /link: javascript: URLs are not allowed/],
  ['javascript: in a markdown image', `![그림](javascript:alert(1))`, /image: javascript: URLs are not allowed/],
  ['javascript: in a reference definition', `[x][r]\n\n[r]: javascript:alert(1)`, /link: javascript: URLs are not allowed/, 5],
  ['entity-obfuscated markdown link', `[x](jav&#x0A;ascript:alert(1))`, /control characters/],
  ['javascript: autolink', `<javascript:alert(1)>`, /Unexpected character/],
  ['KaTeX \\href', `$\\href{javascript:alert(1)}{x}$`, /\\href is not allowed/],
  ['KaTeX \\url in display math', `$$\n\\url{javascript:alert(1)}\n$$`, /\\url is not allowed/],
  ['KaTeX \\htmlData', `$\\htmlData{foo=bar}{x}$`, /\\htmlData is not allowed/],
  ['KaTeX \\includegraphics', `$\\includegraphics{https://evil.example/x.png}$`, /\\includegraphics is not allowed/],
  ['author-written SVG', `<svg><a href="javascript:alert(1)"><text>x</text></a></svg>`, /<svg> is not allowed/],
  ['author-written MathML', `<math><mi>x</mi></math>`, /<math> is not allowed/],
  ['script', `<script>alert(1)</script>`, /<script> is not allowed/],
  ['iframe', `<iframe src="https://evil.example" />`, /<iframe> is not allowed/],
  ['a target other than _blank', `<a href="https://example.com" target="_top">x</a>`, /expected "_blank"/],
  ['an HTML comment (MDX has none)', `<!-- <img src=x onerror=alert(1)> -->`, /Unexpected character `!`/],
  ['an expression child inside a nested embed', `<details>\n<Convolution>{process.exit(1)}</Convolution>\n</details>`, /<Convolution> takes no children/, 4],
  ['an embed prop that is a call', `<Convolution kernel={fetch('/admin')} />`, /a prop must be a literal value .* not call expression/],
  ['an embed prop array holding a name', `<Convolution kernel={[1, process, 1]} />`, /a prop must be a literal value .* not identifier/],
  ['an embed prop template literal', '<Convolution label={`${process.env.SECRET}`} />', /not template literal/],
  ['an embed prop of the wrong type', `<Convolution kernel="1,2,1" />`, /<Convolution> prop "kernel": .*expected array/],
  ['an embed prop out of range', `<GradientDescent lr={5} />`, /<GradientDescent> prop "lr": .*<=0.5/],
  ['an embed prop the embed does not have', `<Convolution onLoad="x" />`, /event handler attributes/],
  ['an unknown embed prop', `<Convolution bogus={1} />`, /<Convolution> prop "bogus": Convolution has no such prop/],
  ['an embed spread', `<Convolution {...{kernel: [1]}} />`, /spread attributes/],
  ['an unregistered embed', `<Transformer />`, /<Transformer \/> is not a registered embed \(registered: Convolution, GradientDescent\)/],
  ['a text expression', `결과는 {process.exit(1)} 입니다`, /a \{ starts a JavaScript expression/],
  ['import', `import fs from 'node:fs'`, /import and export are not allowed/],
  ['export', `export const pwned = globalThis.process`, /import and export are not allowed/],
];

describe('hostile posts are refused at compile time with line and column', () => {
  it.each(refused)('%s', async (_name, body, message, line = 3) => {
    const err = await compileMdx(at3(body), { embeds: schemas }).catch((e) => e);
    expect(err).toBeInstanceOf(MdxCompileError);
    expect(err.reason).toMatch(message);
    expect(err.line).toBe(line);
    expect(err.column).toBeGreaterThanOrEqual(1);
    expect(err.message).toMatch(/^line \d+, column \d+: /);
  });

  it('points at the offending attribute, not just the element', async () => {
    const err = await compileMdx(at3('<img src="/a.png" alt="x" onerror="alert(1)" />'), { embeds: schemas }).catch((e) => e);
    expect([err.line, err.column]).toEqual([3, 27]);
  });
});

async function rendered(body: string) {
  const out = await compileMdx(at3(body), { embeds: schemas });
  return renderToStaticMarkup(createElement(MdxBody, { cacheKey: `t:${body}`, code: out.code, embeds: components, schemas }));
}

describe('what is allowed renders inert', () => {
  it('a link that opens a new tab gets rel="noopener noreferrer"', async () => {
    const html = await rendered('<a href="https://example.com" target="_blank">x</a>');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">x</a>');
  });

  it('safe URLs pass: http(s), mailto, relative, #anchor and data: images', async () => {
    const html = await rendered('[a](https://a.example/x?y=1) [b](mailto:me@example.com) [c](../other) [d](#section-2) ![e](data:image/png;base64,iVBORw0KGgo=)');
    expect(html).toContain('href="https://a.example/x?y=1"');
    expect(html).toContain('href="mailto:me@example.com"');
    expect(html).toContain('href="../other"');
    expect(html).toContain('href="#section-2"');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('GFM autolink literals become http(s) links only', async () => {
    const html = await rendered('see https://example.com and javascript:alert(1)');
    expect(html).toContain('<a href="https://example.com">https://example.com</a>');
    expect(html).not.toContain('href="javascript');
  });

  it('allowed attributes keep their values and nothing else', async () => {
    const html = await rendered('<details open><summary>더 보기</summary>본문</details>\n\n<img src="/m.png" alt="그림" width="320" />');
    expect(html).toContain('<details open=""><summary>더 보기</summary>');
    expect(html).toContain('<img src="/m.png" alt="그림" width="320"/>');
  });

  it('embed props written as JSON literals reach the island marker as validated JSON', async () => {
    const html = await rendered('<Convolution kernel={[1, -2, 1]} label="sobel" />');
    expect(html).toContain('<div class="embed" data-embed="Convolution" data-props="{&quot;kernel&quot;:[1,-2,1],&quot;label&quot;:&quot;sobel&quot;}">');
    expect(html).toContain('kernel [1,-2,1]');
  });

  it('KaTeX trusts nothing: a \\href hidden in \\text is refused as well', async () => {
    const err = await compileMdx(at3('$\\text{\\href{javascript:alert(1)}{x}}$'), { embeds: schemas }).catch((e) => e);
    expect(err.reason).toMatch(/\\href is not allowed/);
  });
});
