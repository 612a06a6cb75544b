// HTML body (from a WordPress, Ghost or feed export: hostile) → clean Markdown (CommonMark + GFM + $…$ / $$…$$ math).
// unified: rehype-parse → a hast pass of our own (math, code languages, comments, noise) → rehype-remark → remark-gfm
// → remark-stringify. TeX never goes through Markdown escaping: each formula becomes an alphanumeric token before the
// conversion and is put back verbatim afterwards. Nothing here runs or fetches anything.
import { randomBytes } from 'node:crypto';
import type { Element, ElementContent, Nodes as HastNodes, Parents as HastParents, Root as HastRoot, Text as HastText } from 'hast';
import type { Nodes as MdastNodes } from 'mdast';
import { toText } from 'hast-util-to-text';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';

export interface HtmlToMarkdownOptions {
  /** WordPress stores bodies without <p>: blank lines are paragraphs, single newlines <br> (wpautop). */
  autop?: boolean;
  /** Markdown kept verbatim where the HTML has `<div data-mf-raw="i"></div>` (Ghost markdown cards). */
  raw?: string[];
}

export interface HtmlToMarkdownResult {
  markdown: string;
  /** What was dropped or converted approximately ('iframe → link', 'dropped <script>'), one line each. */
  notes: string[];
}

/** Languages recognised from a bare class name (Tistory's `<pre class="python">`). */
const KNOWN_LANGUAGES = new Set(
  ('bash sh shell zsh console powershell bat c cpp c++ csharp cs java kotlin scala go golang rust swift objectivec ' +
    'python py python3 ruby rb perl php r julia matlab octave lua haskell elixir erlang clojure lisp scheme ocaml fsharp ' +
    'javascript js jsx typescript ts tsx json jsonc yaml yml toml ini xml html css scss sass less sql graphql markdown md ' +
    'latex tex diff dockerfile makefile cmake nginx apache text plaintext plain vb vbnet dart groovy fortran assembly asm ' +
    'nasm verilog vhdl solidity protobuf hcl terraform vim').split(' '),
);
const DROP_WITH_CONTENT = new Set(['script', 'style', 'noscript', 'template', 'form', 'button', 'input', 'select',
  'textarea', 'object', 'embed', 'applet', 'svg', 'canvas', 'head', 'title', 'meta', 'link', 'base', 'frame', 'frameset', 'dialog']);
const NO_MATH = new Set(['pre', 'code', 'kbd', 'samp', 'script', 'style', 'textarea', 'tt']);
const BLOCK_PARENTS = new Set(['p', 'div', 'section', 'article', 'figure', 'center']);
const BLOCK_TAGS = 'address|article|aside|blockquote|center|dd|details|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|iframe';
const BLOCK_OPEN = new RegExp(`(<(?:${BLOCK_TAGS})[\\s/>])`, 'gi');
const BLOCK_CLOSE = new RegExp(`(</(?:${BLOCK_TAGS})>)`, 'gi');
const BLOCK_START = new RegExp(`^(?:</?(?:${BLOCK_TAGS})[\\s/>]|<!--|\u0001)`, 'i');
const BREAK = '\u0000'; // stands for a <br> while a run of text is scanned for math (the HTML parser never yields NUL)

function classString(node: Element): string {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.join(' ') : typeof c === 'string' ? c : '';
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : value == null ? '' : String(value);
}

