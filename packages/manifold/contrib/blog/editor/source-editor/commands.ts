// The toolbar's and the shortcuts' edits, as pure functions of an EditorState returning the transaction to apply (or
// null when there is nothing to do): testable without a browser, and one code path for a click and a key. Every edit
// keeps the author's selection meaningful: the placeholder it inserts is selected, ready to be typed over.
import { EditorSelection, type EditorState, type TransactionSpec } from '@codemirror/state';
import { word, type Lang } from './i18n';

export type Edit = (state: EditorState) => TransactionSpec | null;

/** Wraps each selection in `mark` (`**`, `*`, `` ` ``, `$`), or unwraps it when it is already wrapped. */
export function toggleInline(mark: string, placeholder: string): Edit {
  return (state) => {
    const n = mark.length;
    return state.changeByRange((range) => {
      const text = state.sliceDoc(range.from, range.to);
      const before = state.sliceDoc(range.from - n, range.from);
      const after = state.sliceDoc(range.to, range.to + n);
      // `**x**` selected whole, or x selected inside `**…**`: unwrap.
      if (text.length >= 2 * n && text.startsWith(mark) && text.endsWith(mark) && !(n === 1 && text.startsWith(mark + mark))) {
        const inner = text.slice(n, -n);
        return { changes: { from: range.from, to: range.to, insert: inner }, range: EditorSelection.range(range.from, range.from + inner.length) };
      }
      if (!range.empty && before === mark && after === mark && !(n === 1 && (state.sliceDoc(range.from - 2, range.from) === mark + mark))) {
        return {
          changes: [
            { from: range.from - n, to: range.from },
            { from: range.to, to: range.to + n },
          ],
          range: EditorSelection.range(range.from - n, range.to - n),
        };
      }
      const inner = range.empty ? placeholder : text;
      return {
        changes: { from: range.from, to: range.to, insert: mark + inner + mark },
        range: EditorSelection.range(range.from + n, range.from + n + inner.length),
      };
    });
  };
}

/** The lines the selection touches, each once. */
function selectedLines(state: EditorState) {
  const seen = new Set<number>();
  const lines = [];
  for (const r of state.selection.ranges) {
    for (let pos = r.from; pos <= r.to; ) {
      const line = state.doc.lineAt(pos);
      if (!seen.has(line.number)) {
        seen.add(line.number);
        lines.push(line);
      }
      pos = line.to + 1;
    }
  }
  return lines;
}

/** Sets the selected lines to a heading of `level` (removes it when they already are one of that level). */
export function setHeading(level: number): Edit {
  return (state) => {
    const lines = selectedLines(state);
    const marker = '#'.repeat(level) + ' ';
    const all = lines.every((l) => l.text.startsWith(marker));
    const changes = lines.map((l) => {
      const existing = /^#{1,6}[ \t]+/.exec(l.text)?.[0] ?? '';
      return { from: l.from, to: l.from + existing.length, insert: all ? '' : marker };
    });
    return { changes, scrollIntoView: true };
  };
}

/** Toggles a line prefix (`> `, `- `, `1. `) on the selected lines; numbered lists count up. */
export function toggleLinePrefix(kind: 'quote' | 'bullet' | 'ordered'): Edit {
  return (state) => {
    const lines = selectedLines(state);
    const pattern = kind === 'quote' ? /^> ?/ : kind === 'bullet' ? /^[-*+] / : /^\d+[.)] /;
    const all = lines.every((l) => pattern.test(l.text));
    const changes = lines.map((l, i) => {
      const existing = pattern.exec(l.text)?.[0] ?? '';
      if (all) return { from: l.from, to: l.from + existing.length, insert: '' };
      // Switching between list kinds replaces the other marker.
      const other = /^(?:[-*+] |\d+[.)] )/.exec(l.text)?.[0] ?? '';
      const prefix = kind === 'quote' ? '> ' : kind === 'bullet' ? '- ' : `${i + 1}. `;
      return { from: l.from, to: l.from + (kind === 'quote' ? existing.length : other.length), insert: prefix };
    });
    return { changes, scrollIntoView: true };
  };
}

/**
 * Replaces the main selection with a block (`text`), on lines of its own with a blank line before and after as
 * Markdown needs, then selects `select` (offsets inside `text`), or puts the cursor after the block.
 */
