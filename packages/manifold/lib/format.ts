// Dates as the blog shows them: 2020.02.16, in the site's time zone whatever the server's is.
import { siteConfig } from '@site/site.config';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: siteConfig.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

export function formatDate(value: Date | string): string {
  const parts = Object.fromEntries(dayFormat.formatToParts(new Date(value)).map((p) => [p.type, p.value]));
  return `${parts.year}.${parts.month}.${parts.day}`;
}

/** The exact instant in ISO 8601 (UTC), for <time dateTime> and feeds; the visible day is formatDate's. */
export function isoDate(value: Date | string): string {
  return new Date(value).toISOString();
}
