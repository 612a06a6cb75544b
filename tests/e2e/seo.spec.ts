// What search engines, feed readers and link previews read, from the real production server: a title per page,
// absolute canonical and language links, Open Graph and Twitter meta, JSON-LD on posts, the feeds (site, category,
// tag; RSS, Atom, JSON Feed) parsed by a real feed parser, the favicon and the web manifest.
import { parseFeed } from '@rowanmanning/feed-parser';
import { expect, test, type APIRequestContext } from '@playwright/test';

const enc = encodeURIComponent;
const POST = '/posts/gradient-descent-learning-rate';
const POST_TITLE = '경사하강법 이해(2) - Learning Rate란?';
const DL = `/category/${enc('딥러닝')}`;

/** The address the server puts in its links: SITE_URL, which the e2e servers leave at its default (README). */
const site = (baseURL: string | undefined) => `http://localhost:${new URL(baseURL!).port}`;

interface Head {
  title: string;
  canonical: string | null;
  alternates: { hreflang: string | null; type: string | null; href: string }[];
  meta: Record<string, string[]>;
  jsonLd: unknown[];
  links: { rel: string; href: string; type: string | null }[];
}

/** The head of a reader page as the server sends it (no JavaScript runs on these pages). */
async function headOf(request: APIRequestContext, path: string): Promise<Head> {
  const res = await request.get(path);
  expect(res.status(), path).toBe(200);
  const html = await res.text();
  const head = html.slice(0, html.indexOf('</head>'));
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const tags = (name: string) => [...head.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0]);
  const meta: Record<string, string[]> = {};
  for (const tag of tags('meta')) {
    const key = attr(tag, 'property') ?? attr(tag, 'name');
    if (key) (meta[key] ??= []).push(decode(attr(tag, 'content') ?? ''));
  }
  const links = tags('link').map((tag) => ({ rel: attr(tag, 'rel') ?? '', href: decode(attr(tag, 'href') ?? ''), type: attr(tag, 'type'), hreflang: attr(tag, 'hrefLang') ?? attr(tag, 'hreflang') }));
  return {
    title: decode(/<title[^>]*>([^<]*)<\/title>/.exec(head)?.[1] ?? ''),
    canonical: links.find((l) => l.rel === 'canonical')?.href ?? null,
    alternates: links.filter((l) => l.rel === 'alternate').map(({ hreflang, type, href }) => ({ hreflang, type, href })),
    meta,
    jsonLd: [...head.matchAll(/<script type="application\/ld\+json"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1])),
    links,
  };
}

test('every page type has a title of its own: post, category, tag, page N, and the English pages', async ({ request }) => {
  const pages = ['/', '/page/2', DL, `${DL}/${enc('최적화')}`, '/tag/python', POST, '/en', '/en/page/2', `/en${DL}`, '/en/tag/python', `/en${POST}`];
  const titles = new Map<string, string>();
  for (const path of pages) titles.set(path, (await headOf(request, path)).title);
  expect(new Set(titles.values()).size, JSON.stringify([...titles])).toBe(pages.length);
  expect(titles.get('/')).toBe('머신러닝 노트');
  expect(titles.get('/page/2')).toBe('2페이지 | 머신러닝 노트');
  expect(titles.get('/en/page/2')).toBe('Page 2 | Machine Learning Notes');
  expect(titles.get(DL)).toBe('딥러닝 | 머신러닝 노트');
  expect(titles.get('/tag/python')).toBe('#python | 머신러닝 노트');
  expect(titles.get(POST)).toBe(`${POST_TITLE} | 머신러닝 노트`);
  expect(titles.get(`/en${POST}`)).toBe(`${POST_TITLE} | Machine Learning Notes`);
});

test('<html lang> is the page\'s language: ko at the root, en under /en, on every page type', async ({ request }) => {
  const lang = async (path: string) => (await (await request.get(path)).text()).match(/<html[^>]*\blang="([^"]+)"/)?.[1];
  for (const path of ['/', '/page/2', DL, '/tag/python', POST, `/search?q=${enc('학습')}`, '/posts/no-such-post']) expect(await lang(path), path).toBe('ko');
  for (const path of ['/en', '/en/page/2', `/en${DL}`, '/en/tag/python', `/en${POST}`, '/en/search?q=learning']) expect(await lang(path), path).toBe('en');
  // The 404 is one Korean-first document wherever it answers.
  expect(await lang('/en/page/999')).toBe('ko');
});

