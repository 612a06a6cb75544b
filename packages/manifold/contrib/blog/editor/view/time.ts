// The editor's dates: an ISO instant (what EditorFields hold, UTC) shown and typed as a <input type="datetime-local">
// value in the site's time zone (not the browser's: an author abroad schedules by the site's clock). Browser-safe.

/** The wall-clock parts of `date` in `timeZone`. */
function wallParts(date: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

/** How far `timeZone` is ahead of UTC at `date`, in milliseconds. */
function offsetAt(date: Date, timeZone: string): number {
  const w = wallParts(date, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An ISO instant as a datetime-local value ("2026-12-03T14:02") in the time zone; '' for null or an invalid date. */
export function isoToLocalInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const w = wallParts(date, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/**
 * A datetime-local value read as a wall-clock time in the time zone, as an ISO instant; null for '' or a malformed
 * value. A time that does not exist (skipped by a DST change) moves forward by the gap, as clocks do.
 */
export function localInputToIso(value: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d) return null; // 2026-02-31
  // The offset at the guessed instant, then once more at the corrected one (they differ only next to a DST change).
  let t = wall - offsetAt(new Date(wall), timeZone);
  t = wall - offsetAt(new Date(t), timeZone);
  return new Date(t).toISOString();
}

/** "14:02" (or the date too when it is not today there), for "저장됨 14:02 / Saved at 14:02". */
export function shortTime(iso: string, timeZone: string, lang: 'ko' | 'en', now: Date = new Date()): string {
  const date = new Date(iso);
  const sameDay = isoToLocalInput(iso, timeZone).slice(0, 10) === isoToLocalInput(now.toISOString(), timeZone).slice(0, 10);
  const locale = lang === 'en' ? 'en-GB' : 'ko-KR';
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  if (sameDay) return time;
  return `${new Intl.DateTimeFormat(locale, { timeZone, month: 'short', day: 'numeric' }).format(date)} ${time}`;
}

/** A full date and time in the time zone, for lists (the revisions page, "last saved"). */
export function longTime(iso: string, timeZone: string, lang: 'ko' | 'en', seconds = false): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en' : 'ko-KR', { timeZone, dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(new Date(iso));
}
