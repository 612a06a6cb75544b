// Small helpers shared by the importers' parsers.
import { slug as githubSlug } from 'github-slugger';

/** A URL-safe slug that keeps Korean (and other) letters: '머신 러닝 입문!' → '머신-러닝-입문'. */
export function slugify(text: string): string {
  return githubSlug(text.normalize('NFC').trim()).replace(/-{2,}/g, '-').replace(/^-|-$/g, '').slice(0, 200);
}

/** decodeURIComponent that leaves a malformed sequence as it was. */
export function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path (and query) of an address, percent-decoded: 'https://ex.com/2020/02/16/%ED%95%9C/' → '/2020/02/16/한/'. */
export function legacyPath(url: string): string | null {
  try {
    const u = new URL(url, 'http://invalid.invalid');
    const path = percentDecode(u.pathname) + (u.search ? percentDecode(u.search) : '');
    return path === '/' || !path.startsWith('/') ? null : path;
  } catch {
    return null;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();

function offsetMinutes(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/** A wall-clock 'YYYY-MM-DD HH:MM:SS' read in an IANA time zone → the UTC instant; null when it is not a date. */
export function wallClockToDate(text: string, timeZone = 'UTC'): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text.trim());
  if (!m || m[1] === '0000') return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  if (Number.isNaN(wall)) return null;
  let guess = wall - offsetMinutes(wall, timeZone) * 60000;
  guess = wall - offsetMinutes(guess, timeZone) * 60000;
  return new Date(guess);
}

/** Checks an IANA time zone name; throws a one-line error naming it. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`unknown time zone "${timeZone}"`);
  }
}
