// Dates as Korean readers see them: the day in Seoul, whatever the server's time zone is.
import { describe, expect, it } from 'vitest';
import { formatDate, isoDate } from '../format';

describe('formatDate', () => {
  it('gives the Seoul day of a post written at 08:30 KST, which is still the day before in UTC', () => {
    // 2020-02-16 08:30 in Seoul is 2020-02-15 23:30 UTC: a UTC formatter would print 2020.02.15.
    expect(formatDate(new Date('2020-02-16T08:30:00+09:00'))).toBe('2020.02.16');
    expect(formatDate('2020-02-15T23:30:00.000Z')).toBe('2020.02.16');
  });

  it('turns the day over at midnight in Seoul, not at midnight UTC', () => {
    expect(formatDate('2020-02-16T14:59:59.999Z')).toBe('2020.02.16');
    expect(formatDate('2020-02-16T15:00:00.000Z')).toBe('2020.02.17');
    // New Year in Seoul comes nine hours before it does in UTC.
    expect(formatDate('2019-12-31T15:00:00.000Z')).toBe('2020.01.01');
  });

  it('pads months and days to two digits', () => {
    expect(formatDate('2021-03-04T03:00:00.000Z')).toBe('2021.03.04');
  });

  it('gives every instant its own day, asked again and again and past the days it keeps', () => {
    // Across 3 years, every 7 hours (the hour moves through the day): more instants than are kept, each asked twice.
    const start = Date.parse('2019-12-30T00:00:00.000Z');
    for (let round = 0; round < 2; round++) {
      for (let t = start; t < start + 3 * 365 * 86_400_000; t += 7 * 3_600_000) {
        const seoul = new Date(t + 9 * 3_600_000);
        const expected = `${seoul.getUTCFullYear()}.${String(seoul.getUTCMonth() + 1).padStart(2, '0')}.${String(seoul.getUTCDate()).padStart(2, '0')}`;
        expect(formatDate(new Date(t))).toBe(expected);
      }
    }
    expect(() => formatDate('not a date')).toThrow(RangeError);
  });
});

describe('isoDate', () => {
  it('keeps the exact instant, so <time dateTime> and feeds name the same moment the page shows', () => {
    expect(isoDate('2020-02-16T08:30:00+09:00')).toBe('2020-02-15T23:30:00.000Z');
    expect(new Date(isoDate(new Date('2020-02-16T08:30:00+09:00'))).getTime()).toBe(Date.parse('2020-02-16T08:30:00+09:00'));
  });
});
