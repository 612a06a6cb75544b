// The reader URL module: the addresses every link, the sitemap and the feed use, the parsing of page numbers, and
// the agreement between its sections, next.config.mjs's rewrites and the files under pages/[lang]/.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withManifold } from '../../../next.mjs';
import { LANGS } from '../../../lib/i18n';
import { renderUrl } from '../../../lib/server/page-cache.mjs';
import { absolute, categoryUrl, feedUrl, homeUrl, localized, parseFeedFile, parseFeedScope, parseLang, parsePageNumber, postUrl, READER_SECTIONS, searchUrl, splitPage, tagUrl } from '../urls';

describe('reverse: the address of each reader page', () => {
  it('Korean addresses have no prefix, English ones start with /en', () => {
    expect(homeUrl('ko')).toBe('/');
    expect(homeUrl('en')).toBe('/en');
    expect(localized('en', 'search')).toBe('/en/search');
    expect(postUrl('ko', 'django-start')).toBe('/posts/django-start');
    expect(postUrl('en', 'django-start')).toBe('/en/posts/django-start');
  });

  it('page 1 is the list itself, later pages end in /page/N', () => {
    expect(homeUrl('ko', 1)).toBe('/');
    expect(homeUrl('ko', 2)).toBe('/page/2');
    expect(homeUrl('en', 3)).toBe('/en/page/3');
    expect(categoryUrl('ko', ['python'], 1)).toBe('/category/python');
    expect(categoryUrl('ko', ['python'], 2)).toBe('/category/python/page/2');
    expect(tagUrl('en', 'cnn', 2)).toBe('/en/tag/cnn/page/2');
  });

  it('percent-encodes each segment (Korean slugs, slashes, ? and #), never the separators', () => {
    expect(categoryUrl('ko', ['딥러닝', '최적화'])).toBe('/category/%EB%94%A5%EB%9F%AC%EB%8B%9D/%EC%B5%9C%EC%A0%81%ED%99%94');
    expect(postUrl('ko', 'a/b?c#d')).toBe('/posts/a%2Fb%3Fc%23d');
    expect(tagUrl('ko', '컴프리헨션')).toBe(`/tag/${encodeURIComponent('컴프리헨션')}`);
  });

  it('search carries the query only when there is one', () => {
    expect(searchUrl('ko')).toBe('/search');
    expect(searchUrl('ko', '경사 & 하강')).toBe('/search?q=%EA%B2%BD%EC%82%AC%20%26%20%ED%95%98%EA%B0%95');
    expect(searchUrl('en', 'x')).toBe('/en/search?q=x');
    expect([searchUrl('ko', 'x', 1), searchUrl('ko', 'x', 3), searchUrl('ko', '', 3)]).toEqual(['/search?q=x', '/search?q=x&page=3', '/search']);
  });

  it('absolute addresses join the site URL without doubling the slash', () => {
    expect(absolute('https://blog.example', postUrl('ko', 'a'))).toBe('https://blog.example/posts/a');
    expect(absolute('https://blog.example/', homeUrl('ko'))).toBe('https://blog.example/');
    expect(feedUrl()).toBe('/feed.xml');
  });
});

describe('feeds: three formats, for the site, a category or a tag', () => {
  it('the site\'s feeds sit at the root, a category\'s or tag\'s after its page\'s address', () => {
    expect([feedUrl(), feedUrl('rss'), feedUrl('atom'), feedUrl('json')]).toEqual(['/feed.xml', '/feed.xml', '/atom.xml', '/feed.json']);
    expect(feedUrl('atom', { kind: 'category', path: ['딥러닝', '최적화'] })).toBe(`${categoryUrl('ko', ['딥러닝', '최적화'])}/atom.xml`);
    expect(feedUrl('json', { kind: 'tag', slug: 'a/b' })).toBe('/tag/a%2Fb/feed.json');
  });

  it('the scoped feed route reads its file name and scope, and nothing else', () => {
    expect([parseFeedFile('feed.xml'), parseFeedFile('atom.xml'), parseFeedFile('feed.json')]).toEqual(['rss', 'atom', 'json']);
    for (const bad of ['rss.xml', 'FEED.XML', '', undefined, ['feed.xml'], 'toString', '__proto__']) expect(parseFeedFile(bad), String(bad)).toBeNull();
    expect(parseFeedScope(['category', '딥러닝', '최적화'])).toEqual({ kind: 'category', path: ['딥러닝', '최적화'] });
    expect(parseFeedScope(['tag', 'cnn'])).toEqual({ kind: 'tag', slug: 'cnn' });
    for (const bad of [['category'], ['tag'], ['tag', 'a', 'b'], ['posts', 'a'], [], ['category', '']]) expect(parseFeedScope(bad), bad.join('/')).toBeNull();
  });
});

