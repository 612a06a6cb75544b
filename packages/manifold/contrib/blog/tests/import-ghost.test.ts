// The Ghost JSON parser on a hand-made Ghost 5 export (fixtures/imports/ghost.json): one post with `html`, one with
// only `lexical`, one with only `mobiledoc`, a page, an internal tag; statuses, UTC dates, __GHOST_URL__, the primary
// tag as category; and broken exports (bad JSON, wrong shape) refused naming where.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError } from '../importers/bundle';
import { jsonErrorOffset, parseGhost } from '../importers/ghost';

const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/imports/ghost.json'), 'utf8');

function refusal(text: string): ImportFormatError {
  try {
    parseGhost(text, { label: 'ghost.json' });
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFormatError);
    return error as ImportFormatError;
  }
  throw new Error('expected a refusal');
}

describe('Ghost 5 export', () => {
  const bundle = parseGhost(FIXTURE, { siteUrl: 'https://ghost.example.com/' });
  const post = (slug: string) => bundle.posts.find((p) => p.slug === slug)!;

  it('reads users, public tags, posts (not the page), statuses and UTC dates', () => {
    expect(bundle.source).toBe('ghost');
    expect(bundle.site).toBe('https://ghost.example.com');
    expect(bundle.authors.map((a) => [a.key, a.login, a.name])).toEqual([['1', 'jiwoo', 'Jiwoo Kim'], ['6470a1b2c3d4e5f6000000aa', 'minho', '이민호']]);
    expect(bundle.tags.map((t) => t.slug)).toEqual(['machine-learning', 'python', 'math']);
    expect(bundle.posts.map((p) => [p.slug, p.status, p.publishedAt?.toISOString() ?? null])).toEqual([
      ['html-post', 'published', '2023-04-01T10:30:00.000Z'],
      ['lexical-post', 'draft', null],
      ['mobiledoc-post', 'scheduled', '2031-06-01T00:00:00.000Z'],
    ]);
    expect(post('html-post').modifiedAt?.toISOString()).toBe('2023-04-02T10:00:00.000Z');
  });

  it('the primary (first public) tag is the category, all public tags are tags; authors by posts_authors order', () => {
    expect(bundle.categories.map((c) => c.slug)).toEqual(['machine-learning', 'math']);
    expect(post('html-post')).toMatchObject({ categoryKey: '6470a1b2c3d4e5f6000000t1', tagKeys: ['6470a1b2c3d4e5f6000000t1', '6470a1b2c3d4e5f6000000t3'], authorKey: '1' });
    expect(post('lexical-post')).toMatchObject({ categoryKey: '6470a1b2c3d4e5f6000000t3', tagKeys: ['6470a1b2c3d4e5f6000000t3', '6470a1b2c3d4e5f6000000t2'], authorKey: '6470a1b2c3d4e5f6000000aa' });
    expect(post('mobiledoc-post').categoryKey).toBeUndefined();
    expect(post('mobiledoc-post').authorKey).toBe('1');
  });

  it('custom_excerpt, feature_image with __GHOST_URL__ replaced, legacy path /<slug>/, images listed', () => {
    expect(post('html-post')).toMatchObject({
      excerpt: 'HTML로 저장된 글', coverImage: 'https://ghost.example.com/content/images/2023/04/cover.jpg', legacyPaths: ['/html-post/'],
    });
    expect(bundle.attachments.map((a) => a.url)).toEqual([
      'https://ghost.example.com/content/images/2023/04/cover.jpg', 'https://ghost.example.com/content/images/2023/04/a.png',
      'https://ghost.example.com/content/images/2023/05/softmax.png', 'https://ghost.example.com/content/images/2019/01/old.jpg',
    ]);
  });

  it('html body → Markdown', () => {
    expect(post('html-post').body).toBe('본문의 수식 $$E = mc^2$$ 은 문장 안에 있습니다.\n\n```python\nprint("hi")\n```\n\n![A](https://ghost.example.com/content/images/2023/04/a.png)');
  });

  it('lexical → Markdown: formats, heading, code block, Markdown card verbatim, list, image, sanitised HTML card', () => {
    expect(post('lexical-post').body).toBe([
      'Softmax는 **확률**을 만듭니다: $p_i = e^{z_i} / \\sum_j e^{z_j}$',
      '', '## 구현', '',
      '```python', 'def softmax(z):', '    e = np.exp(z - z.max())', '    return e / e.sum()', '```',
      '', '$$', '\\frac{\\partial p_i}{\\partial z_j} = p_i(\\delta_{ij} - p_j)', '$$',
      '', '- 수치 안정성', '- `z.max()` 빼기',
      '', '![softmax 그래프](https://ghost.example.com/content/images/2023/05/softmax.png)',
      '', 'HTML 카드 빨강',
    ].join('\n'));
  });

  it('mobiledoc → Markdown: markups, soft return, Markdown/code/image cards, list', () => {
    expect(post('mobiledoc-post').body).toBe([
      'Ghost 4 글입니다. [링크](https://ghost.org) 그리고 *강조*\\', '다음 줄',
      '', '인라인 $x^2$ 와 `code`', '', '```js', 'console.log(1)', '```',
      '', '```sql', 'SELECT 1;', '```',
      '', '![old](https://ghost.example.com/content/images/2019/01/old.jpg)', '', '옛 사진',
      '', '1. 하나', '2. 둘',
    ].join('\n'));
  });

  it('notes: the internal tag, the dropped script, the skipped page', () => {
    expect(bundle.notes.map((n) => `${n.kind} | ${n.where} | ${n.message}`)).toEqual([
      'skipped | tag "#newsletter" | internal tag skipped',
      'dropped | post 2 (id 6470a1b2c3d4e5f600000002) "Lexical 글" | dropped <script>',
      'skipped | post 4 (id 6470a1b2c3d4e5f600000004) "About" | page skipped (pages are imported as posts only when asked)',
    ]);
  });

  it('without a site address, __GHOST_URL__ leaves a /content/images path and a warning', () => {
    const bare = parseGhost(FIXTURE);
    expect(bare.posts[0]!.coverImage).toBe('/content/images/2023/04/cover.jpg');
    expect(bare.notes.at(-1)).toMatchObject({ kind: 'warning' });
  });

  it('reads the older single-object form ({meta, data}) and pagesAsPosts', () => {
    const db = JSON.parse(FIXTURE) as { db: [{ meta: unknown; data: unknown }] };
    const old = parseGhost(JSON.stringify({ meta: db.db[0].meta, data: db.db[0].data }), { pagesAsPosts: true });
    expect(old.posts.map((p) => p.slug)).toEqual(['html-post', 'lexical-post', 'mobiledoc-post', 'about']);
  });
});

