// The post editor's live preview, in Chromium against the production server, on the real editor page: what the author
// writes shows in the preview frame as a reader will see it (the reader's CSS, KaTeX, highlighted code, the table of
// contents, an embed's static figure hydrated into its live island by the islands runtime); typing asks for few
// previews (debounced, stale ones aborted); a source that does not compile keeps the last good preview with the problem
// marked at its line; a block that did not change is the same DOM node after an edit elsewhere (a demo keeps its
// state); KaTeX's stylesheet and the islands never reach the admin page. Prints the preview latencies the page saw.
import { expect, test, type Page } from '@playwright/test';
import { PREFIX, seed, seedUsers, signIn } from './admin-support';

test.describe.configure({ mode: 'serial' });

const TITLE = `${PREFIX.post}미리보기 확인`;

const SOURCE = [
  '# 경사하강법',
  '',
  '학습률 $\\eta$ 가 너무 크면 발산합니다.',
  '',
  '## 갱신 식',
  '',
  '$$',
  'w_{t+1} = w_t - \\eta \\nabla L(w_t)',
  '$$',
  '',
  '```python',
  'def step(w, lr):',
  '    return w - lr * grad(w)',
  '```',
  '',
  '<GradientDescent lr={0.1} />',
  '',
  '## 마무리',
  '',
  '끝.',
].join('\n');

const editor = (page: Page) => page.locator('[data-testid="source-editor"] .cm-content');
const frame = (page: Page) => page.frameLocator('.ed-preview iframe');
const body = (page: Page) => frame(page).locator('[data-preview-body]');

let postId = 0;

test.beforeAll(() => {
  seedUsers();
  seed({ cleanup: { titlePrefix: TITLE, categoryPrefix: 'E2E미리보기-없음', tagPrefix: 'e2e-preview-' } });
});
test.afterAll(() => {
  seed({ cleanup: { titlePrefix: TITLE, categoryPrefix: 'E2E미리보기-없음', tagPrefix: 'e2e-preview-' } });
});

