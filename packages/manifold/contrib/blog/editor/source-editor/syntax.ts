// What the source editor highlights beyond CommonMark + GFM: remark-math's `$…$` / `$$…$$` (inline and display, with
// their \commands), and MDX's JSX tags (`<GradientDescent lr={0.1} />`, also across lines), as @lezer/markdown
// extensions. The text inside math is never read as Markdown, so `$a_b*c$` does not open an emphasis.
import { Tag, tags as t } from '@lezer/highlight';
import type { BlockContext, Element, InlineContext, Line, MarkdownConfig } from '@lezer/markdown';

/** Highlight tags of our own (the editor's HighlightStyle gives them classes). */
export const mdTags = {
  math: Tag.define(),
  mathCommand: Tag.define(),
  mathMark: Tag.define(t.processingInstruction),
  jsx: Tag.define(),
};

const DOLLAR = 36;
const BACKSLASH = 92;

/** Marks each \command inside math content (for the colour), as elements at the given offset. */
function mathCommands(make: (type: string, from: number, to: number) => Element, text: string, offset: number): Element[] {
  const out: Element[] = [];
  const re = /\\(?:[A-Za-z]+|.)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(make('MathCommand', offset + m.index, offset + m.index + m[0].length));
  return out;
}

export const mathSyntax: MarkdownConfig = {
  defineNodes: [
    { name: 'InlineMath', style: mdTags.math },
    { name: 'BlockMath', block: true, style: mdTags.math },
    { name: 'MathMark', style: mdTags.mathMark },
    { name: 'MathCommand', style: mdTags.mathCommand },
  ],
  parseInline: [
    {
      name: 'InlineMath',
      parse(cx: InlineContext, next: number, pos: number) {
        if (next !== DOLLAR) return -1;
        let open = 1;
        while (cx.char(pos + open) === DOLLAR) open++;
        if (open > 2) return -1;
        for (let i = pos + open; i < cx.end; i++) {
          const c = cx.char(i);
          if (c === BACKSLASH) {
            i++;
            continue;
          }
          if (c !== DOLLAR) continue;
          let run = 1;
          while (cx.char(i + run) === DOLLAR) run++;
          if (run !== open) {
            i += run - 1;
            continue;
          }
          if (i === pos + open) return -1; // `$$` alone is not math
          const make = (type: string, from: number, to: number) => cx.elt(type, from, to);
          const children = [make('MathMark', pos, pos + open), ...mathCommands(make, cx.slice(pos + open, i), pos + open), make('MathMark', i, i + run)];
          return cx.addElement(cx.elt('InlineMath', pos, i + run, children));
        }
        return -1;
      },
      before: 'Escape',
    },
  ],
  parseBlock: [
    {
      name: 'BlockMath',
      parse(cx: BlockContext, line: Line) {
        if (line.indent - line.baseIndent >= 4) return false;
        const rest = line.text.slice(line.pos);
        if (!rest.startsWith('$$')) return false;
        const from = cx.lineStart + line.pos;
        const make = (type: string, a: number, b: number) => cx.elt(type, a, b);
        const children: Element[] = [make('MathMark', from, from + 2)];
        // `$$ x $$` on one line.
        const sameLine = rest.indexOf('$$', 2);
        if (sameLine > 0 && rest.slice(sameLine + 2).trim() === '') {
          children.push(...mathCommands(make, rest.slice(2, sameLine), from + 2), make('MathMark', from + sameLine, from + sameLine + 2));
          const end = cx.lineStart + line.text.length;
          cx.nextLine();
          cx.addElement(cx.elt('BlockMath', from, end, children));
          return true;
        }
        if (rest.slice(2).trim()) children.push(...mathCommands(make, rest.slice(2), from + 2));
        while (cx.nextLine()) {
          const text = line.text;
          const close = text.indexOf('$$');
          if (close >= 0 && text.slice(close + 2).trim() === '') {
            children.push(...mathCommands(make, text.slice(0, close), cx.lineStart), make('MathMark', cx.lineStart + close, cx.lineStart + close + 2));
            cx.nextLine();
            break;
          }
          children.push(...mathCommands(make, text, cx.lineStart));
        }
        cx.addElement(cx.elt('BlockMath', from, cx.prevLineEnd(), children));
        return true;
      },
      before: 'FencedCode',
    },
  ],
};

export interface JsxPart {
  type: 'MdxTagMark' | 'MdxTagName' | 'MdxAttrName' | 'MdxAttrValue' | 'MdxExpression';
  from: number;
  to: number;
}

