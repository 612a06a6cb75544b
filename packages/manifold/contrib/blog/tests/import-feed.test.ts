// RSS 2.0 and Atom feeds in Tistory's HTML style (fixtures/imports/tistory-rss.xml, tistory-atom.xml): dates in UTC,
// the category tree from "상위/하위", tags, Tistory placeholders and code, MathJax, legacy paths /123 and /entry/제목;
// broken feeds refused with the line; and the guarded URL reader against a local server (refusals included).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFormatError } from '../importers/bundle';
import { parseFeed } from '../importers/feed';
import { fetchUrl, isPrivateAddress } from '../importers/fetch-url';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures/imports', name));
const RSS = fixture('tistory-rss.xml');
const ATOM = fixture('tistory-atom.xml');

async function refusal(promise: Promise<unknown>): Promise<ImportFormatError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportFormatError);
  return error as ImportFormatError;
}

describe('RSS 2.0 (Tistory)', async () => {
  const bundle = await parseFeed(RSS, { label: 'rss.xml' });

  it('reads the site, authors, the category tree and tags; every item is published with its UTC date', () => {
    expect(bundle.source).toBe('feed');
    expect(bundle.site).toBe('https://bear.tistory.com');
    expect(bundle.authors).toEqual([{ key: '곰', login: '곰', name: '곰' }]);
    expect(bundle.categories).toEqual([
      { key: '머신러닝', name: '머신러닝', slug: '머신러닝' },
      { key: '머신러닝/기초', name: '기초', slug: '기초', parentKey: '머신러닝' },
      { key: 'Python', name: 'Python', slug: 'python' },
    ]);
    expect(bundle.tags.map((t) => t.key)).toEqual(['Python', '선형회귀', '제너레이터']);
    expect(bundle.posts.map((p) => [p.key, p.status, p.publishedAt?.toISOString(), p.categoryKey, p.tagKeys])).toEqual([
      ['https://bear.tistory.com/123', 'published', '2020-02-16T12:00:00.000Z', '머신러닝/기초', ['Python', '선형회귀']],
      ['https://bear.tistory.com/124', 'published', '2020-02-16T23:30:00.000Z', 'Python', ['제너레이터']],
    ]);
  });

  it('slugs and legacy paths: /123, and /entry/<title> with the guid\'s /124', () => {
    expect(bundle.posts.map((p) => [p.slug, p.legacyPaths])).toEqual([
      ['선형-회귀와-경사-하강법', ['/123']],
      ['파이썬-제너레이터-정리', ['/entry/파이썬-제너레이터-정리', '/124']],
    ]);
  });

  it('the Tistory HTML → Markdown: MathJax $$ inline and split by <br>, code language, kage@ image, spacers gone', () => {
    expect(bundle.posts[0]!.body).toBe([
      '비용 함수는 $$J(\\theta) = \\frac{1}{2m}\\sum_{i=1}^m (h_\\theta(x^{(i)}) - y^{(i)})^2$$ 입니다.',
      '', '$$', '\\theta_j := \\theta_j - \\alpha \\frac{\\partial}{\\partial \\theta_j} J(\\theta)', '$$',
      '', '여기서 $\\alpha$는 학습률이고 가격은 \\$5 이고 할인은 \\$3 입니다.',
      '', '```python', 'import numpy as np', 'theta = theta - alpha * grad  # a_1 * b_2', '```',
      '', '![](https://blog.kakaocdn.net/dn/bWxyz1/btqB12345/AbCdEf0123/img.png)', '', '학습 곡선',
      '', '![](https://blog.kakaocdn.net/dn/abc/btqXyz/def/img.png)', '', '데이터 분포',
    ].join('\n'));
    expect(bundle.posts[1]!.body).toBe('제너레이터는 `yield`를 씁니다.\n\n```bash\npip install numpy\n```\n\n접힌 내용');
  });

  it('notes: the dropped map placeholder and the feed\'s limits', () => {
    expect(bundle.notes.map((n) => `${n.kind} | ${n.where} | ${n.message}`)).toEqual([
      'dropped | item 1 "선형 회귀와 경사 하강법" | dropped Tistory [##_Map_##] placeholder',
      'warning | feed | a feed carries only its most recent posts (2 here); older posts and drafts are not in it',
    ]);
  });

  it('reads an EUC-KR feed by its declared encoding', async () => {
    const eucKr = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="euc-kr"?><rss version="2.0"><channel><title>x</title><item><title>'),
      Buffer.from([0xc7, 0xd1, 0xb1, 0xdb]), // 한글
      Buffer.from('</title><guid>1</guid><pubDate>Sun, 16 Feb 2020 21:00:00 +0900</pubDate></item></channel></rss>'),
    ]);
    expect((await parseFeed(eucKr)).posts[0]).toMatchObject({ title: '한글', slug: '한글', key: '1' });
  });
});

