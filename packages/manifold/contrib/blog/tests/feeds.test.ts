// The feeds (RSS 2.0, Atom, JSON Feed 1.1; the site's, a category's, a tag's) and the sitemap, on a real SQLite file
// and a real PostgreSQL database, read back with a real feed parser (@rowanmanning/feed-parser) and, for JSON Feed,
// checked against the 1.1 spec's fields: whole posts with MathML and absolute addresses, never a draft or a future post.
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDb, type Db } from '../../../lib/db';
import { compileMdx } from '../../../lib/mdx/compile';
import { loadEmbedSchemas } from '../../../lib/embeds';
import { settings } from '../../../lib/settings';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../../../testing/databases';
import { siteConfig } from '@site/site.config';
import { buildFeed, feedResponse, scopedFeedGet } from '../feed';
import { querySitemap } from '../seo-queries';
import { sitemap, sitemapEntries } from '../sitemap';
import { addHiddenPosts, blogFactory, emptyBlog, seoulDay as day } from './factories';

// Read once, at the first settings() call (none happens while the modules load).
const SITE = 'https://blog.example.test';
process.env.SITE_URL = SITE;

const VISIBLE = ['math', 'gd-2', 'time', 'cnn', 'gd-1'];
const HOSTILE_TITLE = '수식 & <b>굵게</b> ]]> 두 번 ]]> "끝" </script>';

const MATH_POST = `## 소개

인라인 $x^2$ 수식과 블록 수식:

$$
\\frac{1}{2m}\\sum_{i=1}^{m} x_i
$$

![그림](/media/2024/01/0123456789abcdef.800x600.png)

[다른 글](/posts/gd-1), [외부](https://example.com/a?b=1&c=2), [처음으로](#소개).

\`\`\`python
print("</script>]]>")
\`\`\`

<Gone />
`;

/** The posts of data-layer.test.ts, a post with math, an image, links, code and a demo, and the hidden kinds. */
async function seed(db: Db) {
  const f = blogFactory(db);
  const dl = await f.category('딥러닝', { order: 1 });
  const opt = await f.category('최적화', { parentId: dl.id });
  const py = await f.category('python', { order: 2 });
  await f.category('빈-분류', { order: 3 });
  const tag = await f.tag('경사하강법');
  const secret = await f.tag('비밀');
  await f.post('gd-1', day('2019-11-17'), { categoryId: opt.id, tagIds: [tag.id] });
  await f.post('gd-2', day('2020-04-26'), { categoryId: opt.id, tagIds: [tag.id] });
  await f.post('cnn', day('2019-12-08'), { categoryId: dl.id });
  await f.post('time', day('2020-02-16'), { categoryId: py.id });
  const schemas = await loadEmbedSchemas();
  const compiled = await compileMdx(MATH_POST, { embeds: schemas, uninstalledEmbeds: { Gone: 'gone' } });
  await f.post('math', day('2020-05-01'), { categoryId: opt.id, tagIds: [tag.id], compiledCode: compiled.code, title: HOSTILE_TITLE });
  await db.post.update({ where: { slug: 'math' }, data: { excerpt: '요약 <i>그대로</i> & 끝' } });
  // gd-1 was revised by its author after publication: its "modified" date is that one.
  await db.post.update({ where: { slug: 'gd-1' }, data: { revisedAt: day('2021-01-10') } });
  const hidden = await addHiddenPosts(db, { categoryId: py.id, tagId: tag.id, around: day('2019-12-08') });
  // A tag only a draft carries: readers must not learn it exists.
  await db.post.update({ where: { slug: 'hidden-draft' }, data: { tags: { connect: [{ id: secret.id }] } } });
  return { hidden };
}

const JSON_FEED_DATE = z.string().refine((s) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s), 'an RFC 3339 date');
const JSON_FEED_AUTHOR = z.strictObject({ name: z.string().optional(), url: z.url().optional(), avatar: z.url().optional() });
/** JSON Feed 1.1 (jsonfeed.org/version/1.1): its fields only (extensions would start with "_"), with their types. */
const JSON_FEED_11 = z.strictObject({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string(),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  user_comment: z.string().optional(),
  next_url: z.url().optional(),
  icon: z.url().optional(),
  favicon: z.url().optional(),
  authors: z.array(JSON_FEED_AUTHOR).optional(),
  language: z.string().optional(),
  expired: z.boolean().optional(),
  items: z.array(
    z
      .strictObject({
        id: z.string(),
        url: z.url().optional(),
        external_url: z.url().optional(),
        title: z.string().optional(),
        content_html: z.string().optional(),
        content_text: z.string().optional(),
        summary: z.string().optional(),
        image: z.url().optional(),
        banner_image: z.url().optional(),
        date_published: JSON_FEED_DATE.optional(),
        date_modified: JSON_FEED_DATE.optional(),
        authors: z.array(JSON_FEED_AUTHOR).optional(),
        tags: z.array(z.string()).optional(),
        language: z.string().optional(),
      })
      .refine((item) => item.content_html !== undefined || item.content_text !== undefined, 'an item has content_html or content_text'),
  ),
});

