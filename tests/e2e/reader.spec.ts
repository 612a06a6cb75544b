// The reader side in Chromium against `next start` on the sample content plus tests/fixtures/e2e-posts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';

const sidebar = (page: Page) => page.locator('nav.category-nav');

test('home lists ten posts with excerpts, categories and 2020.02.16-style dates', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText('분류 전체보기 (12)');
  const items = page.locator('.post-item');
  await expect(items).toHaveCount(10);
  const first = items.first();
  await expect(first.locator('h2')).toHaveText('Auto Encoder란? - Manifold와 차원 축소');
  await expect(first.locator('time')).toHaveText('2020.06.14');
  await expect(first.locator('.post-category')).toHaveText('딥러닝');
  await expect(first.locator('.post-item-excerpt')).not.toBeEmpty();
  const python = items.filter({ hasText: 'Python - time, datetime' });
  await expect(python.locator('time')).toHaveText('2020.02.16');
});

test('sidebar counts published posts, parents including their children, drafts and future posts excluded', async ({ page }) => {
  await page.goto('/');
  const nav = sidebar(page);
  const count = (path: string) => nav.locator(`a[data-category="${path}"] .count`);
  await expect(nav.locator('a.all-posts')).toHaveText('분류 전체보기 (12)');
  await expect(count('딥러닝')).toHaveText('(5)');
  await expect(count('딥러닝/최적화')).toHaveText('(2)');
  await expect(count('논문-리뷰')).toHaveText('(3)');
  await expect(count('python')).toHaveText('(3)');
  await expect(count('django')).toHaveText('(1)');
});

test('the sidebar marks where the reader is, and counts each tag\'s posts', async ({ page }) => {
  const nav = () => sidebar(page);
  const current = () => page.locator('#sidebar [aria-current]');
  await page.goto('/');
  await expect(current()).toHaveCount(1);
  await expect(nav().locator('a.all-posts')).toHaveAttribute('aria-current', 'page');
  await nav().locator('a[data-category="딥러닝/최적화"]').click();
  await expect(current()).toHaveCount(1);
  await expect(nav().locator('a[data-category="딥러닝/최적화"]')).toHaveAttribute('aria-current', 'page');
  // A post marks its category as the current one of the set, not as this page.
  await page.locator('.post-item h2 a').first().click();
  await expect(page.locator('article.post')).toBeVisible();
  await expect(current()).toHaveCount(1);
  await expect(nav().locator('a[data-category="딥러닝/최적화"]')).toHaveAttribute('aria-current', 'true');
  const marked = await nav().locator('a[aria-current]').evaluate((a) => getComputedStyle(a).fontWeight);
  const plain = await nav().locator('a[data-category="python"]').evaluate((a) => getComputedStyle(a).fontWeight);
  expect(Number(marked)).toBeGreaterThan(Number(plain));
  // Tags show how many posts each has; a tag's page marks its tag.
  const tags = page.locator('#sidebar .tag-cloud a');
  expect(await tags.count()).toBeGreaterThan(3);
  for (const text of await tags.allInnerTexts()) expect(text).toMatch(/^#\S.* [1-9]\d*$/);
  const tag = tags.first();
  const label = await tag.innerText();
  await tag.click();
  await expect(page.locator('h1 .count')).toHaveText(`(${label.split(' ').pop()})`);
  await expect(page.locator('#sidebar .tag-cloud a[aria-current="page"]')).toHaveText(label);
  await expect(current()).toHaveCount(1);
});

test('a category shows its posts and its subcategories\' posts', async ({ page }) => {
  await page.goto('/');
  await sidebar(page).locator('a[data-category="딥러닝"]').click();
  await expect(page).toHaveURL(/\/category\/%EB%94%A5%EB%9F%AC%EB%8B%9D$/);
  await expect(page.locator('h1')).toHaveText('딥러닝 (5)');
  await expect(page.locator('.post-item')).toHaveCount(5);
  await expect(page.locator('.post-item').filter({ hasText: '경사하강법 이해(1)' })).toHaveCount(1);
  await sidebar(page).locator('a[data-category="딥러닝/최적화"]').click();
  await expect(page.locator('h1')).toHaveText('최적화 (2)');
  await expect(page.locator('.post-item h2')).toHaveText(['경사하강법 이해(2) - Learning Rate란?', '경사하강법 이해(1)']);
});

test('pagination moves to older posts and stops at the last page', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.pagination-status')).toHaveText('1 / 2 페이지');
  await page.getByRole('link', { name: '이전 글 →' }).click();
  await expect(page).toHaveURL(/\/page\/2$/);
  await expect(page.locator('.post-item h2')).toHaveText(['E2E 보조 글 하나: 리스트 컴프리헨션', 'E2E 보조 글 둘: 딕셔너리']);
  await page.getByRole('link', { name: '← 최신 글' }).click();
  await expect(page.locator('.post-item')).toHaveCount(10);
  expect((await page.request.get('/page/3')).status()).toBe(404);
});

