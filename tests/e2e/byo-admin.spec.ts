// The model library in the admin, as an author with the upload permission meets it (sqlite project, Chromium against
// the production server): create a model; pick model.json + its weight shard (the page packs them into one zip) and
// see the upload's progress, the validation report (format, layers, parameters, FLOPs, shapes, size), the version go
// from checking to ready with its load time and p50; the signature form pre-filled from the shapes (an 8×8×1 image,
// ten classes wanted), labels typed one per line and an example drawn on its canvas, saved; a second version dropped as
// one .zip; a model with a custom layer refused with a message naming it. Then: who may do what (a viewer sees the
// library and no upload; staff without ml permissions are refused), and the pages pass axe at 375 px in light and
// dark with nothing wider than the screen, the upload reachable by keyboard.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, test, type Page, type Route } from '@playwright/test';
import { seed, seedUsers, signIn } from './admin-support';
import { byoSeed, ensureModels, filesOf, MODELS_DIR, zipOf } from './byo-support';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

test.describe.configure({ mode: 'serial' });
// axe is injected as a script; the admin's CSP (rightly) refuses inline scripts, so this spec bypasses it (as admin-a11y does).
test.use({ bypassCSP: true });

const RUN = Math.random().toString(36).slice(2, 7);
const PREFIX = 'e2e-byo-admin-';
const SLUG = `${PREFIX}${RUN}`;
const VIEWER = { email: 'ml-viewer-e2e@example.com', password: 'viewer password 12345', name: '모델 보는 사람', isStaff: true, isSuperuser: false, permissions: ['ml.view_mlmodel'] };
let modelPath = '';

test.beforeAll(() => {
  test.setTimeout(600_000);
  seedUsers();
  seed({ users: [VIEWER] });
  byoSeed({ cleanup: { slugPrefix: PREFIX } });
  ensureModels(['digits', 'custom']);
});

test.afterAll(() => {
  byoSeed({ cleanup: { slugPrefix: PREFIX } });
});

test.beforeEach(() => {
  test.skip(test.info().project.metadata.provider !== 'sqlite', 'the sqlite project covers the model library');
});

