// The passage shown under a result and the words marked in it, found in the post's own text (with its case and
// spacing) by the same pieces the index matched: a Korean piece allows a space between its syllables (경사 하강법 for
// 경사하강법), a Latin piece is any word with the same Porter stem (Transformers for transformer).
import { BIGRAM_CHAR, normalize, stem, type QueryGroup } from './tokenize';

/** A letter or digit of a spaced script: a Latin word ends where Hangul starts (Rate란 holds the word rate). */
const WORD_CHAR = `(?:(?![${BIGRAM_CHAR}])[\\p{L}\\p{N}])`;

export interface Segment {
  text: string;
  hit: boolean;
}

interface Match {
  start: number;
  end: number;
  group: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The most matches looked at in one text (a post that says a word a thousand times needs no more). */
const MAX_MATCHES = 400;

interface Matcher {
  group: number;
  pattern: RegExp;
  /** A Latin word's stem the matched word must have. */
  stem?: string;
}

function matchers(groups: QueryGroup[]): Matcher[] {
  const out: Matcher[] = [];
  groups.forEach((group, g) => {
    for (const variant of group.variants) {
      for (const piece of variant.pieces) {
        if (piece.kind === 'cjk') {
          out.push({ group: g, pattern: new RegExp([...piece.text].map(escapeRegExp).join('\\s?'), 'gu') });
        } else {
          // Porter stems are prefixes of their words but for a last y → i (study → studi): match on the stem's start.
          const head = piece.stem.length > 3 ? piece.stem.slice(0, -1) : piece.stem;
          out.push({ group: g, pattern: new RegExp(`(?<!${WORD_CHAR})${escapeRegExp(head)}${WORD_CHAR}*`, 'giu'), stem: piece.stem });
        }
      }
    }
  });
  return out;
}

/** Every place in `text` a group's piece occurs, in order, overlaps removed. */
export function findMatches(text: string, groups: QueryGroup[]): Match[] {
  const found: Match[] = [];
  for (const m of matchers(groups)) {
    for (const hit of text.matchAll(m.pattern)) {
      if (m.stem && stem(normalize(hit[0])) !== m.stem && normalize(hit[0]) !== m.stem) continue;
      found.push({ start: hit.index, end: hit.index + hit[0].length, group: m.group });
      if (found.length > MAX_MATCHES * 4) break;
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Match[] = [];
  for (const m of found) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) continue;
    // Pieces of one phrase (gd-2, Learning Rate) are one mark.
    if (last && last.group === m.group && /^[^\p{L}\p{N}]{1,2}$/u.test(text.slice(last.end, m.start))) {
      last.end = m.end;
      continue;
    }
    out.push(m);
    if (out.length >= MAX_MATCHES) break;
  }
  return out;
}

function segments(text: string, matches: Match[], from: number, to: number): Segment[] {
  const out: Segment[] = [];
  let at = from;
  for (const m of matches) {
    if (m.end <= from || m.start >= to) continue;
    const start = Math.max(m.start, from);
    const end = Math.min(m.end, to);
    if (start > at) out.push({ text: text.slice(at, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    at = end;
  }
  if (at < to) out.push({ text: text.slice(at, to), hit: false });
  return out;
}

/** A whole short text (a title) with its matches marked. */
export function highlight(text: string, groups: QueryGroup[]): Segment[] {
  return segments(text, findMatches(text, groups), 0, text.length);
}

/**
 * The passage of about `length` characters that holds the most different query words (then the most matches, then
 * the earliest), cut at spaces, with "…" where it was cut; null when no word of the query is in the text.
 */
export function snippet(text: string, groups: QueryGroup[], length = 180): Segment[] | null {
  const matches = findMatches(text, groups);
  if (!matches.length) return null;
  const lead = Math.floor(length / 4);
  let best = { start: 0, groups: -1, count: 0 };
  for (let i = 0; i < matches.length; i++) {
    const start = Math.max(0, matches[i].start - lead);
    const inside = matches.filter((m) => m.start >= start && m.end <= start + length);
    const distinct = new Set(inside.map((m) => m.group)).size;
    if (distinct > best.groups || (distinct === best.groups && inside.length > best.count)) best = { start, groups: distinct, count: inside.length };
  }
  let from = best.start;
  let to = Math.min(text.length, from + length);
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < matches.find((m) => m.start >= from)!.start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    const lastHit = matches.filter((m) => m.start < to).pop()!;
    if (space > lastHit.end) to = space;
  }
  const out = segments(text, matches, from, to);
  if (from > 0) out.unshift({ text: '…', hit: false });
  if (to < text.length) out.push({ text: '…', hit: false });
  return out;
}

export const plainText = (parts: Segment[]) => parts.map((p) => p.text).join('');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/** The segments as HTML: text escaped, matches in <mark>. */
export const markedHtml = (parts: Segment[]) => parts.map((p) => (p.hit ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text))).join('');
