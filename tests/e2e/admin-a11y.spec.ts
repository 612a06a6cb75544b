// The admin passes axe (WCAG 2.1 A/AA) on the dashboard, a change list and a change form at desktop and phone width
// in light and dark, is keyboard-usable from the skip link, and a change list loads under 150 KB of gzipped JS.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { seedUsers, signIn } from './admin-support';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe is injected as a script; the admin's CSP (rightly) refuses inline scripts, so only these tests bypass it.
test.use({ bypassCSP: true });

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
}

async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } };
    return w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations;
}

const summary = (v: AxeResult['violations']) => v.map((x) => `${x.id} (${x.impact}): ${x.help}\n  ${x.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`).join('\n  ')}`).join('\n');

test.beforeAll(() => seedUsers());

for (const [width, scheme] of [
  [1280, 'light'],
  [375, 'light'],
  [1280, 'dark'],
  [375, 'dark'],
] as const) {
  test(`axe finds nothing on the dashboard, a change list and a change form at ${width}px (${scheme})`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await signIn(page, 'admin');
    await page.goto('/admin/blog/post');
    const first = await page.locator('table.adm-table tbody th a').first().getAttribute('href');
    for (const path of ['/admin', '/admin/blog/post', '/admin/blog/post?status=published&o=-title', first ?? '/admin/blog/post/1/change', '/admin/blog/post/add', '/admin/blog/category/add']) {
      await page.goto(path);
      await expect(page.locator('main#adm-content')).toBeVisible();
      const violations = await axe(page);
      expect(violations, `${path} at ${width}px ${scheme}\n${summary(violations)}`).toEqual([]);
      if (width === 375) {
        // Usable at phone width: nothing but the table (which scrolls in its own box) is wider than the screen.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(1);
      }
    }
  });
}

test('keyboard: the skip link is the first stop and lands on the content; rows are reachable by Tab', async ({ page }) => {
  await signIn(page, 'admin');
  await page.goto('/admin/blog/post');
  await page.keyboard.press('Tab');
  const skip = page.locator('a.adm-skip');
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#adm-content$/);
  // From the content, Tab reaches the search box before the rows.
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    if (await page.locator('#adm-q').evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.locator('#adm-q')).toBeFocused();
});

test('a change list loads under 150 KB of gzipped JavaScript', async ({ page }) => {
  await signIn(page, 'admin');
  const scripts = new Map<string, number>();
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return;
    try {
      scripts.set(res.url(), zlib.gzipSync(await res.body(), { level: 9 }).length);
    } catch {
      /* a redirect has no body */
    }
  });
  await page.goto('/admin/blog/post', { waitUntil: 'networkidle' });
  // Inline scripts (Next's flight data) count too.
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n'));
  const inlineGz = zlib.gzipSync(Buffer.from(inline), { level: 9 }).length;
  const external = [...scripts.values()].reduce((a, b) => a + b, 0);
  const total = external + inlineGz;
  test.info().annotations.push({ type: 'change-list JS (gzip)', description: `${(total / 1024).toFixed(1)} KB: ${scripts.size} files ${(external / 1024).toFixed(1)} KB + inline ${(inlineGz / 1024).toFixed(1)} KB` });
  console.log(`change-list JS (gzip): ${(total / 1024).toFixed(1)} KB (${scripts.size} files ${(external / 1024).toFixed(1)} KB + inline ${(inlineGz / 1024).toFixed(1)} KB)`);
  for (const [url, size] of [...scripts].sort((a, b) => b[1] - a[1])) console.log(`  ${(size / 1024).toFixed(1).padStart(6)} KB  ${new URL(url).pathname}`);
  expect(scripts.size).toBeGreaterThan(0);
  expect(total).toBeLessThan(150 * 1024);
});
