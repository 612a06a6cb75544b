// Comments in a real browser against the production server (SQLite with the page cache; PostgreSQL through Next alone): a guest's comment waits for moderation, a moderator
// approves it in the admin, and readers then see it on a post page that still comes from the page cache (the comments
// are an island); a comment trying <script>, an onerror attribute and a javascript: link is shown as inert text and
// fires nothing; the post list shows the count; axe on the comments section in light and dark. Everything the spec
// writes is deleted through the admin at the end (which also clears the cached lists).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { seedUsers, signIn } from './admin-support';

const SLUG = 'django-start';
const NAME = 'E2E 독자';
const XSS_NAME = 'E2E 공격자';
const XSS_BODY = '<script>window.__xss = 1; alert("script")</script>\n\n<img src=x onerror="window.__xss = 2; alert(\'img\')">\n\n[눌러 보세요](javascript:alert(\'link\'))';
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test.describe.configure({ mode: 'serial' });

function removeComments() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'comments-seed.ts')], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: String(test.info().project.metadata.databaseUrl) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`comments-seed failed: ${r.stderr}`);
}

test.beforeAll(() => {
  seedUsers();
  removeComments();
});
test.afterAll(() => removeComments());

async function writeComment(page: Page, name: string, body: string) {
  const section = page.locator('#comments');
  await section.scrollIntoViewIfNeeded();
  await expect(section.locator('form')).toBeVisible();
  await page.getByRole('textbox', { name: '이름', exact: true }).fill(name);
  await page.getByRole('textbox', { name: '댓글', exact: true }).fill(body);
  await page.getByRole('button', { name: '댓글 남기기' }).click();
  await expect(page.locator('#comments').getByRole('status')).toContainText('관리자가 확인한 뒤 보입니다');
}

