// Lighthouse 12 on the production server, mobile and desktop, on the home page and the heaviest math post (display
// math, highlighted code and a demo), in Debian's Chromium with Lighthouse's simulated throttling: the metrics are
// modelled from the trace, so they move with a busy machine's CPU only a little (on 2 cores shared with other work,
// the heaviest post scored 99-100 on mobile across runs, 95 before this branch's changes). Performance must be at least
// 90: clear of that noise, and well above what a regression gives (the first paint behind a script or stylesheet
// request: 95; a big layout moved after the first paint: 75, both measured). The other three categories must be 100, except
// the code colours' contrast (shiki's theme, fixed with the reading work in lib/mdx, not here): on a post the only
// failure allowed is color-contrast on code inside <pre>. A performance score under 90 is measured twice more and the
// median of the three is the score, as Lighthouse's own guidance on variability asks (one run on a machine busy with
// the rest of the suite scored 89 where the same page alone scores 99; a regression stays under 90 in every run).
// `npm run bench -- --only lighthouse` prints the figures.
import { expect, test } from '@playwright/test';
import * as chromeLauncher from 'chrome-launcher';
import { audit } from '../../scripts/lighthouse-audit.mjs';

const PAGES = ['/', '/posts/da-rnn-review'];
const MIN_PERFORMANCE = 90;

let chrome: chromeLauncher.LaunchedChrome;
test.beforeAll(async () => {
  chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
});
test.afterAll(async () => {
  await chrome?.kill();
});

for (const path of PAGES) {
  for (const formFactor of ['mobile', 'desktop'] as const) {
    test(`Lighthouse ${formFactor} ${path}`, async ({ baseURL, request }) => {
      test.setTimeout(300_000);
      // The address the server's own links use (SITE_URL's default), so canonical and hreflang point at the page.
      const origin = `http://localhost:${new URL(baseURL!).port}`;
      // A first visit fills the page cache, as for every reader after the first.
      expect((await request.get(path)).status()).toBe(200);
      const r = await audit(origin + path, formFactor, chrome.port);
      console.log(`${formFactor} ${path}: ${JSON.stringify(r.scores)} ${JSON.stringify(r.metrics)}`);
      const performance = [r.scores.performance];
      while (performance[0] < MIN_PERFORMANCE && performance.length < 3) {
        const again = await audit(origin + path, formFactor, chrome.port);
        console.log(`${formFactor} ${path} again: ${JSON.stringify(again.scores)} ${JSON.stringify(again.metrics)}`);
        performance.push(again.scores.performance);
      }
      const median = [...performance].sort((a, b) => a - b)[Math.floor(performance.length / 2)];
      expect(median, `performance runs ${performance.join(', ')}: ${JSON.stringify(r.failed)}`).toBeGreaterThanOrEqual(MIN_PERFORMANCE);
      expect([r.scores['best-practices'], r.scores.seo], JSON.stringify(r.failed)).toEqual([100, 100]);
      const accessibility = r.failed.filter((f) => f.category === 'accessibility');
      const elsewhere = (f: (typeof accessibility)[number]) => f.id === 'color-contrast' && f.selectors.length > 0 && f.selectors.every((s) => /^pre\b/.test(s));
      expect(accessibility.filter((f) => !elsewhere(f))).toEqual([]);
      if (path === '/') expect(r.scores.accessibility).toBe(100);
    });
  }
}
