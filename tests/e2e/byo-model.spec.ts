// Bring your own model, as an ML blogger meets it (sqlite project, Chromium against the production server): a superuser
// uploads a small CNN trained on 8×8 generated digits (a real tfjs Layers model: model.json + its weight shard) in the
// admin's model library, sees it checked and ready, declares its input a drawing canvas and its output the ten
// digits' labels; writes a post, embeds the model from the editor's embed picker and publishes; on the public page
// draws on the canvas (with the mouse, and cell by cell with the keyboard) and sees the predicted class change; and
// the same post without JavaScript shows the fallback figure (the example input and its saved answer). Prints the
// generic embed's JavaScript (gzip).
import zlib from 'node:zlib';
import { expect, test, type Locator, type Page, type Response } from '@playwright/test';
import { seedUsers, signIn } from './admin-support';
import { byoSeed, DIGITS_SIGNATURE, ensureModels, filesOf } from './byo-support';

test.describe.configure({ mode: 'serial' });

const RUN = Math.random().toString(36).slice(2, 7);
const SLUG = `e2e-byo-digits-${RUN}`;
const TITLE_PREFIX = 'E2E내모델 ';
const POST_TITLE = `${TITLE_PREFIX}8×8 숫자를 알아보는 CNN ${RUN}`;
const LABELS = DIGITS_SIGNATURE.output.labels;
let postUrl = '';

test.beforeAll(() => {
  test.setTimeout(600_000);
  seedUsers();
  byoSeed({ cleanup: { slugPrefix: 'e2e-byo-digits-', titlePrefix: TITLE_PREFIX } });
  ensureModels(['digits']);
});

test.afterAll(() => {
  byoSeed({ cleanup: { slugPrefix: 'e2e-byo-digits-', titlePrefix: TITLE_PREFIX } });
});

test.beforeEach(() => {
  test.skip(test.info().project.metadata.provider !== 'sqlite', 'the sqlite project covers the model library');
});

const source = (page: Page) => page.locator('[data-testid="source-editor"] .cm-content');
const tool = (page: Page, action: string) => page.locator(`[data-testid="source-editor"] [data-action="${action}"]`);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