/**
 * Reads one capitalised JSX tag (`<Name a="x" b={[1, 2]} />`, `<Name>`, `</Name>`) starting at `start` of `text`:
 * its end and its parts (closed: false when the text ends first, or the tag is malformed there), or null when it does
 * not start like one (the text stays Markdown). Quotes and nested braces are skipped whole: `{">"}` does not end it.
 */
export function scanJsxTag(text: string, start: number): { end: number; parts: JsxPart[]; closed: boolean } | null {
  if (text.charCodeAt(start) !== 60 /* < */) return null;
  const parts: JsxPart[] = [];
  let i = start + 1;
  if (text[i] === '/') i++;
  parts.push({ type: 'MdxTagMark', from: start, to: i });
  const name = /^[A-Z][\w.]*/.exec(text.slice(i, i + 200));
  if (!name) return null;
  parts.push({ type: 'MdxTagName', from: i, to: i + name[0].length });
  i += name[0].length;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) return { end: i, parts, closed: false };
    const c = text[i];
    if (c === '>' || (c === '/' && text[i + 1] === '>')) {
      const to = c === '>' ? i + 1 : i + 2;
      parts.push({ type: 'MdxTagMark', from: i, to });
      return { end: to, parts, closed: true };
    }
    if (c === '{') {
      const end = skipBraces(text, i);
      if (end < 0) return { end: i, parts, closed: false };
      parts.push({ type: 'MdxExpression', from: i, to: end });
      i = end;
      continue;
    }
    const attr = /^[A-Za-z_:][\w:.-]*/.exec(text.slice(i, i + 200));
    if (!attr) return { end: i, parts, closed: false };
    parts.push({ type: 'MdxAttrName', from: i, to: i + attr[0].length });
    i += attr[0].length;
    while (i < text.length && /[ \t]/.test(text[i])) i++;
    if (text[i] !== '=') continue;
    i++;
    while (i < text.length && /\s/.test(text[i])) i++;
    const q = text[i];
    if (q === '"' || q === "'") {
      const close = text.indexOf(q, i + 1);
      if (close < 0) return { end: i, parts, closed: false };
      parts.push({ type: 'MdxAttrValue', from: i, to: close + 1 });
      i = close + 1;
    } else if (q === '{') {
      const end = skipBraces(text, i);
      if (end < 0) return { end: i, parts, closed: false };
      parts.push({ type: 'MdxExpression', from: i, to: end });
      i = end;
    } else return { end: i, parts, closed: false };
  }
}

/** The index after the `}` that closes the `{` at `start`, skipping strings; -1 when it never closes. */
function skipBraces(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

const MAX_TAG_LINES = 60;

export const jsxSyntax: MarkdownConfig = {
  defineNodes: [
    { name: 'MdxJsxBlock', block: true, style: mdTags.jsx },
    { name: 'MdxJsxInline', style: mdTags.jsx },
    { name: 'MdxTagMark', style: t.angleBracket },
    { name: 'MdxTagName', style: t.tagName },
    { name: 'MdxAttrName', style: t.attributeName },
    { name: 'MdxAttrValue', style: t.attributeValue },
    { name: 'MdxExpression', style: t.literal },
  ],
  parseInline: [
    {
      name: 'MdxJsxInline',
      parse(cx: InlineContext, next: number, pos: number) {
        if (next !== 60) return -1;
        const text = cx.slice(pos, cx.end);
        const tag = scanJsxTag(text, 0);
        if (!tag?.closed) return -1;
        const children = tag.parts.map((p) => cx.elt(p.type, pos + p.from, pos + p.to));
        return cx.addElement(cx.elt('MdxJsxInline', pos, pos + tag.end, children));
      },
      before: 'HTMLTag',
    },
  ],
  parseBlock: [
    {
      name: 'MdxJsxBlock',
      parse(cx: BlockContext, line: Line) {
        if (line.indent - line.baseIndent >= 4) return false;
        if (!/^<\/?[A-Z]/.test(line.text.slice(line.pos))) return false;
        // A tag may span lines (props one per line). MDX reads an unclosed one as an error up to the blank line, so
        // the highlight does the same: it takes lines until the tag closes, a blank line, or a sane limit.
        const start = cx.lineStart + line.pos;
        let text = line.text.slice(line.pos);
        let tag = scanJsxTag(text, 0)!;
        for (let n = 0; !tag.closed && n < MAX_TAG_LINES && cx.peekLine().trim() !== '' && cx.nextLine(); n++) {
          text += '\n' + line.text;
          tag = scanJsxTag(text, 0)!;
        }
        const children = tag.parts.map((p) => cx.elt(p.type, start + p.from, start + p.to));
        const end = cx.lineStart + line.text.length;
        cx.nextLine();
        cx.addElement(cx.elt('MdxJsxBlock', start, end, children));
        return true;
      },
      before: 'HTMLBlock',
    },
  ],
};