test('a guest comments (pending), a moderator approves it in the admin, readers see it on the cached page; XSS stays inert', async ({ page, browser }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(`/posts/${SLUG}`);
  await page.locator('#comments').scrollIntoViewIfNeeded();
  await expect(page.locator('#comments .comments-empty')).toHaveText('아직 댓글이 없습니다. 첫 댓글을 남겨 주세요.');

  // A refusal is announced and points at the field.
  await page.getByRole('textbox', { name: '댓글', exact: true }).fill('이름 없이');
  await page.getByRole('button', { name: '댓글 남기기' }).click();
  await expect(page.locator('#comments').getByRole('status')).toContainText('Give a name');
  await expect(page.getByRole('textbox', { name: '이름', exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: '이름', exact: true })).toBeFocused();

  await writeComment(page, NAME, '장고 입문 정리가 **정말로 유익**했습니다. [문서](https://docs.djangoproject.com/)');
  await writeComment(page, XSS_NAME, XSS_BODY);
  // Waiting for moderation: not shown yet.
  await page.reload();
  await page.locator('#comments').scrollIntoViewIfNeeded();
  await expect(page.locator('#comments .comments-empty')).toBeVisible();

  // The moderator: the queue in the admin (pending filter), both approved with the bulk action.
  const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const admin = await adminContext.newPage();
  await signIn(admin, 'admin');
  // The dashboard tells the author that comments wait, linked to the queue.
  await admin.goto('/admin');
  const waiting = admin.locator('a.adm-badge--attention');
  await expect(waiting).toHaveText('검토 대기 2');
  await waiting.click();
  await expect(admin).toHaveURL(/\/admin\/comments\/comment\?status=pending$/);
  await expect(admin.locator('table.adm-table tbody tr')).toHaveCount(2);
  await expect(admin.locator('table.adm-table')).toContainText(NAME);
  await admin.locator('thead input[type="checkbox"]').first().check();
  await admin.locator('#adm-action').selectOption('approve');
  await admin.getByRole('button', { name: '실행' }).click();
  await expect(admin.locator('.adm-messages')).toContainText('댓글 2개를 승인했습니다');

  // The post page is served from the page cache (a second request is a HIT), and the comment is on it.
  expect((await page.request.get(`/posts/${SLUG}`)).status()).toBe(200);
  const cached = await page.request.get(`/posts/${SLUG}`);
  // Shared caches may keep it (a CDN by Cache-Control); server.mjs's page cache answers it where it runs (not with the
  // fast paths off, as in the PostgreSQL project).
  expect(cached.headers()['cache-control']).toMatch(/^public, s-maxage=\d+/);
  if (test.info().project.metadata.fastPaths !== false) expect(['HIT', 'STALE']).toContain(cached.headers()['x-manifold-cache']);
  expect(await cached.text()).not.toContain('정말로 유익');
  await page.goto(`/posts/${SLUG}`);
  const comments = page.locator('#comments');
  await comments.scrollIntoViewIfNeeded();
  const good = comments.locator('li.comment', { hasText: NAME });
  await expect(good.locator('.comment-body strong')).toHaveText('정말로 유익');
  await expect(good.locator('.comment-body a')).toHaveAttribute('rel', 'nofollow ugc noopener');
  await expect(comments.locator('h2')).toContainText('(2)');

  // The XSS attempt: its tags are text, its link has no address; nothing runs, nothing is loaded, no dialog.
  const bad = comments.locator('li.comment', { hasText: XSS_NAME });
  await expect(bad.locator('.comment-body')).toContainText('<script>window.__xss = 1');
  await expect(bad.locator('.comment-body')).toContainText('<img src=x onerror=');
  await expect(bad.locator('script, img, [onerror]')).toHaveCount(0);
  const link = bad.locator('.comment-body a');
  await expect(link).toHaveText('눌러 보세요');
  expect(await link.getAttribute('href')).toBeNull();
  await link.click();
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);

  // The home page's list shows the count, linking to the comments.
  await page.goto('/');
  await expect(page.locator('.post-item', { has: page.locator(`a[href="/posts/${SLUG}"]`) }).locator('.post-comment-count')).toHaveText('댓글 2');

  // Reply from the keyboard: the reply button names whom it answers; the reply waits for moderation too.
  await page.goto(`/posts/${SLUG}#comments`);
  await page.locator('#comments').scrollIntoViewIfNeeded();
  const reply = page.getByRole('button', { name: `${NAME} 님에게 답글` });
  await reply.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: '댓글', exact: true })).toBeFocused();
  await expect(page.locator('[data-comments-replying]')).toContainText(`${NAME} 님에게 답글을 씁니다.`);
  await writeComment(page, 'E2E 답글', '동의합니다.');

  // Clean up through the admin: delete every E2E comment (which clears the cached lists).
  await admin.goto(`/admin/comments/comment?q=E2E`);
  await expect(admin.locator('table.adm-table tbody tr')).toHaveCount(3);
  await admin.locator('thead input[type="checkbox"]').first().check();
  await admin.locator('#adm-action').selectOption('delete_selected');
  await admin.getByRole('button', { name: '실행' }).click();
  await admin.getByRole('button', { name: /삭제|delete/i }).last().click();
  await expect(admin.locator('.adm-messages')).toBeVisible();
  await adminContext.close();
  await page.goto('/');
  await expect(page.locator('.post-comment-count')).toHaveCount(0);
});

test.describe('the comments section passes axe @sqlite-only', () => {
  test.use({ bypassCSP: true });
  test('with a comment shown, at 375 px, light and dark', async ({ page, browser }) => {
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(`/posts/${SLUG}`);
    await writeComment(page, NAME, '접근성 확인용 댓글입니다. `code` 와 > 인용');
    const adminContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin');
    await admin.goto('/admin/comments/comment?status=pending');
    await admin.locator('thead input[type="checkbox"]').first().check();
    await admin.locator('#adm-action').selectOption('approve');
    await admin.getByRole('button', { name: '실행' }).click();
    await expect(admin.locator('.adm-messages')).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/posts/${SLUG}`);
      await page.locator('#comments').scrollIntoViewIfNeeded();
      await expect(page.locator('#comments li.comment').first()).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const w = window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
        return (await w.axe.run({ include: [['#comments']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
      });
      expect(violations.map((v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      const box = await page.locator('#comments').boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    }
    // Removed through the admin, which clears the cached lists that counted it.
    await admin.goto('/admin/comments/comment?q=E2E');
    await admin.locator('thead input[type="checkbox"]').first().check();
    await admin.locator('#adm-action').selectOption('delete_selected');
    await admin.getByRole('button', { name: '실행' }).click();
    await admin.getByRole('button', { name: /삭제|delete/i }).last().click();
    await expect(admin.locator('.adm-messages')).toBeVisible();
    await adminContext.close();
  });
});