test('a post renders math with KaTeX, highlighted code, a table of contents and its neighbours', async ({ page }) => {
  await page.goto('/posts/gradient-descent-learning-rate');
  await expect(page.locator('h1.post-title')).toHaveText('경사하강법 이해(2) - Learning Rate란?');
  await expect(page.locator('.post-header time')).toHaveText('2020.04.26');
  await expect(page.locator('.post-header .post-meta')).toContainText('분 읽기');
  expect(await page.locator('.prose .katex').count()).toBeGreaterThan(10);
  expect(await page.locator('.prose .katex-display').count()).toBeGreaterThan(2);
  await expect(page.locator('.prose .katex-display').first().locator('math')).toHaveCount(1);
  const code = page.locator('.prose pre code[data-language="python"]').first();
  await expect(code).toBeVisible();
  expect(await code.locator('span[style*="--shiki-light"]').count()).toBeGreaterThan(3);
  const tocLinks = page.locator('nav.toc a');
  expect(await tocLinks.count()).toBeGreaterThan(3);
  const target = await tocLinks.first().getAttribute('href');
  await expect(page.locator(`[id="${decodeURIComponent(target!.slice(1))}"]`)).toHaveCount(1);
  await expect(page.locator('a.neighbour.prev .neighbour-title')).toHaveText('논문 리뷰: DCGAN(Deep Convolutional GAN)');
  await expect(page.locator('a.neighbour.next .neighbour-title')).toHaveText('Mean Squared Error VS Cross Entropy Error');
});

test('a post page without a demo ships no more than 100 KB of JavaScript (gzip)', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/posts/django-start');
  await page.waitForLoadState('networkidle');
  let total = 0;
  for (const url of scripts) total += zlib.gzipSync(await (await page.request.get(url)).body()).length;
  const inline = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => e.textContent ?? '').join(''));
  total += zlib.gzipSync(Buffer.from(inline)).length;
  console.log(`post page JavaScript: ${scripts.length} file(s), ${(total / 1024).toFixed(1)} KB gzip`);
  expect(total).toBeLessThanOrEqual(100 * 1024);
});

test('dark mode follows the switch and survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/posts/cnn-convolution');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await bg()).toBe('rgb(255, 255, 255)');
  await page.getByRole('button', { name: '다크 모드 전환' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).toBe('rgb(21, 23, 26)');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.goto('/');
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the system dark preference applies on a first visit', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('unknown pages, drafts and future posts get the Korean 404 page', async ({ page }) => {
  for (const url of ['/no/such/page', '/posts/e2e-draft', '/posts/e2e-future', '/posts/does-not-exist', '/category/없는분류', '/tag/없는태그', '/page/abc', '/xx/posts/cnn-convolution']) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(404);
    await expect(page.locator('h1'), url).toHaveText('페이지를 찾을 수 없습니다');
  }
});

test('the English switch keeps the page and translates the interface', async ({ page }) => {
  await page.goto('/posts/cnn-convolution');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/posts\/cnn-convolution$/);
  await expect(page.locator('nav.toc summary')).toHaveText('Contents');
  await page.goto('/en');
  await expect(page.locator('h1')).toHaveText('All posts (12)');
  await page.getByRole('link', { name: '한국어' }).click();
  await expect(page.locator('h1')).toHaveText('분류 전체보기 (12)');
});

test('a math-heavy post fits a phone screen without sideways scrolling', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/posts/mse-vs-cross-entropy');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test('health names the database the server runs on', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ ok: true, database: test.info().project.metadata.provider });
});

