// The MDX policy rule by rule: which URLs, attributes, values, elements and TeX commands a post may use, each
// pinned by an input the rule must accept and one it must refuse (issue 17's mutation target for policy.ts).
// Stryker: safeUrl and refusedAttributeReason (lines 61-84, vitest runner) 74 of 76 killed; ATTRIBUTE_VALUE,
// URL_ATTRIBUTES, SAFE_SCHEMES, SAFE_IMAGE_DATA and UNTRUSTED_TEX (command runner) 50 of 50. Both survivors are
// equivalent: `exec(url)?.[1]?.toLowerCase()` -> `?.[1].toLowerCase()` (group 1 is not optional, so a match always
// has it) and `scheme === 'data' && ...` -> `true && ...` (SAFE_IMAGE_DATA is anchored at ^data:, so it only matches
// when the scheme is data). AUTHOR_ELEMENTS, HAST_PROPERTY and the output stamp were not scored in time.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { compileMdx, MdxCompileError } from '../compile';
import { MdxBody } from '../render';
import { ATTRIBUTE_VALUE, CURRENT_OUTPUT_PREFIX, isCurrentOutput, OUTPUT_FORMAT, refusedAttributeReason, safeUrl, UNTRUSTED_TEX } from '../policy';

const LINK_HELP = '(use http(s), mailto:, a relative path or #anchor)';
const IMAGE_HELP = '(use http(s), a relative path or data:image/png|jpeg|webp|gif)';

describe('safeUrl', () => {
  it('passes http(s), mailto (any case) and relative URLs through, trimmed of surrounding spaces', () => {
    for (const url of ['https://a.example/x?y=1', 'http://a.example', 'HTTPS://A.EXAMPLE/', 'Mailto:me@example.com', '/posts/a', 'posts/a', '../a', '#top', '?q=1', '']) {
      expect(safeUrl(url, 'link'), url).toEqual({ url });
      expect(safeUrl(url, 'image'), url).toEqual({ url });
    }
    expect(safeUrl('  https://a.example/x  ', 'link')).toEqual({ url: 'https://a.example/x' });
    expect(safeUrl(' /a.png ', 'image')).toEqual({ url: '/a.png' });
  });

  it('keeps a colon that comes after the first / ? or # (a path, query or fragment, not a scheme)', () => {
    for (const url of ['./a:b', 'a/b:c', '/a:b', '?t=10:30', '#note:1', 'a?x=y:z', 'a#b:c']) expect(safeUrl(url, 'link'), url).toEqual({ url });
  });

  it('refuses a colon before the first / ? or # when no valid scheme precedes it, naming the URL (cut at 40)', () => {
    expect(safeUrl(':alert(1)', 'link')).toEqual({ error: '":alert(1)" is not a URL a post may use' });
    expect(safeUrl('1javascript:alert(1)', 'link')).toEqual({ error: '"1javascript:alert(1)" is not a URL a post may use' });
    expect(safeUrl('java script:alert(1)', 'link')).toEqual({ error: '"java script:alert(1)" is not a URL a post may use' });
    const long = `${'x'.repeat(45)}_:y`;
    expect(safeUrl(long, 'link')).toEqual({ error: `"${'x'.repeat(40)}" is not a URL a post may use` });
  });

  it('refuses every other scheme, naming it in lower case and saying what a link or an image may use', () => {
    expect(safeUrl('javascript:alert(1)', 'link')).toEqual({ error: `javascript: URLs are not allowed ${LINK_HELP}` });
    expect(safeUrl('JavaScript:alert(1)', 'image')).toEqual({ error: `javascript: URLs are not allowed ${IMAGE_HELP}` });
    // Scheme characters after the first letter: digits, +, . and -.
    expect(safeUrl('web+app:x', 'link')).toEqual({ error: `web+app: URLs are not allowed ${LINK_HELP}` });
    expect(safeUrl('x-y.z1:x', 'link')).toEqual({ error: `x-y.z1: URLs are not allowed ${LINK_HELP}` });
    expect(safeUrl('Z:x', 'link')).toEqual({ error: `z: URLs are not allowed ${LINK_HELP}` });
    expect(safeUrl('file:///etc/passwd', 'image')).toEqual({ error: `file: URLs are not allowed ${IMAGE_HELP}` });
    expect(safeUrl('ftp://a.example', 'link')).toEqual({ error: `ftp: URLs are not allowed ${LINK_HELP}` });
  });

  it('lets data: through only for png, jpeg, webp and gif images, and never in a link', () => {
    for (const url of ['data:image/png;base64,iVBORw0KGgo=', 'data:image/jpeg;base64,/9j/', 'data:image/webp;base64,UklG', 'data:image/gif,GIF89a', 'DATA:IMAGE/PNG;base64,AA']) {
      expect(safeUrl(url, 'image'), url).toEqual({ url });
      expect(safeUrl(url, 'link'), url).toEqual({ error: `data: URLs are not allowed ${LINK_HELP}` });
    }
    for (const url of ['data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html,<script>', 'data:image/pngx;base64,AA', 'data:image/png', 'data:,image/png;', 'data:x;image/png;', 'data:text/html,data:image/png;']) {
      expect(safeUrl(url, 'image'), url).toEqual({ error: `data: URLs are not allowed ${IMAGE_HELP}` });
    }
  });

  it('refuses C0 and C1 control characters, DEL, tabs and newlines anywhere, but not spaces or other text', () => {
    for (const c of ['\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f', '\u0080', '\u009f']) {
      expect(safeUrl(`/a${c}b`, 'link'), JSON.stringify(c)).toEqual({ error: 'a URL may not contain tabs, newlines or control characters' });
    }
    for (const url of ['/a b', '/a~b', '/a\u00a0b', '/글 쓰기', '/a\u0020b']) expect(safeUrl(url, 'link'), JSON.stringify(url)).toEqual({ url });
  });
});

