// Every kind of reader page passes axe (WCAG 2.1 A and AA) at a phone's and a desktop's width, in light and dark, with
// nothing wider than the screen: home and its later pages, a category, a tag, the heaviest math post, a post whose demo
// has gone live, search with results and without, the English pages and the 404. Whole pages, not parts of them: what
// another feature adds to a page (comments, share links, the table of contents) is held to the same rule.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { expect, test, type Page } from '@playwright/test';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** [name, address, what must be on screen before axe looks]. */
const PAGES: [string, string, string][] = [
  ['home', '/', '.post-item'],
  ['home page 2', '/page/2', '.post-item'],
  ['category', '/category/%EB%94%A5%EB%9F%AC%EB%8B%9D', '.post-item'],
  ['tag', '/tag/cnn', '.post-item'],
  ['math post', '/posts/mse-vs-cross-entropy', '.katex-display'],
  ['demo post', '/posts/transformer-training', 'article.post'],
  ['search', '/search?q=%ED%95%99%EC%8A%B5%EB%A5%A0', '.search-hit'],
  ['search, nothing found', '/search?q=%EC%96%91%EC%9E%90%EC%BB%B4%ED%93%A8%ED%84%B0', 'main h1'],
  ['English home', '/en', '.post-item'],
  ['English post', '/en/posts/gradient-descent-basics', 'article.post'],
  ['404', '/posts/no-such-post', 'main h1'],
];

async function violations(page: Page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: object, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } };
    const found = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

test.describe('every reader page passes axe @sqlite-only', () => {
  // axe is injected as a script: the page's CSP (rightly) refuses it otherwise.
  test.use({ bypassCSP: true });
  for (const [width, scheme] of [
    [375, 'light'],
    [375, 'dark'],
    [1280, 'light'],
    [1280, 'dark'],
  ] as const) {
    test(`at ${width}px in ${scheme}`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.setViewportSize({ width, height: 900 });
      await page.emulateMedia({ colorScheme: scheme });
      const failures: Record<string, string[]> = {};
      for (const [name, url, ready] of PAGES) {
        const res = await page.goto(url);
        expect(res?.status(), name).toBe(name === '404' ? 404 : 200);
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        await expect(page.locator(ready).first(), name).toBeVisible();
        if (name === 'demo post') {
          // The demo live: scrolled to, loaded and answered, so axe sees what a reader sees.
          const demo = page.locator('.ml-embed').first();
          await demo.scrollIntoViewIfNeeded();
          await expect(demo).toHaveAttribute('data-ml-state', 'live', { timeout: 30_000 });
        }
        const found = await violations(page);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) found.push(`page is ${overflow}px wider than the screen`);
        if (found.length) failures[name] = found;
      }
      expect(failures).toEqual({});
    });
  }
});