test('upload the CNN in the library, declare a canvas with labels, embed it from the picker, publish', async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, 'admin');

  // A new model in the library.
  await page.goto('/admin/ml/mlmodel/add');
  await page.getByLabel('주소 이름 / Slug').fill(SLUG);
  await page.getByLabel('제목 / Title').fill('8×8 숫자 CNN');
  await page.getByRole('button', { name: '만들기 / Create' }).click();
  await page.waitForURL(/\/admin\/ml\/mlmodel\/\d+\/change$/);

  // Its files as tensorflowjs_converter writes them: model.json and the weight shard, picked together.
  await page.locator('[data-testid="ml-upload-input"]').setInputFiles(filesOf('digits'));
  // Checked as data (topology, sizes, cost), then loaded in the worker lane, warmed with zeros and timed.
  const report = page.locator('[data-testid="ml-report"]');
  await expect(report).toContainText(/Conv2D/, { timeout: 60_000 });
  const v1 = page.locator('[data-testid="ml-versions"] tr[data-version="1"]');
  await expect(v1).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(v1).toContainText('8');

  // The signature: an 8×8 drawing canvas (white ink on black, as the training digits) and the ten labels. The image
  // size and channels come guessed from the model's input shape.
  const form = page.locator('[data-testid="ml-signature-form"]');
  await form.getByLabel('입력 종류 / Input kind').selectOption('image');
  await form.getByLabel('입력 방식 / Input source').selectOption('canvas');
  await form.getByLabel('라벨(한 줄에 하나) / Labels (one per line)').fill(LABELS.join('\n'));
  await form.getByRole('button', { name: '시그니처 저장 / Save signature' }).click();
  await expect(page.locator('[data-testid="ml-signature-status"]')).toContainText(/저장|saved/i, { timeout: 30_000 });

  // A post embedding it, from the editor's embed picker (the library's ready models are its choices).
  await page.goto('/admin/blog/post/add');
  // Typed once the form is hydrated (its button is enabled by the title it holds).
  const start = page.getByRole('button', { name: '쓰기 시작' });
  await expect(async () => {
    await page.getByLabel('제목').fill('');
    await page.getByLabel('제목').fill(POST_TITLE);
    await expect(start).toBeEnabled({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await start.click();
  await page.waitForURL(/\/admin\/blog\/post\/\d+\/change$/);
  await expect(source(page)).toBeVisible({ timeout: 30_000 });
  await source(page).click();
  await page.keyboard.insertText('## 손글씨 숫자\n\n아래 칸에 숫자를 그려 보세요.\n\n');
  await tool(page, 'embed').click();
  const dialog = page.getByRole('dialog', { name: '임베드 넣기' });
  await dialog.getByLabel('임베드').selectOption('ModelDemo');
  const model = dialog.getByLabel(/^model/);
  await expect(model.locator(`option[value="${SLUG}"]`)).toHaveCount(1);
  await model.selectOption(SLUG);
  await dialog.getByRole('button', { name: '넣기', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(source(page)).toContainText(`<ModelDemo model="${SLUG}"`);
  // The preview renders it (its figure; the island once hydrated).
  const previewEmbed = page.frameLocator('.ed-preview iframe').locator('[data-embed="ModelDemo"]');
  await expect(previewEmbed).toHaveCount(1, { timeout: 30_000 });

  await page.getByRole('button', { name: '발행', exact: true }).click();
  await expect(page.locator('.ed-flash-slot [role="status"]')).toContainText('발행했습니다.');
  const slug = await page.getByRole('textbox', { name: '주소(슬러그)' }).inputValue();
  postUrl = `/posts/${encodeURIComponent(slug)}`;
  expect((await page.request.get(postUrl)).status()).toBe(200);
});

// The training digits' glyphs (make-models.ts: 5×7 at column 1 of the 8×8 frame, white on black).
const ONE = ['...#....', '..##....', '...#....', '...#....', '...#....', '...#....', '..###...', '........'];
const ZERO = ['..###...', '.#...#..', '.#..##..', '.#.#.#..', '.##..#..', '.#...#..', '..###...', '........'];

/** The label of the class the output view shows as most likely. */
const top = (embed: Locator) => embed.locator('.mdm-bars li.mdm-top .mdm-bar-label');

/** Clears the pad and paints the cells marked # with the keyboard alternative (arrow keys move, Space paints). */
async function paintCells(page: Page, pad: Locator, rows: string[]) {
  await pad.focus();
  await page.keyboard.press('Delete');
  let [r, c] = (await pad.getAttribute('data-cursor'))!.split(',').map(Number);
  for (let y = 0; y < rows.length; y++)
    for (let x = 0; x < rows[y].length; x++) {
      if (rows[y][x] !== '#') continue;
      while (r < y) (await page.keyboard.press('ArrowDown'), r++);
      while (r > y) (await page.keyboard.press('ArrowUp'), r--);
      while (c < x) (await page.keyboard.press('ArrowRight'), c++);
      while (c > x) (await page.keyboard.press('ArrowLeft'), c--);
      await page.keyboard.press('Space');
    }
}

/** Strokes with the mouse through points given in 8×8 cell coordinates (cell centres). */
async function strokeCells(page: Page, pad: Locator, points: [number, number][]) {
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + ((x + 0.5) / 8) * box.width, box.y + ((y + 0.5) / 8) * box.height] as const;
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

test('on the public page, drawing on the canvas changes the predicted class', async ({ page }) => {
  test.setTimeout(120_000);
  expect(postUrl).not.toBe('');
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (r: Response) => {
    const key = new URL(r.url()).pathname;
    if (r.request().resourceType() !== 'script' || !r.ok() || !key.startsWith('/_islands/') || scripts.has(key)) return;
    scripts.set(key, r.body().then((b) => zlib.gzipSync(b).length, () => 0));
  });
  await page.goto(postUrl);
  const embed = page.locator('[data-embed="ModelDemo"]');
  await embed.scrollIntoViewIfNeeded();
  await expect(embed.locator('[data-ml-state]')).toHaveAttribute('data-ml-state', 'live', { timeout: 30_000 });
  const pad = embed.getByRole('application', { name: /그림판 8×8/ });
  await expect(pad).toBeVisible();

  const answered = () => page.waitForResponse((r) => r.url().includes(`/api/ml/custom/${SLUG}`) && r.request().method() === 'POST' && r.status() === 200);

  // A "1" cell by cell with the keyboard alternative (the training glyph: arrows move, Space paints).
  let response = answered();
  await paintCells(page, pad, ONE);
  await response;
  await expect(top(embed)).toHaveText(LABELS[1]);

  // A "0": the predicted class changes, and is announced.
  response = answered();
  await paintCells(page, pad, ZERO);
  await response;
  await expect(top(embed)).toHaveText(LABELS[0]);
  await expect(embed.locator('[data-mdm-said]')).toContainText(LABELS[0]);

  // With the mouse: clear, then one stroke down the middle; no longer a "0".
  response = answered();
  await embed.getByRole('button', { name: '지우기 / Clear' }).click();
  await response;
  response = answered();
  await strokeCells(page, pad, [
    [3, 0],
    [3, 6.4],
  ]);
  await response;
  await expect(top(embed)).not.toHaveText(LABELS[0]);
  test.info().annotations.push({ type: 'mouse-drawn stroke read as', description: (await top(embed).textContent()) ?? '' });

  // The generic embed's JavaScript on this page (gzip): the islands runtime and the embed's own chunks.
  await page.waitForLoadState('networkidle');
  let runtime = 0;
  let own = 0;
  for (const [key, size] of scripts) {
    if (/\/islands\.js$/.test(key)) runtime += await size;
    else own += await size;
  }
  const line = `ModelDemo JS (gzip): islands runtime ${kb(runtime)} + embed chunks ${kb(own)} = ${kb(runtime + own)}; ${scripts.size} scripts`;
  console.log(line);
  test.info().annotations.push({ type: 'embed JS', description: line });
});

test('without JavaScript the post shows the fallback figure: the example and its saved answer', async ({ browser }) => {
  expect(postUrl).not.toBe('');
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(postUrl);
  const embed = page.locator('[data-embed="ModelDemo"]');
  await expect(embed.locator('[data-ml-state]')).toHaveAttribute('data-ml-state', 'static');
  const figure = embed.locator('[data-mdm-figure]');
  await expect(figure).toBeVisible();
  await expect(figure.locator('figcaption')).toContainText('v1');
  // The example drawn as its 8×8 cells, and the class bars with the declared labels, the most likely marked.
  await expect(figure.getByRole('img').first()).toBeVisible();
  await expect(figure.locator('.mdm-bars li.mdm-top .mdm-bar-label')).toHaveCount(1);
  expect(LABELS).toContain((await figure.locator('.mdm-bars li.mdm-top .mdm-bar-label').textContent())!.trim());
  await expect(embed.locator('canvas')).toHaveCount(0);
  await context.close();
});