describe('refusedAttributeReason', () => {
  it('gives each refused attribute its own reason, whatever its case', () => {
    expect(refusedAttributeReason('dangerouslySetInnerHTML')).toBe('dangerouslySetInnerHTML is not allowed in posts');
    expect(refusedAttributeReason('DANGEROUSLYSETINNERHTML')).toBe('dangerouslySetInnerHTML is not allowed in posts');
    expect(refusedAttributeReason('ref')).toBe('ref is not allowed in posts');
    expect(refusedAttributeReason('Key')).toBe('Key is not allowed in posts');
    expect(refusedAttributeReason('onerror')).toBe('event handler attributes (onerror) are not allowed in posts');
    expect(refusedAttributeReason('ONCLICK')).toBe('event handler attributes (ONCLICK) are not allowed in posts');
    expect(refusedAttributeReason('style')).toBe('style attributes are not allowed in posts; the site styles posts');
    expect(refusedAttributeReason('STYLE')).toBe('style attributes are not allowed in posts; the site styles posts');
    expect(refusedAttributeReason('class')).toBe('class names are not allowed in posts; the site styles posts');
    expect(refusedAttributeReason('className')).toBe('class names are not allowed in posts; the site styles posts');
  });

  it('leaves every other attribute to the allow-list, including names that merely contain a refused one', () => {
    for (const name of ['href', 'title', 'open', 'alt', 'keys', 'prefix', 'button', 'styles', 'classic', 'width']) expect(refusedAttributeReason(name), name).toBeUndefined();
  });
});

