// The editor page's logic that runs without a browser: datetime-local values in the site's time zone, the three-way
// merge of a refused save, and when autosave fires (after a quiet spell, never during an IME composition, one at a time).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditorFields } from '../../types';
import { Autosaver, type AutosaveStatus, type SendResult } from '../autosave';
import { conflictCount, foldRows, mergeFields, mergeSource, mergeTags, resolveSource, sideBySide } from '../merge';
import { isoToLocalInput, localInputToIso, shortTime } from '../time';

describe('datetime-local in the site time zone', () => {
  it('shows an instant as Seoul wall time and reads it back', () => {
    expect(isoToLocalInput('2026-12-03T05:02:00.000Z', 'Asia/Seoul')).toBe('2026-12-03T14:02');
    expect(localInputToIso('2026-12-03T14:02', 'Asia/Seoul')).toBe('2026-12-03T05:02:00.000Z');
    // Across midnight: 08:30 in Seoul on the 1st is the previous day in UTC.
    expect(localInputToIso('2027-01-01T08:30', 'Asia/Seoul')).toBe('2026-12-31T23:30:00.000Z');
  });

  it('follows daylight saving time where the zone has it', () => {
    expect(localInputToIso('2026-07-01T12:00', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    expect(localInputToIso('2026-01-15T12:00', 'Europe/Berlin')).toBe('2026-01-15T11:00:00.000Z');
    expect(isoToLocalInput('2026-07-01T10:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01T12:00');
    // 02:30 does not exist on 2026-03-29 in Berlin (clocks jump 02:00 → 03:00): it lands in the hour after.
    const skipped = localInputToIso('2026-03-29T02:30', 'Europe/Berlin');
    expect(isoToLocalInput(skipped, 'Europe/Berlin')).toBe('2026-03-29T03:30');
  });

  it('round-trips every quarter hour of a day', () => {
    for (let m = 0; m < 24 * 60; m += 15) {
      const local = `2026-12-03T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
      expect(isoToLocalInput(localInputToIso(local, 'Asia/Seoul'), 'Asia/Seoul')).toBe(local);
    }
  });

  it('refuses malformed or impossible values instead of guessing', () => {
    expect(localInputToIso('', 'Asia/Seoul')).toBeNull();
    expect(localInputToIso('2026-02-31T10:00', 'Asia/Seoul')).toBeNull();
    expect(localInputToIso('2026-13-01T10:00', 'Asia/Seoul')).toBeNull();
    expect(localInputToIso('tomorrow', 'Asia/Seoul')).toBeNull();
    expect(isoToLocalInput('not a date', 'Asia/Seoul')).toBe('');
    expect(isoToLocalInput(null, 'Asia/Seoul')).toBe('');
  });

  it('says the time alone for today and adds the date otherwise', () => {
    const now = new Date('2026-12-03T06:00:00Z');
    expect(shortTime('2026-12-03T05:02:00Z', 'Asia/Seoul', 'ko', now)).toBe('14:02');
    expect(shortTime('2026-12-01T05:02:00Z', 'Asia/Seoul', 'en', now)).toMatch(/1 Dec.*14:02/);
  });
});

const fields = (over: Partial<EditorFields> = {}): EditorFields => ({
  title: '경사하강법',
  slug: '경사하강법',
  source: '# 경사하강법\n\n학습률 $\\eta$\n\n끝',
  excerpt: '',
  categoryId: 1,
  tags: ['최적화', 'ML'],
  coverImage: null,
  seoTitle: null,
  seoDescription: null,
  seriesId: null,
  seriesOrder: null,
  revisedAt: null,
  publishedAt: null,
  ...over,
});

describe('three-way merge of a refused save', () => {
  it('takes the side that changed a field and flags a field both changed', () => {
    const base = fields();
    const mine = fields({ title: '경사하강법 (개정)', excerpt: '요약' });
    const theirs = fields({ title: '경사하강법 정리', categoryId: 2 });
    const out = Object.fromEntries(mergeFields(base, mine, theirs).map((m) => [m.field, m]));
    expect(out.title.outcome).toBe('conflict');
    expect(out.title.merged).toBe('경사하강법 (개정)');
    expect(out.excerpt).toMatchObject({ outcome: 'mine', merged: '요약' });
    expect(out.categoryId).toMatchObject({ outcome: 'theirs', merged: 2 });
    expect(out.slug.outcome).toBe('same');
  });

  it('merges tag sets: both sides keep what they added, and a removal sticks', () => {
    expect(mergeTags(['a', 'b', 'c'], ['a', 'c', 'mine'], ['a', 'b', 'c', 'theirs'])).toEqual(['a', 'c', 'theirs', 'mine']);
    const m = mergeFields(fields({ tags: ['a'] }), fields({ tags: ['a', 'x'] }), fields({ tags: ['a', 'y'] })).find((f) => f.field === 'tags')!;
    expect(m).toMatchObject({ outcome: 'combined', merged: ['a', 'y', 'x'] });
  });

  it('merges edits to different lines of the source without asking', () => {
    const base = '첫 줄\n둘째 줄\n셋째 줄\n넷째 줄';
    const mine = '첫 줄 (내가 고침)\n둘째 줄\n셋째 줄\n넷째 줄';
    const theirs = '첫 줄\n둘째 줄\n셋째 줄\n넷째 줄 (그쪽이 고침)';
    const chunks = mergeSource(base, mine, theirs);
    expect(conflictCount(chunks)).toBe(0);
    expect(resolveSource(chunks, [])).toBe('첫 줄 (내가 고침)\n둘째 줄\n셋째 줄\n넷째 줄 (그쪽이 고침)');
  });

  it('keeps all three versions of a line both changed, and resolves by choice', () => {
    const base = 'a\n학습률은 0.1\nc';
    const mine = 'a\n학습률은 0.01\nc';
    const theirs = 'a\n학습률은 0.5\nc';
    const chunks = mergeSource(base, mine, theirs);
    expect(conflictCount(chunks)).toBe(1);
    const c = chunks.find((x) => x.kind === 'conflict')!;
    expect(c).toEqual({ kind: 'conflict', mine: ['학습률은 0.01'], base: ['학습률은 0.1'], theirs: ['학습률은 0.5'] });
    expect(resolveSource(chunks, ['mine'])).toBe(mine);
    expect(resolveSource(chunks, ['theirs'])).toBe(theirs);
    expect(resolveSource(chunks, ['both'])).toBe('a\n학습률은 0.01\n학습률은 0.5\nc');
  });

  it('does not call identical edits on both sides a conflict, and handles CRLF', () => {
    const chunks = mergeSource('x\r\ny', 'x\r\nz', 'x\nz');
    expect(conflictCount(chunks)).toBe(0);
    expect(resolveSource(chunks, [])).toBe('x\nz');
  });

  it('lays two sources side by side with line numbers and folds long unchanged runs', () => {
    const left = ['l1', 'l2', 'old', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9'].join('\n');
    const right = ['l1', 'l2', 'new', 'added', 'l4', 'l5', 'l6', 'l7', 'l8', 'l9'].join('\n');
    const rows = sideBySide(left, right);
    expect(rows.filter((r) => r.kind === 'same')).toHaveLength(8);
    const changed = rows.filter((r) => r.kind !== 'same');
    expect(changed).toEqual([
      { kind: 'both', leftNo: 3, rightNo: 3, left: 'old', right: 'new' },
      { kind: 'right', leftNo: null, rightNo: 4, left: null, right: 'added' },
    ]);
    const folded = foldRows(rows, 1);
    expect(folded[0]).toEqual({ kind: 'fold', count: 1 });
    expect(folded[folded.length - 1]).toEqual({ kind: 'fold', count: 5 });
  });
});

describe('autosave timing', () => {
  // Fake timers: the order of events is what is tested, not how long anything takes.
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function harness(results: SendResult[] = []) {
    const statuses: AutosaveStatus['kind'][] = [];
    let sent = 0;
    const gates: (() => void)[] = [];
    let hold = false;
    const saver = new Autosaver({
      delayMs: 2000,
      retryMs: 10_000,
      onStatus: (s) => statuses.push(s.kind),
      send: async () => {
        sent++;
        if (hold) await new Promise<void>((r) => gates.push(r));
        return results.shift() ?? { ok: true, at: '2026-12-03T05:02:00.000Z' };
      },
    });
    return { saver, statuses, sent: () => sent, hold: (h: boolean) => (hold = h), release: () => gates.shift()?.() };
  }

  it('saves once, a quiet spell after the last of several changes', async () => {
    const h = harness();
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(1500);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(1500);
    expect(h.sent()).toBe(0);
    await vi.advanceTimersByTimeAsync(600);
    expect(h.sent()).toBe(1);
    expect(h.saver.dirty).toBe(false);
    expect(h.saver.current).toEqual({ kind: 'saved', at: '2026-12-03T05:02:00.000Z' });
  });

  it('never saves during an IME composition, and saves after it ends', async () => {
    const h = harness();
    h.saver.changed();
    h.saver.setComposing(true);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sent()).toBe(0);
    h.saver.setComposing(false);
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.sent()).toBe(1);
  });

  it('sends one request at a time and saves again when more was typed meanwhile', async () => {
    const h = harness();
    h.hold(true);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.sent()).toBe(1);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.sent()).toBe(1); // the first is still on its way
    h.hold(false);
    h.release();
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.sent()).toBe(2);
    expect(h.saver.dirty).toBe(false);
  });

  it('shows a failure, retries a network failure by itself, and not a refusal', async () => {
    const h = harness([{ ok: false, status: 0, message: null }, { ok: true, at: 'x' }]);
    h.saver.changed();
    await vi.advanceTimersByTimeAsync(2100);
    expect(h.saver.current.kind).toBe('error');
    await vi.advanceTimersByTimeAsync(10_100);
    expect(h.sent()).toBe(2);
    expect(h.saver.current.kind).toBe('saved');

    const r = harness([{ ok: false, status: 409, message: 'conflict' }]);
    r.saver.changed();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.sent()).toBe(1);
    expect(r.saver.current).toEqual({ kind: 'error', status: 409, message: 'conflict' });
    await r.saver.flush(); // the retry button
    expect(r.sent()).toBe(2);
  });

  it('stays out of the way of an explicit save and counts what it covered', async () => {
    const h = harness();
    h.saver.changed();
    await h.saver.pause();
    const seq = h.saver.changeSeq;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sent()).toBe(0);
    h.saver.markSaved(seq, '2026-12-03T05:03:00.000Z');
    h.saver.resume();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.sent()).toBe(0);
    expect(h.saver.current.kind).toBe('saved');
  });
});
