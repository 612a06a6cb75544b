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
    expect(body.version).toBe('1.0.0');
    expect(Object.keys(body)).toEqual(['model', 'version', 'output', 'kernelSum', 'stride', 'padding', 'inferenceMs']);
    expect(Number.isFinite(body.inferenceMs)).toBe(true);
    expect(body.inferenceMs).toBeLessThan(5000);
  });

  test('normalizes by the kernel sum with a non-uniform kernel', async ({ request }) => {
    // [2,0,5]·[1,3,2] = 12, [0,5,1]·[1,3,2] = 17, [5,1,3]·[1,3,2] = 14, over the sum 6 (not the size 3).
    const res = await request.post('/api/ml/convolution', { data: { signal: [2, 0, 5, 1, 3], kernel: [1, 3, 2], normalize: true } });
    expect(await res.json()).toMatchObject({ output: [2, 2.8333, 2.3333], kernelSum: 6 });
  });

  test('refuses malformed paths, non-JSON content types and deep nesting, and every request is answered', async ({ request }) => {
    for (const path of ['/api/ml/%E0%A4%A', '/api/ml/%']) {
      const res = await request.post(path, { data: {}, timeout: 10_000 });
      expect(res.status(), path).toBe(400);
      // server.mjs answers before any route, the same with fast paths on or off.
      expect(await res.json()).toEqual({ error: 'Bad request: the path is not a valid percent-encoded URL path.' });
    }
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await request.post('/api/ml/convolution', { data: Buffer.from('{"signal":[1],"kernel":[1]}'), headers: { 'content-type': type } });
      expect(res.status(), type).toBe(415);
      expect((await res.json()).error).toBe(`Send the body as JSON with "Content-Type: application/json" (UTF-8); got "${type.split(';')[0]}".`);
    }
    const deep = `{"points":[[${'['.repeat(60_000)}1${']'.repeat(60_000)},2,3]]}`;
    const res = await request.post('/api/ml/autoencoder', { data: Buffer.from(deep), headers: { 'content-type': 'application/json' } });
    expect(res.status()).toBe(400);
    expect(await res.json()).toEqual({ error: 'Body nests arrays and objects more than 32 levels deep.' });
    expect((await (await request.post('/api/ml/convolution', { data: { signal: [1, 2], kernel: [3] } })).json()).output).toEqual([3, 6]);
  });

  test('the autoencoder takes exactly 262144 bytes and refuses one more', async ({ request }) => {
    const json = '{"points":[[1,2,3]]}';
    const body = (bytes: number) => Buffer.from(json + ' '.repeat(bytes - json.length));
    const ok = await request.post('/api/ml/autoencoder', { data: body(262_144), headers: { 'content-type': 'application/json' } });
    expect(ok.status()).toBe(200);
    expect((await ok.json()).reconstruction).toHaveLength(1);
    const over = await request.post('/api/ml/autoencoder', { data: body(262_145), headers: { 'content-type': 'application/json' } });
    expect(over.status()).toBe(413);
    expect(await over.json()).toEqual({ error: 'Body is 262145 bytes; the limit is 262144.' });
  });

  test('convolution takes an image too', async ({ request }) => {
    const res = await request.post('/api/ml/convolution', { data: { image: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], kernel: [[1, 1], [1, 1]], normalize: true } });
    expect((await res.json()).output).toEqual([
      [3, 4],
      [6, 7],
    ]);
  });

  test('autoencoder returns a 2-D latent code and a 3-D reconstruction per point', async ({ request }) => {
    // Points on the roll (t·cos t, h, t·sin t): off the roll the autoencoder, trained to follow it, snaps points onto it.
    const points = Array.from({ length: 64 }, (_, i) => {
      const t = 1.5 * Math.PI * (1 + (2 * i) / 63);
      return [t * Math.cos(t), (i % 21) + 0.5, t * Math.sin(t)];
    });
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
    expect((await res.json()).error).toBe('No model named "resnet-152". The models are: autoencoder, gradient-descent, loss-compare, convolution, dcgan, da-rnn, attention.');
  });

  test('a body over the limit is a 413', async ({ request }) => {
    const points = Array.from({ length: 200_000 }, () => [1.25, 2.5, 3.75]);
    const res = await request.post('/api/ml/autoencoder', { data: { points } });
    expect(res.status()).toBe(413);
    expect((await res.json()).error).toMatch(/^Body is \d+ bytes; the limit is 262144\.$/);
    expect((await request.post('/api/ml/convolution', { data: { signal: [1], kernel: [1] } })).status()).toBe(200);
  });
});

test.describe('ML API rate limit', () => {
  test('a script over the default 40 requests per 2 s gets 429 with Retry-After, and is served again after it', async ({ request }) => {
    const send = () => request.post('/api/ml/convolution', { data: { signal: [1, 2], kernel: [1] } });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 200 }, send));
    const elapsed = Date.now() - started;
    const statuses = answers.map((r) => r.status());
    // The limiter counts in fixed 2 s windows, so a burst lasting `elapsed` ms may touch ceil(elapsed / 2000) + 1 of
    // them, each granting at most 40 (earlier tests may have used some); the rest are refused, none fail otherwise.
    // Through Next's own route (fast paths off) the burst is slower and spans a window boundary more often.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(40 * (Math.ceil(elapsed / 2000) + 1));
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    // The last refusal speaks for the window the burst ended in (a slow burst may have started another one).
    const refused = answers.findLast((r) => r.status() === 429)!;
    const retry = Number(refused.headers()['retry-after']);
    expect([1, 2]).toContain(retry);
    expect((await refused.json()).error).toBe(`Too many demo-model requests from your address (the limit is 40 per 2 s); try again in ${retry} s.`);
    await new Promise((resolve) => setTimeout(resolve, retry * 1000 + 200));
    expect((await (await send()).json()).output).toEqual([1, 2]);
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

  test("a post with a demo loads its embed code but no contract, no zod and no other demo's interactive part", async ({ page }) => {
    // The demo list also reaches each demo's contract (zod) through a loader, so the islands build has those chunks;
    // only the embeds' loaders run in the browser.
    const urls: string[] = [];
    const bodies: Promise<{ url: string; body: string }>[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && r.url().includes('/_islands/') && urls.push(r.url()));
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script' && r.url().includes('/_islands/')) bodies.push(r.text().then((body) => ({ url: r.url(), body })));
    });
    await page.goto('/posts/cnn-convolution');
    const embed = page.locator('.ml-embed');
    await embed.scrollIntoViewIfNeeded();
    await expect(embed).toHaveAttribute('data-ml-state', 'live');
    await page.waitForLoadState('networkidle');
    const scripts = await Promise.all(bodies);
    expect(scripts.length).toBe(urls.length);
    expect(urls.filter((u) => u.includes('/demo.client-')).length, 'the interactive part came as its own chunk').toBe(1);
    expect(urls.filter((u) => u.includes('/contract-'))).toEqual([]);
    expect(scripts.filter((s) => s.body.includes('$ZodType')).map((s) => s.url)).toEqual([]);
    // One interactive part: convolution's (its kernel picker), not, say, the attention demo's text box.
    expect(scripts.filter((s) => s.body.includes('입력 문자열')).map((s) => s.url)).toEqual([]);
  });

  test('a post without demos loads no embed code', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
    await page.goto('/posts/django-start');
    await expect(page.locator('h1.post-title')).toBeVisible();
    expect(scripts.filter((s) => s.includes('_islands'))).toEqual([]);
  });
});