describe('attribute values', () => {
  const cases: [attr: string, ok: string[], bad: string[]][] = [
    ['width', ['1', '640', '9999', '50%'], ['', '10000', '64px', 'x1', '1%%', '%']],
    ['height', ['1', '480', '100%'], ['', '12345', '1e3', 'auto']],
    ['colspan', ['1', '9', '10', '999'], ['', '0', '01', '1000', '2x', 'x2']],
    ['rowspan', ['1', '999'], ['0', '1000', '-1']],
    ['align', ['left', 'center', 'right'], ['', 'justify', 'lefty', 'xleft', 'left|right']],
    ['target', ['_blank'], ['', '_top', '_blankx', 'x_blank']],
    ['open', ['', 'open'], ['opened', 'xopen', 'true']],
  ];
  it.each(cases)('%s accepts what it names and nothing else', (attr, ok, bad) => {
    for (const v of ok) expect(ATTRIBUTE_VALUE[attr].test.test(v), `${attr}="${v}"`).toBe(true);
    for (const v of bad) expect(ATTRIBUTE_VALUE[attr].test.test(v), `${attr}="${v}"`).toBe(false);
  });

  const refusals: [body: string, message: string][] = [
    ['<img src="/a.png" width="64px" />', '<img width="64px">: expected a number of pixels (or a percentage)'],
    ['<img src="/a.png" height="auto" />', '<img height="auto">: expected a number of pixels (or a percentage)'],
    ['<table><tbody><tr><td colspan="0">x</td></tr></tbody></table>', '<td colspan="0">: expected a whole number from 1 to 999'],
    ['<table><tbody><tr><th rowspan="1000">x</th></tr></tbody></table>', '<th rowspan="1000">: expected a whole number from 1 to 999'],
    ['<table><tbody><tr><td align="justify">x</td></tr></tbody></table>', '<td align="justify">: expected left, center or right'],
    ['<a href="/" target="_self">x</a>', '<a target="_self">: expected "_blank" (links that open in a new tab get rel="noopener noreferrer")'],
    ['<details open="no">x</details>', '<details open="no">: expected no value (<details open>)'],
  ];
  it.each(refusals)('a post with %s is refused, saying what was expected', async (body, message) => {
    const err = await compileMdx(body, { embeds: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(MdxCompileError);
    expect(err.reason).toBe(message);
  });
});

describe('the element allow-list', () => {
  // Every element an author may write, with every attribute it may carry: this is the contract with authors.
  const allowed: Record<string, string> = {
    a: 'href="/x" title="t" target="_blank"',
    abbr: 'title="t"',
    b: '', br: '', code: '', del: '', details: 'open', div: '', em: '', figcaption: '', figure: '', hr: '', i: '',
    img: 'src="/m.png" alt="a" width="10" height="20%" title="t"',
    kbd: '', mark: '', p: '', pre: '', small: '', span: '', strong: '', sub: '', summary: '', sup: '', table: '', tbody: '',
    td: 'colspan="2" rowspan="3" align="left"', th: 'colspan="4" rowspan="5" align="right"',
    thead: '', tr: '', u: '',
  };
  const voids = new Set(['br', 'hr', 'img']);

  it('compiles and renders each allowed element with each of its attributes', async () => {
    const body = Object.entries(allowed)
      .map(([tag, attrs]) => (voids.has(tag) ? `<${tag} ${attrs} />` : `<${tag} ${attrs}>${tag}</${tag}>`))
      .join('\n\n');
    const out = await compileMdx(body, { embeds: {} });
    const html = renderToStaticMarkup(createElement(MdxBody, { cacheKey: 'policy:all', code: out.code, embeds: {}, schemas: {} }));
    expect(html).toContain('<a href="/x" title="t" target="_blank" rel="noopener noreferrer">a</a>');
    expect(html).toContain('<abbr title="t">abbr</abbr>');
    expect(html).toContain('<details open="">details</details>');
    expect(html).toContain('<img src="/m.png" alt="a" width="10" height="20%" title="t"/>');
    // Spans reach the page (React keeps hast's DOM spelling; HTML attribute names are case-insensitive), align as a style.
    expect(html).toContain('<td colSpan="2" rowSpan="3" style="text-align:left">td</td>');
    expect(html).toContain('<th colSpan="4" rowSpan="5" style="text-align:right">th</th>');
    for (const tag of Object.keys(allowed)) expect(html, tag).toMatch(new RegExp(`<${tag}[ >/]`));
  });

  it('refuses an attribute on an element that does not list it, naming what it allows', async () => {
    for (const [body, message] of [
      ['<span title="t">x</span>', '<span> may not have the attribute "title" (allowed: none)'],
      ['<abbr href="/x">x</abbr>', '<abbr> may not have the attribute "href" (allowed: title)'],
      ['<td width="1">x</td>', '<td> may not have the attribute "width" (allowed: colspan, rowspan, align)'],
      ['<img src="/a.png" href="/b" />', '<img> may not have the attribute "href" (allowed: src, alt, width, height, title)'],
      ['<a href="/" src="/x">x</a>', '<a> may not have the attribute "src" (allowed: href, title, target)'],
      ['<details title="t">x</details>', '<details> may not have the attribute "title" (allowed: open)'],
    ]) {
      const err = await compileMdx(body, { embeds: {} }).catch((e) => e);
      expect(err, body).toBeInstanceOf(MdxCompileError);
      expect(err.reason, body).toBe(message);
    }
  });

  it('checks src on an image as an image URL and href on a link as a link URL', async () => {
    const img = await compileMdx('<img src="data:image/gif;base64,R0lGOD" alt="x" />', { embeds: {} });
    expect(img.code).toContain('data:image/gif;base64,R0lGOD');
    const err = await compileMdx('<img src="javascript:alert(1)" alt="x" />', { embeds: {} }).catch((e) => e);
    expect(err.reason).toBe(`<img src>: javascript: URLs are not allowed ${IMAGE_HELP}`);
    const link = await compileMdx('<a href="vbscript:x">x</a>', { embeds: {} }).catch((e) => e);
    expect(link.reason).toBe(`<a href>: vbscript: URLs are not allowed ${LINK_HELP}`);
  });
});

describe('TeX commands that reach outside the formula', () => {
  it('refuses each of them by name', async () => {
    for (const cmd of ['href', 'url', 'includegraphics', 'htmlData', 'htmlClass', 'htmlId', 'htmlStyle']) {
      expect(UNTRUSTED_TEX.exec(`a \\${cmd}{x}{y}`)?.[1], cmd).toBe(cmd);
      expect(UNTRUSTED_TEX.exec(`\\${cmd}`)?.[1], cmd).toBe(cmd);
    }
    const err = await compileMdx('$\\htmlStyle{color:red}{x}$', { embeds: {} }).catch((e) => e);
    expect(err.reason).toBe('math: \\htmlStyle is not allowed in posts (links and images go in the text, not in math)');
    for (const cmd of ['htmlClass', 'htmlId']) {
      const e = await compileMdx(`$\\${cmd}{a}{x}$`, { embeds: {} }).catch((x) => x);
      expect(e.reason, cmd).toMatch(new RegExp(`^math: \\\\${cmd} is not allowed`));
    }
  });

  it('leaves alone a longer command that only starts with one of their names, and plain words', () => {
    for (const tex of ['\\hrefs{x}', '\\urlx', '\\htmlIdx', 'url{x}', 'href', '\\frac{1}{2}']) expect(UNTRUSTED_TEX.test(tex), tex).toBe(false);
    expect(UNTRUSTED_TEX.test('\\url1')).toBe(true);
  });
});

describe('the output stamp', () => {
  it('recognises current output by its leading format stamp only', () => {
    expect(CURRENT_OUTPUT_PREFIX).toBe(`{"format":"${OUTPUT_FORMAT}"`);
    expect(OUTPUT_FORMAT).toBe('manifold-hast/2');
    expect(isCurrentOutput(JSON.stringify({ format: OUTPUT_FORMAT, tree: { type: 'root', children: [] } }))).toBe(true);
    expect(isCurrentOutput(`{"tree":{},"x":${JSON.stringify(CURRENT_OUTPUT_PREFIX)}}`)).toBe(false);
    expect(isCurrentOutput(`x${CURRENT_OUTPUT_PREFIX}`)).toBe(false);
  });
});
