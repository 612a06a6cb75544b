// The revisions page's comparison of two saved states of a post: the source line by line (a removed line followed by
// the line that replaced it is one 'change' row with a word diff inside), and the other fields that differ. Words are
// found by Intl.Segmenter, so Korean (and any script without spaces between words) is split where a reader would
// split it, not at every non-ASCII character. Pure and browser-safe: the page may run it on either side.
import { diffLines, diffWords, type Change } from 'diff';
import type { DiffRow, EditorFields, RevisionDiff, WordPart } from './types';

type Side = { source: string; fields: Partial<EditorFields> };

/** Past this many changed lines in one block, lines are listed as removed and added without a word diff (it would not help). */
const MAX_PAIRED_LINES = 200;
/** Longest line given a word diff; longer ones are shown whole (a minified blob, a data URL). */
const MAX_WORD_DIFF_CHARS = 5000;

let segmenter: Intl.Segmenter | null | undefined;
function wordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('ko', { granularity: 'word' }) : null;
  return segmenter;
}

/** The word-level changes between two versions of one line. */
export function diffWordsOf(before: string, after: string): WordPart[] {
  if (before.length > MAX_WORD_DIFF_CHARS || after.length > MAX_WORD_DIFF_CHARS) {
    return [...(before ? [{ op: 'del' as const, text: before }] : []), ...(after ? [{ op: 'add' as const, text: after }] : [])];
  }
  const seg = wordSegmenter();
  const parts: Change[] = diffWords(before, after, seg ? { intlSegmenter: seg } : {});
  const out: WordPart[] = [];
  for (const p of parts) {
    const op: WordPart['op'] = p.added ? 'add' : p.removed ? 'del' : 'same';
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += p.value;
    else if (p.value) out.push({ op, text: p.value });
  }
  return out;
}

/** A block's text as lines, without the final line break's empty line. */
function linesOf(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The line diff of two texts as rows, with the word diff of each changed line. */
export function diffSource(before: string, after: string): { rows: DiffRow[]; added: number; removed: number } {
  // Every line ends with a line break, so a last line without one still equals the same line with one.
  const eol = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);
  const a = eol(String(before ?? '').replace(/\r\n?/g, '\n'));
  const b = eol(String(after ?? '').replace(/\r\n?/g, '\n'));
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  let added = 0;
  let removed = 0;
  const chunks = diffLines(a, b);
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    const lines = linesOf(c.value);
    if (!c.added && !c.removed) {
      for (const text of lines) rows.push({ op: 'same', oldLine: oldLine++, newLine: newLine++, oldText: text, newText: text });
      continue;
    }
    if (c.removed) {
      const next = chunks[i + 1];
      const addedLines = next?.added ? linesOf(next.value) : [];
      if (next?.added) i++;
      removed += lines.length;
      added += addedLines.length;
      // Replaced lines are paired in order; the longer side's rest is plainly removed or added.
      const pairs = lines.length <= MAX_PAIRED_LINES && addedLines.length <= MAX_PAIRED_LINES ? Math.min(lines.length, addedLines.length) : 0;
      for (let k = 0; k < pairs; k++) {
        rows.push({ op: 'change', oldLine: oldLine++, newLine: newLine++, oldText: lines[k], newText: addedLines[k], words: diffWordsOf(lines[k], addedLines[k]) });
      }
      for (let k = pairs; k < lines.length; k++) rows.push({ op: 'del', oldLine: oldLine++, newLine: null, oldText: lines[k], newText: null });
      for (let k = pairs; k < addedLines.length; k++) rows.push({ op: 'add', oldLine: null, newLine: newLine++, oldText: null, newText: addedLines[k] });
      continue;
    }
    added += lines.length;
    for (const text of lines) rows.push({ op: 'add', oldLine: null, newLine: newLine++, oldText: null, newText: text });
  }
  return { rows, added, removed };
}

/** The order fields are listed in (the editor's order); any other key follows, sorted. */
const FIELD_ORDER: string[] = ['title', 'format', 'slug', 'status', 'publishedAt', 'revisedAt', 'categoryId', 'tags', 'excerpt', 'coverImage', 'seoTitle', 'seoDescription', 'seriesId', 'seriesOrder'];

/** A field's value as the page shows it: lists joined, blanks empty. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => displayValue(v)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * What changed from `a` (older, left) to `b` (newer, right): the source's rows and counts, and each other field whose
 * shown value differs (`source` itself is not listed there).
 */
export function diffRevisions(a: Side, b: Side): RevisionDiff {
  const { rows, added, removed } = diffSource(a.source, b.source);
  const fa = (a.fields ?? {}) as Record<string, unknown>;
  const fb = (b.fields ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(fa), ...Object.keys(fb)]);
  keys.delete('source');
  const ordered = [...FIELD_ORDER.filter((k) => keys.has(k)), ...[...keys].filter((k) => !FIELD_ORDER.includes(k)).sort()];
  const fields: RevisionDiff['fields'] = [];
  for (const field of ordered) {
    const before = displayValue(fa[field]);
    const after = displayValue(fb[field]);
    if (before !== after) fields.push({ field, before, after });
  }
  return { rows, added, removed, fields };
}
