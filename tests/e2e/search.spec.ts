// Search as readers use it, on the real production server (SQLite and PostgreSQL): ranked results with the matched
// words marked, the JSON API and its refusals, results as you type through a Korean IME (Chromium's own composition
// events, driven over CDP), and axe on the results in light and dark.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const hits = (page: Page) => page.locator('.search-hit');

test('a Korean query with a particle finds the post, ranked first, its words marked in the title and the passage', async ({ page }) => {
  const res = await page.goto(`/search?q=${encodeURIComponent('학습률을')}`);
  expect(res?.status()).toBe(200);
  await expect(page).toHaveTitle(/^검색: 학습률을 \| /);
  await expect(page.locator('#search-status')).toHaveText(/^“학습률을” 검색 결과 \d+건$/);
  const first = hits(page).first();
  await expect(first.locator('h2 a')).toHaveAttribute('href', '/posts/gradient-descent-learning-rate');
  await expect(first.locator('h2 mark')).toHaveText(['Learning Rate']);
  expect(await first.locator('.search-snippet mark').count()).toBeGreaterThan(0);
  await expect(first.locator('time')).toHaveText('2020.04.26');
});

test('English and mixed queries: stemmed, any case, each word counts, synonyms both ways', async ({ page }) => {
  for (const [q, slug] of [
    ['transformers', 'transformer-training'],
    ['Transformer 구조', 'transformer-training'],
    ['트랜스포머', 'transformer-training'],
    ['오토인코더', 'autoencoder-manifold'],
    ['경사 하강법', 'gradient-descent-basics'],
  ]) {
    await page.goto(`/search?q=${encodeURIComponent(q)}`);
    expect(await hits(page).locator('h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), q).toContain(`/posts/${slug}`);
  }
  await page.goto(`/en/search?q=${encodeURIComponent('Transformer')}`);
  await expect(page.locator('#search-status')).toHaveText(/^\d+ results? for “Transformer”$/);
  await expect(hits(page).first().locator('h2 a')).toHaveAttribute('href', '/en/posts/transformer-training');
});

test('no results, an empty query and an over-long one each get their own clear message, never a 500', async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent('양자컴퓨터')}`);
  await expect(page.locator('#search-status')).toHaveText('“양자컴퓨터”에 맞는 글이 없습니다.');
  await expect(page.locator('.search-hint').first()).toContainText('트랜스포머 ↔ Transformer');
  await expect(page.locator('.empty')).toHaveCount(0);
  for (const q of ['', '%20%20%20']) {
    const res = await page.goto(`/search?q=${q}`);
    expect(res?.status(), q).toBe(200);
    await expect(page.locator('#search-status')).toHaveText('');
    await expect(hits(page)).toHaveCount(0);
  }
  const long = await page.goto(`/search?q=${'가'.repeat(101)}`);
  expect(long?.status()).toBe(400);
  await expect(page.locator('#search-status')).toHaveText('검색어가 너무 깁니다. 100자 이하로 줄여 주세요.');
  for (const q of ['"', 'NEAR(', "'; DROP TABLE \"Post\"; --", '<script>alert(1)</script>']) {
    const res = await page.goto(`/search?q=${encodeURIComponent(q)}`);
    expect(res?.status(), q).toBe(200);
  }
  expect((await page.goto('/search?q=%ED%95%99%EC%8A%B5&page=abc'))?.status()).toBe(404);
  expect((await page.goto('/search?q=%ED%95%99%EC%8A%B5&page=99'))?.status()).toBe(404);
});

test('GET /api/search answers ranked JSON and refuses bad parameters with a 400 that says why', async ({ request }) => {
  const res = await request.get(`/api/search?q=${encodeURIComponent('트랜스포머')}&limit=2`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^application\/json/);
  const body = await res.json();
  expect(body.total).toBeGreaterThanOrEqual(2);
  expect(body.results).toHaveLength(2);
  expect(Object.keys(body.results[0]).sort()).toEqual(['category', 'date', 'publishedAt', 'score', 'slug', 'snippet', 'snippetHtml', 'title', 'titleHtml', 'url'].sort());
  expect(body.results[0]).toMatchObject({ slug: 'transformer-training', url: '/posts/transformer-training', category: { name: '논문 리뷰' }, date: '2020.02.28' });
  expect(body.results[0].titleHtml).toBe('<mark>Transformer</mark>(4) - 모델의 학습과정 정리');
  expect(body.results[0].score).toBeGreaterThan(body.results[1].score);
  const next = await (await request.get(`/api/search?q=${encodeURIComponent('트랜스포머')}&limit=1&offset=1`)).json();
  expect(next.results[0].slug).toBe(body.results[1].slug);

  for (const [query, message] of [
    ['', /Enter a search term/],
    ['q=', /Enter a search term/],
    ['q=%20%09', /Enter a search term/],
    [`q=${'a'.repeat(101)}`, /100 characters or fewer/],
    ['q=a&limit=0', /limit is a whole number from 1 to 50/],
    ['q=a&limit=51', /limit/],
    ['q=a&limit=1e1', /limit/],
    ['q=a&limit=-1', /limit/],
    ['q=a&offset=-1', /offset is a whole number from 0 to 1000/],
    ['q=a&offset=1001', /offset/],
  ] as const) {
    const bad = await request.get(`/api/search?${query}`);
    expect(bad.status(), query).toBe(400);
    expect((await bad.json()).error, query).toMatch(message);
  }
  expect((await request.post('/api/search?q=a', { data: {} })).status()).toBe(405);
  const hostile = await request.get(`/api/search?q=${encodeURIComponent('" OR 1=1 -- NEAR( * ^')}`);
  expect(hostile.status()).toBe(200);
});

test('results come as you type, through a Korean IME, and follow the address @sqlite-only', async ({ page }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/search')) asked.push(new URL(r.url()).searchParams.get('q') ?? '');
  });
  await page.goto('/search');
  const input = page.getByRole('searchbox');
  await input.focus();
  const cdp = await page.context().newCDPSession(page);
  // Each syllable is composed jamo by jamo, then committed, as a Korean keyboard does.
  for (const [steps, syllable] of [
    [['ㅌ', '트'], '트'],
    [['ㄹ', '라', '랜'], '랜'],
    [['ㅅ', '스'], '스'],
    [['ㅍ', '포'], '포'],
    [['ㅁ', '머'], '머'],
  ] as const) {
    for (const text of steps) await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
    await cdp.send('Input.insertText', { text: syllable });
  }
  await expect(input).toHaveValue('트랜스포머');
  await expect(hits(page).first().locator('h2 a')).toHaveAttribute('href', '/posts/transformer-training');
  await expect(page.locator('#search-status')).toHaveText(/^“트랜스포머” 검색 결과 \d+건$/);
  await expect(page).toHaveURL(/\/search\?q=%ED%8A%B8%EB%9E%9C%EC%8A%A4%ED%8F%AC%EB%A8%B8$/);
  // Debounced: far fewer requests than keystrokes, none for a half-composed jamo, the last for the whole word.
  expect(asked.length).toBeLessThanOrEqual(5);
  expect(asked.some((q) => /[ㄱ-ㅎㅏ-ㅣ]/.test(q))).toBe(false);
  expect(asked.at(-1)).toBe('트랜스포머');
  // Clearing the box clears the results; the page reloads to the same state from its address.
  await input.fill('오토인코더');
  await expect(hits(page).first().locator('h2 a')).toHaveAttribute('href', '/posts/autoencoder-manifold');
  await page.reload();
  await expect(hits(page).first().locator('h2 a')).toHaveAttribute('href', '/posts/autoencoder-manifold');
  await input.fill('');
  await expect(hits(page)).toHaveCount(0);
  await expect(page).toHaveURL(/\/search$/);
});

test.describe('axe @sqlite-only', () => {
  test.use({ bypassCSP: true });
  for (const [width, scheme] of [
    [1280, 'light'],
    [375, 'dark'],
  ] as const) {
    test(`finds nothing on the results and on no results at ${width}px (${scheme})`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      for (const q of ['Transformer 구조', '양자컴퓨터']) {
        await page.goto(`/search?q=${encodeURIComponent(q)}`);
        await page.evaluate((s) => (document.documentElement.dataset.theme = s), scheme);
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async () => {
          const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
          return (await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
        });
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), q).toEqual([]);
      }
    });
  }
});