test('canonical, language alternates and feed links are absolute addresses on SITE_URL', async ({ request, baseURL }) => {
  const origin = site(baseURL);
  for (const [path, ko, en] of [
    ['/', '/', '/en'],
    ['/en/page/2', '/page/2', '/en/page/2'],
    [POST, POST, `/en${POST}`],
    [`/en${DL}`, DL, `/en${DL}`],
  ]) {
    const head = await headOf(request, path);
    expect(head.canonical, path).toBe(`${origin}${path}`);
    const languages = head.alternates.filter((a) => a.hreflang).map((a) => [a.hreflang, a.href]);
    expect(languages, path).toEqual([
      ['ko', `${origin}${ko}`],
      ['en', `${origin}${en}`],
      ['x-default', `${origin}${ko}`],
    ]);
    const feeds = head.alternates.filter((a) => a.type).map((a) => [a.type, a.href]);
    expect(feeds, path).toEqual(
      expect.arrayContaining([
        ['application/rss+xml', `${origin}/feed.xml`],
        ['application/atom+xml', `${origin}/atom.xml`],
        ['application/feed+json', `${origin}/feed.json`],
      ]),
    );
  }
  // A category's and a tag's pages offer their own feeds first.
  const dl = (await headOf(request, DL)).alternates.filter((a) => a.type).map((a) => a.href);
  expect(dl.slice(0, 3)).toEqual([`${origin}${DL}/feed.xml`, `${origin}${DL}/atom.xml`, `${origin}${DL}/feed.json`]);
  const tag = (await headOf(request, '/tag/python')).alternates.filter((a) => a.type).map((a) => a.href);
  expect(tag[0]).toBe(`${origin}/tag/python/feed.xml`);
});

test('Open Graph and Twitter meta on every reader page; a post is an article with its dates and JSON-LD', async ({ request, baseURL }) => {
  const origin = site(baseURL);
  for (const path of ['/', DL, '/tag/python', '/en', POST]) {
    const { meta } = await headOf(request, path);
    expect(meta['og:url'], path).toEqual([`${origin}${path}`]);
    expect(meta['og:title']?.[0], path).toBeTruthy();
    expect(meta['og:description']?.[0], path).toBeTruthy();
    expect(meta['og:locale'], path).toEqual([path.startsWith('/en') ? 'en_US' : 'ko_KR']);
    expect(meta['og:type'], path).toEqual([path === POST ? 'article' : 'website']);
    // A post has its generated card (og.tsx); other pages have no image.
    expect(meta['twitter:card'], path).toEqual([path === POST ? 'summary_large_image' : 'summary']);
  }
  const post = await headOf(request, POST);
  expect(post.meta['og:title']).toEqual([POST_TITLE]);
  expect(post.meta['article:published_time']).toEqual(['2020-04-26T05:00:00.000Z']);
  expect(post.meta['article:section']).toEqual(['최적화']);
  expect(post.jsonLd).toHaveLength(1);
  const graph = (post.jsonLd[0] as { '@graph': Record<string, unknown>[] })['@graph'];
  const article = graph.find((n) => n['@type'] === 'BlogPosting')!;
  expect(article).toMatchObject({ headline: POST_TITLE, datePublished: '2020-04-26T05:00:00.000Z', url: `${origin}${POST}`, inLanguage: 'ko', author: { '@type': 'Person' } });
  expect(typeof article.dateModified).toBe('string');
  const crumbs = graph.find((n) => n['@type'] === 'BreadcrumbList')!.itemListElement as { position: number; name: string; item: string }[];
  expect(crumbs.map((c) => [c.position, c.name, c.item])).toEqual([
    [1, '머신러닝 노트', `${origin}/`],
    [2, '딥러닝', `${origin}${DL}`],
    [3, '최적화', `${origin}${DL}/${enc('최적화')}`],
    [4, POST_TITLE, `${origin}${POST}`],
  ]);
  // Pages other than posts carry no JSON-LD.
  expect((await headOf(request, DL)).jsonLd).toEqual([]);
});

