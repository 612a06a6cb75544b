// The timestamp embed's arithmetic, shared by its static figure, its island and the claims test: a wall-clock time in
// a time zone ↔ seconds since the Unix epoch, with offsets from the Intl database (so zone history is respected).

/** The post's example, stated by the figure and checked by apps/demos/tests/claims.test.ts. */
export const TIMESTAMP_EXAMPLE = { date: '2020-02-16', time: '15:15', zone: 'Asia/Seoul', offset: '+09:00', timestamp: 1581833700, utc: '2020-02-16 06:15' };

/** The wall-clock parts of an instant in a zone. */
export function wallClock(ms: number, zone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}`, seconds: get('second') };
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetMinutes(ms: number, zone: string) {
  const w = wallClock(ms, zone);
  const asUtc = Date.parse(`${w.date}T${w.time}:${w.seconds}Z`);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

/** The instant a wall-clock time in a zone names (for a time skipped or repeated by a clock change, the first). */
export function toEpoch(date: string, time: string, zone: string): number | null {
  const naive = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(naive)) return null;
  let guess = naive - offsetMinutes(naive, zone) * 60000;
  guess = naive - offsetMinutes(guess, zone) * 60000;
  return Math.floor(guess / 1000);
}

export const fmtOffset = (m: number) => `${m < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m) / 60)).padStart(2, '0')}:${String(Math.abs(m) % 60).padStart(2, '0')}`;
