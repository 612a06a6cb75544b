// The WordPress WXR 1.2 parser on a hand-made export (fixtures/imports/wordpress.xml): authors, the category tree,
// tags, statuses, UTC dates (and the site time zone where WordPress wrote 0000-00-00), Markdown with math and code,
// comments with a reply, the attachment, legacy paths, notes; and broken or hostile exports refused with the line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportFormatError } from '../importers/bundle';
import { generateWxr, generateWxrChunks } from '../importers/generate-wxr';
import { parseWordpress } from '../importers/wordpress';

const FIXTURE = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/imports/wordpress.xml'), 'utf8');

async function refusal(input: string, options = {}): Promise<ImportFormatError> {
  const error = await parseWordpress(input, options).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportFormatError);
  return error as ImportFormatError;
}

describe('WordPress WXR 1.2', async () => {
  const bundle = await parseWordpress(Buffer.from(FIXTURE), { timeZone: 'Asia/Seoul', label: 'wordpress.xml' });
  const post = (key: string) => bundle.posts.find((p) => p.key === key)!;

  it('reads the site, authors, the category tree and tags (Korean nicenames decoded)', () => {
    expect(bundle.source).toBe('wordpress');
    expect(bundle.site).toBe('https://mlnotes.example.com');
    expect(bundle.authors).toEqual([
      { key: 'jiwoo', login: 'jiwoo', name: '김지우', email: 'jiwoo@example.com' },
      { key: 'minho', login: 'minho', name: 'Minho Lee', email: 'minho@example.com' },
    ]);
    expect(bundle.categories).toEqual([
      { key: 'machine-learning', name: 'Machine Learning', slug: 'machine-learning', description: 'ML 전반' },
      { key: '신경망', name: '신경망', slug: '신경망', parentKey: 'machine-learning' },
      { key: 'uncategorized', name: 'Uncategorized', slug: 'uncategorized' },
    ]);
    expect(bundle.tags.map((t) => [t.key, t.name])).toEqual([['python', 'Python'], ['수학', '수학'], ['uncategorized', 'Uncategorized']]);
  });

  it('imports posts only: the page, the attachment, the menu item and the trashed post are not posts', () => {
    expect(bundle.posts.map((p) => [p.key, p.status])).toEqual([['12', 'published'], ['15', 'draft'], ['16', 'scheduled']]);
    expect(bundle.attachments).toEqual([{ url: 'https://mlnotes.example.com/wp-content/uploads/2020/02/loss.png', usedBy: ['12'] }]);
  });

  it('dates: wp:post_date_gmt is UTC; a draft never published has none', () => {
    expect(post('12').publishedAt?.toISOString()).toBe('2020-02-16T03:00:00.000Z');
    expect(post('12').modifiedAt?.toISOString()).toBe('2020-02-17T00:30:00.000Z');
    expect(post('15').publishedAt).toBeNull();
    expect(post('16').publishedAt?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
  });

  it('a 0000-00-00 GMT date on a published post is read in the site time zone', async () => {
    const local = FIXTURE.replace('<wp:post_date_gmt><![CDATA[2020-02-16 03:00:00]]>', '<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]>');
    const seoul = await parseWordpress(local, { timeZone: 'Asia/Seoul' });
    expect(seoul.posts[0]!.publishedAt?.toISOString()).toBe('2020-02-16T03:00:00.000Z'); // 12:00 KST
    const utc = await parseWordpress(local);
    expect(utc.posts[0]!.publishedAt?.toISOString()).toBe('2020-02-16T12:00:00.000Z');
  });

  it('slugs: wp:post_name percent-decoded, else the title slugified with Korean kept; category, tags, author', () => {
    expect(post('12')).toMatchObject({ slug: '경사-하강법', authorKey: 'jiwoo', categoryKey: '신경망', tagKeys: ['python', '수학'] });
    expect(post('15')).toMatchObject({ slug: 'attention-is-all-you-need-읽기', authorKey: 'minho', categoryKey: 'machine-learning', tagKeys: ['uncategorized'] });
    expect(post('16')).toMatchObject({ slug: 'next-week', categoryKey: 'machine-learning', tagKeys: ['python'] });
  });

  it('the body in Markdown: math verbatim ($…$, $$…$$, [latex], $latex), <!-- more -->, caption, code, no script', () => {
    expect(post('12').body).toBe([
      '손실 함수 $L(\\theta)$를 줄이는 방향으로 $\\theta_{t+1} = \\theta_t - \\eta \\nabla L$처럼 움직입니다.',
      '',
      '<!-- more -->',
      '',
      '$$',
      '\\nabla L(\\theta) = \\frac{1}{n}\\sum_{i=1}^n \\nabla \\ell_i(\\theta)',
      '$$',
      '',
      '학습률은 $\\eta > 0$이고, 예전 글에서는 $\\alpha^2$ 라고 썼습니다. 가격은 \\$5 이고 할인은 \\$3 입니다.',
      '',
      '![손실 곡선](https://mlnotes.example.com/wp-content/uploads/2020/02/loss-300x200.png)',
      '',
      '손실 곡선',
      '',
      '```python',
      'def step(theta, grad, lr=0.1):',
      '    return theta - lr * grad  # x_1 * y_2',
      '```',
    ].join('\n'));
    expect(post('12').excerpt).toBe('경사 하강법을 $\\eta$와 함께 정리합니다.');
    expect(post('12').format).toBe('markdown');
    expect(post('12').coverImage).toBe('https://mlnotes.example.com/wp-content/uploads/2020/02/loss.png');
    expect(post('15').body).toBe('Scaled dot-product attention: $\\mathrm{softmax}(QK^T/\\sqrt{d_k})V$.\n\n```python\nscores = q @ k.T / math.sqrt(d_k)\n```');
    expect(post('16').body).toBe('곧 공개됩니다.\n\n<https://www.youtube.com/watch?v=aircAruvnKk>\n\n<https://vimeo.com/123456>');
  });

  it('comments: a reply keeps its parent, spam is marked, pingbacks are skipped, HTML becomes Markdown', () => {
    expect(post('12').comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() }))).toEqual([
      { key: '3', authorName: '독자', authorEmail: 'reader@example.org', authorUrl: 'https://reader.example.org', body: '좋은 글 감사합니다! **질문**: 학습률은 어떻게 정하나요?', createdAt: '2020-02-16T04:00:00.000Z', status: 'approved' },
      { key: '4', parentKey: '3', authorName: '김지우', authorEmail: 'jiwoo@example.com', body: '보통 0.1부터 시작합니다.', createdAt: '2020-02-16T05:00:00.000Z', status: 'approved' },
      { key: '5', authorName: 'cheap pills', authorEmail: 'spam@example.net', body: 'buy now', createdAt: '2020-02-16T06:00:00.000Z', status: 'spam' },
    ]);
  });

  it('legacy paths: /?p=<id> and the <link> path, percent-decoded', () => {
    expect(post('12').legacyPaths).toEqual(['/?p=12', '/2020/02/16/경사-하강법/']);
    expect(post('15').legacyPaths).toEqual(['/?p=15']);
  });

  it('notes name the item and say what was skipped, dropped or converted', () => {
    expect(bundle.notes.map((n) => `${n.kind} | ${n.where} | ${n.message}`)).toEqual([
      'dropped | item 1 (post_id 12) "경사 하강법 정리" | dropped [gallery] shortcode',
      'dropped | item 1 (post_id 12) "경사 하강법 정리" | dropped <script>',
      'skipped | item 1 (post_id 12) "경사 하강법 정리" | 1 pingback/trackback(s) skipped',
      'converted | item 3 (post_id 15) "Attention Is All You Need 읽기" | extra category "Uncategorized" imported as a tag (a post has one category)',
      'converted | item 4 (post_id 16) "다음 주 예고" | [embed] → link https://vimeo.com/123456',
      'converted | item 4 (post_id 16) "다음 주 예고" | <iframe> → link https://www.youtube.com/watch?v=aircAruvnKk',
      'skipped | item 5 (post_id 2) "소개" | page skipped (pages are imported as posts only when asked)',
      'skipped | item 7 (post_id 31) "지운 글" | in the trash: skipped',
      'skipped | export | 1 item(s) of type nav_menu_item skipped',
    ]);
  });

  it('pagesAsPosts imports the page with its /?page_id= and link paths', async () => {
    const withPages = await parseWordpress(FIXTURE, { pagesAsPosts: true });
    expect(withPages.posts.find((p) => p.key === '2')).toMatchObject({ slug: 'about', status: 'published', legacyPaths: ['/?page_id=2', '/about/'], body: '안녕하세요.' });
  });

  it('reads a stream of byte chunks split anywhere (even inside a UTF-8 character) the same as the whole text', async () => {
    const bytes = Buffer.from(FIXTURE);
    async function* chunks() { for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7); }
    const streamed = await parseWordpress(chunks(), { timeZone: 'Asia/Seoul', label: 'wordpress.xml' });
    expect(streamed.posts.map((p) => p.body)).toEqual(bundle.posts.map((p) => p.body));
  });
});