test('the feeds: RSS, Atom and JSON Feed of the site, a category and a tag, parsed by a real feed parser', async ({ request, baseURL }) => {
  const origin = site(baseURL);
  const rss = await request.get('/feed.xml');
  expect(rss.headers()['content-type']).toBe('application/rss+xml; charset=utf-8');
  expect(rss.headers()['cache-control']).toMatch(/^public, /);
  const site12 = parseFeed(await rss.text());
  expect(site12.items).toHaveLength(12);
  expect(site12.items.every((i) => i.url?.startsWith(`${origin}/posts/`))).toBe(true);
  const math = site12.items.find((i) => i.url === `${origin}${POST}`)!;
  expect(math.content).toContain('<math');
  expect(math.content).not.toContain('katex-html');
  // A reader that has this version is told so.
  const again = await request.get('/feed.xml', { headers: { 'if-none-match': rss.headers().etag } });
  expect(again.status()).toBe(304);

  const atom = await request.get(`${DL}/atom.xml`);
  expect([atom.status(), atom.headers()['content-type']]).toEqual([200, 'application/atom+xml; charset=utf-8']);
  const dl = parseFeed(await atom.text());
  expect(dl.title).toBe('딥러닝 – 머신러닝 노트');
  expect(dl.items).toHaveLength(5);
  const json = await request.get('/tag/python/feed.json');
  expect([json.status(), json.headers()['content-type']]).toEqual([200, 'application/feed+json; charset=utf-8']);
  const tagged = (await json.json()) as { version: string; items: { url: string }[] };
  expect(tagged.version).toBe('https://jsonfeed.org/version/1.1');
  expect(tagged.items.length).toBeGreaterThan(0);
  expect(parseFeed(await (await request.get('/atom.xml')).text()).items).toHaveLength(12);

  for (const path of [`/category/${enc('없는-분류')}/feed.xml`, '/tag/no-such-tag/atom.xml', `${DL}/page/2/feed.xml`]) {
    expect((await request.get(path)).status(), path).toBe(404);
  }
  // The reader pages around them are untouched.
  expect((await request.get(`${DL}/${enc('최적화')}`)).status()).toBe(200);
});

test('the sitemap lists exactly the published posts, in both languages, with their last modification', async ({ request, baseURL }) => {
  const origin = site(baseURL);
  const xml = await (await request.get('/sitemap.xml')).text();
  const urls = [...xml.matchAll(/<url>([\s\S]*?)<\/url>/g)].map((m) => ({ loc: /<loc>([^<]+)<\/loc>/.exec(m[1])![1], lastmod: /<lastmod>([^<]+)<\/lastmod>/.exec(m[1])?.[1] }));
  const posts = urls.filter((u) => u.loc.startsWith(`${origin}/posts/`));
  const feed = parseFeed(await (await request.get('/feed.xml')).text());
  expect(posts.map((u) => u.loc).sort()).toEqual(feed.items.map((i) => i.url).sort());
  expect(urls.filter((u) => u.loc.startsWith(`${origin}/en/posts/`))).toHaveLength(12);
  expect(posts.every((u) => u.lastmod)).toBe(true);
  expect(urls.map((u) => u.loc)).toContain(`${origin}${DL}`);
  expect(urls.map((u) => u.loc)).toContain(`${origin}/tag/python`);
});

test('a favicon, icons and a web manifest, linked from the head', async ({ request }) => {
  const ico = await request.get('/favicon.ico');
  expect([ico.status(), ico.headers()['content-type']]).toEqual([200, 'image/x-icon']);
  expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  const head = await headOf(request, '/');
  const rels = head.links.map((l) => `${l.rel} ${l.href}`);
  expect(rels).toEqual(expect.arrayContaining(['icon /favicon.ico', 'icon /icons/icon.svg', 'apple-touch-icon /icons/apple-touch-icon.png', 'manifest /manifest.webmanifest']));
  for (const [path, type] of [
    ['/icons/icon.svg', 'image/svg+xml'],
    ['/icons/apple-touch-icon.png', 'image/png'],
    ['/icons/icon-192.png', 'image/png'],
    ['/icons/icon-512.png', 'image/png'],
  ]) {
    const res = await request.get(path);
    expect([res.status(), res.headers()['content-type']], path).toEqual([200, type]);
  }
  expect((await request.get('/icons/nope.png')).status()).toBe(404);
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.status()).toBe(200);
  const body = (await manifest.json()) as { name: string; icons: { src: string }[] };
  expect(body.name).toBe('머신러닝 노트');
  for (const icon of body.icons) expect((await request.get(icon.src)).status(), icon.src).toBe(200);
});