// One reader path: every page type is a Pages Router page with no framework JavaScript (zero /_next/static
// scripts, no flight data, no __NEXT_DATA__); a post with demos loads only its island loader from /_islands.
const READER_PAGES = [
  '/',
  '/page/2',
  '/posts/django-start',
  '/posts/cnn-convolution',
  `/category/${encodeURIComponent('딥러닝')}`,
  `/category/${encodeURIComponent('딥러닝')}/${encodeURIComponent('최적화')}`,
  '/tag/cnn',
  `/search?q=${encodeURIComponent('경사')}`,
  '/search',
  '/en',
  '/en/page/2',
  '/en/posts/django-start',
  '/en/category/python',
  '/en/tag/python',
  '/en/search?q=E2E',
];

test('every reader page type ships no framework JavaScript, at most 5 KB gzip besides islands', async ({ request }) => {
  for (const url of READER_PAGES) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(200);
    expect(res.headers()['cache-control'], url).toMatch(/^public, s-maxage=\d+/);
    const html = await res.text();
    expect(html, url).not.toMatch(/\/_next\/static\/[^"]*\.js/);
    expect(html, url).not.toContain('__NEXT_DATA__');
    expect(html, url).not.toContain('self.__next_f');
    const sources = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.filter((src) => !src.startsWith('/_islands/')), url).toEqual([]);
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('');
    expect(zlib.gzipSync(Buffer.from(inline)).length, url).toBeLessThanOrEqual(5 * 1024);
  }
  // Islands only where a post has demos.
  expect(await (await request.get('/posts/cnn-convolution')).text()).toMatch(/import\("\/_islands\/islands-[A-Z0-9]+\.js"\)/);
  expect(await (await request.get('/posts/django-start')).text()).not.toContain('/_islands/');
});

test('a list page loads no script file in the browser, and links and the search form work without one', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  await page.goto('/');
  await page.locator('.post-item h2 a').first().click();
  await expect(page.locator('h1.post-title')).toHaveText('Auto Encoder란? - Manifold와 차원 축소');
  await page.getByRole('link', { name: '검색' }).click();
  await page.getByRole('searchbox').fill('경사하강법');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.locator('.search-summary')).toContainText('경사하강법');
  expect(await page.locator('.search-hit').count()).toBeGreaterThan(0);
  expect(scripts.filter((u) => !new URL(u).pathname.startsWith('/_islands/'))).toEqual([]);
});

