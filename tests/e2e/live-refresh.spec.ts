// Content changed from the command line reaches the running server's cached pages at once.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const root = process.cwd();
const fixtures = path.join(root, 'tests', 'fixtures', 'e2e-posts');

function loadcontent(dir: string, port: number) {
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--import', './lib/node/register.mjs', 'manage.ts', 'loadcontent', dir], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, PORT: String(port) },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

test('a post edited with manage loadcontent shows on the cached pages right away', async ({ page, baseURL }) => {
  const port = Number(new URL(baseURL!).port);
  await page.goto('/posts/e2e-extra-one');
  await expect(page.locator('h1.post-title')).toHaveText('E2E 보조 글 하나: 리스트 컴프리헨션');
  await page.goto('/page/2');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifold-live-'));
  try {
    const edited = fs.readFileSync(path.join(fixtures, 'e2e-extra-one.mdx'), 'utf8').replace('리스트 컴프리헨션"', '리스트 컴프리헨션 (고침)"');
    fs.writeFileSync(path.join(dir, 'e2e-extra-one.mdx'), edited);
    expect(loadcontent(dir, port)).toContain('The running server refreshed its cached pages.');
    await page.goto('/posts/e2e-extra-one');
    await expect(page.locator('h1.post-title')).toHaveText('E2E 보조 글 하나: 리스트 컴프리헨션 (고침)');
    await page.goto('/page/2');
    await expect(page.locator('.post-item h2').first()).toHaveText('E2E 보조 글 하나: 리스트 컴프리헨션 (고침)');
  } finally {
    loadcontent(fixtures, port);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await page.goto('/posts/e2e-extra-one');
  await expect(page.locator('h1.post-title')).toHaveText('E2E 보조 글 하나: 리스트 컴프리헨션');
});

test('the revalidation endpoint refuses callers without the token and bad bodies', async ({ request }) => {
  expect((await request.post('/api/revalidate', { data: { tags: ['blog:posts'] } })).status()).toBe(403);
  const token = fs.readFileSync(path.join(root, 'data', '.revalidate-token'), 'utf8').trim();
  const bad = await request.post('/api/revalidate', { data: { tags: 'blog:posts' }, headers: { 'x-manifold-token': token } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toContain('tags');
  expect((await request.get('/api/health')).status()).toBe(200);
});
