// format.ts built fresh inside the test: its day formatter is made once at module load, so only a new import checks
// how it is built (locale, time zone, fields) — a shared import made before the test would never see a change there.
import { afterEach, describe, expect, it, vi } from 'vitest';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('format.ts loaded afresh', () => {
  it('formats the Seoul day as yyyy.mm.dd on a server that runs in UTC', async () => {
    // Node applies a changed TZ at once; a formatter that fell back to the server's zone would show the UTC day.
    process.env.TZ = 'UTC';
    vi.resetModules();
    const { formatDate } = await import('../format');
    expect(formatDate('2019-12-31T15:00:00.000Z')).toBe('2020.01.01');
    expect(formatDate('2021-03-04T03:00:00.000Z')).toBe('2021.03.04');
  });

  it('formats the Seoul day on a server that runs in another zone west of UTC', async () => {
    process.env.TZ = 'America/Los_Angeles';
    vi.resetModules();
    const { formatDate } = await import('../format');
    expect(formatDate('2020-02-16T15:00:00.000Z')).toBe('2020.02.17');
  });
});
