// The media library as an author uses it (sqlite project): sign in, upload a JPEG with GPS EXIF through the library
// page's file picker (it is served without the EXIF, with immutable caching), a text file renamed .png is refused
// with a message, search finds by name, and deleting a file a post uses is refused naming the post — until the post
// no longer uses it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { cleanup as adminCleanup, seedUsers, signIn } from './admin-support';
import { jpegWithGps } from './media-images';

const TITLE = 'E2E미디어 ';
const FILE = 'e2e-media-';

function mediaSeed(cmd: object): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', 'manifold/register', path.join('tests', 'e2e', 'media-seed.ts'), JSON.stringify(cmd)], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: String(test.info().project.metadata.databaseUrl) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`media-seed failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
}

test.describe('media library', () => {
  test.beforeAll(() => seedUsers());
  test.afterAll(() => {
    mediaSeed({ cleanup: { titlePrefix: TITLE, filenamePrefix: FILE } });
    adminCleanup();
  });

  test('upload, refuse a fake PNG, search, and refuse to delete a file a post uses', async ({ page }) => {
    test.skip(test.info().project.metadata.provider !== 'sqlite', 'the sqlite project covers the library');
    test.setTimeout(120_000);
    mediaSeed({ cleanup: { titlePrefix: TITLE, filenamePrefix: FILE } });
    await signIn(page, 'admin');
    await page.goto('/admin/media/media');
    await expect(page.getByRole('heading', { level: 1, name: '미디어 라이브러리' })).toBeVisible();

    // A real photo-like JPEG carrying a GPS position; a unique size makes its content (and key) new each run.
    const w = 900 + Math.floor(Math.random() * 400);
    const name = `${FILE}${w}-남산.jpg`;
    const picker = page.locator('input[type="file"]');
    await page.getByPlaceholder('올릴 이미지의 대체 텍스트(선택)').fill('남산 타워 사진');
    await picker.setInputFiles({ name, mimeType: 'image/jpeg', buffer: await jpegWithGps(w, 600) });
    await expect(page.getByRole('status')).toContainText('1개를 올렸습니다');
    const card = page.locator('.mlib-card', { hasText: name });
    await expect(card).toBeVisible();
    await expect(card).toContainText(`${w}×600`);
    await expect(card.getByLabel('대체 텍스트')).toHaveValue('남산 타워 사진');
    await expect(card).toContainText('사용하는 글 없음');

    // Served from /media with immutable caching, and without the EXIF (GPS) it was uploaded with.
    const url = await card.locator('a.mlib-thumb').getAttribute('href');
    expect(url).toMatch(/^\/media\/\d{4}\/\d{2}\/[0-9a-f]{16}\.\d+x600\.jpg$/);
    const file = await page.request.get(url!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/jpeg');
    expect(file.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    const bytes = await file.body();
    for (const leak of ['Exif', 'WGS-84', 'TestCam']) expect(bytes.includes(Buffer.from(leak)), leak).toBe(false);
    const thumb = await page.request.get((await card.locator('img').getAttribute('src'))!);
    expect(thumb.headers()['content-type']).toBe('image/webp');

    // A text file renamed .png is refused, by its content.
    await picker.setInputFiles({ name: `${FILE}evil.png`, mimeType: 'image/png', buffer: Buffer.from('I am text, not a picture.') });
    await expect(page.locator('.mlib-error--top')).toContainText('이미지 파일이 아닙니다');
    await expect(page.locator('.mlib-card', { hasText: `${FILE}evil.png` })).toHaveCount(0);

    // Search by name.
    await page.getByRole('searchbox').fill(`${FILE}${w}`);
    await expect(page.locator('.mlib-card')).toHaveCount(1);
    await expect(page).toHaveURL(new RegExp(`q=${FILE}${w}`));

    // A post uses the file: the card says so, and delete is refused naming the post.
    const postTitle = `${TITLE}${w} 남산 여행기`;
    mediaSeed({ post: { title: postTitle, slug: `e2e-media-${w}`, source: `# 남산\n\n![남산](${url})\n` } });
    await page.reload();
    const used = page.locator('.mlib-card', { hasText: name });
    await expect(used.getByRole('link', { name: postTitle })).toBeVisible();
    page.once('dialog', (d) => void d.accept());
    await used.getByRole('button', { name: `삭제: ${name}` }).click();
    const alert = used.getByRole('alert');
    await expect(alert).toContainText('이 파일을 쓰는 글이 있어 지울 수 없습니다');
    await expect(alert.getByRole('link', { name: postTitle })).toHaveAttribute('href', /\/admin\/blog\/post\/\d+\/change$/);
    expect((await page.request.get(url!)).status()).toBe(200);

    // Once no post uses it, it goes, with its files.
    mediaSeed({ cleanup: { titlePrefix: TITLE, filenamePrefix: 'no-such-file' } });
    await page.reload();
    await expect(used).toContainText('사용하는 글 없음');
    page.once('dialog', (d) => void d.accept());
    await used.getByRole('button', { name: `삭제: ${name}` }).click();
    await expect(page.getByRole('status')).toContainText('지웠습니다');
    await expect(page.locator('.mlib-card', { hasText: name })).toHaveCount(0);
    expect((await page.request.get(url!)).status()).toBe(404);
  });

  test('a post shows an uploaded image responsive (a WebP variant, no layout shift) and zooms it on click, without JavaScript', async ({ page }) => {
    test.skip(test.info().project.metadata.provider !== 'sqlite', 'the sqlite project covers the library');
    test.setTimeout(120_000);
    await signIn(page, 'admin');
    await page.goto('/admin/media/media');
    const w = 2000 + Math.floor(Math.random() * 400);
    const name = `${FILE}${w}-reader.jpg`;
    await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'image/jpeg', buffer: await jpegWithGps(w, 1000) });
    const card = page.locator('.mlib-card', { hasText: name });
    await expect(card).toBeVisible();
    const url = (await card.locator('a.mlib-thumb').getAttribute('href'))!;
    const slug = `e2e-media-reader-${w}`;
    mediaSeed({ published: { title: `${TITLE}${w} 그림 글`, slug, source: `# 그림\n\n첫 문단.\n\n![경사 하강 궤적](${url})\n\n끝.\n` } });

    const reader = await page.context().newPage();
    await reader.setViewportSize({ width: 1280, height: 900 });
    await reader.goto(`/posts/${slug}`);
    const img = reader.locator('.prose button.media-zoom img');
    await expect(img).toHaveAttribute('width', String(w));
    await expect(img).toHaveAttribute('height', '1000');
    await expect(img).toHaveAttribute('loading', 'lazy');
    await expect(img).toHaveAttribute('srcset', /\.480x\d+\.webp 480w, .*\.960x\d+\.webp 960w, .*\.1600x\d+\.webp 1600w, .*\.\d+x1000\.jpg \d+w$/);
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    const chosen = await img.evaluate((el: HTMLImageElement) => el.currentSrc);
    // A 46rem column at 1× picks a WebP variant, not the 2000+ px original.
    expect(chosen).toMatch(/\.(960|1600)x\d+\.webp$/);
    const view = reader.locator('.media-zoom-view');
    await expect(view).toBeHidden();
    await reader.locator('.prose button.media-zoom').click();
    await expect(view).toBeVisible();
    expect(await view.evaluate((el) => el.matches(':popover-open'))).toBe(true);
    await reader.keyboard.press('Escape');
    await expect(view).toBeHidden();
    // Keyboard: the zoom button takes focus and opens with Enter.
    await reader.locator('.prose button.media-zoom').focus();
    await reader.keyboard.press('Enter');
    await expect(view).toBeVisible();
    await reader.close();
  });
});
