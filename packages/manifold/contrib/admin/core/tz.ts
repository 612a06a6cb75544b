// Dates in the site's time zone (siteConfig.timeZone): the admin shows and takes local times and stores UTC.
import { siteConfig } from '@site/site.config';

export const SITE_TIME_ZONE: string = siteConfig.timeZone;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: SITE_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock time of an instant in the site's zone. */
export function localParts(date: Date): LocalParts {
  const p = Object.fromEntries(partsFormat.formatToParts(date).map((x) => [x.type, x.value]));
  return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour) % 24, minute: Number(p.minute), second: Number(p.second) };
}

/** The instant at which the site's clocks show this wall-clock time (the earlier one in a DST overlap). */
export function fromLocal(year: number, month: number, day = 1, hour = 0, minute = 0, second = 0): Date {
  const wanted = Date.UTC(year, month - 1, day, hour, minute, second);
  let guess = wanted;
  // Two passes settle the zone's offset (including across a DST change).
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DDTHH:mm` (an <input type="datetime-local"> value) in the site's zone. */
export function toLocalInput(date: Date): string {
  const p = localParts(date);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** `2020.02.16 14:05` in the site's zone, as the blog writes dates. */
export function formatLocal(date: Date): string {
  const p = localParts(date);
  return `${pad(p.year, 4)}.${pad(p.month)}.${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * Parses a datetime-local value (`YYYY-MM-DDTHH:mm[:ss]`, or `YYYY-MM-DD` for midnight) as site time; null when
 * it is not one or names a day that does not exist.
 */
export function parseLocalInput(value: string): Date | null {
  const m = value.trim().match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || s > 59 || y < 1000) return null;
  return fromLocal(y, mo, d, h, mi, s);
}

export function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
