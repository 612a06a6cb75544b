// Dates as the blog shows them: 2020.02.16, in the site's time zone whatever the server's is.
import { siteConfig } from '@site/site.config';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: siteConfig.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Days already formatted, by instant: ICU's formatToParts costs tens of microseconds, and a page shows the same few
 * posts' dates on every request (its own, its neighbours', the related posts'). Bounded: emptied when full.
 */
const formatted = new Map<number, string>();
const FORMATTED_KEPT = 4096;

export function formatDate(value: Date | string): string {
  const date = new Date(value);
  const time = date.getTime();
  let day = formatted.get(time);
  if (day === undefined) {
    const parts = Object.fromEntries(dayFormat.formatToParts(date).map((p) => [p.type, p.value]));
    day = `${parts.year}.${parts.month}.${parts.day}`;
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(time, day);
  }
  return day;
}

/** The exact instant in ISO 8601 (UTC), for <time dateTime> and feeds; the visible day is formatDate's. */
export function isoDate(value: Date | string): string {
  return new Date(value).toISOString();
}
