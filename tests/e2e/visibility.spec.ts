// Drafts, future posts and a published post that never compiled (tests/support/e2e-seed.ts) stay out of every
// place a reader can reach: home, category, tag, search, previous/next links, the feed and the sitemap.
import { expect, test, type Page } from '@playwright/test';

const HIDDEN = [
  { slug: 'e2e-draft', title: '쓰는 중인 초안' },
  { slug: 'e2e-future', title: '미래에 발행될 글' },
  { slug: 'e2e-uncompiled', title: 'E2E 컴파일 안 된 글' },
];
const titles = (page: Page) => page.locator('.post-item h2').allTextContents();

function expectNoHidden(list: string[], where: string) {
  for (const h of HIDDEN) expect(list, `${where} lists ${h.slug}`).not.toContain(h.title);
}

test('home pages list the twelve published posts and none of the hidden ones', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('h1')).toHaveText('분류 전체보기 (12)');
  const first = await titles(page);
  await page.goto('/page/2');
  const second = await titles(page);
  expect(second).toEqual(['E2E 보조 글 하나: 리스트 컴프리헨션', 'E2E 보조 글 둘: 딕셔너리']);
  expect(first).toHaveLength(10);
  expectNoHidden([...first, ...second], 'home');
});

test('a category page leaves out its drafts, future and uncompiled posts, in the list and the count', async ({ page }) => {
  await page.goto('/category/python');
  await expect(page.locator('h1')).toHaveText('python (3)');
  expect(await titles(page)).toEqual(['Python - time, datetime을 이용한 시간 출력,입력 정리', 'E2E 보조 글 하나: 리스트 컴프리헨션', 'E2E 보조 글 둘: 딕셔너리']);
  await page.goto(`/category/${encodeURIComponent('딥러닝')}`);
  await expect(page.locator('h1')).toHaveText('딥러닝 (5)');
  expectNoHidden(await titles(page), '딥러닝');
});

test('a tag page leaves out hidden posts carrying the tag, in the list and the count', async ({ page }) => {
  await page.goto('/tag/python');
  await expect(page.locator('h1')).toHaveText('#python (4)');
  expect(await titles(page)).toEqual([
    'Python - time, datetime을 이용한 시간 출력,입력 정리',
    'Django 시작 과정 기초와 방법',
    'E2E 보조 글 하나: 리스트 컴프리헨션',
    'E2E 보조 글 둘: 딕셔너리',
  ]);
});

test('search does not find hidden posts, even by their own titles', async ({ page }) => {
  for (const h of HIDDEN) {
    await page.goto(`/search?q=${encodeURIComponent(h.title)}`);
    // Other posts may share a word of the title (E2E, 글); the hidden post itself is never among them.
    await expect(page.locator('.search-summary'), h.slug).toBeVisible();
    expect(await page.locator('.search-hit h2').allTextContents(), h.slug).not.toContain(h.title);
    expect(await page.locator(`.search-hit a[href$="/posts/${h.slug}"]`).count(), h.slug).toBe(0);
  }
  await page.goto(`/search?q=${encodeURIComponent('초안')}`);
  await expect(page.locator('.search-summary')).toHaveText('“초안”에 맞는 글이 없습니다.');
  await page.goto(`/search?q=${encodeURIComponent('E2E')}`);
  // Ranked by relevance: the two visible E2E posts, in either order, and no hidden one.
  expect((await page.locator('.search-hit h2').allTextContents()).sort()).toEqual(['E2E 보조 글 둘: 딕셔너리', 'E2E 보조 글 하나: 리스트 컴프리헨션']);
});

test('previous/next links skip hidden posts next to a post in time', async ({ page }) => {
  // e2e-uncompiled (2018-04-15) sits between these two.
  await page.goto('/posts/e2e-extra-one');
  await expect(page.locator('a.neighbour.prev .neighbour-title')).toHaveText('E2E 보조 글 둘: 딕셔너리');
  // e2e-draft (2020-01-05) sits between CNN (2019-12-08) and Django (2020-01-31).
  await page.goto('/posts/django-start');
  await expect(page.locator('a.neighbour.prev .neighbour-title')).toHaveText('Convolution Neural Network 원리와 구조 이해');
  await page.goto('/posts/cnn-convolution');
  await expect(page.locator('a.neighbour.next .neighbour-title')).toHaveText('Django 시작 과정 기초와 방법');
  // e2e-future (2099) would come after the newest post.
  await page.goto('/posts/autoencoder-manifold');
  await expect(page.locator('a.neighbour.next')).toHaveCount(0);
  await expect(page.locator('a.neighbour.prev')).toHaveCount(1);
});

test('hidden posts have no page', async ({ request }) => {
  for (const h of HIDDEN) {
    expect((await request.get(`/posts/${h.slug}`)).status(), h.slug).toBe(404);
    expect((await request.get(`/en/posts/${h.slug}`)).status(), h.slug).toBe(404);
  }
});

test('the feed lists the published posts and no hidden one', async ({ request }) => {
  const res = await request.get('/feed.xml');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/rss+xml');
  const xml = await res.text();
  const links = [...xml.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((m) => new URL(m[1]).pathname);
  expect(links).toHaveLength(12);
  expect(links[0]).toBe('/posts/autoencoder-manifold');
  expect(links.at(-1)).toBe('/posts/e2e-extra-two');
  for (const h of HIDDEN) {
    expect(links).not.toContain(`/posts/${h.slug}`);
    expect(xml).not.toContain(h.title);
  }
});

test('the sitemap lists the home page and the published posts, no hidden one', async ({ request }) => {
  const res = await request.get('/sitemap.xml');
  expect(res.status()).toBe(200);
  const xml = await res.text();
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  expect(locs.slice(0, 2)).toEqual(['/', '/en']);
  // Each post in Korean and in English (the categories and tags with a published post follow).
  expect(locs.filter((l) => l.startsWith('/posts/'))).toHaveLength(12);
  expect(locs.filter((l) => l.startsWith('/en/posts/'))).toHaveLength(12);
  expect(locs).toContain('/posts/e2e-extra-two');
  for (const h of HIDDEN) {
    expect(locs).not.toContain(`/posts/${h.slug}`);
    expect(xml).not.toContain(h.slug);
  }
});