/** Signs in a seeded user with a database session (the viewer is not one of admin-support's USERS). */
async function signInAs(page: Page, email: string) {
  const { cookie } = seed({ session: email });
  const base = new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1');
  await page.context().addCookies([{ name: 'next-auth.session-token', value: String(cookie), domain: base.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
}

/** Waits until React has hydrated the element (its props are on the DOM node): events sent earlier go nowhere. */
async function hydrated(page: Page, selector: string) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return !!el && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, selector);
}

/** Drops files on an element as a browser would on a real drag and drop (a DataTransfer holding File objects). */
async function dropFiles(page: Page, selector: string, files: { name: string; bytes: Buffer }[]) {
  const payload = files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') }));
  await page.locator(selector).evaluate((el, list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, payload);
}

const apiDetail = async (page: Page, slug: string) => {
  const res = await page.request.get(`/admin/api/ml/models/${slug}`);
  expect(res.status()).toBe(200);
  return res.json();
};

test('upload → report → ready → signature: the CNN from model.json + shard, with progress, the report, the guessed signature and labels', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'admin');
  await page.goto('/admin/ml/mlmodel/add');
  await hydrated(page, '[data-testid="ml-create-form"]');
  await page.getByLabel('주소 이름 / Slug').fill(SLUG);
  await page.getByLabel('제목 / Title').fill('8×8 숫자 (관리 e2e)');
  await page.getByRole('button', { name: '만들기 / Create' }).click();
  await page.waitForURL(/\/admin\/ml\/mlmodel\/\d+\/change$/);
  modelPath = new URL(page.url()).pathname;
  await expect(page.locator('[data-testid="ml-health"]')).toContainText('버전 없음');

  // The upload is held at the network until the page has shown its progress, so the check cannot race the answer.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let sent: { type: string | null; bytes: number } | null = null;
  let passed!: () => void;
  const through = new Promise<void>((r) => (passed = r));
  await page.route('**/admin/api/ml/models/*/versions**', async (route: Route) => {
    sent = { type: route.request().headers()['content-type'] ?? null, bytes: route.request().postDataBuffer()?.length ?? 0 };
    await gate;
    await route.continue();
    passed();
  });
  const files = filesOf('digits');
  expect(files.map((f) => path.basename(f)).some((n) => n.endsWith('.json'))).toBe(true);
  await hydrated(page, '[data-testid="ml-upload-input"]');
  await page.locator('[data-testid="ml-upload-input"]').setInputFiles(files);
  await expect(page.locator('[data-testid="ml-upload-progress"]')).toBeVisible();
  await expect(page.locator('[data-testid="ml-upload-status"]')).toContainText(/올리는 중|검사하고/);
  release();
  await through;
  await page.unroute('**/admin/api/ml/models/*/versions**');
  // Several files went as one zip (PK header), not as separate requests.
  expect(sent).not.toBeNull();
  expect(sent!.type).toBe('application/zip');
  expect(sent!.bytes).toBeGreaterThan(files.reduce((n, f) => n + fs.statSync(f).size, 0));

  const report = page.locator('[data-testid="ml-report"]');
  await expect(report).toContainText('Conv2D', { timeout: 60_000 });
  await expect(report).toContainText('Layers model');
  await expect(report).toContainText('[?, 8, 8, 1]');
  await expect(report).toContainText('[?, 10]');
  await expect(report).toContainText(/FLOPs/);
  await expect(page.locator('[data-testid="ml-upload-progress"]')).toHaveCount(0);

  const v1 = page.locator('[data-testid="ml-versions"] tr[data-version="1"]');
  await expect(v1).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(v1.locator('[data-testid="ml-version-status"]')).toContainText('준비됨');
  await expect(v1).toContainText('[?, 8, 8, 1]');
  await expect(v1).toContainText(/\d+(\.\d)? ms/);
  await expect(page.locator('[data-testid="ml-health"]')).toContainText('준비됨');

  // The signature form starts from the guess: an 8×8 grayscale image, and a classifier wanting ten labels.
  const form = page.locator('[data-testid="ml-signature-form"]');
  await expect(form.getByLabel('입력 종류 / Input kind')).toHaveValue('image');
  await expect(form.getByLabel('너비(px) / Width (px)')).toHaveValue('8');
  await expect(form.getByLabel('높이(px) / Height (px)')).toHaveValue('8');
  await expect(form.getByLabel('채널 / Channels')).toHaveValue('1');
  await expect(form.getByLabel('출력 종류 / Output kind')).toHaveValue('classes');
  const labels = form.getByLabel('라벨(한 줄에 하나) / Labels (one per line)');
  await labels.fill('영\n일\n이');
  await expect(form).toContainText('라벨도 10개여야');
  await labels.fill(['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'].join('\n'));
  await expect(form).toContainText('라벨 10개');
  await form.getByRole('checkbox', { name: /반전/ }).check();

  // The example input, drawn on the form's canvas: a vertical stroke.
  const canvas = form.locator('[data-testid="ml-example-canvas"]');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.85, { steps: 12 });
  await page.mouse.up();

  await form.getByRole('button', { name: '시그니처 저장 / Save signature' }).click();
  await expect(page.locator('[data-testid="ml-signature-status"]')).toContainText('저장했습니다', { timeout: 30_000 });
  const saved = await apiDetail(page, SLUG);
  expect(saved.signature).toMatchObject({ input: { kind: 'image', width: 8, height: 8, channels: 1, invert: true }, output: { kind: 'classes', labels: ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'] } });
  expect(saved.example.pixels).toHaveLength(64);
  expect(saved.example.pixels.filter((p: number) => p > 0).length).toBeGreaterThan(3);

  // After a reload the form shows what was saved.
  await page.reload();
  await expect(form).toContainText('저장된 시그니처');
  await expect(labels).toHaveValue(/^영\n일\n이/);

  // The library lists it, ready, declared.
  await page.goto('/admin/ml/mlmodel');
  const row = page.locator(`[data-testid="ml-library"] tr[data-model="${SLUG}"]`);
  await expect(row).toHaveAttribute('data-health', 'ready');
  await expect(row).toContainText('선언함');
  await expect(row).toContainText(/ms/);
});

test('a second version dropped as one .zip; a custom layer refused with its name, nothing added', async ({ page }) => {
  test.setTimeout(180_000);
  expect(modelPath).not.toBe('');
  await signIn(page, 'admin');
  await page.goto(modelPath);
  await hydrated(page, '.mlm-drop');
  await dropFiles(page, '.mlm-drop', [{ name: 'digits.zip', bytes: zipOf('digits') }]);
  const v2 = page.locator('[data-testid="ml-versions"] tr[data-version="2"]');
  await expect(v2).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.locator('[data-testid="ml-upload-status"]')).toContainText('버전 2');

  const customJson = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'custom', 'files.json'), 'utf8')) as string[];
  const topology = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, 'custom', customJson.find((n) => n.endsWith('.json'))!), 'utf8'));
  const known = new Set(['InputLayer', 'Dense', 'Flatten', 'Conv2D', 'MaxPooling2D', 'Dropout', 'Activation', 'Reshape']);
  const layers: string[] = (topology.modelTopology?.model_config?.config?.layers ?? topology.modelTopology?.config?.layers ?? []).map((l: { class_name: string }) => l.class_name);
  const customName = layers.find((c) => !known.has(c));

  await dropFiles(page, '.mlm-drop', [{ name: 'custom.zip', bytes: zipOf('custom') }]);
  const alert = page.locator('[data-testid="ml-error"]');
  await expect(alert).toBeVisible({ timeout: 60_000 });
  await expect(alert).toContainText(/[가-힣]/);
  if (customName) await expect(alert).toContainText(customName);
  await expect(page.locator('[data-testid="ml-versions"] tbody tr')).toHaveCount(2);
  expect((await apiDetail(page, SLUG)).versions).toHaveLength(2);
  // The page still works: the form and the list are there, and nothing is stuck uploading.
  await expect(page.locator('[data-testid="ml-upload-input"]')).toBeEnabled();

  // The title and description are changed here too (the generic change form is replaced by this page).
  await page.locator('.mlm-edit summary').click();
  await page.locator('.mlm-edit').getByLabel('제목 / Title').fill('8×8 숫자 CNN (바꾼 제목)');
  await page.locator('.mlm-edit').getByRole('button', { name: '저장 / Save' }).click();
  await expect(page.locator('[data-testid="ml-upload-status"]')).toContainText('제목과 설명을 저장했습니다');
  expect((await apiDetail(page, SLUG)).title).toBe('8×8 숫자 CNN (바꾼 제목)');
});