describe('broken Ghost exports', () => {
  it('bad JSON names line and column', () => {
    const lines = FIXTURE.split('\n');
    lines[4] = lines[4]!.replace(/,$/, ''); // a missing comma after "exported_on": …
    const error = refusal(lines.join('\n'));
    expect(error.where).toBe('ghost.json line 6, column 5');
    expect(refusal(FIXTURE.slice(0, 500)).message).toMatch(/^ghost.json line 17, column \d+: the JSON ends too early$/);
    expect(refusal('{"db": [1,]}').where).toBe('ghost.json line 1, column 11');
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
  });

  it('JSON of the wrong shape names the field', () => {
    expect(refusal('[]').message).toContain('not a Ghost export');
    expect(refusal('{"db": [{"data": {"tags": []}}]}').where).toBe('ghost.json db[0].data.posts');
    expect(refusal('{"db": [{"data": {"posts": [{"id": "1", "title": "x", "status": "live"}]}}]}').where).toBe('ghost.json db[0].data.posts[0].status');
    expect(refusal('{"db": [{"data": {"posts": [{"id": "1", "status": "published", "published_at": "yesterday"}]}}]}').where)
      .toBe('ghost.json db[0].data.posts[0].published_at');
    expect(refusal('{"db": [{"data": {"posts": [{"id": "1", "status": "draft", "lexical": "{oops"}]}}]}').where)
      .toBe('ghost.json db[0].data.posts[0] lexical');
    expect(refusal('{"db": [{"data": {"posts": [], "users": [3]}}]}').where).toBe('ghost.json db[0].data.users[0]');
  });
});
