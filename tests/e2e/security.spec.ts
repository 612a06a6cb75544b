// Security headers on every page type, cached or not, and a Content-Security-Policy strict enough to have no
// 'unsafe-eval' yet loose enough that nothing on the site is blocked: scripts, math fonts, dark mode, demos.
import { expect, test, type APIResponse, type Page, type Response } from '@playwright/test';

type Headers = Record<string, string>;

function directives(csp: string) {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values] as const));
}

function expectSecurityHeaders(headers: Headers, { admin = false, where = '' } = {}) {
  const csp = directives(headers['content-security-policy'] ?? '');
  expect(headers['content-security-policy'], where).not.toMatch(/unsafe-eval/);
  expect(csp.get('script-src')?.[0], where).toBe("'self'");
  expect(csp.get('script-src'), where).not.toContain("'unsafe-inline'");
  expect(csp.get('style-src'), where).toEqual(["'self'", "'unsafe-inline'"]);
  expect(csp.get('img-src'), where).toEqual(["'self'", 'data:']);
  expect(csp.get('font-src'), where).toEqual(["'self'"]);
  expect(csp.get('connect-src'), where).toEqual(["'self'"]);
  expect(csp.get('object-src'), where).toEqual(["'none'"]);
  expect(csp.get('base-uri'), where).toEqual(["'self'"]);
  expect(csp.get('form-action'), where).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors'), where).toEqual([admin ? "'none'" : "'self'"]);
  expect(headers['x-frame-options'], where).toBe(admin ? 'DENY' : 'SAMEORIGIN');
  expect(headers['x-content-type-options'], where).toBe('nosniff');
  expect(headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
  expect(headers['permissions-policy'], where).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  // The e2e site is served over http: no HSTS.
  expect(headers['strict-transport-security'], where).toBeUndefined();
}

/** Records CSP violations in the page (the event) and in the console (Chromium's "Refused to ..." messages). */
async function watchViolations(page: Page) {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) messages.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  return async () => [...messages, ...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations))];
}

async function visit(page: Page, url: string, violations: () => Promise<string[]>, status = 200) {
  const response = (await page.goto(url)) as Response;
  expect(response.status(), url).toBe(status);
  expectSecurityHeaders(await response.allHeaders(), { where: url });
  await page.waitForLoadState('load');
  expect(await violations(), url).toEqual([]);
  return response;
}

test('every reader page type carries the headers and runs without a CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const url of ['/', '/page/2', '/category/%EB%94%A5%EB%9F%AC%EB%8B%9D', '/tag/cnn', '/search?q=%EA%B2%BD%EC%82%AC', '/en', '/posts/django-start']) {
    await visit(page, url, violations);
    // Every reader page is a Pages Router page with no framework JavaScript: no flight data, no Next runtime.
    expect(await page.evaluate(() => (self as unknown as { __next_f?: unknown[] }).__next_f), url).toBeUndefined();
    await expect(page.locator('script[src*="/_next/"]'), url).toHaveCount(0);
  }
  // A second visit is answered from the page cache, with the same policy.
  const first = await page.request.get('/page/2');
  const cached = await page.request.get('/page/2');
  expect(cached.headers()['x-manifold-cache']).toBe('HIT');
  expect(cached.headers()['content-security-policy']).toBe(first.headers()['content-security-policy']);
  await visit(page, '/page/2', violations);
  await visit(page, '/no/such/page', violations, 404);
  await visit(page, '/posts/does-not-exist', violations, 404);
});

test('math renders with the KaTeX fonts and dark mode toggles, under the policy', async ({ page }) => {
  const violations = await watchViolations(page);
  await visit(page, '/posts/gradient-descent-learning-rate', violations);
  await expect(page.locator('.katex').first()).toBeVisible();
  await page.locator('.katex').first().scrollIntoViewIfNeeded();
  const fonts = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.family.includes('KaTeX') && f.status === 'loaded').length;
  });
  expect(fonts).toBeGreaterThan(0);
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  expect(before === 'light' || before === 'dark').toBe(true);
  await page.locator('[data-theme-toggle]').first().click();
  await expect(html).toHaveAttribute('data-theme', before === 'dark' ? 'light' : 'dark');
  expect(await violations()).toEqual([]);
  // The list pages apply the theme too.
  await visit(page, '/', violations);
  await expect(html).toHaveAttribute('data-theme', before === 'dark' ? 'light' : 'dark');
});

test('a demo island loads near the viewport and computes through the API, under the policy', async ({ page }) => {
  const violations = await watchViolations(page);
  await visit(page, '/posts/cnn-convolution', violations);
  const embed = page.locator('.ml-embed');
  await embed.scrollIntoViewIfNeeded();
  await expect(embed).toHaveAttribute('data-ml-state', 'live');
  const outputs = embed.locator('[data-cell^="out-"] text');
  await expect(outputs).toHaveText(['3.6667', '5.6667', '5.6667']);
  const response = page.waitForResponse((r) => r.url().endsWith('/api/ml/convolution') && r.request().method() === 'POST');
  await embed.getByRole('combobox', { name: /^커널/ }).selectOption('edge');
  const answer = await response;
  expect(answer.status()).toBe(200);
  expectSecurityHeaders(await answer.allHeaders(), { where: 'POST /api/ml/convolution' });
  await expect(outputs).toHaveText(['5', '3', '-2']);
  expect(await violations()).toEqual([]);
});

test('non-HTML responses and the admin carry the headers too', async ({ request }) => {
  const check = async (res: APIResponse, admin = false) => expectSecurityHeaders(res.headers(), { admin, where: res.url() });
  const feed = await request.get('/feed.xml');
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toMatch(/xml/);
  await check(feed);
  await check(await request.get('/api/health'));
  await check(await request.get('/_islands/islands.js'));
  const admin = await request.get('/admin', { maxRedirects: 0 });
  expect(admin.status()).toBeLessThan(500);
  await check(admin, true);
  const adminPage = await request.get('/admin');
  await check(adminPage, true);
  await check(await request.post('/api/ml/%E0%A4%A', { data: {} }));
});
