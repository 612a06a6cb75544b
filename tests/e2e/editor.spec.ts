// The post editor as a new author meets it, in Chromium against the production server: sign in, a new post with a
// Korean title, a heading, inline and display math, a code block and an embed from the toolbar and a pasted image;
// the preview shows all of them; the autosaved draft survives a reload; publishing puts it on the home page with its
// category's count grown; two tabs editing it meet the conflict view and merge; the revisions page compares and
// restores; an Author (no blog.publish_post) is offered no publishing and is refused it by the server. Prints the
// editor page's JavaScript (gzip), first load and lazy chunks apart.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, test, type Page, type Response } from '@playwright/test';
import sharp from 'sharp';
import { homeCount, seed, seedUsers, signIn } from './admin-support';

test.describe.configure({ mode: 'serial' });

const PREFIX = 'E2E글쓰기 ';
const TITLE = `${PREFIX}경사하강법의 학습률`;
const TAG = 'e2e-editor-최적화';
const CATEGORY_PATH = '딥러닝/최적화';
const AUTHOR = { email: 'author-editor-e2e@example.com', password: 'author password 2026', name: '글쓴이', isStaff: true, isSuperuser: false };
// The built-in Author group's permissions (contrib/accounts/post-migrate.ts), given directly.
const AUTHOR_PERMS = ['blog.add_post', 'blog.view_own_post', 'blog.change_own_post', 'blog.delete_own_post', 'blog.view_category', 'blog.view_tag', 'blog.add_tag', 'media.add_media', 'media.view_media'];

let postId = 0;
let postPath = '';

test.beforeAll(() => {
  seedUsers();
  seed({ users: [{ ...AUTHOR, permissions: AUTHOR_PERMS }] });
  seed({ cleanup: { titlePrefix: PREFIX, categoryPrefix: 'E2E글쓰기-없음', tagPrefix: 'e2e-editor-' } });
});

test.afterAll(() => {
  seed({ cleanup: { titlePrefix: PREFIX, categoryPrefix: 'E2E글쓰기-없음', tagPrefix: 'e2e-editor-' } });
});

const source = (page: Page) => page.locator('[data-testid="source-editor"] .cm-content');
const tool = (page: Page, action: string) => page.locator(`[data-testid="source-editor"] [data-action="${action}"]`);
const preview = (page: Page) => page.frameLocator('.ed-preview iframe').locator('[data-preview-body]');
const autosaveState = (page: Page) => page.locator('[data-autosave]');

/** The editor's text as CodeMirror shows it, line by line (an empty document's placeholder is not text). */
function editorText(page: Page): Promise<string> {
  return source(page).evaluate((el) => [...el.querySelectorAll(':scope > .cm-line')].map((l) => (l.querySelector('.cm-placeholder') ? '' : (l.textContent ?? ''))).join('\n'));
}

async function waitForEditor(page: Page) {
  await expect(source(page)).toBeVisible({ timeout: 30_000 });
}

/** The count beside a category in the reader's sidebar ("(5)"). */
async function categoryCount(page: Page, category: string): Promise<number> {
  await page.goto('/');
  const text = (await page.locator(`nav.category-nav a[data-category="${category}"] .count`).textContent()) ?? '';
  const m = /\((\d+)\)/.exec(text);
  expect(m, text).not.toBeNull();
  return Number(m![1]);
}

