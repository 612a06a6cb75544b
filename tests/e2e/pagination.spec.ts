// Page numbers at the edges: /page/0 and malformed numbers are 404s, /page/1 is the first page, a page past the
// last is a 404 — on the home, a category and a tag, in both languages.
import { expect, test } from '@playwright/test';

const NOT_FOUND = '페이지를 찾을 수 없습니다';

async function expect404(page: import('@playwright/test').Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(404);
  await expect(page.locator('h1'), url).toHaveText(NOT_FOUND);
  await expect(page.locator('.post-item'), url).toHaveCount(0);
}

test('home: /page/1 is the first page, /page/2 the last, /page/0, /page/3 and odd numbers are 404', async ({ page }) => {
  await page.goto('/');
  const first = await page.locator('.post-item h2').allTextContents();
  expect(first).toHaveLength(10);
  const one = await page.goto('/page/1');
  expect(one?.status()).toBe(200);
  expect(await page.locator('.post-item h2').allTextContents()).toEqual(first);
  await expect(page.locator('.pagination-status')).toHaveText('1 / 2 페이지');
  const two = await page.goto('/page/2');
  expect(two?.status()).toBe(200);
  await expect(page.locator('.post-item')).toHaveCount(2);
  await expect(page.locator('.pagination-status')).toHaveText('2 / 2 페이지');
  await expect(page.locator('.pagination a[rel="next"]')).toHaveCount(0);
  for (const url of ['/page/0', '/page/3', '/page/999999', '/page/01', '/page/-1', '/page/1.5', '/en/page/3', '/en/page/0']) await expect404(page, url);
  const en = await page.goto('/en/page/2');
  expect(en?.status()).toBe(200);
  await expect(page.locator('.post-item')).toHaveCount(2);
});

test('category: page 1 is the category, page 0 and a page past the last are 404', async ({ page }) => {
  const base = await page.goto('/category/python/page/1');
  expect(base?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('python (3)');
  await expect(page.locator('.post-item')).toHaveCount(3);
  // One page only: no pagination to follow.
  await expect(page.locator('.pagination')).toHaveCount(0);
  for (const url of ['/category/python/page/0', '/category/python/page/2', '/category/python/page/50', `/category/${encodeURIComponent('딥러닝')}/${encodeURIComponent('최적화')}/page/2`, '/en/category/python/page/2']) {
    await expect404(page, url);
  }
});

test('tag: page 1 is the tag, page 0 and a page past the last are 404', async ({ page }) => {
  const base = await page.goto('/tag/python/page/1');
  expect(base?.status()).toBe(200);
  await expect(page.locator('h1')).toHaveText('#python (4)');
  await expect(page.locator('.post-item')).toHaveCount(4);
  for (const url of ['/tag/python/page/0', '/tag/python/page/2', '/en/tag/python/page/2']) await expect404(page, url);
});