/** Replaces the whole source through the editor, as one input (select all, then type it in). */
async function setSource(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

test('the preview shows the post as readers will see it, islands included, and marks a problem at its line', async ({ page }) => {
  page.on('console', (m) => m.type() === 'error' && console.log(`browser console: ${m.text()}`));
  await signIn(page, 'admin');
  await page.goto('/admin');
  // SOURCE has an embed, which runs only in MDX (a new post is Markdown).
  const created = await page.evaluate(async (title) => {
    const r = await fetch('/admin/api/blog/posts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title, format: 'mdx' }) });
    return { status: r.status, body: await r.json() };
  }, TITLE);
  expect(created.status).toBe(201);
  postId = created.body.id;

  const latencies: number[] = [];
  page.on('response', async (res) => {
    if (!res.url().endsWith('/admin/api/blog/preview')) return;
    const timing = res.request().timing();
    try {
      const json = await res.json();
      latencies.push(timing.responseEnd > 0 ? timing.responseEnd : json.ms);
    } catch {}
  });

  await page.goto(`/admin/blog/post/${postId}/change`);
  await expect(editor(page)).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.ed-preview iframe')).toBeVisible();
  await setSource(page, SOURCE);

  // The reader's page, in the frame: heading, inline and display math by KaTeX, highlighted code, the toc.
  await expect(body(page).locator('h1#경사하강법')).toHaveText(/경사하강법/, { timeout: 20_000 });
  await expect(body(page).locator('.katex').first()).toBeVisible();
  await expect(body(page).locator('.katex-display')).toHaveCount(1);
  await expect(body(page).locator('figure[data-rehype-pretty-code-figure] code span[style*="--shiki-light"]').first()).toBeVisible();
  await expect(frame(page).locator('nav.toc a')).toHaveText(['갱신 식', '마무리']);
  // The embed: its static figure first, then the islands runtime (the post page's /_islands/islands.js) hydrates it.
  const embed = body(page).locator('[data-embed="GradientDescent"]');
  await expect(embed.locator('svg').first()).toBeAttached();
  // Islands hydrate near the viewport, here the frame's.
  await embed.scrollIntoViewIfNeeded();
  await expect(embed).toHaveAttribute('data-hydrated', 'true', { timeout: 20_000 });
  // KaTeX's stylesheet and the embeds' runtime and styles are the frame's alone: none of them reaches the admin page.
  const katexFont = () => {
    const probe = document.createElement('span');
    probe.className = 'katex';
    document.body.append(probe);
    const font = getComputedStyle(probe).fontFamily;
    probe.remove();
    return font;
  };
  const islands = () => [!!document.querySelector('script[src="/_islands/islands.js"]'), !!document.querySelector('link[href="/_islands/islands.css"]')];
  expect(await frame(page).locator('html').evaluate(katexFont)).toMatch(/KaTeX_Main/);
  expect(await page.evaluate(katexFont)).not.toMatch(/KaTeX/);
  expect(await frame(page).locator('html').evaluate(islands)).toEqual([true, true]);
  expect(await page.evaluate(islands)).toEqual([false, false]);
  await expect(page.locator('.preview-pane')).toHaveAttribute('data-state', 'ok');

  // An edit elsewhere leaves the embed's node (and its live island) alone: the same DOM node, moved down a line.
  await embed.evaluate((el) => ((el as HTMLElement & { keep?: number }).keep = 42));
  await editor(page).click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.insertText('\n\n새 문단입니다.');
  await expect(body(page).locator('p', { hasText: '새 문단입니다.' })).toBeVisible();
  expect(await embed.evaluate((el) => (el as HTMLElement & { keep?: number }).keep)).toBe(42);
  await expect(embed).toHaveAttribute('data-hydrated', 'true');

  // A problem: the last good preview stays, the block at the problem's line is marked, the pane lists it.
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n\n<NoSuchEmbed />');
  await expect(page.locator('.preview-pane')).toHaveAttribute('data-state', 'problems', { timeout: 20_000 });
  await expect(page.locator('.preview-pane-problems li')).toHaveCount(1);
  await expect(page.locator('.preview-pane-problems li')).toContainText('NoSuchEmbed');
  const banner = frame(page).locator('.preview-problems');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/행: <NoSuchEmbed \/> is not a registered embed/);
  await expect(body(page).locator('h1#경사하강법')).toBeVisible();
  await expect(body(page).locator('.preview-problem-block')).toHaveCount(1);
  // The source is 22 lines now; the problem is on line 24, so the last block before it, "끝." on line 22, is marked.
  await expect(banner).toContainText('24행');
  await expect(body(page).locator('.preview-problem-block')).toHaveAttribute('data-line', '22');
  await expect(body(page).locator('.preview-problem-block')).toHaveText('끝.');

  // Fixed: the marks go, the preview follows again.
  await page.keyboard.press('Control+Z');
  await expect(page.locator('.preview-pane')).toHaveAttribute('data-state', 'ok', { timeout: 20_000 });
  await expect(banner).toBeHidden();
  await expect(body(page).locator('.preview-problem-block')).toHaveCount(0);

  // Typing asks for few previews: one after a pause, not one per key.
  const before = latencies.length;
  let asked = 0;
  const count = (req: { url(): string }) => req.url().endsWith('/admin/api/blog/preview') && asked++;
  page.on('request', count);
  await page.keyboard.type(' 학습률을 줄이면 수렴합니다', { delay: 40 });
  await expect(body(page).locator('p', { hasText: '학습률을 줄이면 수렴합니다' })).toBeVisible({ timeout: 20_000 });
  page.off('request', count);
  console.log(`typed 15 characters (40 ms apart): ${asked} preview request(s)`);
  expect(asked).toBeLessThan(8);
  expect(latencies.length).toBeGreaterThan(before);
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);
  console.log(`preview round trips seen by the page: n=${sorted.length} p50=${q(0.5)} ms max=${q(1)} ms`);
});

test('the frame is a same-origin reader page that takes messages only from its parent', async ({ page }) => {
  const res = await page.goto('/admin-preview?lang=en');
  expect(res?.status()).toBe(200);
  expect(res?.headers()['x-frame-options']).toBe('SAMEORIGIN');
  expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'self'");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  await expect(page.locator('.preview-empty')).toHaveText('The preview appears here as you write.');
  // Not framed: a message posted by the page itself is not its parent's and changes nothing.
  await page.evaluate(() => window.postMessage({ type: 'manifold-preview:render', seq: 1, html: '<p id="x">injected</p>', toc: [] }, location.origin));
  await page.waitForTimeout(300);
  await expect(page.locator('#x')).toHaveCount(0);
});
