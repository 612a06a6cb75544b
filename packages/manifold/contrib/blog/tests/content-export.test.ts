// dumpcontent's formatting: dates in the site's time zone and frontmatter YAML that loadcontent reads back unchanged.
import { describe, expect, it } from 'vitest';
import { frontmatterYaml, isoInZone } from '../content-export';

describe('dumpcontent formatting', () => {
  it('writes dates in the site time zone with the offset', () => {
    expect(isoInZone(new Date('2020-06-14T12:30:00Z'), 'Asia/Seoul')).toBe('2020-06-14T21:30:00+09:00');
    expect(isoInZone(new Date('2020-06-14T12:30:00Z'), 'UTC')).toBe('2020-06-14T12:30:00+00:00');
    expect(isoInZone(new Date('2020-01-14T12:30:00Z'), 'America/New_York')).toBe('2020-01-14T07:30:00-05:00');
  });

  it('writes frontmatter YAML that reads back as the same strings', () => {
    expect(frontmatterYaml({ title: 'A "quoted" title', slug: 'a-b', date: '2020-01-01T00:00:00+09:00', category: '논문 리뷰', tags: ['GAN', 'true', '3.5', 'a, b', '차원축소'], draft: true })).toBe(
      'title: "A \\"quoted\\" title"\nslug: a-b\ndate: 2020-01-01T00:00:00+09:00\ncategory: 논문 리뷰\ntags: [GAN, "true", "3.5", "a, b", 차원축소]\ndraft: true\n',
    );
  });
});