test('permissions: a viewer sees the library and the model, without upload or save; staff without ml permissions are refused', async ({ page, browser }) => {
  expect(modelPath).not.toBe('');
  await signInAs(page, VIEWER.email);
  await page.goto('/admin/ml/mlmodel');
  await expect(page.locator(`[data-testid="ml-library"] tr[data-model="${SLUG}"]`)).toBeVisible();
  await expect(page.getByRole('link', { name: /새 모델 올리기/ })).toHaveCount(0);
  await page.goto(modelPath);
  await expect(page.locator('[data-testid="ml-versions"]')).toBeVisible();
  await expect(page.locator('[data-testid="ml-upload-input"]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /시그니처 저장/ })).toHaveCount(0);
  const upload = await page.request.post(`/admin/api/ml/models/${SLUG}/versions?filename=model.zip`, { data: zipOf('digits'), headers: { 'content-type': 'application/zip' } });
  expect(upload.status()).toBe(403);
  expect((await upload.json()).error).toContain('ml.add_mlmodel');
  const add = await page.goto('/admin/ml/mlmodel/add');
  expect([200, 403]).toContain(add?.status());
  await expect(page.getByRole('button', { name: /만들기/ })).toHaveCount(0);

  const staff = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const other = await staff.newPage();
  await signIn(other, 'staff');
  await other.goto('/admin/ml/mlmodel');
  await expect(other.locator('[data-testid="ml-library"]')).toHaveCount(0);
  expect((await other.request.get('/admin/api/ml/models')).status()).toBe(403);
  await staff.close();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing on the library and a model's page at 375 px (${scheme}); nothing wider than the screen; the upload is reachable by keyboard`, async ({ page }) => {
    test.setTimeout(120_000);
    expect(modelPath).not.toBe('');
    await page.setViewportSize({ width: 375, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await signIn(page, 'admin');
    for (const p of ['/admin/ml/mlmodel', modelPath, '/admin/ml/mlmodel/add']) {
      await page.goto(p);
      await expect(page.locator('main#adm-content')).toBeVisible();
      if (p === modelPath) {
        await expect(page.locator('[data-testid="ml-signature-form"]')).toBeVisible();
        await page.locator('.mlm-edit summary').click();
      }
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async () => {
        const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } };
        return (await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
      });
      expect(violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${p} (${scheme})`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      // What sticks out, to say which element to fix (outside the tables, which scroll in their own box).
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest('.adm-tablewrap'))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}px`),
      );
      expect(overflow, `${p}: ${wide.join(', ')}`).toBeLessThanOrEqual(1);
    }
    // Keyboard: from the content, Tab reaches the file picker (inside its button-like label).
    await page.goto(modelPath);
    await page.locator('main#adm-content h1').click();
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.locator('[data-testid="ml-upload-input"]').evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
  });
}

test('JavaScript (gzip): the library page stays in the admin budget, the model page loads its parts lazily', async ({ page }) => {
  expect(modelPath).not.toBe('');
  await signIn(page, 'admin');
  const measure = async (p: string) => {
    const scripts = new Map<string, number>();
    const onResponse = async (res: import('@playwright/test').Response) => {
      if (res.request().resourceType() !== 'script') return;
      try {
        scripts.set(res.url(), zlib.gzipSync(await res.body(), { level: 9 }).length);
      } catch {
        /* a redirect has no body */
      }
    };
    page.on('response', onResponse);
    await page.goto(p, { waitUntil: 'networkidle' });
    page.off('response', onResponse);
    const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n'));
    return { total: [...scripts.values()].reduce((a, b) => a + b, 0) + zlib.gzipSync(Buffer.from(inline), { level: 9 }).length, files: scripts };
  };
  const list = await measure('/admin/ml/mlmodel');
  const model = await measure(modelPath);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const note = `library ${kb(list.total)}, model page ${kb(model.total)} (its own parts: ${kb(model.total - list.total)})`;
  test.info().annotations.push({ type: 'model library JS (gzip)', description: note });
  console.log(`model library JS (gzip): ${note}`);
  expect(list.total).toBeLessThan(150 * 1024);
  expect(model.total).toBeLessThan(200 * 1024);
});