export function insertBlock(text: string, select?: [number, number]): Edit {
  return (state) => {
    const { from, to } = state.selection.main;
    const lineBefore = state.doc.lineAt(from);
    const lineAfter = state.doc.lineAt(to);
    const textBefore = state.sliceDoc(lineBefore.from, from);
    const textAfter = state.sliceDoc(to, lineAfter.to);
    let lead = '';
    if (textBefore.trim()) lead = '\n\n';
    else if (lineBefore.number > 1 && state.doc.line(lineBefore.number - 1).text.trim()) lead = '\n';
    let tail = '';
    if (textAfter.trim()) tail = '\n\n';
    else if (lineAfter.number < state.doc.lines && state.doc.line(lineAfter.number + 1).text.trim()) tail = '\n';
    // An empty rest of line is replaced, so the block does not leave trailing blanks.
    const start = textBefore.trim() ? from : lineBefore.from;
    const end = textAfter.trim() ? to : lineAfter.to;
    const insert = lead + text + tail;
    const base = start + lead.length;
    const selection = select ? EditorSelection.single(base + select[0], base + select[1]) : EditorSelection.cursor(base + text.length);
    return { changes: { from: start, to: end, insert }, selection, scrollIntoView: true };
  };
}

/** Inserts inline text at the main selection (replacing it), selecting `select` inside it or placing the cursor after. */
export function insertInline(text: string, select?: [number, number]): Edit {
  return (state) => {
    const { from, to } = state.selection.main;
    const selection = select ? EditorSelection.single(from + select[0], from + select[1]) : EditorSelection.cursor(from + text.length);
    return { changes: { from, to, insert: text }, selection, scrollIntoView: true };
  };
}

export const bold = (lang: Lang) => toggleInline('**', word(lang, 'textPlaceholder'));
export const italic = (lang: Lang) => toggleInline('*', word(lang, 'textPlaceholder'));
export const inlineMath = () => toggleInline('$', 'x');

/** `$$ … $$` around the selection (or a placeholder to type over). */
export function displayMath(): Edit {
  return (state) => {
    const sel = state.sliceDoc(state.selection.main.from, state.selection.main.to).trim();
    const inner = sel || 'E = mc^2';
    return insertBlock(`$$\n${inner}\n$$`, [3, 3 + inner.length])(state);
  };
}

/** A fenced code block in `language` around the selection, the cursor (or the selection) inside. */
export function codeBlock(language: string, lang: Lang): Edit {
  return (state) => {
    const info = language.trim().replace(/[^\w+#.-]/g, '');
    const sel = state.sliceDoc(state.selection.main.from, state.selection.main.to);
    const inner = sel.replace(/\n$/, '') || word(lang, 'code');
    const open = '```' + info + '\n';
    return insertBlock(`${open}${inner}\n\`\`\``, [open.length, open.length + inner.length])(state);
  };
}

/** A Markdown link: the selection becomes its text (or its address when it looks like one). */
export function link(lang: Lang): Edit {
  return (state) => {
    const { from, to } = state.selection.main;
    const sel = state.sliceDoc(from, to);
    if (/^(https?:\/\/|\/)\S*$/.test(sel)) {
      const text = word(lang, 'linkText');
      return insertInline(`[${text}](${sel})`, [1, 1 + text.length])(state);
    }
    const text = sel || word(lang, 'linkText');
    const url = 'https://';
    return insertInline(`[${text}](${url})`, [text.length + 3, text.length + 3 + url.length])(state);
  };
}

/** A GFM table of `rows` body rows and `cols` columns, the first header cell selected. */
export function table(rows: number, cols: number, lang: Lang): Edit {
  const r = Math.min(Math.max(Math.trunc(rows) || 1, 1), 50);
  const c = Math.min(Math.max(Math.trunc(cols) || 1, 1), 20);
  const header = Array.from({ length: c }, (_, i) => `${word(lang, 'column')} ${i + 1}`);
  const body = Array.from({ length: r }, () => Array.from({ length: c }, () => word(lang, 'cell')));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const text = [line(header), line(header.map((h) => '-'.repeat(Math.max(3, h.length)))), ...body.map(line)].join('\n');
  return insertBlock(text, [2, 2 + header[0].length]);
}

/** Alt text safe inside `![…]`: no brackets or line breaks to end it early. */
export function cleanAlt(alt: string): string {
  return alt.replace(/[\r\n]+/g, ' ').replace(/[[\]]/g, '').replace(/\\/g, '').trim().slice(0, 300);
}

/** An image `![alt](url)`; a URL with spaces or parentheses goes in `<…>`. */
export function imageMarkdown(alt: string, url: string): string {
  const u = url.trim();
  const dest = /[\s()<>]/.test(u) ? `<${u.replace(/[<>]/g, encodeURIComponent)}>` : u;
  return `![${cleanAlt(alt)}](${dest})`;
}

export function image(alt: string, url: string): Edit {
  return insertInline(imageMarkdown(alt, url));
}
