// <ModelDemo /> on the public page (sqlite project, Chromium against the production server): a model seeded through the
// model library's store (the admin API: create, upload the 8×8 digits CNN, its check, the signature with an example)
// and a published post that embeds it, plus one embed of a model the library does not have. Without JavaScript the
// post shows the example figure (the example's cells, the saved answer's labelled bars) and a note for the missing
// model; with JavaScript the demo comes alive in the room the figure reserved (nothing below moves), keyboard drawing
// (arrows + Space, Delete clears) gets a new prediction announced politely, the clear button works from the keyboard;
// at 375 px nothing overflows; in dark mode the frame follows the theme; axe finds nothing in the embeds.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import { expect, test, type Browser, type Locator, type Page, type Response } from '@playwright/test';
import { seedUsers } from './admin-support';
import { adminApi, createModel, digitPixels, DIGITS_SIGNATURE, ensureModels, settled, setSignature, uploadZip, zipOf } from './byo-support';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

test.describe.configure({ mode: 'serial' });

const RUN = Math.random().toString(36).slice(2, 7);
const SLUG = `e2e-embed-digits-${RUN}`;
const MISSING = `e2e-embed-none-${RUN}`;
const TITLE_PREFIX = 'E2E임베드 ';
const POST_SLUG = `e2e-embed-${RUN}`;
const POST_URL = `/posts/${POST_SLUG}`;
const LABELS = DIGITS_SIGNATURE.output.labels;
const SEVEN = ['.######.', '......#.', '.....#..', '....#...', '...#....', '...#....', '...#....', '........'];
const AFTER = '임베드 뒤 문단: 이 줄은 데모가 살아나도 움직이지 않습니다.';

function embedSeed(cmd: object) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'byo-embed-seed.ts'), JSON.stringify(cmd)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: String(test.info().project.metadata.databaseUrl) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`byo-embed-seed failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

test.beforeEach(() => {
  test.skip(test.info().project.metadata.provider !== 'sqlite', 'the sqlite project covers the model library');
});

test.beforeAll(async () => {
  test.setTimeout(600_000);
  if (test.info().project.metadata.provider !== 'sqlite') return;
  seedUsers();
  embedSeed({ cleanup: { titlePrefix: TITLE_PREFIX } });
  ensureModels(['digits']);
  // The model, through the library's store (what the admin's library page calls).
  const api = await adminApi();
  await createModel(api, SLUG, `8×8 숫자 CNN ${RUN}`);
  const up = await uploadZip(api, SLUG, zipOf('digits'), 'digits.zip');
  expect(up.status(), await up.text()).toBe(201);
  expect((await settled(api, SLUG)).status).toBe('ready');
  await setSignature(api, SLUG, DIGITS_SIGNATURE, { pixels: digitPixels(SEVEN) });
  await api.dispose();
  embedSeed({
    published: {
      title: `${TITLE_PREFIX}직접 그려 보는 숫자 인식 ${RUN}`,
      slug: POST_SLUG,
      source: `숫자를 그려 보세요.\n\n<ModelDemo model="${SLUG}" />\n\n${AFTER}\n\n## 없는 모델\n\n<ModelDemo model="${MISSING}" />\n`,
    },
  });
});

test.afterAll(() => {
  if (test.info().project.metadata.provider !== 'sqlite') return;
  embedSeed({ cleanup: { titlePrefix: TITLE_PREFIX } });
});

const demo = (page: Page) => page.locator('[data-embed="ModelDemo"]').first();
const missing = (page: Page) => page.locator('[data-embed="ModelDemo"]').nth(1);
const top = (embed: Locator) => embed.locator('.mdm-bars li.mdm-top .mdm-bar-label');
const answered = (page: Page) => page.waitForResponse((r) => r.url().includes(`/api/ml/custom/${SLUG}`) && r.request().method() === 'POST' && r.status() === 200);

/** Where the paragraph after the demo starts (page coordinates), once the page has settled. */
async function afterTop(page: Page): Promise<number> {
  return page.getByText(AFTER).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
}

async function staticPage(browser: Browser, width: number) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(POST_URL);
  return { context, page };
}

async function live(page: Page) {
  await demo(page).scrollIntoViewIfNeeded();
  await expect(demo(page).locator('[data-ml-state]')).toHaveAttribute('data-ml-state', 'live', { timeout: 30_000 });
}

async function axe(page: Page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } };
    return w.axe.run({ include: [['.mdm']] }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`).join('\n  ')}`);
}

test('without JavaScript: the example figure with its saved answer, and a note for a model the library does not have', async ({ browser }) => {
  const { context, page } = await staticPage(browser, 1280);
  const embed = demo(page);
  await expect(embed.locator('[data-ml-state]')).toHaveAttribute('data-ml-state', 'static');
  const figure = embed.locator('[data-mdm-figure]');
  await expect(figure).toBeVisible();
  const image = figure.getByRole('img', { name: /예시 입력 그림 8×8/ });
  await expect(image.locator('rect')).toHaveCount(64);
  // The example's ink: the 7's top bar is white cells on black.
  await expect(image.locator('rect[fill="rgb(255,255,255)"]')).toHaveCount(SEVEN.join('').split('#').length - 1);
  await expect(figure.locator('.mdm-bars li')).toHaveCount(DIGITS_SIGNATURE.output.topK);
  const saved = (await top(figure).textContent())!.trim();
  expect(LABELS).toContain(saved);
  await expect(figure.locator('figcaption')).toContainText('v1');
  await expect(figure.locator('figcaption')).toContainText(`예측: ${saved}`);
  await expect(embed.locator('canvas')).toHaveCount(0);
  await expect(embed.locator('.mdm-note')).toHaveCount(0);
  const note = missing(page).locator('.mdm-note');
  await expect(note).toContainText(`모델 라이브러리에 '${MISSING}' 모델이 없습니다`);
  await expect(note).toContainText('The model library has no model');
  await expect(missing(page).locator('[data-mdm-figure]')).toHaveCount(0);
  await context.close();
});