const get = (path: string, headers: Record<string, string> = {}) => new Request(`${SITE}${path}`, { headers });
const scoped = (file: string, ...scope: string[]) => scopedFeedGet(get('/'), { params: Promise.resolve({ file, scope }) });

describe.each(PROVIDERS)('feeds and sitemap on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  let hidden: string[];

  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = createDb(database.target);
    // feed.ts and sitemap.ts read through the process's client (data.ts): this database's.
    (globalThis as { __manifoldDb?: Db }).__manifoldDb = db;
  });
  beforeEach(async () => {
    await emptyBlog(db);
    ({ hidden } = await seed(db));
  });
  afterAll(async () => {
    await db?.$disconnect();
    (globalThis as { __manifoldDb?: Db }).__manifoldDb = undefined;
    await database?.drop();
  });

  it('reads SITE_URL for every address', () => {
    expect(settings().siteUrl).toBe(SITE);
  });

  it('RSS 2.0: the published posts, newest first, with absolute links, RFC 822 dates and their categories', async () => {
    const body = (await buildFeed('rss'))!.body;
    const feed = parseFeed(body);
    expect(feed.meta.type).toBe('rss');
    expect(feed.title).toBe(siteConfig.title);
    expect(feed.url).toBe(`${SITE}/`);
    expect(feed.self).toBe(`${SITE}/feed.xml`);
    expect(feed.language).toBe('ko');
    expect(feed.items.map((i) => i.url)).toEqual(VISIBLE.map((s) => `${SITE}/posts/${s}`));
    for (const slug of hidden) expect(body).not.toContain(slug);
    const math = feed.items[0];
    // Plain text in RSS: only the CDATA terminators are written as an entity, which a parser reads back as text.
    expect(math.title).toBe(HOSTILE_TITLE);
    expect(math.published?.toISOString()).toBe(day('2020-05-01').toISOString());
    expect(body).toMatch(/<pubDate>Fri, 01 May 2020 03:00:00 GMT<\/pubDate>/);
    expect(math.categories.map((c) => c.term)).toEqual(['최적화', '경사하강법']);
    expect(math.description).toBe('요약 <i>그대로</i> & 끝');
  });

  it('carries the whole post: MathML without KaTeX\'s HTML, absolute URLs, no script, a link where a demo was', async () => {
    // JSON Feed's content_html is the HTML exactly as written (the XML parser decodes entities in what it reads).
    const html = JSON.parse((await buildFeed('json'))!.body).items[0].content_html as string;
    expect(html).toMatch(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML"><semantics><mrow><msup><mi>x<\/mi><mn>2<\/mn><\/msup>/);
    expect(html).toContain('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">');
    expect(html).toContain('<mfrac>');
    expect(html).not.toMatch(/katex|class=|popover|data-|tabindex/);
    expect(html).not.toMatch(/<script|<button/i);
    expect(html).toContain(`<img src="${SITE}/media/2024/01/0123456789abcdef.800x600.png" alt="그림"`);
    expect(html).toContain(`srcset="${SITE}/media/2024/01/0123456789abcdef.480x360.webp 480w, ${SITE}/media/2024/01/0123456789abcdef.800x600.png 800w"`);
    expect(html).toContain(`<a href="${SITE}/posts/gd-1">다른 글</a>`);
    expect(html).toContain('<a href="https://example.com/a?b=1&#x26;c=2">외부</a>');
    expect(html).toContain(`<a href="${SITE}/posts/math#%EC%86%8C%EA%B0%9C">처음으로</a>`);
    expect(html).toContain('<h2 id="소개">소개</h2>');
    // The code, coloured with plain colours (the site's theme variables mean nothing in a reader), its text escaped.
    // (github-light-high-contrast: AA on white.) The language label stays; the page's copy button and the equation's
    // scroll region do not come along.
    expect(html).toContain('<span style="color:#023B95">print</span>');
    expect(html).toMatch(/<div><span>Python<\/span><\/div><pre>/);
    expect(html).not.toMatch(/role="group"|aria-label="수식|복사/);
    expect(html).toContain('"&#x3C;/script>]]>"');
    expect(html).toContain(`<a href="${SITE}/posts/math">${SITE}/posts/math</a>`);
    // The XML formats carry the same HTML; a "]]>" in it did not end their CDATA section early.
    for (const format of ['rss', 'atom'] as const) {
      const body = (await buildFeed(format))!.body;
      expect(body).toContain('"&#x3C;/script>]]&gt;"');
      expect(parseFeed(body).items[0].content).toContain('<mfrac>');
    }
  });

  it('Atom 1.0: the same posts, escaped HTML titles, published and updated dates (the author\'s revision date)', async () => {
    const body = (await buildFeed('atom'))!.body;
    const feed = parseFeed(body);
    expect(feed.meta.type).toBe('atom');
    expect(feed.self).toBe(`${SITE}/atom.xml`);
    expect(feed.items.map((i) => i.url)).toEqual(VISIBLE.map((s) => `${SITE}/posts/${s}`));
    expect(feed.items[0].title).toBe(HOSTILE_TITLE);
    expect(feed.items[0].content).toContain('display="block"');
    const gd1 = feed.items.find((i) => i.url?.endsWith('/gd-1'))!;
    expect([gd1.published?.toISOString(), gd1.updated?.toISOString()]).toEqual([day('2019-11-17').toISOString(), day('2021-01-10').toISOString()]);
    // The feed's own date is its newest modification: gd-1's revision.
    expect(feed.updated?.toISOString()).toBe(day('2021-01-10').toISOString());
    for (const slug of hidden) expect(body).not.toContain(slug);
  });

  it('JSON Feed 1.1: the spec\'s fields, plain-text title and summary, HTML content', async () => {
    const feed = JSON_FEED_11.parse(JSON.parse((await buildFeed('json'))!.body));
    expect(feed.feed_url).toBe(`${SITE}/feed.json`);
    expect(feed.home_page_url).toBe(`${SITE}/`);
    expect(feed.authors).toEqual([{ name: siteConfig.author, url: `${SITE}/` }]);
    expect(feed.items.map((i) => i.url)).toEqual(VISIBLE.map((s) => `${SITE}/posts/${s}`));
    const [math] = feed.items;
    expect([math.title, math.summary, math.date_published]).toEqual([HOSTILE_TITLE, '요약 <i>그대로</i> & 끝', '2020-05-01T03:00:00.000Z']);
    expect(math.content_html).toContain('<math');
    expect(math.tags).toEqual(['최적화', '경사하강법']);
  });

  it('a category\'s feed holds its descendants\' posts; a tag\'s its own; both say what they are of', async () => {
    const dl = parseFeed((await buildFeed('rss', { kind: 'category', path: ['딥러닝'] }))!.body);
    expect(dl.title).toBe(`딥러닝 – ${siteConfig.title}`);
    expect(dl.url).toBe(`${SITE}/category/${encodeURIComponent('딥러닝')}`);
    expect(dl.self).toBe(`${SITE}/category/${encodeURIComponent('딥러닝')}/feed.xml`);
    expect(dl.items.map((i) => i.url!.split('/').pop())).toEqual(['math', 'gd-2', 'cnn', 'gd-1']);
    const python = parseFeed((await buildFeed('atom', { kind: 'category', path: ['python'] }))!.body);
    expect(python.items.map((i) => i.url!.split('/').pop())).toEqual(['time']);
    const tag = JSON_FEED_11.parse(JSON.parse((await buildFeed('json', { kind: 'tag', slug: '경사하강법' }))!.body));
    expect(tag.title).toBe(`#경사하강법 – ${siteConfig.title}`);
    expect(tag.feed_url).toBe(`${SITE}/tag/${encodeURIComponent('경사하강법')}/feed.json`);
    expect(tag.items.map((i) => i.url!.split('/').pop())).toEqual(['math', 'gd-2', 'gd-1']);
    // An existing category with no published post has an empty feed, as its page is an empty list.
    expect(parseFeed((await buildFeed('rss', { kind: 'category', path: ['빈-분류'] }))!.body).items).toEqual([]);
  });

  it('answers with the content type, cache headers and an ETag, and 304 to a reader that has this version', async () => {
    const rss = await feedResponse(get('/feed.xml'), 'rss');
    expect(rss.status).toBe(200);
    expect(rss.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(rss.headers.get('cache-control')).toMatch(/^public, .*max-age=\d+/);
    expect(rss.headers.get('last-modified')).toBe(day('2021-01-10').toUTCString());
    const etag = rss.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await feedResponse(get('/feed.xml', { 'if-none-match': etag }), 'rss');
    expect([again.status, await again.text()]).toEqual([304, '']);
    expect((await feedResponse(get('/atom.xml'), 'atom')).headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect((await feedResponse(get('/feed.json'), 'json')).headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    // A change to the posts is a new version.
    await db.post.update({ where: { slug: 'cnn' }, data: { title: 'CNN 다시' } });
    expect((await feedResponse(get('/feed.xml', { 'if-none-match': etag }), 'rss')).status).toBe(200);
  });

  it('a category or tag feed is reached by file name and scope; anything unknown or hidden is a 404', async () => {
    const ok = await scoped('atom.xml', 'category', '딥러닝', '최적화');
    expect([ok.status, ok.headers.get('content-type')]).toEqual([200, 'application/atom+xml; charset=utf-8']);
    expect(parseFeed(await ok.text()).items.map((i) => i.url!.split('/').pop())).toEqual(['math', 'gd-2', 'gd-1']);
    expect((await scoped('feed.json', 'tag', '경사하강법')).status).toBe(200);
    for (const [file, ...scope] of [
      ['feed.xml', 'category', '없는-분류'],
      ['feed.xml', 'category', '최적화'], // a child's slug alone is not its path
      ['feed.xml', 'tag', '없는-태그'],
      ['feed.xml', 'tag', '비밀'], // only a draft has it
      ['feed.xml', 'tag', '경사하강법', 'more'],
      ['rss.xml', 'tag', '경사하강법'],
      ['feed.xml', 'posts', 'math'],
      ['feed.xml', 'category'],
    ]) {
      const res = await scoped(file, ...scope);
      expect([res.status, res.headers.get('content-type')], `${file} ${scope.join('/')}`).toEqual([404, 'text/plain; charset=utf-8']);
    }
  });

  it('the sitemap lists exactly the published posts, the categories and tags that have one, with last modifications', async () => {
    const source = await querySitemap(db);
    expect(source.posts.map((p) => p.slug)).toEqual(VISIBLE);
    expect(source.posts.find((p) => p.slug === 'gd-1')?.modifiedAt.toISOString()).toBe(day('2021-01-10').toISOString());
    expect(source.categories.map((c) => [c.path.join('/'), c.modifiedAt.toISOString()])).toEqual([
      ['딥러닝', day('2021-01-10').toISOString()],
      ['딥러닝/최적화', day('2021-01-10').toISOString()],
      ['python', day('2020-02-16').toISOString()],
    ]);
    expect(source.tags.map((t) => t.slug)).toEqual(['경사하강법']);
    expect(source.latest?.toISOString()).toBe(day('2021-01-10').toISOString());

    const entries = await sitemap();
    const postUrls = entries.map((e) => e.url).filter((u) => u.startsWith(`${SITE}/posts/`));
    expect(postUrls.sort()).toEqual(VISIBLE.map((s) => `${SITE}/posts/${s}`).sort());
    expect(entries.map((e) => e.url).filter((u) => u.startsWith(`${SITE}/en/posts/`))).toHaveLength(VISIBLE.length);
    for (const e of entries) expect(e.url.startsWith(`${SITE}/`)).toBe(true);
    for (const slug of hidden) expect(JSON.stringify(entries)).not.toContain(slug);
    expect(JSON.stringify(entries)).not.toContain(encodeURIComponent('비밀'));
    expect(JSON.stringify(entries)).not.toContain(encodeURIComponent('빈-분류'));
    const gd1 = entries.find((e) => e.url === `${SITE}/posts/gd-1`)!;
    expect(gd1.lastModified).toEqual(day('2021-01-10'));
    expect(gd1.alternates?.languages).toEqual({ ko: `${SITE}/posts/gd-1`, en: `${SITE}/en/posts/gd-1` });
  });

  it('an empty site has an empty feed and a sitemap of its home page alone', async () => {
    await emptyBlog(db);
    const feed = parseFeed((await buildFeed('atom'))!.body);
    expect(feed.items).toEqual([]);
    expect(sitemapEntries(await querySitemap(db), SITE).map((e) => e.url)).toEqual([`${SITE}/`, `${SITE}/en`]);
  });
});