describe('parsing what the URL says', () => {
  it('page numbers are 1–999999 without leading zeros or signs', () => {
    expect(parsePageNumber(undefined)).toBe(1);
    expect(parsePageNumber('1')).toBe(1);
    expect(parsePageNumber('999999')).toBe(999999);
    for (const bad of ['0', '01', '-1', '1.5', '1e3', '', ' 2', '1000000', 'abc']) expect(parsePageNumber(bad), bad).toBeNull();
  });

  it('splitPage takes a trailing page/N off a catch-all path', () => {
    expect(splitPage(['딥러닝', '최적화'])).toEqual({ rest: ['딥러닝', '최적화'], page: 1 });
    expect(splitPage(['딥러닝', 'page', '2'])).toEqual({ rest: ['딥러닝'], page: 2 });
    expect(splitPage(['python', 'page', '0'])).toBeNull();
    expect(splitPage(['page'])).toEqual({ rest: ['page'], page: 1 });
    expect(splitPage(['page', '2'])).toEqual({ rest: [], page: 2 });
  });

  it('only ko and en are languages', () => {
    expect(parseLang('ko')).toBe('ko');
    expect(parseLang('en')).toBe('en');
    for (const bad of ['xx', 'KO', '', undefined, ['ko'], 'posts']) expect(parseLang(bad), String(bad)).toBeNull();
  });
});

describe('the routes behind the addresses', () => {
  it('withManifold() sends exactly the reader sections (and /) to the Korean routes', async () => {
    const rewrites = (await (await withManifold({})).rewrites!()) as { beforeFiles: { source: string; destination: string }[] };
    expect(rewrites.beforeFiles).toContainEqual({ source: '/', destination: '/ko' });
    const sections = rewrites.beforeFiles.map((r) => /^\/:section\(([^)]+)\)\/:path\*$/.exec(r.source)?.[1]).find(Boolean);
    expect(sections?.split('|').sort()).toEqual([...READER_SECTIONS].sort());
  });

  it('sends a category\'s or tag\'s feed to its route before the reader sections take the address', async () => {
    const rules = ((await (await withManifold({})).rewrites!()) as { beforeFiles: { source: string; destination: string }[] }).beforeFiles;
    const feed = rules.findIndex((r) => r.destination === '/feeds/:file/:section/:path+');
    const sections = rules.findIndex((r) => /^\/:section\([^)]+\)\/:path\*$/.test(r.source));
    expect(feed).toBeGreaterThanOrEqual(0);
    expect(feed).toBeLessThan(sections);
    expect(rules[feed].source).toBe('/:section(category|tag)/:path+/:file(feed\\.xml|atom\\.xml|feed\\.json)');
    expect(fs.existsSync(path.resolve(process.cwd(), 'app/feeds/[file]/[...scope]/route.ts'))).toBe(true);
  });

  it("every section has its route file under the project's pages/[lang]/", () => {
    const dir = path.resolve(process.cwd(), 'pages/[lang]'); // the project under test
    const entries = fs.readdirSync(dir).map((f) => f.replace(/\.tsx$/, ''));
    for (const section of READER_SECTIONS) expect(entries, section).toContain(section);
    expect(entries).toContain('index');
  });
});

describe("the page cache's reader route table (lib/server/page-cache.mjs) covers every reader address", () => {
  it('each reader page in each language is a declared route: tracking parameters are stripped, search keeps q', () => {
    for (const lang of LANGS) {
      const pages = [homeUrl(lang), homeUrl(lang, 2), postUrl(lang, 'django-start'), postUrl(lang, '한글 글'), categoryUrl(lang, ['딥러닝', '최적화']), categoryUrl(lang, ['ml'], 3), tagUrl(lang, 'python'), tagUrl(lang, 'python', 2), searchUrl(lang)];
      for (const url of pages) expect(renderUrl(`${url}?utm_source=x&fbclid=1`), url).toBe(url);
      expect(renderUrl(`${searchUrl(lang, '경사 하강')}&utm_source=x`)).toBe(searchUrl(lang, '경사 하강').replace('%20', '+'));
      const later = new URL(renderUrl(`${searchUrl(lang, '경사 하강', 2)}&utm_source=x`), 'http://x');
      expect([later.pathname, [...later.searchParams]]).toEqual([localized(lang, '/search'), [['page', '2'], ['q', '경사 하강']]]);
    }
    // The home page keeps WordPress's ?p= / ?page_id= (an old address it answers with a 301), nothing else.
    expect(renderUrl('/?utm_source=x&p=123')).toBe('/?p=123');
    expect(renderUrl('/en?page_id=45&fbclid=1')).toBe('/en?page_id=45');
    // The feed is not a reader page: its query string reaches it as sent.
    expect(renderUrl(`${feedUrl()}?utm_source=x`)).toBe(`${feedUrl()}?utm_source=x`);
  });
});
