// The editor's pure text helpers: readable Korean slugs from titles, tidying a typed slug, and the revision diff
// (lines, words found by Intl.Segmenter, changed fields).
import { describe, expect, it } from 'vitest';
import { diffRevisions, diffSource, diffWordsOf } from '../editor/diff';
import { isValidSlug, MAX_SLUG_LENGTH, normalizeSlug, slugFromTitle } from '../editor/slug';

describe('slugFromTitle', () => {
  it.each([
    ['경사하강법 이해하기', '경사하강법-이해하기'],
    ['경사하강법 (Gradient Descent) 이해하기!', '경사하강법-gradient-descent-이해하기'],
    ['Transformer(4): Attention is All You Need', 'transformer-4-attention-is-all-you-need'],
    ['  Adam — 옵티마이저 / 정리?  ', 'adam-옵티마이저-정리'],
    ["Don't Panic", 'dont-panic'],
    ['ResNet-50 & VGG16', 'resnet-50-vgg16'],
    ['日本語のタイトル', '日本語のタイトル'],
    ['!!!', ''],
    ['', ''],
  ])('%j → %j', (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  it('composes decomposed Hangul (NFD from macOS) and stops at a word boundary within the limit', () => {
    expect(slugFromTitle('경사하강법'.normalize('NFD'))).toBe('경사하강법');
    const long = slugFromTitle(Array.from({ length: 30 }, (_, i) => `단어${i}`).join(' '));
    expect([...long].length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(long.endsWith('-')).toBe(false);
    expect(long.startsWith('단어0-단어1-')).toBe(true);
    expect([...slugFromTitle('가'.repeat(200))].length).toBe(MAX_SLUG_LENGTH);
  });
});

describe('normalizeSlug / isValidSlug', () => {
  it('tidies what an author typed and refuses what cannot be an address', () => {
    expect(normalizeSlug(' My New Post ')).toBe('my-new-post');
    expect(normalizeSlug('옛-제목-새주소')).toBe('옛-제목-새주소');
    expect(normalizeSlug('a/b\\c')).toBe('a-b-c');
    expect(normalizeSlug('<script>')).toBe('script');
    expect(normalizeSlug('--')).toBe('');
    expect(isValidSlug('경사하강법-2')).toBe(true);
    expect(isValidSlug('v1.2_notes')).toBe(true);
    for (const bad of ['', '-a', 'a-', 'a b', 'a/b', '..', '%2e', 'a?b']) expect(isValidSlug(bad), bad).toBe(false);
  });
});

describe('revision diffs', () => {
  it('pairs a replaced line with its replacement and diffs its Korean words', () => {
    const { rows, added, removed } = diffSource('# 제목\n경사하강법의 학습률은 작다.\n끝\n', '# 제목\n경사하강법의 학습률이 크다.\n새 줄\n끝\n');
    expect(rows.map((r) => [r.op, r.oldLine, r.newLine])).toEqual([
      ['same', 1, 1],
      ['change', 2, 2],
      ['add', null, 3],
      ['same', 3, 4],
    ]);
    expect([added, removed]).toEqual([2, 1]);
    const words = rows[1].words!;
    // Whole words (eojeol) change, never half a syllable block.
    expect(words.filter((w) => w.op === 'del').map((w) => w.text.trim())).toEqual(['학습률은 작다']);
    expect(words.filter((w) => w.op === 'add').map((w) => w.text.trim())).toEqual(['학습률이 크다']);
    expect(words.filter((w) => w.op !== 'add').map((w) => w.text).join('')).toBe('경사하강법의 학습률은 작다.');
    expect(words.filter((w) => w.op !== 'del').map((w) => w.text).join('')).toBe('경사하강법의 학습률이 크다.');
  });

  it('segments Japanese without spaces into words rather than one block', () => {
    const words = diffWordsOf('私は学生です', '私は先生です');
    expect(words.some((w) => w.op === 'same' && w.text.includes('私'))).toBe(true);
  });

  it('lists removed and added lines, counts them, and reports changed fields in the editor’s order', () => {
    const d = diffRevisions(
      { source: 'a\nb\nc', fields: { title: '옛 제목', tags: ['x'], excerpt: '같음', categoryId: null } },
      { source: 'a\nc\nd', fields: { title: '새 제목', tags: ['x', 'y'], excerpt: '같음', categoryId: 3 } },
    );
    expect(d.rows.map((r) => r.op)).toEqual(['same', 'del', 'same', 'add']);
    expect([d.added, d.removed]).toEqual([1, 1]);
    expect(d.fields).toEqual([
      { field: 'title', before: '옛 제목', after: '새 제목' },
      { field: 'categoryId', before: '', after: '3' },
      { field: 'tags', before: 'x', after: 'x, y' },
    ]);
    expect(diffRevisions({ source: 'same', fields: {} }, { source: 'same', fields: {} })).toEqual({ rows: [{ op: 'same', oldLine: 1, newLine: 1, oldText: 'same', newText: 'same' }], added: 0, removed: 0, fields: [] });
  });
});
