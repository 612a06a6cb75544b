// The ML demos against the real server: the API's fixed contracts and refusals, and embeds that come alive in the
// browser (moving a control changes the figure, computed by the server).
import { expect, test } from '@playwright/test';

test.describe('ML API', () => {
  test('convolution keeps its contract exactly', async ({ request }) => {
    const res = await request.post('/api/ml/convolution', { data: { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true } });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.output).toEqual([3.6667, 5.6667, 5.6667]);
    expect(body.model).toBe('convolution');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
    // A real duration: NaN, a negative number or a timestamp would fail one of these.
    expect(body.inferenceMs).toBeGreaterThanOrEqual(0);
    expect(body.inferenceMs).toBeLessThan(10_000);
  });

  test('convolution takes an image too', async ({ request }) => {
    const res = await request.post('/api/ml/convolution', { data: { image: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], kernel: [[1, 1], [1, 1]], normalize: true } });
    expect((await res.json()).output).toEqual([
      [3, 4],
      [6, 7],
    ]);
  });

  test('autoencoder returns a 2-D latent code and a 3-D reconstruction per point', async ({ request }) => {
    const points = Array.from({ length: 64 }, (_, i) => [Math.cos(i) * 8, (i % 21) + 0.5, Math.sin(i) * 8]);
    const res = await request.post('/api/ml/autoencoder', { data: { points } });
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.latent).toHaveLength(64);
    expect(body.latent.every((l: number[]) => l.length === 2)).toBe(true);
    expect(body.reconstruction).toHaveLength(64);
    expect(body.reconstruction.every((p: number[]) => p.length === 3 && p.every(Number.isFinite))).toBe(true);
    expect(body.mse.autoencoder).toBeLessThan(body.mse.pca);
  });

  test('lists every model with its schemas and version', async ({ request }) => {
    const { models } = await (await request.get('/api/ml')).json();
    expect(models.map((m: { name: string }) => m.name)).toEqual(['autoencoder', 'gradient-descent', 'loss-compare', 'convolution', 'dcgan', 'da-rnn', 'attention']);
    for (const m of models) {
      expect(m.input.type).toBe('object');
      expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  test('bad input is a 400 with a message, and the server answers afterwards', async ({ request }) => {
    const cases: [string, unknown][] = [
      ['autoencoder', { points: [[1, 2]] }],
      ['autoencoder', { points: [[1, 'two', 3]] }],
      ['autoencoder', { points: [[[[[1]]]]] }],
      ['autoencoder', { nothing: true }],
      ['convolution', { signal: [1, 2, 3], kernel: [-1, 0, 1], normalize: true }],
      ['attention', { text: 'Not Lowercase!' }],
    ];
    for (const [model, data] of cases) {
      const res = await request.post(`/api/ml/${model}`, { data });
      expect(res.status(), JSON.stringify(data)).toBe(400);
      expect((await res.json()).error).toMatch(/\w+.*(expected|must|send|may|allows|needs|cannot|Unrecognized)/);
    }
    const nan = await request.post('/api/ml/autoencoder', { data: Buffer.from('{"points": [[1, 2, NaN]]}'), headers: { 'content-type': 'application/json' } });
    expect(nan.status()).toBe(400);
    expect((await nan.json()).error).toBe('Body is not valid JSON.');
    const ok = await request.post('/api/ml/convolution', { data: { signal: [1, 2, 3], kernel: [1] } });
    expect((await ok.json()).output).toEqual([1, 2, 3]);
    expect((await request.get('/api/health')).ok()).toBe(true);
  });

  test('an unknown model is a 404', async ({ request }) => {
    const res = await request.post('/api/ml/resnet-152', { data: {} });
    expect(res.status()).toBe(404);
    expect((await res.json()).error).toMatch(/No model named "resnet-152"/);
  });

  test('a body over the limit is a 413', async ({ request }) => {
    const points = Array.from({ length: 200_000 }, () => [1.25, 2.5, 3.75]);
    const res = await request.post('/api/ml/autoencoder', { data: { points } });
    expect(res.status()).toBe(413);
    expect((await res.json()).error).toMatch(/limit/);
    expect((await request.post('/api/ml/convolution', { data: { signal: [1], kernel: [1] } })).status()).toBe(200);
  });
});

test.describe('ML embeds', () => {
  test('a post shows the static figure without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/posts/cnn-convolution');
    const embed = page.locator('.ml-embed');
    await expect(embed).toHaveAttribute('data-ml-state', 'static');
    await expect(embed.locator('svg[role="img"] title').first()).toHaveText('1차원 Convolution');
    await expect(embed.locator('[data-cell^="out-"]').first()).toHaveText('3.6667');
    await context.close();
  });

  test('changing the kernel of <Convolution /> changes its output', async ({ page }) => {
    await page.goto('/posts/cnn-convolution');
    const embed = page.locator('.ml-embed');
    await embed.scrollIntoViewIfNeeded();
    await expect(embed).toHaveAttribute('data-ml-state', 'live');
    const outputs = embed.locator('[data-cell^="out-"] text');
    await expect(outputs).toHaveText(['3.6667', '5.6667', '5.6667']);
    const response = page.waitForResponse((r) => r.url().endsWith('/api/ml/convolution') && r.request().method() === 'POST');
    await embed.getByRole('combobox', { name: /^커널/ }).selectOption('edge');
    expect((await response).status()).toBe(200);
    // [1,4,6,7,4] ⋆ [-1,0,1] = [5, 3, -2]
    await expect(outputs).toHaveText(['5', '3', '-2']);
    await expect(embed.locator('figcaption').first()).toContainText('y[0] = 1×-1 + 4×0 + 6×1 = 5');
    await embed.getByRole('spinbutton', { name: '신호 x[0]' }).fill('10');
    await expect(outputs).toHaveText(['-4', '3', '-2']);
  });

  test('the learning-rate slider of <GradientDescent /> moves the path from converging to diverging', async ({ page }) => {
    await page.goto('/posts/gradient-descent-learning-rate');
    const embed = page.locator('.ml-embed');
    await embed.scrollIntoViewIfNeeded();
    await expect(embed).toHaveAttribute('data-ml-state', 'live');
    await expect(embed.locator('figcaption').first()).toContainText('η = 0.1');
    const slider = embed.getByRole('slider', { name: /학습률/ });
    await slider.focus();
    for (let i = 0; i < 3; i++) await slider.press('ArrowRight');
    await expect(embed.locator('figcaption').first()).toContainText('η = 0.115 → 진동하며 수렴');
    await slider.fill('0.23');
    await expect(embed.locator('figcaption').first()).toContainText('발산');
  });

  test('typing in <Attention /> recomputes the attention maps', async ({ page }) => {
    await page.goto('/posts/transformer-training');
    const embed = page.locator('.ml-embed');
    await embed.scrollIntoViewIfNeeded();
    await expect(embed).toHaveAttribute('data-ml-state', 'live');
    await embed.getByRole('textbox', { name: /입력 문자열/ }).fill('hello');
    await expect(embed.locator('.ml-note code').nth(1)).toHaveText('olleh');
    await expect(embed.locator('svg[role="img"]')).toHaveCount(4);
  });

  test('a post without demos loads no embed code', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto('/posts/django-start');
    await expect(page.locator('h1.post-title')).toBeVisible();
    expect(scripts.filter((s) => s.includes('_islands'))).toEqual([]);
  });
});