test('a post\'s Open Graph image: an absolute link keyed by its version, a 1200×630 PNG with its Korean title, a year\'s caching; hostile names 404', async ({ request, baseURL }) => {
  const origin = site(baseURL);
  const { meta } = await headOf(request, POST);
  const image = meta['og:image']?.[0] ?? '';
  expect(image).toMatch(new RegExp(`^${origin}/og/gradient-descent-learning-rate\\.png\\?v=\\d+$`));
  expect(meta['twitter:image']).toEqual([image]);
  const url = new URL(image);
  const res = await request.get(url.pathname + url.search);
  expect([res.status(), res.headers()['content-type'], res.headers()['cache-control']]).toEqual([200, 'image/png', 'public, max-age=31536000, immutable']);
  const sharp = (await import('sharp')).default;
  const png = await res.body();
  const { width, height } = await sharp(png).metadata();
  expect([width, height]).toEqual([1200, 630]);
  // The title band is drawn: many shades (antialiased glyphs), a fair share of dark pixels.
  const { data } = await sharp(png).extract({ left: 72, top: 120, width: 1056, height: 380 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) dark++;
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  expect(colours.size).toBeGreaterThan(20);
  expect(dark / (data.length / 3)).toBeGreaterThan(0.03);
  // Without the current version it is kept an hour, not a year (the title may change under the same address).
  expect((await request.get(url.pathname)).headers()['cache-control']).toBe('public, max-age=3600');
  for (const path of ['/og/no-such-post.png', '/og/gradient-descent-learning-rate.jpg', `/og/${enc('../../etc/passwd')}.png`, `/og/${enc('a\u0000b')}.png`, `/og/${'x'.repeat(400)}.png`, '/og/%E0%A4%A.png', '/og/.png']) {
    const r = await request.get(path);
    expect(r.status(), path).toBeGreaterThanOrEqual(400);
    expect(r.status(), path).toBeLessThan(500);
  }
  expect((await request.get('/og/no-such-post.png')).status()).toBe(404);
});

test('compressed and cacheable: pages (hit and miss), feeds, the sitemap, the API and static assets in br or gzip; hashed assets immutable', async ({ request }) => {
  const get = (path: string, encoding = 'br') => request.get(path, { headers: { 'accept-encoding': encoding } });
  for (const path of ['/', `/en${POST}`, POST, POST, '/feed.xml', '/sitemap.xml', '/no/such/page', '/api/search?q=Transformer']) {
    const res = await get(path);
    expect(res.headers()['content-encoding'], path).toBe('br');
  }
  const html = await (await request.get('/posts/cnn-convolution')).text();
  const script = /import\("(\/_islands\/islands-[A-Z0-9]+\.js)"\)/.exec(html)?.[1];
  // The embeds' stylesheet is in the page (<style data-href>: one request fewer before the first paint), served too.
  const css = /<style data-href="(\/_islands\/islands-[A-Z0-9]+\.css)"/.exec(html)?.[1];
  const next = /<link rel="stylesheet" href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1];
  expect(html).not.toMatch(/<link rel="stylesheet" href="\/_islands\//);
  expect([script, css, next].every(Boolean)).toBe(true);
  for (const path of [script!, css!, next!]) {
    for (const encoding of ['br', 'gzip']) {
      const res = await get(path, encoding);
      expect([res.status(), res.headers()['content-encoding'], res.headers()['cache-control']], `${path} ${encoding}`).toEqual([200, encoding, 'public, max-age=31536000, immutable']);
    }
    // A client that takes no coding gets the plain body.
    expect((await get(path, 'identity')).headers()['content-encoding'], path).toBeUndefined();
  }
  // The stable forwarder (the editor's preview) is not immutable: it names whichever build is current.
  expect((await get('/_islands/islands.js')).headers()['cache-control']).not.toContain('immutable');
});

test('a post loads the islands runtime only when a demo nears the viewport, then hydrates it', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 700 });
  const islands: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/_islands/')) islands.push(new URL(r.url()).pathname);
  });
  await page.goto('/posts/da-rnn-review');
  await page.waitForLoadState('networkidle');
  const embed = page.locator('[data-embed]').first();
  const top = await embed.evaluate((el) => el.getBoundingClientRect().top);
  // The sample post's demo is far below the first screen: nothing of the runtime is fetched for a reader who stays there.
  expect(top).toBeGreaterThan(700 + 600);
  expect(islands).toEqual([]);
  await embed.scrollIntoViewIfNeeded();
  await expect(embed).toHaveAttribute('data-hydrated', 'true');
  expect(islands.filter((p) => /^\/_islands\/islands-[A-Z0-9]+\.js$/.test(p))).toHaveLength(1);
});