describe('Atom (Tistory)', async () => {
  const bundle = await parseFeed(ATOM);

  it('reads entries, dates, categories, paths; \\( \\) and \\[ \\] math; ImageGrid; xhtml content', () => {
    expect(bundle.site).toBe('https://bear.tistory.com');
    expect(bundle.posts.map((p) => [p.slug, p.publishedAt?.toISOString(), p.modifiedAt?.toISOString(), p.categoryKey, p.tagKeys, p.legacyPaths])).toEqual([
      ['행렬-미분', '2020-02-18T01:00:00.000Z', '2020-02-19T02:00:00.000Z', '수학/선형대수', ['행렬'], ['/entry/행렬-미분', '/125']],
      ['xhtml-본문', '2020-02-20T00:00:00.000Z', undefined, '수학/선형대수', [], ['/126']],
    ]);
    expect(bundle.categories.map((c) => [c.key, c.parentKey])).toEqual([['수학', undefined], ['수학/선형대수', '수학']]);
    expect(bundle.posts[0]!.body).toBe([
      '$\\nabla_x (x^T A x) = (A + A^T)x$ 이고', '', '$$', '\\frac{\\partial}{\\partial X} \\mathrm{tr}(AX) = A^T', '$$',
      '', '```python', 'grad = (A + A.T) @ x', '```',
      '', '![](https://blog.kakaocdn.net/dn/aaa/bbb/one.png)![](https://blog.kakaocdn.net/dn/ccc/ddd/two.png)',
    ].join('\n'));
    expect(bundle.posts[1]!.body).toBe('곱은 **결합법칙**을 만족: \\$ (AB)C = A(BC) \\$ 아님, $(AB)C = A(BC)$.\n\n![z](https://blog.kakaocdn.net/dn/x/y/z.png)');
  });
});

describe('broken feeds', () => {
  it('truncated XML, a DOCTYPE, a foreign root and an undated item are refused naming where', async () => {
    const cut = await refusal(parseFeed(RSS.subarray(0, 2000), { label: 'rss.xml' }));
    expect(cut.where).toMatch(/^rss\.xml line \d+, column \d+$/);
    const doctype = await refusal(parseFeed('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<rss><channel>&e;</channel></rss>'));
    expect(doctype.where).toBe('line 2, column 56') // where the DOCTYPE ends;
    expect(doctype.message).toContain('DOCTYPE');
    expect((await refusal(parseFeed('<html><body/></html>'))).message).toContain('not an RSS 2.0 or Atom feed');
    const undated = await refusal(parseFeed(RSS.toString('utf8').replace('<pubDate>Mon, 17 Feb 2020 08:30:00 +0900</pubDate>', '<pubDate>someday</pubDate>')));
    expect(undated.where).toBe('item 2 "파이썬 제너레이터 정리"');
    expect(undated.message).toContain('not a date');
  });
});

describe('fetchUrl (import feed <url>)', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/rss') { res.writeHead(200, { 'content-type': 'application/rss+xml' }); res.end(RSS); }
      else if (url.startsWith('/hop/')) {
        const n = Number(url.slice(5));
        res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/rss' });
        res.end();
      } else if (url === '/ftp') { res.writeHead(301, { location: 'ftp://example.com/x' }); res.end(); }
      else if (url === '/big') { res.writeHead(200); res.end(Buffer.alloc(64 * 1024, 97)); }
      else if (url === '/slow') { res.writeHead(200); res.write('<rss>'); }
      else { res.writeHead(404); res.end(); }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('reads a feed through redirects (when private addresses are allowed, as only a test does) and it parses', async () => {
    const fetched = await fetchUrl(`${base}/hop/2`, { allowPrivate: true });
    expect(fetched.url).toBe(`${base}/rss`);
    expect(fetched.contentType).toBe('application/rss+xml');
    const bundle = await parseFeed(fetched.body, { label: fetched.url });
    expect(bundle.posts).toHaveLength(2);
  });

  it('refuses loopback and private addresses: by literal, and by a name that resolves to one', async () => {
    expect((await refusal(fetchUrl(`${base}/rss`))).message).toBe(`${base}/rss: refused: 127.0.0.1 is not a public address`);
    const port = (server.address() as AddressInfo).port;
    const byName = await refusal(fetchUrl(`http://localhost:${port}/rss`));
    expect(byName.message).toMatch(/refused: localhost resolves to the non-public address (127\.0\.0\.1|::1)/);
    for (const a of ['10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1']) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses other schemes, more than 3 redirects, a redirect to another scheme, too large bodies, slow servers', async () => {
    expect((await refusal(fetchUrl('file:///etc/passwd'))).message).toContain('only http and https');
    expect((await refusal(fetchUrl(`${base}/hop/3`, { allowPrivate: true }))).message).toBe(`${base}/hop/3: more than 3 redirects`);
    expect((await refusal(fetchUrl(`${base}/ftp`, { allowPrivate: true }))).message).toContain('only http and https');
    expect((await refusal(fetchUrl(`${base}/big`, { allowPrivate: true, maxBytes: 32 * 1024 }))).message).toContain('larger than');
    expect((await refusal(fetchUrl(`${base}/slow`, { allowPrivate: true, timeoutMs: 300 }))).message).toBe(`${base}/slow: timed out after 0.3 s`);
    expect((await refusal(fetchUrl(`${base}/missing`, { allowPrivate: true }))).message).toBe(`${base}/missing: the server answered 404`);
  });
});
