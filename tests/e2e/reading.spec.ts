// Reading on every screen (issue 11), in Chromium at 375 and 1280 px, light and dark: nothing wider than the page,
// code blocks edge to edge on phones at a readable size with a copy button that copies, display math in focusable
// scroll regions a keyboard scrolls, the table of contents closed on phones and sticky with the current section marked
// on wide screens, the site title on one line, axe clean on the heaviest math post and on a demo post, demos that do
// not move the page when they go live, and the share links (copy link, X, Facebook, LinkedIn, Naver; no third-party script).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The sample post with the most display equations (12) and long code, and two posts with demos. */
const MATH_POST = '/posts/mse-vs-cross-entropy';
const CODE_POST = '/posts/da-rnn-review';
const DEMO_POSTS = ['/posts/transformer-training', '/posts/dcgan-review'];
/** The other demos, at one size and scheme each. */
const OTHER_DEMOS = [
  ['/posts/cnn-convolution', 375, 'dark'],
  ['/posts/cnn-convolution', 1280, 'light'],
  ['/posts/gradient-descent-basics', 375, 'light'],
  ['/posts/mse-vs-cross-entropy', 1280, 'dark'],
  ['/posts/autoencoder-manifold', 375, 'dark'],
  ['/posts/da-rnn-review', 1280, 'light'],
  ['/posts/python-time-datetime', 375, 'light'],
] as const;
const SCREENS = [375, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;

async function open(page: Page, url: string, width: number, scheme: 'light' | 'dark') {
  await page.setViewportSize({ width, height: width < 600 ? 740 : 900 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
}

async function axeViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    return (await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How far the page scrolls sideways: 0 when nothing is wider than the screen. */
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('reading on every screen @sqlite-only', () => {
  // axe is injected as an inline script: the page's CSP (hashes of its own scripts only) would refuse it.
  test.use({ bypassCSP: true });

  for (const width of SCREENS) {
    for (const scheme of SCHEMES) {
      test(`the heaviest math post at ${width}px (${scheme}): fits, readable code, focusable math, axe clean`, async ({ page }) => {
        await open(page, MATH_POST, width, scheme);
        expect(await pageOverflow(page)).toBe(0);

        // The site title on one line: its text makes a single line box.
        const titleLines = await page.locator('.site-title').evaluate((a) => {
          const r = document.createRange();
          r.selectNodeContents(a);
          return new Set([...r.getClientRects()].map((rect) => Math.round(rect.top))).size;
        });
        expect(titleLines).toBe(1);

        // Every display equation: a named scroll region in the tab order, nothing clipped top or bottom, and the
        // ones wider than the column scroll by keyboard.
        const regions = page.locator('.prose .math-display');
        expect(await regions.count()).toBeGreaterThanOrEqual(10);
        const facts = await regions.evaluateAll((els) =>
          els.map((el) => ({ tab: el.getAttribute('tabindex'), name: el.getAttribute('aria-label'), role: el.getAttribute('role'), wide: el.scrollWidth > el.clientWidth + 1, clipped: el.scrollHeight > el.clientHeight + 1, right: el.getBoundingClientRect().right })),
        );
        for (const f of facts) {
          expect(f).toMatchObject({ tab: '0', name: '수식 (equation)', role: 'group', clipped: false });
          expect(f.right).toBeLessThanOrEqual(width);
        }
        const wide = facts.findIndex((f) => f.wide);
        if (width === 375) expect(wide, 'some equations are wider than a phone').toBeGreaterThanOrEqual(0);
        if (wide >= 0) {
          const region = regions.nth(wide);
          await region.focus();
          await expect(region).toBeFocused();
          await page.keyboard.press('ArrowRight');
          await page.keyboard.press('ArrowRight');
          await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
          // Held down, the arrow reaches the far edge: the whole equation can be read.
          for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
          await expect.poll(() => region.evaluate((el) => Math.abs(el.scrollLeft + el.clientWidth - el.scrollWidth) <= 1)).toBe(true);
        }

        expect(await axeViolations(page)).toEqual([]);
      });

      test(`code blocks at ${width}px (${scheme}): width, size, language label, axe clean`, async ({ page }) => {
        await open(page, CODE_POST, width, scheme);
        expect(await pageOverflow(page)).toBe(0);
        const blocks = page.locator('.prose figure.code-block');
        expect(await blocks.count()).toBeGreaterThan(0);
        const sizes = await blocks.evaluateAll((els) =>
          els.map((f) => ({ width: f.getBoundingClientRect().width, left: f.getBoundingClientRect().left, font: parseFloat(getComputedStyle(f.querySelector('pre code')!).fontSize), lang: f.querySelector('.code-lang')?.textContent })),
        );
        for (const s of sizes) {
          if (width === 375) expect(s.width).toBeGreaterThanOrEqual(375 - 32);
          expect(s.left).toBeGreaterThanOrEqual(0);
          expect(s.left + s.width).toBeLessThanOrEqual(width);
          expect(s.font).toBeGreaterThanOrEqual(14);
        }
        expect(sizes[0].lang).toBe('Python');
        // The copy button is revealed by the page's script (hidden without it).
        await expect(blocks.first().getByRole('button', { name: '코드 복사 (Copy code)' })).toBeVisible();
        expect(await axeViolations(page)).toEqual([]);
      });
    }
  }

  test('the table of contents is closed on a phone and, opened, leaves most of the first screen to the post', async ({ page }) => {
    await open(page, MATH_POST, 375, 'light');
    const details = page.locator('nav.toc details');
    await expect(details).not.toHaveAttribute('open');
    const closed = (await page.locator('nav.toc').boundingBox())!;
    expect(closed.height).toBeLessThan(60);
    await page.locator('nav.toc summary').click();
    await expect(details).toHaveAttribute('open');
    const list = (await page.locator('nav.toc ol').boundingBox())!;
    expect(list.height).toBeLessThanOrEqual(740 * 0.5 + 1);
    // Its links still reach every section (the list scrolls within its box).
    await page.locator('nav.toc a').last().click();
    await expect(page).toHaveURL(/#/);
  });

  for (const scheme of SCHEMES) {
    test(`the table of contents at 1280px (${scheme}) is open, beside the text, sticky, and marks the section being read`, async ({ page }) => {
      await open(page, MATH_POST, 1280, scheme);
      const toc = page.locator('nav.toc');
      await expect(toc.locator('details')).toHaveAttribute('open');
      const prose = (await page.locator('.prose').boundingBox())!;
      const box = (await toc.boundingBox())!;
      expect(box.x).toBeGreaterThan(prose.x + prose.width);
      expect(prose.width).toBeGreaterThanOrEqual(640);
      const links = toc.locator('a');
      const ids = await links.evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1))));
      expect(ids.length).toBeGreaterThan(3);
      // Scroll to the third section: the toc stays in view and marks it, and only it.
      const target = ids[2];
      await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start', behavior: 'instant' }), target);
      await expect(toc.locator('a[aria-current="location"]')).toHaveCount(1);
      await expect(toc.locator('a[aria-current="location"]')).toHaveAttribute('href', `#${target}`);
      const stuck = (await toc.boundingBox())!;
      expect(stuck.y).toBeGreaterThanOrEqual(0);
      expect(stuck.y).toBeLessThan(40);
      expect(await toc.evaluate((el) => getComputedStyle(el).position)).toBe('sticky');
      // Further down, the mark moves on.
      const later = ids[ids.length - 1];
      await page.evaluate((id) => document.getElementById(id)!.scrollIntoView({ block: 'start', behavior: 'instant' }), later);
      await expect(toc.locator('a[aria-current="location"]')).toHaveAttribute('href', `#${later}`);
    });
  }

  test('the copy button copies the code block, and says so', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, CODE_POST, 1280, 'light');
    const block = page.locator('.prose figure.code-block').first();
    const expected = await block.locator('pre code [data-line]').evaluateAll((lines) => lines.map((l) => l.textContent).join('\n'));
    expect(expected).toContain('\n');
    const button = block.getByRole('button', { name: '코드 복사 (Copy code)' });
    await button.click();
    await expect(button).toHaveText('복사됨');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    await expect(page.getByRole('status').filter({ hasText: '복사됨 (Copied)' })).toHaveCount(1);
    await expect(button).toHaveText('복사', { timeout: 4000 });
  });

  test('share: copy link copies the absolute post URL; share links are plain links; no third-party script', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await open(page, MATH_POST, 375, 'light');
    const share = page.getByRole('region', { name: '공유하기' });
    await expect(share).toBeVisible();
    await share.getByRole('button', { name: '링크 복사' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(copied).pathname).toBe(MATH_POST);
    await expect(share.getByRole('button')).toHaveText('링크를 복사했습니다');
    const hrefs = Object.fromEntries(await share.locator('a[data-share]').evaluateAll((as) => as.map((a) => [a.getAttribute('data-share'), a.getAttribute('href')])));
    const url = encodeURIComponent(copied);
    expect(hrefs.x).toMatch(new RegExp(`^https://twitter\\.com/intent/tweet\\?text=[^&]+&url=${url.replace(/[.%]/g, '\\$&')}$`));
    expect(hrefs.facebook).toBe(`https://www.facebook.com/sharer/sharer.php?u=${url}`);
    expect(hrefs.linkedin).toBe(`https://www.linkedin.com/sharing/share-offsite/?url=${url}`);
    expect(hrefs.naver).toMatch(/^https:\/\/share\.naver\.com\/web\/shareView\?url=/);
    await expect(share.getByRole('link', { name: /^X ?에 공유 \(새 창\)$/ })).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(share.getByRole('link', { name: /^네이버 ?에 공유 \(새 창\)$/ })).toHaveAttribute('target', '_blank');
    const origin = new URL(page.url()).origin;
    expect(scripts.filter((s) => !s.startsWith(origin))).toEqual([]);
    // English pages say it in English.
    await page.goto(`/en${MATH_POST}`);
    await expect(page.getByRole('region', { name: 'Share' }).getByRole('button')).toHaveText('Copy link');
    await expect(page.getByRole('region', { name: 'Share' }).getByRole('link', { name: /^Share on ?Facebook ?\(opens in a new window\)$/ })).toBeVisible();
  });

  test('without JavaScript: no dead copy buttons, the contents a plain closed list on phones', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    await page.goto(CODE_POST);
    await expect(page.locator('.code-copy').first()).toBeHidden();
    await expect(page.locator('.code-lang').first()).toHaveText('Python');
    await expect(page.locator('[data-copy="link"]')).toBeHidden();
    await expect(page.locator('a[data-share="x"]')).toBeVisible();
    await expect(page.locator('nav.toc details')).not.toHaveAttribute('open');
    // The convolution demo's static state is its live first view; the 2-D figure, a click away when live, is here.
    await page.goto('/posts/cnn-convolution');
    await expect(page.locator('.ml-embed svg[role="img"] title')).toHaveText(['1차원 Convolution', '2차원 Convolution']);
    await context.close();
  });

  const demoCases = [...DEMO_POSTS.flatMap((url) => SCREENS.flatMap((width) => SCHEMES.map((scheme) => [url, width, scheme] as const))), ...OTHER_DEMOS];
  for (const [url, width, scheme] of demoCases) {
    test(`${url} at ${width}px (${scheme}): the demo keeps its height going live (no layout shift), axe clean`, async ({ page }) => {
      await page.addInitScript(() => {
        const w = window as unknown as { __shifts: { value: number; input: boolean }[] };
        w.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) w.__shifts.push({ value: e.value, input: e.hadRecentInput });
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await open(page, url, width, scheme);
      const embed = page.locator('.ml-embed').first();
      await expect(embed).toHaveAttribute('data-ml-state', 'static');
      const before = (await embed.boundingBox())!.height;
      const shiftsBefore = await page.evaluate(() => (window as unknown as { __shifts: { value: number }[] }).__shifts.reduce((s, e) => s + e.value, 0));
      await page.evaluate(() => document.querySelector('.ml-embed')!.scrollIntoView({ block: 'center', behavior: 'instant' }));
      await expect(embed).toHaveAttribute('data-ml-state', 'live');
      // Settled: the server has answered (the timestamp converter has no server and no status line).
      if (!url.includes('python-time')) await expect(embed.locator('.ml-status')).toContainText('서버 계산 완료', { timeout: 20_000 });
      else await page.waitForTimeout(500);
      const after = (await embed.boundingBox())!.height;
      expect(Math.abs(after - before), `static ${before}px, live ${after}px`).toBeLessThanOrEqual(1);
      const cls = await page.evaluate(() => (window as unknown as { __shifts: { value: number; input: boolean }[] }).__shifts.filter((e) => !e.input).reduce((s, e) => s + e.value, 0));
      expect(cls - shiftsBefore).toBeLessThan(0.01);
      expect(await pageOverflow(page)).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test('the Attention demo says what it refused, Korean included, and formats its numbers', async ({ page }) => {
    await open(page, '/posts/transformer-training', 1280, 'light');
    const embed = page.locator('.ml-embed');
    await embed.scrollIntoViewIfNeeded();
    await expect(embed).toHaveAttribute('data-ml-state', 'live');
    const input = embed.getByRole('textbox', { name: /입력 문자열/ });
    const hint = embed.locator('.ml-hint-line');
    await expect(hint).toHaveText(/영문 소문자 a–z와 숫자 0–9, 최대 8자/);
    await input.fill('안녕hi');
    await expect(input).toHaveValue('hi');
    await expect(hint).toHaveText('한글은 입력할 수 없어 뺐습니다: 안 녕 (only a–z and 0–9).');
    await expect(hint).toHaveAttribute('role', 'status');
    await input.fill('Hello World 123');
    await expect(input).toHaveValue('hellowor');
    await expect(hint).toContainText('입력할 수 없어 뺐습니다: 공백');
    await expect(hint).toContainText('8자까지만 씁니다');
    await input.fill('python');
    await expect(hint).toHaveText(/영문 소문자 a–z와 숫자 0–9/);
    await expect(embed.locator('.ml-note code').nth(1)).toHaveText('nohtyp');
    // Confidences as percentages with one decimal; axis names on every map.
    await expect(embed.locator('.ml-note .ml-out')).toHaveText(/^(\d{1,3}\.\d%)( · \d{1,3}\.\d%){5}$/);
    await expect(embed.locator('svg[role="img"]').first().locator('text.ml-axis-label')).toHaveText(['key (열) →', '← query (행)']);
    expect(await embed.locator('svg[role="img"] rect title').first().textContent()).toMatch(/^query . → key .: \d\.\d\d$/);
  });

  test('the DCGAN demo explains its sliders', async ({ page }) => {
    await open(page, '/posts/dcgan-review', 1280, 'light');
    const embed = page.locator('.ml-embed');
    await embed.scrollIntoViewIfNeeded();
    await expect(embed).toHaveAttribute('data-ml-state', 'live');
    const slider = embed.getByRole('slider', { name: /A의 z\[0\]에 더하기/ });
    await expect(slider).toHaveAccessibleDescription(/앞 4개 성분 z\[0\]–z\[3\]에 −3부터 \+3까지/);
    await slider.focus();
    await slider.press('ArrowRight');
    await expect(slider).toHaveAttribute('aria-valuetext', '+0.1');
  });
});
