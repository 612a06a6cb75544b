// A refused save (409) merged instead of lost: each field three ways (the version the author started from, theirs,
// mine), the source line by line with node-diff3, and a side-by-side line diff of the two sources. Browser-safe, pure.
import { diff3Merge, diffComm } from 'node-diff3';
import type { EditorFields } from '../types';

export type FieldName = keyof EditorFields;

/** The fields the conflict view shows, in the order of the editor's form. */
export const MERGE_FIELDS: FieldName[] = [
  'title',
  'source',
  'format',
  'slug',
  'excerpt',
  'categoryId',
  'tags',
  'coverImage',
  'seoTitle',
  'seoDescription',
  'seriesId',
  'seriesOrder',
  'revisedAt',
  'publishedAt',
];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export type FieldOutcome =
  /** Both have the same value. */
  | 'same'
  /** Only they changed it since the base: theirs is taken. */
  | 'theirs'
  /** Only I changed it: mine is kept. */
  | 'mine'
  /** Both changed it, differently: the author picks (mine by default). */
  | 'conflict'
  /** Tags: both changed the set; what each added and removed is combined. */
  | 'combined';

export interface FieldMerge {
  field: FieldName;
  outcome: FieldOutcome;
  merged: unknown;
}

/** Tags merged as sets: theirs, plus what I added since the base, minus what I removed since the base. */
export function mergeTags(base: string[], mine: string[], theirs: string[]): string[] {
  const b = new Set(base);
  const m = new Set(mine);
  const out = theirs.filter((t) => !(b.has(t) && !m.has(t)));
  for (const t of mine) if (!b.has(t) && !out.includes(t)) out.push(t);
  return out;
}

/** The outcome for each field other than the source (see mergeSource for that one). */
export function mergeFields(base: EditorFields, mine: EditorFields, theirs: EditorFields): FieldMerge[] {
  return MERGE_FIELDS.filter((f) => f !== 'source').map((field) => {
    const [b, m, t] = [base[field], mine[field], theirs[field]];
    if (same(m, t)) return { field, outcome: 'same', merged: m };
    if (same(m, b)) return { field, outcome: 'theirs', merged: t };
    if (same(t, b)) return { field, outcome: 'mine', merged: m };
    if (field === 'tags') return { field, outcome: 'combined', merged: mergeTags(base.tags, mine.tags, theirs.tags) };
    return { field, outcome: 'conflict', merged: m };
  });
}

export type MergeChunk = { kind: 'ok'; lines: string[] } | { kind: 'conflict'; mine: string[]; base: string[]; theirs: string[] };

export type ChunkChoice = 'mine' | 'theirs' | 'both';

const lines = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/**
 * The source merged three ways by lines: runs both sides agree on (or only one side changed) are taken as they are;
 * where both changed the same lines differently, a conflict chunk keeps all three versions for the author to choose.
 */
export function mergeSource(base: string, mine: string, theirs: string): MergeChunk[] {
  const regions = diff3Merge(lines(mine), lines(base), lines(theirs), { excludeFalseConflicts: true }) as (
    | { ok: string[] }
    | { conflict: { a: string[]; o: string[]; b: string[] } }
  )[];
  const chunks: MergeChunk[] = [];
  for (const r of regions) {
    if ('ok' in r) {
      const last = chunks[chunks.length - 1];
      if (last && last.kind === 'ok') last.lines.push(...r.ok);
      else chunks.push({ kind: 'ok', lines: [...r.ok] });
    } else {
      chunks.push({ kind: 'conflict', mine: r.conflict.a, base: r.conflict.o, theirs: r.conflict.b });
    }
  }
  return chunks;
}

/** The merged text from the chunks and a choice per conflict (in order; a missing choice keeps mine). */
export function resolveSource(chunks: MergeChunk[], choices: ChunkChoice[]): string {
  const out: string[] = [];
  let i = 0;
  for (const c of chunks) {
    if (c.kind === 'ok') {
      out.push(...c.lines);
      continue;
    }
    const choice = choices[i++] ?? 'mine';
    if (choice === 'mine') out.push(...c.mine);
    else if (choice === 'theirs') out.push(...c.theirs);
    else out.push(...c.mine, ...c.theirs);
  }
  return out.join('\n');
}

export const conflictCount = (chunks: MergeChunk[]) => chunks.filter((c) => c.kind === 'conflict').length;

/** One row of the side-by-side view: a line both have, or lines only on the left (theirs) or the right (mine). */
export interface SideRow {
  kind: 'same' | 'left' | 'right' | 'both';
  leftNo: number | null;
  rightNo: number | null;
  left: string | null;
  right: string | null;
}

/** Two texts side by side by lines (left = theirs, right = mine): changed runs are paired row by row. */
export function sideBySide(left: string, right: string): SideRow[] {
  const blocks = diffComm(lines(left), lines(right)) as ({ common: string[] } | { buffer1: string[]; buffer2: string[] })[];
  const rows: SideRow[] = [];
  let l = 1;
  let r = 1;
  for (const b of blocks) {
    if ('common' in b) {
      for (const line of b.common) rows.push({ kind: 'same', leftNo: l++, rightNo: r++, left: line, right: line });
      continue;
    }
    const n = Math.max(b.buffer1.length, b.buffer2.length);
    for (let i = 0; i < n; i++) {
      const hasL = i < b.buffer1.length;
      const hasR = i < b.buffer2.length;
      rows.push({
        kind: hasL && hasR ? 'both' : hasL ? 'left' : 'right',
        leftNo: hasL ? l++ : null,
        rightNo: hasR ? r++ : null,
        left: hasL ? b.buffer1[i] : null,
        right: hasR ? b.buffer2[i] : null,
      });
    }
  }
  return rows;
}

/** Long runs of unchanged rows folded to `context` rows around each change (the view shows "… N lines"). */
export function foldRows(rows: SideRow[], context = 2): (SideRow | { kind: 'fold'; count: number })[] {
  const keep = rows.map(() => false);
  rows.forEach((row, i) => {
    if (row.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(rows.length - 1, i + context); j++) keep[j] = true;
  });
  const out: (SideRow | { kind: 'fold'; count: number })[] = [];
  let folded = 0;
  rows.forEach((row, i) => {
    if (keep[i]) {
      if (folded) out.push({ kind: 'fold', count: folded });
      folded = 0;
      out.push(row);
    } else folded++;
  });
  if (folded) out.push({ kind: 'fold', count: folded });
  return out;
}
