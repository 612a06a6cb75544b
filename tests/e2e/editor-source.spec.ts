// The post editor's source pane (contrib/blog/editor/source-editor) on the real editor page, in Chromium: Korean typed
// through the IME protocol while the page autosaves and previews, the toolbar's edits and shortcuts, the embed form
// inserting MDX the compiler accepts, compile problems in the gutter, and a pasted image uploaded with its alt text.
import { expect, test, type Page } from '@playwright/test';
import sharp from 'sharp';
import { seed, seedUsers, signIn } from './admin-support';

const PREFIX = 'E2E편집기 ';

test.describe.configure({ mode: 'serial' });

test.beforeAll(() => seedUsers());
test.afterAll(() => {
  seed({ cleanup: { titlePrefix: PREFIX, categoryPrefix: 'E2E편집기-없음', tagPrefix: 'e2e-editor-none' } });
});

/** A new draft through the editor's endpoint (as the add page does), opened in the editor; the page waits for CodeMirror. */
async function openNewPost(page: Page, title: string): Promise<number> {
  await page.goto('/admin');
  const made = await page.evaluate(async (t) => {
    const r = await fetch('/admin/api/blog/posts', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: t }) });
    return { status: r.status, body: (await r.json()) as { id: number; editUrl: string } };
  }, title);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await page.goto(made.body.editUrl);
  await expect(page.locator('[data-testid="source-editor"] .cm-content')).toBeVisible({ timeout: 30_000 });
  return made.body.id;
}

/** The editor's text as CodeMirror shows it, line by line (the placeholder of an empty document is not text). */
function editorText(page: Page): Promise<string> {
  return page.locator('[data-testid="source-editor"] .cm-content').evaluate((el) =>
    [...el.querySelectorAll(':scope > .cm-line')].map((l) => (l.querySelector('.cm-placeholder') ? '' : (l.textContent ?? ''))).join('\n'),
  );
}

/** Replaces the whole text as a paste would (one change), leaving the cursor at its end. */
async function setText(page: Page, text: string) {
  await page.locator('[data-testid="source-editor"] .cm-content').click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.insertText(text);
}

const tool = (page: Page, action: string) => page.locator(`[data-testid="source-editor"] [data-action="${action}"]`);

/** The compatibility jamo a Korean IME shows first, then the syllable without its final, then the whole syllable. */
function compositionSteps(ch: string): string[] {
  const code = ch.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return [ch];
  const initials = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
  const l = Math.floor(code / 588);
  const v = Math.floor((code % 588) / 28);
  const t = code % 28;
  const steps = [initials[l], String.fromCharCode(0xac00 + l * 588 + v * 28)];
  if (t) steps.push(ch);
  return steps;
}

test('Korean typed through the IME next to $\\eta$ lands exactly, while autosave and preview run', async ({ page }) => {
  await signIn(page, 'admin', 'session');
  await openNewPost(page, `${PREFIX}IME 시험`);
  const line = '여기서 $\\eta$ 는 값이다.';
  await setText(page, `## 학습률\n\n${line}\n\n$$\n\\theta \\leftarrow \\theta - \\eta \\nabla L\n$$\n`);
  // The cursor right after "$\eta$ " in the middle of line 3.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  for (let i = 0; i < '여기서 $\\eta$ '.length; i++) await page.keyboard.press('ArrowRight');

  const requests: string[] = [];
  page.on('request', (r) => {
    const p = new URL(r.url()).pathname;
    if (p.endsWith('/autosave') || p.endsWith('/blog/preview')) requests.push(p.endsWith('/autosave') ? 'autosave' : 'preview');
  });
  const cdp = await page.context().newCDPSession(page);
  const typed = '경사하강법의 학습률';
  let n = 0;
  for (const ch of typed) {
    if (ch === ' ') {
      await cdp.send('Input.insertText', { text: ' ' });
      // A pause longer than the autosave's quiet time: it saves between words, never inside a syllable.
      await page.waitForTimeout(3200);
      continue;
    }
    for (const step of compositionSteps(ch)) {
      await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
      // Long enough, now and then, for the preview's debounce to fire and its diagnostics to come back mid-syllable.
      await page.waitForTimeout(n++ % 4 === 0 ? 450 : 40);
    }
    await cdp.send('Input.insertText', { text: ch });
    await page.waitForTimeout(60);
  }
  await cdp.send('Input.insertText', { text: ' ' });
  const expected = `## 학습률\n\n여기서 $\\eta$ ${typed} 는 값이다.\n\n$$\n\\theta \\leftarrow \\theta - \\eta \\nabla L\n$$\n`;
  await expect.poll(() => editorText(page)).toBe(expected);
  // The editor highlights the math it sits in.
  await expect(page.locator('.cm-line').nth(2).locator('.se-t-mathcmd')).toHaveText('\\eta');

  // Both background jobs ran during the typing; the last autosave holds the exact text: a reload brings it back.
  await expect.poll(() => requests.filter((r) => r === 'autosave').length, { timeout: 15_000 }).toBeGreaterThan(0);
  expect(requests.filter((r) => r === 'preview').length).toBeGreaterThan(0);
  console.log(`IME typing: ${requests.filter((r) => r === 'autosave').length} autosaves, ${requests.filter((r) => r === 'preview').length} previews while typing`);
  const saved = page.waitForResponse((r) => r.url().endsWith('/autosave') && r.status() === 200, { timeout: 20_000 });
  await saved;
  await page.reload();
  await expect(page.locator('[data-testid="source-editor"] .cm-content')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => editorText(page)).toBe(expected);
});

