// The post head's structured data: JSON-LD that no title can break out of, and the breadcrumb trail from the home page
// through the category path (names from the sidebar's tree) to the post. The whole head is read from the real server
// in tests/e2e/seo.spec.ts.
import { describe, expect, it } from 'vitest';
import type { CategoryTree, PostDetail } from '../queries';
import { postJsonLd, postModifiedAt } from '../views/post-head';
import { serializeJsonLd } from '../views/seo';

const tree: CategoryTree = {
  total: 1,
  roots: [{ id: 1, name: '딥러닝', slug: 'dl', description: '', path: ['dl'], count: 1, children: [{ id: 2, name: '최적화', slug: 'opt', description: '', path: ['dl', 'opt'], count: 1, children: [] }] }],
};

const post = (extra: Partial<PostDetail> = {}): PostDetail => ({
  id: 1,
  version: 1,
  slug: 'gd',
  title: '경사하강법 </script><script>alert(1)</script> & <!--',
  excerpt: '요약',
  publishedAt: '2020-04-26T05:00:00.000Z',
  readingMinutes: 3,
  category: { name: '최적화', path: ['dl', 'opt'] },
  code: '',
  toc: [],
  embeds: [],
  updatedAt: '2024-01-01T00:00:00.000Z',
  revisedAt: null,
  tags: [{ name: 'lr', slug: 'lr' }],
  seoTitle: null,
  seoDescription: null,
  coverImage: null,
  previous: null,
  next: null,
  ...extra,
});

const abs = (path: string) => `https://blog.example${path}`;

describe('JSON-LD', () => {
  it('escapes <, > and & so "</script>" or "<!--" in a title never reaches the HTML parser, and reads back the same', () => {
    const data = postJsonLd('ko', post(), tree, abs);
    const text = serializeJsonLd(data);
    expect(text).not.toMatch(/[<>&]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(text)).toEqual(data);
    expect(serializeJsonLd({ s: 'a\u2028b\u2029' })).toBe('{"s":"a\\u2028b\\u2029"}');
  });

  it('a BlogPosting with its dates, and breadcrumbs home → category path → post in the page\'s language', () => {
    const graph = postJsonLd('en', post({ revisedAt: '2021-03-01T00:00:00.000Z' }), tree, abs)['@graph'];
    expect(graph[0]).toMatchObject({
      '@type': 'BlogPosting',
      datePublished: '2020-04-26T05:00:00.000Z',
      dateModified: '2021-03-01T00:00:00.000Z',
      url: 'https://blog.example/en/posts/gd',
      inLanguage: 'ko',
      articleSection: '최적화',
      keywords: ['lr'],
    });
    const crumbs = (graph[1] as { itemListElement: { position: number; name: string; item: string }[] }).itemListElement;
    expect(crumbs.map((c) => [c.position, c.name, c.item])).toEqual([
      [1, 'Machine Learning Notes', 'https://blog.example/en'],
      [2, '딥러닝', 'https://blog.example/en/category/dl'],
      [3, '최적화', 'https://blog.example/en/category/dl/opt'],
      [4, post().title, 'https://blog.example/en/posts/gd'],
    ]);
  });

  it('an uncategorised post is home → post; the modified date is never before publication', () => {
    const graph = postJsonLd('ko', post({ category: null, revisedAt: '2019-01-01T00:00:00.000Z' }), tree, abs)['@graph'];
    expect((graph[1] as { itemListElement: unknown[] }).itemListElement).toHaveLength(2);
    expect(graph[0]).not.toHaveProperty('articleSection');
    expect(postModifiedAt({ publishedAt: '2020-04-26T05:00:00.000Z', revisedAt: '2019-01-01T00:00:00.000Z' })).toBe('2020-04-26T05:00:00.000Z');
  });
});
