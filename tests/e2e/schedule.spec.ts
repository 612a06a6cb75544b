// A scheduled post goes live by itself: an editor schedules a post 20 seconds ahead through the editor's API (the same
// calls the editor page makes), nobody visits the admin or asks for anything, and the home page shows it once its time
// has come (server.mjs runs the blog's timer, which publishes it and clears the page cache). Then renaming the
// published post keeps its old address working (308 to the new one).
import { expect, test, type APIRequestContext } from '@playwright/test';
import { cleanup, PREFIX, seedUsers, signIn } from './admin-support';

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => seedUsers());
test.afterAll(() => cleanup());

const api = (request: APIRequestContext, base: string) => ({
  post: async (path: string, data: unknown) => {
    // Same-site, as the editor page's fetch is: the admin API refuses a mutation without Origin.
    const res = await request.post(path, { data, headers: { origin: base, 'content-type': 'application/json' } });
    return { status: res.status(), json: await res.json() };
  },
});

test('a post scheduled 20 seconds ahead appears on the home page by itself', async ({ page, browser, baseURL }) => {
  test.setTimeout(120_000);
  await signIn(page, 'admin');
  const call = api(page.request, baseURL!);
  const title = `${PREFIX.post}예약 발행 ${Date.now().toString(36)}`;
  const created = await call.post('/admin/api/blog/posts', { title });
  expect(created.status).toBe(201);
  const id = created.json.id as number;
  expect(created.json.editUrl).toBe(`/admin/blog/post/${id}/change`);

  const due = new Date(Date.now() + 20_000);
  const fields = {
    title,
    slug: '',
    source: '# 예약된 글\n\n스무 초 뒤에 저절로 발행됩니다. 학습률 $\\eta$.\n',
    excerpt: '',
    categoryId: null,
    tags: [],
    coverImage: null,
    seoTitle: null,
    seoDescription: null,
    seriesId: null,
    seriesOrder: null,
    revisedAt: null,
    publishedAt: due.toISOString(),
  };
  const scheduled = await call.post(`/admin/api/blog/posts/${id}/save`, { version: 1, intent: 'schedule', fields });
  expect(scheduled.status, JSON.stringify(scheduled.json)).toBe(200);
  expect(scheduled.json).toMatchObject({ status: 'scheduled', url: null });
  const slug = scheduled.json.slug as string;

  // A reader, in a context of their own (no admin session), sees the home page without it now…
  const reader = await browser.newContext();
  const home = await reader.newPage();
  await home.goto('/');
  await expect(home.getByRole('link', { name: title })).toHaveCount(0);
  expect((await home.request.get(`/posts/${encodeURIComponent(slug)}`)).status()).toBe(404);

  // …and, reloading now and then (a reader's visits do not publish anything), with it once its time has come.
  let seenAt = 0;
  for (let i = 0; i < 45 && !seenAt; i++) {
    await home.waitForTimeout(2000);
    await home.goto('/');
    if ((await home.getByRole('link', { name: title }).count()) > 0) seenAt = Date.now();
  }
  expect(seenAt, 'the scheduled post never appeared on the home page').toBeGreaterThan(0);
  console.log(`[schedule e2e] on the home page ${((seenAt - due.getTime()) / 1000).toFixed(1)} s after its time (reader reloads every 2 s)`);
  const postPage = await home.request.get(`/posts/${encodeURIComponent(slug)}`);
  expect(postPage.status()).toBe(200);

  // The editor renames it: the old address answers 308 to the new one.
  const renamed = await call.post(`/admin/api/blog/posts/${id}/save`, { version: scheduled.json.version + 1, intent: 'save', fields: { ...scheduled.json.fields, slug: `${slug}-새주소` } });
  expect(renamed.status, JSON.stringify(renamed.json)).toBe(200);
  const old = await home.request.get(`/posts/${encodeURIComponent(slug)}`, { maxRedirects: 0 });
  expect(old.status()).toBe(308);
  expect(decodeURIComponent(old.headers().location ?? '')).toBe(`/posts/${slug}-새주소`);
  await reader.close();
});