test('the toolbar and its shortcuts write Markdown, math, code and tables', async ({ page }) => {
  await signIn(page, 'admin', 'session');
  await openNewPost(page, `${PREFIX}도구 모음`);
  await setText(page, '굵은 글씨');
  await page.keyboard.press('Control+a');
  await tool(page, 'bold').click();
  await expect.poll(() => editorText(page)).toBe('**굵은 글씨**');
  // The shortcut undoes it (same command, same selection).
  await page.keyboard.press('Control+b');
  await expect.poll(() => editorText(page)).toBe('굵은 글씨');

  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('소제목');
  await tool(page, 'h2').click();
  await expect.poll(() => editorText(page)).toBe('굵은 글씨\n## 소제목');

  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('기울기 ');
  await tool(page, 'math').click();
  await page.keyboard.insertText('\\nabla L');
  await page.keyboard.press('End');
  await tool(page, 'dmath').click();
  await page.keyboard.insertText('\\sum_i x_i');
  await expect.poll(() => editorText(page)).toBe('굵은 글씨\n## 소제목\n기울기 $\\nabla L$\n\n$$\n\\sum_i x_i\n$$');

  // The code block asks for its language (a dialog, keyboard only).
  await page.keyboard.press('Control+End');
  await tool(page, 'code').click();
  const codeDialog = page.getByRole('dialog', { name: '코드 블록' });
  await expect(codeDialog).toBeVisible();
  await codeDialog.getByLabel('언어').fill('python');
  await page.keyboard.press('Enter');
  await expect(codeDialog).toBeHidden();
  // Focus is back in the text, the block's body selected to type over.
  await expect(page.locator('[data-testid="source-editor"] .cm-content')).toBeFocused();
  await page.keyboard.insertText('print(1)');
  await page.keyboard.press('Control+End');
  await tool(page, 'table').click();
  const tableDialog = page.getByRole('dialog', { name: '표' });
  await tableDialog.getByLabel('행 수').fill('1');
  await tableDialog.getByLabel('열 수').fill('2');
  await tableDialog.getByRole('button', { name: '넣기', exact: true }).click();
  await expect(page.locator('[data-testid="source-editor"] .cm-content')).toBeFocused();
  await page.keyboard.insertText('이름');
  await expect.poll(() => editorText(page)).toBe(
    '굵은 글씨\n## 소제목\n기울기 $\\nabla L$\n\n$$\n\\sum_i x_i\n$$\n\n```python\nprint(1)\n```\n\n| 이름 | 열 2 |\n| --- | --- |\n| 내용 | 내용 |',
  );
  // Highlighted as what they are.
  await expect(page.locator('.se-t-heading').first()).toBeVisible();
  await expect(page.locator('.se-t-mathcmd').first()).toHaveText('\\nabla');

  // The toolbar is one tab stop; arrows move along it.
  await tool(page, 'h2').focus();
  await page.keyboard.press('ArrowRight');
  await expect(tool(page, 'h3')).toBeFocused();
  await page.keyboard.press('End');
  await expect(page.locator('[data-testid="source-editor"] [role="toolbar"] button').last()).toBeFocused();
});