for (const width of [1280, 375]) {
  test(`at ${width} px the live demo takes the room the figure reserved: nothing below it moves`, async ({ browser, page }) => {
    const still = await staticPage(browser, width);
    const before = await afterTop(still.page);
    await still.context.close();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(POST_URL);
    await live(page);
    await expect(demo(page).getByRole('application', { name: /그림판 8×8/ })).toBeVisible();
    const after = await afterTop(page);
    expect(Math.abs(after - before), `the paragraph after the demo moved from ${before} to ${after}`).toBeLessThanOrEqual(2);
    // Nothing sideways either.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const box = (await demo(page).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
  });
}

test('drawing with the keyboard alone: Tab to the pad, Delete clears, arrows and Space paint, the new class is announced', async ({ page }) => {
  test.setTimeout(120_000);
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (r: Response) => {
    const key = new URL(r.url()).pathname;
    if (r.request().resourceType() !== 'script' || !r.ok() || !key.startsWith('/_islands/') || scripts.has(key)) return;
    scripts.set(key, r.body().then((b) => zlib.gzipSync(b).length, () => 0));
  });
  await page.goto(POST_URL);
  await live(page);
  const embed = demo(page);
  const pad = embed.getByRole('application', { name: /그림판 8×8/ });
  const said = embed.locator('[data-mdm-said]');
  await expect(said).toHaveAttribute('aria-live', 'polite');
  // The live demo starts from the figure's state: the example's saved answer.
  const first = (await top(embed).textContent())!.trim();
  await expect(said).toContainText(first);

  // Reach the pad with Tab from the top of the page.
  await page.locator('body').focus();
  for (let i = 0; i < 60 && !(await pad.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(pad).toBeFocused();
  await expect(embed.locator('.mdm-cursor')).toBeVisible();

  let response = answered(page);
  await page.keyboard.press('Delete');
  await response;
  // A "1": cells (1..6, 3..4), painted cell by cell.
  let [r, c] = (await pad.getAttribute('data-cursor'))!.split(',').map(Number);
  const go = async (y: number, x: number) => {
    while (r < y) (await page.keyboard.press('ArrowDown'), r++);
    while (r > y) (await page.keyboard.press('ArrowUp'), r--);
    while (c < x) (await page.keyboard.press('ArrowRight'), c++);
    while (c > x) (await page.keyboard.press('ArrowLeft'), c--);
  };
  for (let y = 1; y <= 6; y++)
    for (const x of [3, 4]) {
      await go(y, x);
      response = answered(page);
      await page.keyboard.press('Space');
    }
  await response;
  await expect(pad).toHaveAttribute('data-cursor', '6,4');
  await expect(top(embed)).toHaveText(LABELS[1]);
  await expect(said).toContainText(`예측: ${LABELS[1]}`);
  await expect(embed.locator('.ml-status')).toContainText(/모델 v1/);

  // The clear button, from the keyboard.
  await page.keyboard.press('Tab');
  await expect(embed.getByRole('button', { name: '지우기 / Clear' })).toBeFocused();
  response = answered(page);
  await page.keyboard.press('Enter');
  expect((await response).status()).toBe(200);

  await page.waitForLoadState('networkidle');
  let runtime = 0;
  let own = 0;
  for (const [key, size] of scripts) {
    // The runtime: islands.js, or its content-hashed name (islands-<hash>.js).
    if (/\/islands(-[A-Z0-9]+)?\.js$/.test(key)) runtime += await size;
    else own += await size;
  }
  const line = `ModelDemo JS (gzip): islands runtime ${(runtime / 1024).toFixed(1)} KB + embed chunks ${(own / 1024).toFixed(1)} KB (${scripts.size} scripts)`;
  console.log(line);
  test.info().annotations.push({ type: 'embed JS', description: line });
  // The page loads <ModelDemo />'s chunks only, none of the other apps' embeds (the demos app's eight).
  expect(own).toBeGreaterThan(0);
  expect(own).toBeLessThan(20 * 1024);
});

test.describe('a11y', () => {
  // axe is injected as a script; the reader page's CSP (rightly) refuses inline scripts, so only these tests bypass it.
  test.use({ bypassCSP: true });
  for (const [width, scheme] of [
    [1280, 'light'],
    [375, 'dark'],
  ] as const) {
    test(`axe finds nothing in the embeds at ${width} px (${scheme}), live and with the missing model's note`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(POST_URL);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await live(page);
      await missing(page).scrollIntoViewIfNeeded();
      await demo(page).scrollIntoViewIfNeeded();
      // The frame follows the theme: its background is the page's, its text light on dark (dark on light).
      const colours = await demo(page)
        .locator('.ml-embed')
        .evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, body: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(el).color }));
      expect(colours.bg).toBe(colours.body);
      const lum = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
      if (scheme === 'dark') expect(lum(colours.fg)).toBeGreaterThan(150);
      else expect(lum(colours.fg)).toBeLessThan(100);
      expect(await axe(page)).toEqual([]);
    });
  }
});
