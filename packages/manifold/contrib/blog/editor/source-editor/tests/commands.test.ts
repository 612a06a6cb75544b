// The toolbar's edits on a real CodeMirror state: what each one writes, what it selects, and that it undoes itself.
import { EditorSelection, EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import * as cmd from '../commands';

/** A state from text with `|` marking the cursor, or `[`…`]` the selection. */
function at(marked: string): EditorState {
  const a = marked.indexOf('[');
  if (a >= 0) {
    const b = marked.indexOf(']');
    const doc = marked.slice(0, a) + marked.slice(a + 1, b) + marked.slice(b + 1);
    return EditorState.create({ doc, selection: EditorSelection.single(a, b - 1) });
  }
  const c = marked.indexOf('|');
  return EditorState.create({ doc: marked.replace('|', ''), selection: EditorSelection.cursor(c) });
}

/** Applies an edit; the result as text with the selection marked like `at`. */
function apply(state: EditorState, edit: cmd.Edit): string {
  const spec = edit(state);
  const next = spec ? state.update(spec).state : state;
  const { from, to } = next.selection.main;
  const doc = next.doc.toString();
  return from === to ? doc.slice(0, from) + '|' + doc.slice(from) : doc.slice(0, from) + '[' + doc.slice(from, to) + ']' + doc.slice(to);
}

describe('inline marks', () => {
  it('bold wraps the selection and a second press unwraps it', () => {
    const once = apply(at('학습률 [에타] 값'), cmd.bold('ko'));
    expect(once).toBe('학습률 **[에타]** 값');
    expect(apply(at(once), cmd.bold('ko'))).toBe('학습률 [에타] 값');
  });

  it('with no selection it inserts a selected placeholder', () => {
    expect(apply(at('a |b'), cmd.italic('en'))).toBe('a *[text]*b');
    expect(apply(at('식 |'), cmd.inlineMath())).toBe('식 $[x]$');
  });

  it('italic does not unwrap the inner star of bold', () => {
    expect(apply(at('**[굵게]**'), cmd.italic('ko'))).toBe('***[굵게]***');
  });
});

describe('line edits', () => {
  it('heading sets, changes and removes the level of each selected line', () => {
    expect(apply(at('제목|'), cmd.setHeading(2))).toBe('## 제목|');
    expect(apply(at('### 제|목'), cmd.setHeading(2))).toBe('## 제|목');
    expect(apply(at('## 제목|'), cmd.setHeading(2))).toBe('제목|');
  });

  it('lists and quotes toggle on every selected line; numbered lists count', () => {
    expect(apply(at('[하나\n둘\n셋]'), cmd.toggleLinePrefix('ordered'))).toBe('1. [하나\n2. 둘\n3. 셋]');
    expect(apply(at('[- 하나\n- 둘]'), cmd.toggleLinePrefix('ordered'))).toBe('[1. 하나\n2. 둘]');
    expect(apply(at('[- 하나\n- 둘]'), cmd.toggleLinePrefix('bullet'))).toBe('[하나\n둘]');
    expect(apply(at('인용|'), cmd.toggleLinePrefix('quote'))).toBe('> 인용|');
  });
});

describe('blocks', () => {
  it('a code block in the chosen language sits on its own lines with blank lines around, its body selected', () => {
    expect(apply(at('앞 문장|\n뒤 문장'), cmd.codeBlock('python', 'ko'))).toBe('앞 문장\n\n```python\n[코드]\n```\n\n뒤 문장');
    expect(apply(at('[print(1)]'), cmd.codeBlock('py; rm -rf', 'en'))).toBe('```pyrm-rf\n[print(1)]\n```');
  });

  it('display math wraps the selection in $$ lines', () => {
    expect(apply(at('문단\n\n[\\sum_i x_i]'), cmd.displayMath())).toBe('문단\n\n$$\n[\\sum_i x_i]\n$$');
  });

  it('a table has a header, a separator and the body rows', () => {
    const out = apply(at('|'), cmd.table(2, 2, 'en'));
    expect(out).toBe('| [Column 1] | Column 2 |\n| -------- | -------- |\n| cell | cell |\n| cell | cell |');
    // absurd sizes are clamped, not obeyed
    const big = cmd.table(1e9, -5, 'ko')(at('|'))!;
    expect(EditorState.create().update(big).state.doc.lines).toBe(52);
  });

  it('an embed inserted mid-paragraph gets its own block', () => {
    expect(apply(at('앞|뒤'), cmd.insertBlock('<Timestamp />'))).toBe('앞\n\n<Timestamp />|\n\n뒤');
  });
});

describe('links and images', () => {
  it('a link takes the selection as its text and selects the address to type', () => {
    expect(apply(at('[문서]'), cmd.link('ko'))).toBe('[문서]([https://])');
    expect(apply(at('[https://example.com/a]'), cmd.link('en'))).toBe('[[link text]](https://example.com/a)');
  });

  it('an image escapes what would end its alt text or address', () => {
    expect(cmd.imageMarkdown('고양이 [사진]\n둘', '/media/2026/12/abc.960x540.webp')).toBe('![고양이 사진 둘](/media/2026/12/abc.960x540.webp)');
    expect(cmd.imageMarkdown('a', 'https://x.test/a b(1).png')).toBe('![a](<https://x.test/a b(1).png>)');
    expect(apply(at('글 |끝'), cmd.image('대체', '/media/x.png'))).toBe('글 ![대체](/media/x.png)|끝');
  });
});