test('every 404 is the same document: unknown post, category, tag, language, page number and path', async ({ request }) => {
  const bodies = new Map<string, string>();
  for (const url of ['/posts/does-not-exist', `/category/${encodeURIComponent('없는분류')}`, '/tag/nope', '/xx/', '/xx/posts/cnn-convolution', '/page/999', '/en/page/999', '/no/such/page', '/en/posts']) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(404);
    const html = await res.text();
    expect(html, url).toContain('페이지를 찾을 수 없습니다');
    expect(html, url).not.toMatch(/\/_next\/static\/[^"]*\.js/);
    bodies.set(url, html);
  }
  const first = bodies.get('/posts/does-not-exist');
  for (const [url, html] of bodies) expect(html, url).toBe(first);
});

test('an /api address no endpoint declares is a JSON 404, whatever the method', async ({ request }) => {
  for (const [method, url] of [['GET', '/api/nope'], ['POST', '/api/no/such/thing'], ['DELETE', '/api/nope']] as const) {
    const res = await request.fetch(url, { method, data: method === 'POST' ? {} : undefined });
    expect(res.status(), `${method} ${url}`).toBe(404);
    expect(res.headers()['content-type']).toContain('application/json');
    expect(await res.json()).toEqual({ error: 'No such API endpoint.' });
  }
});

test('a post in a series shows "이 시리즈의 글" with its place, every part and the parts either side, then related posts', async ({ page }) => {
  await page.goto('/posts/gradient-descent-basics');
  await expect(page.locator('.post-series-badge a')).toHaveText('경사하강법 이해 시리즈 · 1 / 2');
  const box = page.getByRole('navigation', { name: '시리즈: 경사하강법 이해' });
  await expect(box.getByRole('heading', { level: 2 })).toHaveText('이 시리즈의 글');
  await expect(box.locator('.series-name')).toHaveText('경사하강법 이해');
  await expect(box.locator('.series-position')).toContainText('1 / 2');
  await expect(box.locator('.series-list li')).toHaveText(['경사하강법 이해(1)', '경사하강법 이해(2) - Learning Rate란?']);
  // The current part is marked, not linked; the other is a link.
  await expect(box.locator('.series-list [aria-current="page"]')).toHaveText('경사하강법 이해(1)');
  await expect(box.locator('.series-list a')).toHaveText(['경사하강법 이해(2) - Learning Rate란?']);
  await expect(box.locator('a.series-step.prev')).toHaveCount(0);
  await page.locator('.post-series-badge a').click();
  await expect(page).toHaveURL(/#series$/);

  // Related: other posts by shared tags (loss → MSE vs CE), then the category's family; never the series or itself.
  const related = page.getByRole('region', { name: '관련 글' });
  const titles = related.locator('a.related-title');
  await expect(titles).toHaveCount(4);
  await expect(titles.first()).toHaveText('Mean Squared Error VS Cross Entropy Error');
  for (const title of await titles.allTextContents()) expect(title).not.toMatch(/경사하강법 이해/);
  await expect(related.locator('time').first()).toHaveText(/^\d{4}\.\d{2}\.\d{2}$/);

  await box.locator('a.series-step.next').click();
  await expect(page).toHaveURL(/\/posts\/gradient-descent-learning-rate$/);
  const second = page.getByRole('navigation', { name: '시리즈: 경사하강법 이해' });
  await expect(second.locator('.series-position')).toContainText('2 / 2');
  await expect(second.locator('.series-list [aria-current="page"]')).toHaveText('경사하강법 이해(2) - Learning Rate란?');
  await expect(second.locator('a.series-step.next')).toHaveCount(0);
  await second.locator('a.series-step.prev').click();
  await expect(page).toHaveURL(/\/posts\/gradient-descent-basics$/);

  // Transformer(4): the only part in the sample, so 1 / 1 with no steps; related by the shared attention tag, then 논문 리뷰.
  await page.goto('/posts/transformer-training');
  const transformer = page.getByRole('navigation', { name: '시리즈: Transformer' });
  await expect(transformer.locator('.series-position')).toContainText('1 / 1');
  await expect(transformer.locator('.series-list li')).toHaveText(['Transformer(4) - 모델의 학습과정 정리']);
  await expect(transformer.locator('.series-steps')).toHaveCount(0);
  await expect(page.getByRole('region', { name: '관련 글' }).locator('a.related-title').nth(0)).toContainText('A Dual-Stage Attention-Based');
  await expect(page.getByRole('region', { name: '관련 글' }).locator('a.related-title').nth(1)).toHaveText('논문 리뷰: DCGAN(Deep Convolutional GAN)');

  // A post in no series has no box; English pages say it in English.
  await page.goto('/posts/django-start');
  await expect(page.locator('.series-box, .post-series-badge')).toHaveCount(0);
  await expect(page.getByRole('region', { name: '관련 글' })).toBeVisible();
  await page.goto('/en/posts/gradient-descent-basics');
  await expect(page.getByRole('navigation', { name: 'Series: 경사하강법 이해' }).getByRole('heading')).toHaveText('Posts in this series');
  await expect(page.locator('a.series-step.next .neighbour-label')).toHaveText('Next in series →');
  await expect(page.getByRole('region', { name: 'Related posts' }).locator('a.related-title').first()).toHaveAttribute('href', '/en/posts/mse-vs-cross-entropy');
});

test.describe('the series box and related posts @sqlite-only', () => {
  test.use({ bypassCSP: true });
  const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  for (const [width, scheme] of [
    [1280, 'light'],
    [375, 'dark'],
  ] as const) {
    test(`pass axe and fit the screen at ${width}px (${scheme})`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('/posts/gradient-descent-learning-rate');
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const w = window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
        const context = { include: [['.post-series-badge'], ['.series-box'], ['.related-posts']] };
        return (await w.axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
      });
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      for (const selector of ['.series-box', '.related-posts']) {
        const box = await page.locator(selector).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= width, selector).toBe(true);
      }
    });
  }
});
