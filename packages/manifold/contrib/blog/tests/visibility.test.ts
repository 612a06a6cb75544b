// The status a post gets from its frontmatter or form, at the edges of time.
import { describe, expect, it } from 'vitest';
import { statusFor } from '../visibility';

const NOW = new Date('2024-03-01T12:00:00Z');

describe('statusFor', () => {
  it('a draft stays a draft whatever its date', () => {
    expect(statusFor(true, new Date('2020-01-01T00:00:00Z'), NOW)).toBe('draft');
    expect(statusFor(true, new Date('2030-01-01T00:00:00Z'), NOW)).toBe('draft');
    expect(statusFor(true, null, NOW)).toBe('draft');
  });

  it('a post dated after now is scheduled, one millisecond is enough', () => {
    expect(statusFor(false, new Date(NOW.getTime() + 1), NOW)).toBe('scheduled');
    expect(statusFor(false, new Date('2030-01-01T00:00:00Z'), NOW)).toBe('scheduled');
  });

  it('a post dated now, before now or not dated is published', () => {
    expect(statusFor(false, NOW, NOW)).toBe('published');
    expect(statusFor(false, new Date(NOW.getTime() - 1), NOW)).toBe('published');
    expect(statusFor(false, null, NOW)).toBe('published');
  });
});
