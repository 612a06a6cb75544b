// The posts' Open Graph card (og.tsx) drawn for real by next/og (satori, resvg's wasm) with the bundled Korean font,
// decoded with sharp: its size, that it is not blank, and that a Korean title is drawn as glyphs: the same card drawn
// with a font that has no Hangul (Next's own Geist) leaves the title area nearly empty. The route on the production
// server (the head's link to it, its caching, hostile names) is in tests/e2e/seo.spec.ts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ogImagePath } from '../og-path';
import { drawable, ogFont, renderOgCard } from '../og';

/** The title band (between the site name and the footer) as raw RGB. */
async function band(png: Buffer) {
  return sharp(png).extract({ left: 72, top: 120, width: 1056, height: 380 }).removeAlpha().raw().toBuffer();
}

/** Dark pixels (every channel below 128) in the title band, of all its pixels, and how many colours it has. */
async function ink(png: Buffer): Promise<{ width: number; height: number; share: number; distinct: number }> {
  const meta = await sharp(png).metadata();
  const data = await band(png);
  let dark = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 3) {
    if (data[i] < 128 && data[i + 1] < 128 && data[i + 2] < 128) dark++;
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
  }
  return { width: meta.width!, height: meta.height!, share: dark / (data.length / 3), distinct: colours.size };
}

/** Share of the title band's pixels that differ clearly between two cards. */
async function difference(a: Buffer, b: Buffer): Promise<number> {
  const [x, y] = [await band(a), await band(b)];
  let differing = 0;
  for (let i = 0; i < x.length; i += 3) if (Math.abs(x[i] - y[i]) + Math.abs(x[i + 1] - y[i + 1]) + Math.abs(x[i + 2] - y[i + 2]) > 96) differing++;
  return differing / (x.length / 3);
}

const png = async (res: Response) => Buffer.from(await res.arrayBuffer());
const card = { title: '경사하강법 이해: 학습률과 수렴', site: '머신러닝 노트', category: '최적화', date: '2020-04-26' };

describe('Open Graph card', () => {
  it('is a 1200×630 PNG whose Korean title is drawn with the bundled font', async () => {
    const res = renderOgCard(card);
    expect(res.headers.get('content-type')).toBe('image/png');
    const korean = await ink(await png(res));
    expect(korean).toMatchObject({ width: 1200, height: 630 });
    // Antialiased glyph edges: many shades, and a few percent of the band is ink.
    expect(korean.distinct).toBeGreaterThan(20);
    expect(korean.share).toBeGreaterThan(0.03);


    // Two titles of as many syllables are drawn differently: each syllable is its own glyph. Control: with Geist
    // (Next's own font, Latin only, and no network to fetch another) every syllable is the same missing-glyph box, so
    // the two cards come out (nearly) the same: what this test would see if the Korean font were not there.
    const [a, b] = [{ ...card, title: '경사하강법' }, { ...card, title: '학습률수렴' }];
    expect(await difference(await png(renderOgCard(a)), await png(renderOgCard(b)))).toBeGreaterThan(0.01);
    const geist = [{ name: 'x', data: fs.readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('next/package.json')), 'dist/compiled/@vercel/og/Geist-Regular.ttf')), weight: 700 as const }];
    const tofu = await difference(await png(renderOgCard(a, { fonts: geist })), await png(renderOgCard(b, { fonts: geist })));
    expect(tofu).toBeLessThan(0.001);
  }, 60_000);

  it('leaves out what the font cannot draw (emoji, other scripts) instead of fetching it, and still draws the rest', async () => {
    expect(drawable(' 학습률 😀 rate\u200d✨ 漢字 ∑ — "ok" ')).toBe('학습률 rate — "ok"');
    const out = await ink(await png(renderOgCard({ ...card, title: '😀🚀 경사하강법 👍' })));
    expect(out.share).toBeGreaterThan(0.01);
  }, 60_000);

  it('fits the longest sample title (Korean and English mixed) and a 300-character one without failing', async () => {
    for (const title of ['논문 리뷰: Attention을 활용한 시계열 예측 A Dual-Stage Attention-Based Recurrent Neural Network for Time Series Prediction', '가'.repeat(300)]) {
      const out = await ink(await png(renderOgCard({ ...card, title })));
      expect(out).toMatchObject({ width: 1200, height: 630 });
      expect(out.share).toBeGreaterThan(0.03);
    }
  }, 60_000);

  it('uses Pretendard kept in the framework package (fonts/, with its OFL licence), and a path keyed by the post version with the slug encoded', () => {
    expect(ogFont().length).toBeGreaterThan(1_000_000);
    expect(ogImagePath({ slug: '경사-하강법', version: 7 })).toBe('/og/%EA%B2%BD%EC%82%AC-%ED%95%98%EA%B0%95%EB%B2%95.png?v=7');
    expect(ogImagePath({ slug: 'a/../b', version: 1 })).toBe('/og/a%2F..%2Fb.png?v=1');
  });
});