/** The language of a code block, from the conventions of common highlighters. */
export function codeLanguage(pre: Element): string | null {
  const code = pre.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code');
  const candidates = [pre, ...(code ? [code] : [])];
  for (const el of candidates) {
    const p = el.properties ?? {};
    for (const key of ['dataKeLanguage', 'dataLanguage', 'dataLang', 'lang']) {
      const v = str(p[key]).trim();
      if (v && /^[\w+#.-]{1,30}$/.test(v)) return v.toLowerCase();
    }
    const cls = classString(el);
    const m = /(?:^|\s)(?:language|lang)-([\w+#.-]{1,30})/.exec(cls) ?? /\blang:\s*([\w+#.-]{1,30})/.exec(cls)
      ?? /\bbrush:\s*([\w+#.-]{1,30})/.exec(cls);
    if (m) return m[1]!.toLowerCase().replace(/;$/, '');
    for (const token of cls.split(/\s+/)) if (KNOWN_LANGUAGES.has(token.toLowerCase())) return token.toLowerCase();
  }
  return null;
}

interface MathSpan { start: number; end: number; tex: string; display: boolean }

/** Finds $…$, $$…$$, \(…\), \[…\], [latex]…[/latex] and WordPress's $latex …$ in a run of text. */
export function findMath(s: string): MathSpan[] {
  const out: MathSpan[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '\\' && s[i + 1] === '$') { i += 2; continue; }
    if (ch === '$' && s[i + 1] === '$') {
      const close = s.indexOf('$$', i + 2);
      if (close > i + 2 && s.slice(i + 2, close).trim()) {
        out.push({ start: i, end: close + 2, tex: s.slice(i + 2, close), display: true });
        i = close + 2;
        continue;
      }
      i += 2;
      continue;
    }
    if (ch === '\\' && (s[i + 1] === '[' || s[i + 1] === '(')) {
      const closer = s[i + 1] === '[' ? '\\]' : '\\)';
      const close = s.indexOf(closer, i + 2);
      if (close > i + 2) {
        out.push({ start: i, end: close + 2, tex: s.slice(i + 2, close), display: s[i + 1] === '[' });
        i = close + 2;
        continue;
      }
    }
    if (ch === '[' && /^\[latex[\s\]]/i.test(s.slice(i, i + 7))) {
      const open = s.indexOf(']', i);
      const close = s.toLowerCase().indexOf('[/latex]', open);
      if (open > 0 && close > open) {
        out.push({ start: i, end: close + 8, tex: s.slice(open + 1, close).trim(), display: false });
        i = close + 8;
        continue;
      }
    }
    if (ch === '$' && s.startsWith('$latex', i) && /\s/.test(s[i + 6] ?? '')) {
      const close = s.indexOf('$', i + 7);
      if (close > i + 7 && !s.slice(i, close).includes(BREAK)) {
        const tex = s.slice(i + 7, close).replace(/(?:&(?:amp;)?(?:s|bg|fg)=[^&$]*)+$/, '').trim();
        out.push({ start: i, end: close + 1, tex, display: false });
        i = close + 1;
        continue;
      }
    }
    if (ch === '$' && s[i + 1] && !/\s/.test(s[i + 1]!)) {
      // Pandoc's rule: an opening $ has no space after it; a closing $ no space before it and no digit after it.
      let j = i + 1;
      let found = -1;
      while (j < s.length) {
        const c = s[j];
        if (c === BREAK || (c === '\n' && s[j + 1] === '\n')) break;
        if (c === '\\') { j += 2; continue; }
        if (c === '$') {
          if (!/\s/.test(s[j - 1]!) && !/[0-9]/.test(s[j + 1] ?? '') && s[j + 1] !== '$') found = j;
          break;
        }
        j++;
      }
      if (found > i + 1) {
        out.push({ start: i, end: found + 1, tex: s.slice(i + 1, found), display: false });
        i = found + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}

/** WordPress's wpautop, simplified: blank lines are paragraphs, single newlines <br>; <pre> is left alone. */
export function autop(html: string): string {
  if (!html.trim()) return '';
  const kept: string[] = [];
  let s = html.replace(/\r\n?/g, '\n').replace(/<(pre|script|style)\b[\s\S]*?<\/\1>/gi, (m) => {
    kept.push(m);
    return `\n\n\u0001${kept.length - 1}\u0001\n\n`;
  });
  s = s.replace(/<!--\s*more\s*-->/gi, '\n\n<!--more-->\n\n');
  s = s.replace(BLOCK_OPEN, '\n\n$1').replace(BLOCK_CLOSE, '$1\n\n');
  const out: string[] = [];
  for (const chunk of s.split(/\n\s*\n/)) {
    const t = chunk.trim();
    if (!t) continue;
    if (BLOCK_START.test(t)) out.push(t);
    else out.push(`<p>${t.replace(/\n/g, '<br>\n')}</p>`);
  }
  return out.join('\n\n').replace(/\u0001(\d+)\u0001/g, (_, n: string) => kept[Number(n)]!);
}

function youtubeWatch(src: string): string {
  try {
    const u = new URL(src, 'https://invalid.invalid');
    if (!/^https?:$/.test(u.protocol) || u.hostname === 'invalid.invalid') return '';
    const m = /^\/embed\/([\w-]{6,20})/.exec(u.pathname);
    if (/(^|\.)youtube(-nocookie)?\.com$/.test(u.hostname) && m) return `https://www.youtube.com/watch?v=${m[1]}`;
    return u.href;
  } catch {
    return '';
  }
}

interface Tokens { nonce: string; values: string[] }

function token(tokens: Tokens, value: string): string {
  tokens.values.push(value);
  return `MFTOK${tokens.nonce}N${tokens.values.length - 1}E`;
}

function textNode(value: string): HastText { return { type: 'text', value }; }
function para(children: ElementContent[]): Element { return { type: 'element', tagName: 'p', properties: {}, children }; }
function link(url: string, label: string): Element {
  return { type: 'element', tagName: 'a', properties: { href: url }, children: [textNode(label)] };
}

/** Our pass over the parsed HTML: math → tokens, comments, iframes, noise. Mutates the tree. */
function prepare(root: HastRoot, tokens: Tokens, notes: string[], raw: string[]): void {
  const walk = (parent: HastParents, inNoMath: boolean): void => {
    const next: (typeof parent.children)[number][] = [];
    for (const child of parent.children) {
      if (child.type === 'comment') {
        if (/^\s*more\b/i.test(child.value)) next.push(textNode(token(tokens, '\n\n<!-- more -->\n\n')));
        continue;
      }
      if (child.type !== 'element') { next.push(child); continue; }
      const tag = child.tagName;
      if (DROP_WITH_CONTENT.has(tag)) {
        if (!['head', 'title', 'meta', 'link', 'base'].includes(tag)) notes.push(`dropped <${tag}>`);
        continue;
      }
      const rawIndex = child.properties?.dataMfRaw;
      if (rawIndex !== undefined && raw[Number(rawIndex)] !== undefined) {
        next.push(para([textNode(token(tokens, `\n\n${raw[Number(rawIndex)]!.trim()}\n\n`))]));
        continue;
      }
      if (tag === 'iframe' || tag === 'video' || tag === 'audio') {
        const src = str(child.properties?.src) || str(
          (child.children.find((c) => c.type === 'element' && c.tagName === 'source') as Element | undefined)?.properties?.src);
        const url = src ? youtubeWatch(src) : '';
        if (url) {
          next.push(para([link(url, url)]));
          notes.push(`<${tag}> → link ${url}`);
        } else notes.push(`dropped <${tag}>`);
        continue;
      }
      if (tag === 'a') {
        // Tistory's "더보기" toggle is a control, not content; a link without a safe address keeps only its text.
        if (/\bbtn-toggle-moreless\b/.test(classString(child))) continue;
        const href = str(child.properties?.href).trim();
        if (!href || !/^(https?:|mailto:|\/|#|\.{0,2}\/?[\w%~-])/i.test(href) || /^(javascript|data|vbscript):/i.test(href)) {
          if (href) notes.push(`dropped link address ${href.slice(0, 40)}`);
          const wrapper: Element = { type: 'element', tagName: 'span', properties: {}, children: child.children };
          walk(wrapper, inNoMath);
          next.push(...wrapper.children);
          continue;
        }
      }
      if (tag === 'img') {
        // Lazy-loading plugins keep the real address in data-src.
        const p = child.properties ?? {};
        const lazy = str(p.dataLazySrc) || str(p.dataSrc) || str(p.dataOriginalSrc);
        if (lazy && (!str(p.src) || str(p.src).startsWith('data:'))) p.src = lazy;
        if (!/^(https?:)?\/\//i.test(str(p.src)) && !/^\/[^/]/.test(str(p.src))) {
          if (str(p.src)) notes.push(`dropped image with address ${str(p.src).slice(0, 40)}`);
          continue;
        }
      }
      if (tag === 'p' && !toText(child).replace(/[\s\u00a0\u200b]/g, '')
        && !hasElement(child, new Set(['img', 'iframe', 'video', 'audio']))) {
        if (hasComment(child)) walk(child, inNoMath); else continue; // Tistory's <p data-ke-size>&nbsp;</p> spacers
      } else walk(child, inNoMath || NO_MATH.has(tag));
      next.push(child);
    }
    parent.children = next as typeof parent.children;
    if (!inNoMath) replaceMath(parent, tokens);
  };
  walk(root, false);
}

function hasElement(node: Element, tags: Set<string>): boolean {
  return node.children.some((c) => c.type === 'element' && (tags.has(c.tagName) || hasElement(c, tags)));
}
function hasComment(node: Element): boolean {
  return node.children.some((c) => (c.type === 'comment' && /^\s*more\b/i.test(c.value)) || (c.type === 'element' && hasComment(c))
    || (c.type === 'text' && c.value.includes('MFTOK')));
}

function isBreak(n: HastNodes): boolean { return n.type === 'element' && n.tagName === 'br'; }

/** Scans each run of text and <br> children of a parent for math and replaces it with tokens. */
function replaceMath(parent: HastParents, tokens: Tokens): void {
  const children = parent.children as HastNodes[];
  const out: HastNodes[] = [];
  let i = 0;
  const wholeParentIsRun = children.every((c) => c.type === 'text' || isBreak(c));
  while (i < children.length) {
    const c = children[i]!;
    if (c.type !== 'text' && !isBreak(c)) { out.push(c); i++; continue; }
    let j = i;
    let s = '';
    while (j < children.length && (children[j]!.type === 'text' || isBreak(children[j]!))) {
      const n = children[j]!;
      s += n.type === 'text' ? n.value : BREAK;
      j++;
    }
    const spans = findMath(s);
    if (!spans.length && !s.includes('$')) { out.push(...children.slice(i, j)); i = j; continue; }
    const standalone = wholeParentIsRun && spans.length === 1 && spans[0]!.display
      && !s.slice(0, spans[0]!.start).replace(new RegExp(BREAK, 'g'), '').trim()
      && !s.slice(spans[0]!.end).replace(new RegExp(BREAK, 'g'), '').trim()
      && (parent.type === 'root' || BLOCK_PARENTS.has((parent as Element).tagName));
    let at = 0;
    const emitText = (t: string) => {
      t.split(BREAK).forEach((piece, k) => {
        if (k > 0) out.push({ type: 'element', tagName: 'br', properties: {}, children: [] });
        // A dollar that is not math stays a dollar: written \$ so no Markdown math reading can take it.
        if (piece) {
          piece.split(/\\?\$/).forEach((part, m) => {
            if (m > 0) out.push(textNode(token(tokens, '\\$')));
            if (part) out.push(textNode(part));
          });
        }
      });
    };
    for (const span of spans) {
      emitText(s.slice(at, span.start));
      const tex = span.tex.replaceAll(BREAK, '\n');
      let md: string;
      if (standalone) md = `\n\n$$\n${tex.trim()}\n$$\n\n`;
      else if (span.display) md = `$$${tex.replace(/\n\s*\n/g, '\n')}$$`;
      else md = `$${tex.trim()}$`;
      const t = textNode(token(tokens, md));
      if (standalone && parent.type === 'root') out.push(para([t])); else out.push(t);
      at = span.end;
    }
    if (!standalone) emitText(s.slice(at)); // a standalone formula's leftover is only whitespace and breaks
    i = j;
  }
  parent.children = out as typeof parent.children;
}

// Tokens carry a per-process random part (so a body cannot forge one) and a counter.
const NONCE = randomBytes(4).toString('hex');
let conversions = 0;

const processor = unified()
  .use(rehypeParse, { fragment: true })
  .use(rehypeRemark, {
    handlers: {
      pre(state, node: Element) {
        const value = toText(node, { whitespace: 'pre' }).replace(/\n$/, '');
        const result = { type: 'code' as const, lang: codeLanguage(node), meta: null, value };
        state.patch(node, result);
        return result;
      },
    },
  })
  .use(remarkGfm)
  .use(remarkStringify, { bullet: '-', emphasis: '*', strong: '*', fences: true, rule: '-', listItemIndent: 'one', resourceLink: false });

/** WordPress shortcodes that are markup rather than content: [caption], [sourcecode]/[code]. Others are left as text. */
export function convertMarkupShortcodes(html: string): string {
  return html
    .replace(/\[caption\b[^\]]*\]([\s\S]*?)\[\/caption\]/gi, (_, inner: string) => {
      const img = /(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*<\/a>)?/i.exec(inner);
      const caption = img ? inner.replace(img[0], '').trim() : inner.trim();
      return `<figure>${img ? img[0] : ''}<figcaption>${caption}</figcaption></figure>`;
    })
    .replace(/\[(sourcecode|code)\b([^\]]*)\]([\s\S]*?)\[\/\1\]/gi, (_, _name, attrs: string, code: string) => {
      const lang = /\b(?:language|lang)\s*=\s*["']?([\w+#.-]+)/i.exec(attrs)?.[1] ?? '';
      return `<pre${lang ? ` class="lang:${lang}"` : ''}>${code.replace(/^\n/, '').replace(/</g, '&lt;')}</pre>`;
    });
}

/** One line of plain prose (most comments): Markdown as it stands, without the whole pipeline. */
const PLAIN = /^[\p{L}\p{M}\p{N} .,?'"%:;@]*$/u;

export function htmlToMarkdown(html: string, options: HtmlToMarkdownOptions = {}): HtmlToMarkdownResult {
  if (PLAIN.test(html) && !/^\s*\d+[.)]/.test(html) && !options.raw?.length) {
    return { markdown: html.trim().replace(/ {2,}/g, ' '), notes: [] };
  }
  const notes: string[] = [];
  const source = options.autop ? autop(html) : html;
  const tokens: Tokens = { nonce: `${NONCE}${(conversions++).toString(16)}x`, values: [] };
  const tree = processor.parse(source) as HastRoot;
  prepare(tree, tokens, notes, options.raw ?? []);
  const mdast = processor.runSync(tree) as MdastNodes;
  let md = processor.stringify(mdast as never) as string;
  // Block tokens (display formulas on their own, <!-- more -->, Markdown cards) take their own lines.
  md = md.replace(new RegExp(`\\\\?\\n*[ \\t]*MFTOK${tokens.nonce}N(\\d+)E[ \\t]*\\\\?\\n*`, 'g'), (m, n: string) => {
    const value = tokens.values[Number(n)]!;
    if (!value.startsWith('\n\n')) return m.replace(/MFTOK\w+?E/, () => value);
    return `\u0002${value.trim()}\u0002`;
  });
  md = md.replace(/\u0002+/g, '\n\n');
  md = md.replace(new RegExp(`MFTOK${tokens.nonce}N(\\d+)E`, 'g'), (_, n: string) => tokens.values[Number(n)]!).trim();
  return { markdown: md, notes: [...new Set(notes)] };
}