async function signInAuthor(page: Page) {
  const { cookie } = seed({ session: AUTHOR.email });
  const base = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1');
  await page.context().addCookies([{ name: 'next-auth.session-token', value: String(cookie), domain: base.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

/** Screenshots for a person reviewing the design, when EDITOR_SHOTS names a folder (nothing is asserted on them). */
async function shot(page: Page, name: string, fullPage = false) {
  if (process.env.EDITOR_SHOTS) await page.screenshot({ path: path.join(process.env.EDITOR_SHOTS, `${name}.png`), fullPage });
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

test('a new post: Korean title, heading, math, code, an embed and a pasted image; preview, autosave, publish', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'admin');
  const countBefore = await homeCount(page);
  const categoryBefore = await categoryCount(page, CATEGORY_PATH);

  // Every script the editor page loads, to print its weight: the ones its HTML names, and the lazy ones after.
  // Read as they arrive (a response's body is gone once its document is).
  const scripts = new Map<string, Promise<{ gzip: number; main: boolean }>>();
  page.on('response', (r: Response) => {
    const key = new URL(r.url()).pathname;
    if (r.request().resourceType() !== 'script' || !r.ok() || scripts.has(key)) return;
    const main = r.frame() === page.mainFrame();
    scripts.set(
      key,
      r.body().then(
        (b) => ({ gzip: zlib.gzipSync(b).length, main }),
        () => ({ gzip: 0, main }),
      ),
    );
  });

  // The add page asks for a title, then opens the editor on the new draft.
  await page.goto('/admin/blog/post/add');
  await expect(page.getByRole('heading', { name: '새 글' })).toBeVisible();
  await page.getByLabel('제목').fill(TITLE);
  await page.getByRole('button', { name: '쓰기 시작' }).click();
  await page.waitForURL(/\/admin\/blog\/post\/\d+\/change$/);
  postPath = new URL(page.url()).pathname;
  postId = Number(/\/post\/(\d+)\//.exec(postPath)![1]);
  await waitForEditor(page);
  await expect(page.locator('#ed-title')).toHaveValue(TITLE);
  await expect(page.locator('[data-status]')).toHaveText('초안');

  // The slug is made from the Korean title and stays readable.
  const slugBox = page.getByRole('textbox', { name: '주소(슬러그)' });
  await expect(slugBox).toHaveValue(/경사하강법의-학습률/);

  // Heading, inline math and display math typed in; the code block and the embed from the toolbar.
  await source(page).click();
  await page.keyboard.insertText('## 경사하강법\n\n학습률 $\\eta$ 는 한 걸음의 크기다.\n\n$$\n\\theta \\leftarrow \\theta - \\eta \\nabla L\n$$\n\n');
  await tool(page, 'code').click();
  const codeDialog = page.getByRole('dialog', { name: '코드 블록' });
  await codeDialog.getByLabel('언어').fill('python');
  await page.keyboard.press('Enter');
  await expect(codeDialog).toBeHidden();
  // The dialog inserts its block and gives the editor focus back on the next frame: type only once it has.
  await expect(source(page)).toBeFocused();
  await page.keyboard.insertText('print("안녕")');
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n\n');
  await tool(page, 'embed').click();
  const embedDialog = page.getByRole('dialog', { name: '임베드 넣기' });
  await embedDialog.getByLabel('임베드').selectOption('GradientDescent');
  await embedDialog.getByLabel(/^lr/).fill('0.1');
  await embedDialog.getByRole('button', { name: '넣기', exact: true }).click();
  await expect(embedDialog).toBeHidden();
  // (On a loaded machine the frame came after the keys below, which then went nowhere: the CI run of 2624a8b.)
  await expect(source(page)).toBeFocused();
  await expect.poll(() => editorText(page)).toContain('<GradientDescent lr={0.1} />');
  // A new post is Markdown; the embed switched it to MDX, and the editor said so.
  await expect(page.getByLabel('형식', { exact: true })).toHaveValue('mdx');
  await expect(page.getByText('임베드를 넣어 형식을 MDX로 바꿨습니다.')).toBeVisible();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n\n손실 곡선: ');

  // A pasted image (a real PNG in a synthesised ClipboardEvent): uploaded, the alt text asked for, inserted in place.
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2b6cb0' } }).png().toBuffer();
  await source(page).evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'loss-curve.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png.toString('base64'));
  const altDialog = page.getByRole('dialog', { name: '이미지 설명 (대체 텍스트)' });
  await expect(altDialog).toBeVisible();
  await altDialog.getByLabel('대체 텍스트').fill('손실 곡선');
  await altDialog.getByLabel('대체 텍스트').press('Enter');
  await expect.poll(() => editorText(page), { timeout: 20_000 }).toMatch(/손실 곡선: !\[손실 곡선\]\(\/media\/\S+\)$/);
  const written = await editorText(page);
  expect(written).toContain('```python\nprint("안녕")\n```');
  expect(written).toContain('<GradientDescent lr={0.1} />');

  // The preview shows all of it, rendered by the reader's pipeline.
  const body = preview(page);
  await expect(body.locator('h2', { hasText: '경사하강법' })).toBeVisible({ timeout: 20_000 });
  await expect(body.locator('.katex').first()).toBeVisible();
  await expect(body.locator('.katex-display')).toHaveCount(1);
  await expect(body.locator('pre', { hasText: 'print' })).toBeVisible();
  await expect(body.locator('[data-embed="GradientDescent"]')).toHaveCount(1);
  await expect(body.locator('img[alt="손실 곡선"]').first()).toHaveAttribute('src', /\/media\//);

  await page.setViewportSize({ width: 1440, height: 900 });
  await shot(page, 'editor-split');
  // Settings: the category, a tag made inline, a summary with its count.
  const option = page.getByLabel('분류', { exact: true }).locator('option', { hasText: '최적화' }).first();
  await page.getByLabel('분류', { exact: true }).selectOption((await option.getAttribute('value')) ?? '');
  const tagBox = page.getByRole('combobox', { name: '태그' });
  await tagBox.fill(TAG);
  await expect(page.getByRole('option', { name: `새 태그 "${TAG}" 만들기` })).toBeVisible();
  await tagBox.press('Enter');
  await expect(page.locator('.ed-chips li', { hasText: TAG })).toBeVisible();
  const summary = '학습률이 너무 크면 발산하고 너무 작으면 느리다.';
  await page.getByRole('textbox', { name: '요약' }).fill(summary);
  await expect(page.locator('.ed-count').first()).toHaveText(`${[...summary].length}자`);

  // Autosaved a few seconds later ("저장됨 14:02"), and the draft is back after a reload.
  await expect(autosaveState(page)).toHaveAttribute('data-autosave', 'saved', { timeout: 20_000 });
  await expect(autosaveState(page)).toHaveText(/^저장됨 \d{2}:\d{2}$/);
  // Weighed on this load of the editor page alone (not the add page before it).
  scripts.clear();
  await page.reload();
  await waitForEditor(page);
  await expect.poll(() => editorText(page)).toBe(written);
  await expect(page.locator('.ed-chips li', { hasText: TAG })).toBeVisible();
  await expect(page.getByRole('textbox', { name: '요약' })).toHaveValue(summary);
  // Not published by autosave: the public address is not there yet.
  const slug = await slugBox.inputValue();
  expect((await page.request.get(`/posts/${encodeURIComponent(slug)}`)).status()).toBe(404);

  // The page's JavaScript, gzip: what the HTML names, and what loads lazily (CodeMirror, the preview pane, dialogs).
  await expect(preview(page).locator('h2')).toBeVisible({ timeout: 20_000 });
  const initialScripts = new Set<string>();
  const html = await (await page.request.get(postPath)).text();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) initialScripts.add(new URL(m[1].replace(/&amp;/g, '&'), page.url()).pathname);
  let initial = 0;
  let lazy = 0;
  let frame = 0;
  for (const [key, sized] of scripts) {
    const { gzip, main } = await sized;
    if (!main) frame += gzip;
    else if (initialScripts.has(key)) initial += gzip;
    else lazy += gzip;
  }
  console.log(`editor page JS (gzip): initial ${kb(initial)} + lazy ${kb(lazy)} = ${kb(initial + lazy)}; preview frame ${kb(frame)}; ${scripts.size} scripts`);

  // Publish: on the home page, counted, and under its category.
  await page.getByRole('button', { name: '발행', exact: true }).click();
  await expect(page.locator('.ed-flash-slot [role="status"]')).toContainText('발행했습니다.');
  await expect(page.locator('[data-status]')).toHaveText('발행됨');
  expect(await homeCount(page)).toBe(countBefore + 1);
  await expect(page.locator('.post-item', { hasText: TITLE })).toBeVisible();
  expect(await categoryCount(page, CATEGORY_PATH)).toBe(categoryBefore + 1);
  await page.locator('a', { hasText: TITLE }).first().click();
  await expect(page.locator('.katex-display').first()).toBeVisible();
  await expect(page.locator('img[alt="손실 곡선"]').first()).toBeVisible();
  await expect(page.locator('[data-embed="GradientDescent"]')).toHaveCount(1);
});

test('the same post edited in two tabs: the second save opens the conflict view, and the merge keeps both', async ({ page }) => {
  test.setTimeout(120_000);
  expect(postId).toBeGreaterThan(0);
  await signIn(page, 'admin', 'session');
  const other = await page.context().newPage();
  await page.goto(postPath);
  await other.goto(postPath);
  await waitForEditor(page);
  await waitForEditor(other);

  /** Adds `text` at the end of the source's third line ("학습률 $\eta$ 는 …"). */
  async function editLine3(p: Page, text: string) {
    await source(p).click();
    await p.keyboard.press('Control+Home');
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('ArrowDown');
    await p.keyboard.press('End');
    await p.keyboard.insertText(text);
  }

  // Tab A changes the line and updates the published post.
  await editLine3(page, ' (첫 탭)');
  await page.getByRole('button', { name: '업데이트' }).click();
  await expect(page.locator('.ed-flash-slot [role="status"]')).toContainText('저장했습니다.');

  // Tab B, still on the version it loaded, changes the same line and the title, then saves: refused, nothing lost.
  await editLine3(other, ' (둘째 탭)');
  await other.locator('#ed-title').fill(`${TITLE} 개정`);
  await other.getByRole('button', { name: '업데이트' }).click();
  const conflict = other.getByRole('heading', { name: '다른 사람이 먼저 저장했습니다' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toBeFocused();
  await other.setViewportSize({ width: 1440, height: 900 });
  await shot(other, 'conflict', true);
  // Side by side: theirs on the left, mine on the right.
  await expect(other.locator('.ed-sbs-cell.is-del', { hasText: '(첫 탭)' })).toBeVisible();
  await expect(other.locator('.ed-sbs-cell.is-add', { hasText: '(둘째 탭)' })).toBeVisible();
  // The title only I changed is kept as mine; the line both changed is mine to resolve: keep both.
  await expect(other.locator('tr[data-field="title"]')).toContainText('나만 바꿈');
  const chunk = other.getByRole('radiogroup', { name: '충돌 1' });
  await chunk.getByLabel('둘 다').check();
  await expect(other.locator('#ed-merged-source')).toHaveValue(/\(둘째 탭\)\n.*\(첫 탭\)/);
  await other.getByRole('button', { name: '합친 판으로 저장' }).click();
  await expect(other.locator('.ed-flash-slot [role="status"]')).toContainText('저장했습니다.');
  await expect(conflict).toBeHidden();
  await expect(other.locator('#ed-title')).toHaveValue(`${TITLE} 개정`);

  // The first tab sees the merge after a reload.
  await page.reload();
  await waitForEditor(page);
  const merged = await editorText(page);
  expect(merged).toContain('(첫 탭)');
  expect(merged).toContain('(둘째 탭)');
  await expect(page.locator('#ed-title')).toHaveValue(`${TITLE} 개정`);
  await other.close();
});

test('the revisions page compares two versions line by line and word by word, and restores one as the draft', async ({ page }) => {
  test.setTimeout(90_000);
  expect(postId).toBeGreaterThan(0);
  await signIn(page, 'admin', 'session');
  await page.goto(`${postPath.replace(/\/change$/, '')}/revisions`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('수정 기록');
  const rows = page.locator('.ed-rev-table tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  // By default the newest against the one before it.
  await expect(page.locator('#ed-diff-title')).toBeVisible();
  // Pick the first publish (A) and the newest (B) with the plain form.
  const firstPublish = rows.filter({ hasText: '발행' }).last();
  await firstPublish.locator('input[name="a"]').check();
  await rows.first().locator('input[name="b"]').check();
  await page.getByRole('button', { name: '두 판 비교' }).click();
  await expect(page).toHaveURL(/[?&]a=\d+/);
  await expect(page).toHaveURL(/[?&]b=\d+/);
  await expect(page.locator('.ed-diff tr.is-add', { hasText: '(첫 탭)' })).toBeVisible();
  await expect(page.locator('.ed-rev-diff table').first()).toContainText('개정');
  await shot(page, 'revisions', true);

  // Restore the first publish as the draft: the editor opens on it, the live post untouched until saved.
  page.once('dialog', (d) => void d.accept());
  await firstPublish.getByRole('button', { name: /초안으로 복원/ }).click();
  await page.waitForURL(/\/change$/);
  await waitForEditor(page);
  await expect.poll(() => editorText(page)).not.toContain('(첫 탭)');
  await expect(page.locator('#ed-title')).toHaveValue(TITLE);
  await expect(page.getByRole('button', { name: '초안 버리기' })).toBeVisible();
  await expect(page.locator('.ed-note', { hasText: '발행된 글과 다른 초안' })).toBeVisible();
  // Discarding the draft brings back the saved post.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: '초안 버리기' }).click();
  await expect.poll(() => editorText(page)).toContain('(첫 탭)');
});

test('a publication time in the future schedules the post, in the site\'s time zone; unscheduling makes it a draft again', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'admin', 'session');
  await page.goto('/admin/blog/post/add');
  await page.getByLabel('제목').fill(`${PREFIX}예약 글`);
  await page.getByRole('button', { name: '쓰기 시작' }).click();
  await page.waitForURL(/\/admin\/blog\/post\/\d+\/change$/);
  const scheduledId = Number(/\/post\/(\d+)\//.exec(new URL(page.url()).pathname)![1]);
  await waitForEditor(page);
  await source(page).click();
  // Leaving right after typing (before the autosave's quiet time): the draft goes out in a beacon and is back on return.
  const sent: string[] = [];
  page.context().on('request', (r) => {
    if (r.url().endsWith(`/posts/${scheduledId}/autosave`)) sent.push(r.resourceType());
  });
  await page.keyboard.insertText('예약해 둔 글.');
  await page.goto('/admin');
  await page.goto(`/admin/blog/post/${scheduledId}/change`);
  await waitForEditor(page);
  await expect.poll(() => editorText(page)).toBe('예약해 둔 글.');
  console.log(`leaving the page sent the draft as: ${sent.join(', ') || '(a request the test did not see)'}`);
  await expect(page.getByRole('button', { name: '발행', exact: true })).toBeVisible();
  // 09:30 on 2 January 2030 in Seoul (the browser is in Seoul too here, but the value is read in the site's zone).
  await page.getByLabel('발행 시각').fill('2030-01-02T09:30');
  await expect(page.getByRole('button', { name: '발행', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: '예약 발행' }).click();
  await expect(page.locator('.ed-flash-slot [role="status"]')).toContainText('예약했습니다');
  await expect(page.locator('[data-status]')).toHaveText('예약됨');
  await page.reload();
  await waitForEditor(page);
  await expect(page.getByLabel('발행 시각')).toHaveValue('2030-01-02T09:30');
  await expect(page.locator('.ed-status-line')).toContainText('2030');
  const stored = await page.evaluate(async (id) => (await (await fetch(`/admin/api/blog/posts/${id}/revisions`)).json()) as { revisions: { kind: string }[] }, scheduledId);
  expect(stored.revisions.some((r) => r.kind === 'publish')).toBe(true);
  await page.getByRole('button', { name: '예약 취소' }).click();
  await expect(page.locator('.ed-flash-slot [role="status"]')).toContainText('발행을 취소했습니다');
  await expect(page.locator('[data-status]')).toHaveText('초안');
});

test('an Author writes and saves drafts, is offered no publishing, and the server refuses it', async ({ page }) => {
  test.setTimeout(90_000);
  await signInAuthor(page);
  await page.goto('/admin/blog/post/add');
  await page.getByLabel('제목').fill(`${PREFIX}글쓴이의 초안`);
  await page.getByRole('button', { name: '쓰기 시작' }).click();
  await page.waitForURL(/\/admin\/blog\/post\/\d+\/change$/);
  const id = Number(/\/post\/(\d+)\//.exec(new URL(page.url()).pathname)![1]);
  await waitForEditor(page);
  await expect(page.getByRole('button', { name: '초안 저장' })).toBeVisible();
  await expect(page.getByRole('button', { name: '발행', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '예약 발행' })).toHaveCount(0);
  await expect(page.locator('.ed-note', { hasText: '발행 권한이 없어' })).toBeVisible();

  await source(page).click();
  await page.keyboard.insertText('글쓴이가 쓴 $x^2$ 한 줄.');
  // Ctrl+S saves from inside the editor.
  await page.keyboard.press('Control+s');
  await expect(page.locator('.ed-flash-slot [role="status"]')).toContainText('저장했습니다.');

  // Asking the server directly does not help: publishing and scheduling are 403 with a message.
  const refused = await page.evaluate(async (postId) => {
    const out: { status: number; error: string }[] = [];
    for (const intent of ['publish', 'schedule']) {
      const r = await fetch(`/admin/api/blog/posts/${postId}/save`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          version: 1,
          intent,
          fields: { title: 'x', slug: '', source: 'x', excerpt: '', categoryId: null, tags: [], coverImage: null, seoTitle: null, seoDescription: null, seriesId: null, seriesOrder: null, revisedAt: null, publishedAt: new Date(Date.now() + 86_400_000).toISOString() },
        }),
      });
      out.push({ status: r.status, error: ((await r.json()) as { error?: string }).error ?? '' });
    }
    return out;
  }, id);
  for (const r of refused) {
    expect(r.status).toBe(403);
    expect(r.error).toMatch(/발행|publish/);
  }
  // Another author's post is not theirs to open.
  const res = await page.goto(postPath);
  expect(res?.status()).toBe(403);
});

test.describe('accessibility', () => {
  // axe is injected as a script; the admin's CSP (rightly) refuses inline scripts, so only these tests bypass it.
  test.use({ bypassCSP: true });
  const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  type Violation = { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] };

  /** axe (WCAG 2.1 A/AA) on the page, within `include` and outside `exclude` (CSS selectors); frames are left out. */
  async function axe(page: Page, context: { include?: string[]; exclude?: string[] }): Promise<Violation[]> {
    await page.addScriptTag({ content: AXE });
    return page.evaluate(async (ctx) => {
      const w = window as unknown as { axe: { run: (c: object, o: object) => Promise<{ violations: Violation[] }> } };
      const c = { ...(ctx.include ? { include: ctx.include.map((s) => [s]) } : { include: [['body']] }), exclude: (ctx.exclude ?? []).map((s) => [s]) };
      return (await w.axe.run(c, { iframes: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
    }, context);
  }
  const summary = (v: Violation[]) => v.map((x) => `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`).join('\n  ')}`).join('\n');
  // The source editor and the preview pane are their own components (with their own checks); reported, not failed, here.
  const OTHERS = ['[data-testid="source-editor"]', '.preview-pane'];

  for (const [width, scheme] of [
    [1280, 'light'],
    [375, 'dark'],
  ] as const) {
    test(`axe finds nothing on the editor, the add page and the revisions page at ${width}px (${scheme})`, async ({ page }) => {
      test.setTimeout(90_000);
      expect(postId).toBeGreaterThan(0);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, 'admin', 'session');
      await page.goto('/admin/blog/post/add');
      let v = await axe(page, {});
      expect(v, summary(v)).toEqual([]);

      await page.goto(postPath);
      await waitForEditor(page);
      await expect(preview(page).locator('h2').first()).toBeVisible({ timeout: 20_000 });
      // Every settings panel open, so their fields are checked too.
      // On a phone the settings start hidden behind their button.
      const show = page.getByRole('button', { name: '설정 보이기' });
      if (await show.isVisible()) await show.click();
      const closed = page.locator('details.ed-panel:not([open]) > summary');
      while ((await closed.count()) > 0) await closed.first().click();
      v = await axe(page, { exclude: OTHERS });
      expect(v, summary(v)).toEqual([]);
      const theirs = await axe(page, { include: OTHERS });
      if (theirs.length) console.log(`axe on the source editor / preview pane (${width}px ${scheme}):\n${summary(theirs)}`);

      await page.goto(`${postPath.replace(/\/change$/, '')}/revisions`);
      v = await axe(page, {});
      expect(v, summary(v)).toEqual([]);
    });
  }
});
