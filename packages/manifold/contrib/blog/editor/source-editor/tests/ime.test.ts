// Korean input in the real component in Chromium, without the site: the SourceEditor bundled with esbuild under a
// parent that renders late and keeps sending diagnostics. Composition is driven through the DevTools protocol (what
// an IME does: Input.imeSetComposition for each jamo step, Input.insertText to commit). The editor page's own e2e
// (tests/e2e/editor-source.spec.ts) does the same on the real page; this one stresses the value/echo logic.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
let dir = '';
let browser: Browser;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'se-ime-'));
  await build({
    entryPoints: [path.join(here, 'fixtures', 'lagging-parent.tsx')],
    bundle: true,
    outfile: path.join(dir, 'page.js'),
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="stylesheet" href="page.css"><div id="root"></div><script src="page.js"></script>');
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The compatibility jamo a Korean IME shows first, then the syllable without its final, then the whole syllable. */
function compositionSteps(ch: string): string[] {
  const code = ch.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return [ch];
  const initials = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
  const l = Math.floor(code / 588);
  const v = Math.floor((code % 588) / 28);
  const steps = [initials[l], String.fromCharCode(0xac00 + l * 588 + v * 28)];
  if (code % 28) steps.push(ch);
  return steps;
}

const text = (page: Page) => page.locator('.cm-content').evaluate((el) => [...el.querySelectorAll(':scope > .cm-line')].map((l) => l.textContent ?? '').join('\n'));

async function open(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`file://${dir}/index.html`);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Home');
  for (let i = 0; i < '여기서 $\\eta$ '.length; i++) await page.keyboard.press('ArrowRight');
  return page;
}

describe('SourceEditor and an IME', () => {
  it('composed Korean lands exactly while the parent echoes late and diagnostics keep coming', async () => {
    const page = await open();
    const cdp = await page.context().newCDPSession(page);
    for (const ch of '경사하강법의 학습률') {
      if (ch === ' ') {
        await cdp.send('Input.insertText', { text: ' ' });
        continue;
      }
      // Each step outlasts the parent's 120 ms lag, so its echo of an older text arrives mid-syllable.
      for (const step of compositionSteps(ch)) {
        await cdp.send('Input.imeSetComposition', { text: step, selectionStart: step.length, selectionEnd: step.length });
        await page.waitForTimeout(150);
      }
      await cdp.send('Input.insertText', { text: ch });
    }
    const want = '여기서 $\\eta$ 경사하강법의 학습률는 값이다.';
    await expect.poll(() => text(page)).toBe(want);
    await expect.poll(() => page.evaluate(() => window.__value)).toBe(want);
    // The parent was told when compositions started and ended (9 syllables).
    const composing = await page.evaluate(() => window.__composing);
    expect(composing.filter(Boolean).length).toBeGreaterThanOrEqual(9);
    expect(composing.at(-1)).toBe(false);
    await page.close();
  });

  it('a new value from outside waits for the composition to end, then replaces the text, and stays', async () => {
    const page = await open();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: 'ㅎ', selectionStart: 1, selectionEnd: 1 });
    await cdp.send('Input.imeSetComposition', { text: '하', selectionStart: 1, selectionEnd: 1 });
    await page.waitForTimeout(300);
    await page.evaluate(() => window.__setValue('다른 사람이 저장한 글'));
    await page.waitForTimeout(400);
    // Mid-composition the author's text is untouched.
    expect(await text(page)).toBe('여기서 $\\eta$ 하는 값이다.');
    await cdp.send('Input.insertText', { text: '한' });
    await expect.poll(() => text(page)).toBe('다른 사람이 저장한 글');
    // The parent's late echo of the committed syllable does not swing it back: editor and parent settle on it.
    await page.waitForTimeout(1000);
    expect(await text(page)).toBe('다른 사람이 저장한 글');
    expect(await page.evaluate(() => window.__value)).toBe('다른 사람이 저장한 글');
    await page.close();
  });
});