test('the embed form inserts MDX the compiler accepts, and a compile problem shows in the gutter', async ({ page }) => {
  await signIn(page, 'admin', 'session');
  await openNewPost(page, `${PREFIX}임베드`);
  await setText(page, '경사하강법 데모:\n');
  await tool(page, 'embed').click();
  const dialog = page.getByRole('dialog', { name: '임베드 넣기' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('임베드').selectOption('GradientDescent');
  const lr = dialog.getByLabel(/^lr/);
  await lr.fill('0.9');
  await dialog.getByRole('button', { name: '넣기', exact: true }).click();
  // Refused in the form, naming the limit; nothing inserted.
  await expect(lr).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('0.5 이하여야 합니다')).toBeVisible();
  await lr.fill('0.1');
  await expect(dialog.getByTestId('embed-mdx')).toHaveText('<GradientDescent lr={0.1} />');
  await dialog.getByRole('button', { name: '넣기', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(() => editorText(page)).toBe('경사하강법 데모:\n\n<GradientDescent lr={0.1} />');
  await expect(page.locator('.se-t-tag').first()).toBeVisible();

  // The server's compiler (the preview endpoint) accepts it.
  const source = await editorText(page);
  const preview = await page.evaluate(async (s) => {
    const r = await fetch('/admin/api/blog/preview', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source: s }) });
    return (await r.json()) as { ok: boolean; embeds?: string[]; diagnostics: unknown[] };
  }, source);
  expect(preview).toMatchObject({ ok: true, embeds: ['GradientDescent'] });

  // An unknown embed on line 5: the preview's diagnostic reaches the gutter, with its message for screen readers.
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\n\n<NoSuchDemo />');
  const marker = page.locator('.se-diag-marker[aria-label^="5행"]');
  await expect(marker).toBeVisible({ timeout: 15_000 });
  await expect(marker).toHaveAttribute('aria-label', /NoSuchDemo/);
  await expect(page.locator('.se-problems')).toContainText('5행');
});

test('a pasted image is uploaded in place and inserted with the alt text asked for', async ({ page }) => {
  await signIn(page, 'admin', 'session');
  await openNewPost(page, `${PREFIX}이미지 붙여넣기`);
  await setText(page, '그림: ');
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer();
  await page.locator('[data-testid="source-editor"] .cm-content').evaluate((el, b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], '파란 상자.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png.toString('base64'));
  const dialog = page.getByRole('dialog', { name: '이미지 설명 (대체 텍스트)' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('대체 텍스트')).toBeFocused();
  await dialog.getByLabel('대체 텍스트').fill('파란 상자');
  await dialog.getByLabel('대체 텍스트').press('Enter');
  await expect.poll(() => editorText(page), { timeout: 20_000 }).toMatch(/^그림: !\[파란 상자\]\(\/media\/\S+\)$/);
  await expect(page.locator('.se-upload')).toHaveCount(0);
  const withImage = await editorText(page);

  // A file that only claims to be a PNG: the server refuses it, the editor says so and leaves the text as it was.
  await page.keyboard.press('Control+End');
  await page.locator('[data-testid="source-editor"] .cm-content').evaluate((el) => {
    const data = new DataTransfer();
    data.items.add(new File(['이것은 그림이 아닙니다'], '가짜.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.locator('[data-testid="source-editor"] [role="alert"]')).toContainText('이미지를 올리지 못했습니다:', { timeout: 15_000 });
  await expect(page.getByRole('dialog', { name: '이미지 설명 (대체 텍스트)' })).toHaveCount(0);
  await expect(page.locator('.se-upload')).toHaveCount(0);
  expect(await editorText(page)).toBe(withImage);

  // The toolbar's image dialog takes an address too.
  await tool(page, 'image').click();
  const imageDialog = page.getByRole('dialog', { name: '이미지 넣기' });
  await imageDialog.getByLabel('또는 이미지 주소').fill('https://example.com/경사.png');
  await imageDialog.getByLabel('대체 텍스트').fill('경사 그림');
  await imageDialog.getByRole('button', { name: '넣기', exact: true }).click();
  await expect.poll(() => editorText(page)).toBe(`${withImage}![경사 그림](https://example.com/경사.png)`);
});
