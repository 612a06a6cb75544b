// The automatic admin in Chromium against the production server: the door (sign-in redirect, 403, 404), an author's
// whole flow (a category, a post written in the editor with a Korean title and math, publishing it from the change
// list, the home page counting it), change-list state in the URL, history, delete confirmations with dependents, and
// server actions refusing a post from another origin. Everything it creates is removed again, so the reader specs still count the sample posts.
import { expect, test, type Page, type Request } from '@playwright/test';
import { PREFIX, cleanup, homeCount, seedUsers, signIn } from './admin-support';

test.describe.configure({ mode: 'serial' });

const CATEGORY = `${PREFIX.category}딥러닝`;
const TITLE = `${PREFIX.post}경사 하강법 정리`;
const TAG = `${PREFIX.tag}-csrf`;

async function rowIdByTitle(page: Page, listPath: string, text: string): Promise<string> {
  await page.goto(`${listPath}?q=${encodeURIComponent(text)}`);
  const link = page.locator('table.adm-table tbody th a', { hasText: text }).first();
  const href = (await link.getAttribute('href')) ?? '';
  const m = /\/([^/]+)\/change$/.exec(href);
  expect(m, href).not.toBeNull();
  return decodeURIComponent(m![1]);
}

test.beforeAll(() => {
  seedUsers();
  cleanup();
});

test.afterAll(() => cleanup());

test('signed out: every admin page sends to sign-in and comes back', async ({ page }) => {
  for (const path of ['/admin', '/admin/blog/post', '/admin/blog/post/add', '/admin/blog/category/1/change']) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect([303, 307, 308], path).toContain(res.status());
    const location = new URL(res.headers()['location'] ?? '', 'http://x');
    expect(location.pathname, path).toBe('/accounts/login');
    expect(location.searchParams.get('next'), path).toBe(path);
  }
});

test('signed in without staff, or staff without the permission: the 403 page', async ({ page }) => {
  await signIn(page, 'reader');
  let res = await page.goto('/admin');
  expect(res?.status()).toBe(403);
  await expect(page.locator('h1')).toHaveText('권한이 없습니다');
  await page.context().clearCookies();
  await signIn(page, 'staff');
  res = await page.goto('/admin/blog/post');
  expect(res?.status()).toBe(403);
  await expect(page.locator('h1')).toHaveText('권한이 없습니다');
  res = await page.goto('/admin/blog/post/add');
  expect(res?.status()).toBe(403);
  // The dashboard opens for staff, but lists nothing they may not view.
  await page.goto('/admin');
  await expect(page.locator('h1')).toHaveText('사이트 관리');
  await expect(page.locator('a[href="/admin/blog/post"]')).toHaveCount(0);
});

test('unknown app, model or object: the admin 404', async ({ page }) => {
  await signIn(page, 'admin');
  for (const path of ['/admin/nope', '/admin/blog/nope', '/admin/blog/post/999999/change', '/admin/blog/post/abc/history', '/admin/blog/post/1/change/extra']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.locator('h1'), path).toHaveText('찾을 수 없습니다');
  }
});

test('an author writes a category and a post with a Korean title and math, publishes it, and the home page counts it', async ({ page }) => {
  await signIn(page, 'admin');
  const before = await homeCount(page);

  await page.goto('/admin');
  await expect(page.locator('h1')).toHaveText('사이트 관리');
  await page.locator('a[href="/admin/blog/category/add"]').click();
  await page.locator('#id_name').fill(CATEGORY);
  // The slug is filled live from the name and stays readable Korean.
  await expect(page.locator('#id_slug')).toHaveValue('e2e관리분류딥러닝');
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/blog\/category(\?|$)/);
  await expect(page.locator('.adm-messages')).toContainText(CATEGORY);

  // The post's add and change pages are the blog's editor (its changeFormView): a title starts the draft.
  await page.goto('/admin/blog/post/add');
  await page.locator('#ed-new-title').fill(TITLE);
  await page.locator('form.ed-new button[type="submit"]').click();
  await expect(page).toHaveURL(/\/admin\/blog\/post\/\d+\/change$/);
  const source = page.locator('[data-testid="source-editor"] .cm-content');
  await expect(source).toBeVisible({ timeout: 30_000 });
  await source.click();
  await page.keyboard.insertText('경사 하강법은 $\\theta \\leftarrow \\theta - \\eta \\nabla L(\\theta)$ 로 갱신합니다.\n\n$$\nL = \\frac{1}{n}\\sum_{i=1}^{n} (y_i - \\hat y_i)^2\n$$\n');
  const category = page.locator('select', { has: page.locator('option', { hasText: CATEGORY }) });
  await category.selectOption((await category.locator('option', { hasText: CATEGORY }).getAttribute('value')) ?? '');
  await page.locator('.ed-bar').getByRole('button', { name: '초안 저장' }).click();
  await expect(page.locator('.ed-flash-slot .adm-msg--success')).toBeVisible();
  await page.reload();
  await expect(page.locator('#ed-title')).toHaveValue(TITLE);
  await expect(page.locator('[data-testid="source-editor"] .cm-content')).toContainText('경사 하강법은');

  // Publish it with the bulk action, from a searched change list (the search is in the URL).
  await page.goto(`/admin/blog/post?q=${encodeURIComponent(TITLE)}`);
  await expect(page.locator('table.adm-table tbody tr')).toHaveCount(1);
  await page.locator('tbody input[name="_selected_action"]').check();
  await expect(page.locator('.adm-actions-bar')).toContainText('1개 선택됨');
  await page.locator('#adm-action').selectOption('publish');
  await page.getByRole('button', { name: '실행' }).click();
  await expect(page.locator('.adm-messages')).toBeVisible();
  await expect(page).toHaveURL(/q=/);

  expect(await homeCount(page)).toBe(before + 1);
  await expect(page.locator('.post-item', { hasText: TITLE })).toBeVisible();
  await page.locator('a', { hasText: TITLE }).first().click();
  await expect(page.locator('.katex').first()).toBeVisible();
});