describe('broken and hostile exports', () => {
  it('truncated XML names the line and column', async () => {
    const cut = FIXTURE.slice(0, FIXTURE.indexOf('<wp:post_id>15</wp:post_id>'));
    const error = await refusal(cut, { label: 'export.xml' });
    expect(error.where).toMatch(/^export\.xml line \d+, column \d+$/);
    expect(error.message).toMatch(/unclosed tag/);
  });

  it('a mismatched tag names its line', async () => {
    const lines = FIXTURE.split('\n');
    const at = lines.findIndex((l) => l.includes('<wp:post_id>16</wp:post_id>'));
    lines[at] = lines[at]!.replace('</wp:post_id>', '</wp:post_ID>');
    const error = await refusal(lines.join('\n'));
    expect(error.where).toBe(`line ${at + 1}, column ${lines[at]!.indexOf('</wp:post_ID>') + '</wp:post_ID>'.length}`);
  });

  it('a DOCTYPE (entities: XXE, billion laughs) is refused before any entity is used', async () => {
    const laughs = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<rss><channel><title>&lol2;</title></channel></rss>';
    const error = await refusal(laughs);
    expect(error.where).toBe(`line 2, column ${laughs.split('\n')[1]!.length}`); // where the DOCTYPE ends
    expect(error.message).toContain('DOCTYPE');
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>';
    expect((await refusal(xxe)).message).toContain('DOCTYPE');
  });

  it('an undeclared entity is an error, not an empty string', async () => {
    const error = await refusal(FIXTURE.replace('<title>ML 노트</title>', '<title>ML &nbsp; 노트</title>'));
    expect(error.where).toBe(`line 11, column ${'\t<title>ML &nbsp;'.length}`);
    expect(error.message).toMatch(/undefined entity/);
  });

  it('XML that is not a WXR export is refused', async () => {
    expect((await refusal('<feed xmlns="http://www.w3.org/2005/Atom"></feed>')).message).toContain('not a WordPress export');
    expect((await refusal('<rss version="2.0"><channel><title>x</title></channel></rss>')).message).toContain('no <wp:wxr_version>');
    expect((await refusal(FIXTURE, { timeZone: 'Mars/Olympus' })).where).toBe('--time-zone');
  });

  it('a published item without a usable date names the item', async () => {
    const error = await refusal(FIXTURE.replace('<wp:post_date_gmt><![CDATA[2030-01-01 00:00:00]]>', '<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]>')
      .replace('<wp:post_date><![CDATA[2030-01-01 09:00:00]]>', '<wp:post_date><![CDATA[soon]]>'));
    expect(error.where).toBe('item 4 (post_id 16) "다음 주 예고"');
  });
});

describe('generateWxr', () => {
  it('makes an export the parser reads back whole, with a category tree, comments and math', async () => {
    const bundle = await parseWordpress(generateWxr(20));
    expect(bundle.posts).toHaveLength(20);
    expect(bundle.posts.filter((p) => p.status === 'draft')).toHaveLength(0);
    expect(bundle.categories.find((c) => c.key === 'deep')?.parentKey).toBe('ml');
    expect(bundle.posts[3]!.comments.map((c) => c.parentKey)).toEqual([undefined, '8']);
    expect(bundle.posts[3]!.body).toContain('$$\n\\theta_{t+1} = \\theta_t - \\eta \\nabla L(\\theta_t) + 4\n$$');
    expect([...generateWxrChunks(100)].length).toBe(102);
  });
});