test('the change list keeps sort, filter and search in the URL', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/blog/post');
  const total = Number(await page.locator('[data-adm-total]').getAttribute('data-adm-total'));
  expect(total).toBeGreaterThan(10);
  // Sort by the first column's header.
  const header = page.locator('table.adm-table thead th a').first();
  await header.click();
  await expect(page).toHaveURL(/[?&]o=/);
  await expect(page.locator('table.adm-table thead th[aria-sort]')).toHaveCount(1);
  const sortedUrl = page.url();
  // A filter from the sidebar keeps the sort.
  await page.locator('.adm-filters a', { hasText: /^published$|발행/ }).first().click();
  await expect(page).toHaveURL(/[?&]status=published/);
  await expect(page).toHaveURL(/[?&]o=/);
  const filtered = Number(await page.locator('[data-adm-total]').getAttribute('data-adm-total'));
  expect(filtered).toBeLessThan(total);
  // Search keeps both.
  await page.locator('#adm-q').fill('Django');
  await page.locator('#adm-q').press('Enter');
  await expect(page).toHaveURL(/[?&]q=Django/);
  await expect(page).toHaveURL(/[?&]status=published/);
  const found = await page.locator('table.adm-table tbody tr').count();
  expect(found).toBeGreaterThan(0);
  for (const title of await page.locator('table.adm-table tbody th').allTextContents()) expect(title.toLowerCase()).toContain('django');
  // The state is the link: a fresh page on the same URL shows the same list.
  const url = page.url();
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.locator('#adm-q')).toHaveValue('Django');
  await expect(other.locator('table.adm-table tbody tr')).toHaveCount(found);
  await other.close();
  expect(sortedUrl).not.toBe(url);
});

test('the history of a post the editor saved, and the dashboard\'s recent actions', async ({ page }) => {
  // Two tabs saving one post meet the editor's conflict view: tests/e2e/editor.spec.ts.
  await signIn(page, 'admin');
  const id = await rowIdByTitle(page, '/admin/blog/post', TITLE);
  // The history lists the add and the change, newest first, with who did it; the dashboard's recent actions too.
  await page.goto(`/admin/blog/post/${id}/history`);
  const rows = page.locator('table.adm-table tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(1);
  await expect(rows.first()).toContainText('admin-e2e@example.com');
  await page.goto('/admin');
  await expect(page.locator('.adm-recent')).toContainText(TITLE);
});

test('the interface switches to English and back, without JavaScript too', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signIn(page, 'admin', 'session');
  await page.goto('/admin/blog/post');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/admin\/blog\/post$/);
  await expect(page.locator('.adm-brand small')).toHaveText('Administration');
  await expect(page.locator('html')).toHaveAttribute('lang', /ko|en/);
  await expect(page.locator('.adm')).toHaveAttribute('lang', 'en');
  await page.getByRole('button', { name: '한국어' }).click();
  await expect(page.locator('.adm')).toHaveAttribute('lang', 'ko');
  await context.close();
});

test('delete confirmations list every row and every dependent row', async ({ page }) => {
  await signIn(page, 'admin');
  const categoryId = await rowIdByTitle(page, '/admin/blog/category', CATEGORY);
  await page.goto(`/admin/blog/category/${categoryId}/delete`);
  await expect(page.locator('h1')).toHaveText('삭제 확인');
  await expect(page.locator('[data-adm-delete-objects]')).toContainText(CATEGORY);
  // The post loses its category (SetNull): listed before anything happens.
  await expect(page.locator('[data-adm-dependents]')).toContainText(TITLE);

  // Bulk: the post, from the change list's action bar.
  await page.goto(`/admin/blog/post?q=${encodeURIComponent(TITLE)}`);
  await page.locator('[data-adm-select-all]').check();
  await expect(page.locator('tbody input[name="_selected_action"]').first()).toBeChecked();
  await page.locator('#adm-action').selectOption('delete_selected');
  await page.getByRole('button', { name: '실행' }).click();
  await expect(page).toHaveURL(/\/admin\/blog\/post\/delete\?ids=/);
  await expect(page.locator('[data-adm-delete-objects] li')).toHaveCount(1);
  await expect(page.locator('[data-adm-delete-objects]')).toContainText(TITLE);
  await page.getByRole('button', { name: '예, 삭제합니다' }).click();
  await expect(page).toHaveURL(/\/admin\/blog\/post(\?|$)/);
  await expect(page.locator('.adm-messages')).toBeVisible();
  await page.goto(`/admin/blog/post?q=${encodeURIComponent(TITLE)}`);
  await expect(page.locator('table.adm-table tbody tr')).toHaveCount(0);
});

test('CSRF: a server action posted from another origin is refused; the same post from the site acts', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/blog/tag/add');
  await page.locator('#id_name').fill(TAG);
  await expect(page.locator('#id_slug')).toHaveValue(TAG);
  await page.getByRole('button', { name: '저장', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/blog\/tag(\?|$)/);
  const id = await rowIdByTitle(page, '/admin/blog/tag', TAG);

  // Capture the real "Yes, delete" post (the server action), without letting it through.
  await page.goto(`/admin/blog/tag/${id}/delete`);
  let captured: Request | null = null;
  await page.route('**/admin/**', async (route) => {
    if (route.request().method() === 'POST') {
      captured = route.request();
      await route.abort();
    } else await route.continue();
  });
  await page.getByRole('button', { name: '예, 삭제합니다' }).click();
  await expect.poll(() => captured !== null).toBe(true);
  await page.unroute('**/admin/**');
  const req = captured as unknown as Request;
  const headers = Object.fromEntries(Object.entries(await req.allHeaders()).filter(([k]) => !['cookie', 'content-length', 'host', 'origin', 'referer'].includes(k.toLowerCase())));
  expect(headers['next-action']).toBeTruthy();
  const body = req.postDataBuffer() ?? Buffer.alloc(0);
  const base = new URL(page.url()).origin;

  const forged = await page.request.fetch(req.url(), { method: 'POST', headers: { ...headers, origin: 'http://evil.example', referer: 'http://evil.example/' }, data: body, maxRedirects: 0 });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  await page.goto(`/admin/blog/tag/${id}/change`);
  await expect(page.locator('#id_name')).toHaveValue(TAG);

  // The control: the very same bytes from the site's own origin delete the tag, so the refusal above was the Origin's.
  const genuine = await page.request.fetch(req.url(), { method: 'POST', headers: { ...headers, origin: base, referer: `${base}/admin/blog/tag/${id}/delete` }, data: body, maxRedirects: 0 });
  expect(genuine.status()).toBeLessThan(400);
  const res = await page.goto(`/admin/blog/tag/${id}/change`);
  expect(res?.status()).toBe(404);
});

test('leaving a form with unsaved changes asks first', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/blog/tag/add');
  await expect(page.locator('form[data-hydrated]')).toBeVisible();
  await page.locator('#id_name').fill(`${PREFIX.tag}-unsaved`);
  const dialog = new Promise<string>((resolve) =>
    page.once('dialog', async (d) => {
      resolve(d.type());
      // Leave anyway, so the page is gone before the test ends.
      await d.accept();
    }),
  );
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  expect(await dialog).toBe('beforeunload');
  await closed;
});

test('the autocomplete endpoint: 401 signed out, 403 without the permission, 400/404 for nonsense, results for staff', async ({ page, request }) => {
  const q = '/admin/autocomplete?app=blog&model=post&field=author&q=admin';
  expect((await request.get(q)).status()).toBe(401);
  await signIn(page, 'staff');
  expect((await page.request.get(q)).status()).toBe(403);
  await page.context().clearCookies();
  await signIn(page, 'admin');
  expect((await page.request.get('/admin/autocomplete?app=blog&model=nope&field=author&q=a')).status()).toBe(404);
  expect((await page.request.get('/admin/autocomplete?app=blog&model=post&field=title&q=a')).status()).toBe(400);
  const ok = await page.request.get(q);
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { results: { id: string; text: string }[] };
  expect(body.results.length).toBeGreaterThan(0);
});
