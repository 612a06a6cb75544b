// Upload processing on real bytes: a JPEG with GPS EXIF comes out without any metadata, upright; the type is read
// from the content (a text file named .png, SVG and a PDF are refused); a header claiming over 50 megapixels is
// refused before decoding; WebP variants at the scheme's widths with the promised sizes, never upscaled; the same
// picture gives the same content-addressed key.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../lib/http-guard.mjs';
import { mediaKeyFromUrl, mediaUrl, mediaVariantKeys, parseMediaKey } from '../../../lib/mdx/images';
import { detectImageType, processImage } from '../process';
import { jpegWithGps, pngClaiming, solidPng } from './images';

const NOW = new Date('2026-12-03T08:00:00Z');

async function refusal(p: Promise<unknown>): Promise<HttpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('processImage', () => {
  it('strips EXIF with its GPS position (and every other metadata) from a JPEG', async () => {
    const input = await jpegWithGps();
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(Buffer.from('TestCam'))).toBe(true);
    expect(before.exif?.includes(Buffer.from('WGS-84'))).toBe(true);
    expect(input.includes(Buffer.from('WGS-84'))).toBe(true);
    const out = await processImage(input, NOW);
    const meta = await sharp(out.original.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    for (const leak of ['Exif\0\0', 'TestCam', 'Secret Owner', 'WGS-84', 'GPS']) expect(out.original.bytes.includes(Buffer.from(leak)), leak).toBe(false);
    for (const v of out.variants) {
      expect((await sharp(v.bytes).metadata()).exif).toBeUndefined();
      expect(v.bytes.includes(Buffer.from('TestCam'))).toBe(false);
    }
    expect(out.original).toMatchObject({ mime: 'image/jpeg', width: 1200, height: 800, key: expect.stringMatching(/^2026\/12\/[0-9a-f]{16}\.1200x800\.jpg$/) });
  });

  it('turns a photo upright by its EXIF orientation before dropping the tag', async () => {
    const input = await jpegWithGps(300, 200, 6);
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const out = await processImage(input, NOW);
    expect([out.original.width, out.original.height]).toEqual([200, 300]);
    const meta = await sharp(out.original.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([200, 300, undefined]);
  });

  it('makes WebP variants at 480/960/1600 for a 2000 px image, with exactly the sizes its URL promises', async () => {
    const out = await processImage(await solidPng(2000, 1500), NOW);
    expect(out.original.mime).toBe('image/png');
    const original = parseMediaKey(out.original.key)!;
    expect(out.variants.map((v) => v.key)).toEqual(mediaVariantKeys(original).map((v) => v.key));
    expect(out.variants.map((v) => [v.width, v.height])).toEqual([
      [480, 360],
      [960, 720],
      [1600, 1200],
    ]);
    for (const v of out.variants) {
      const m = await sharp(v.bytes).metadata();
      expect([m.format, m.width, m.height]).toEqual(['webp', v.width, v.height]);
      expect(mediaKeyFromUrl(mediaUrl(v.key))).toMatchObject({ width: v.width, height: v.height, ext: 'webp' });
    }
  });

  it('never upscales: a 400 px image has no variants', async () => {
    const out = await processImage(await solidPng(400, 100), NOW);
    expect(out.variants).toEqual([]);
    expect([out.original.width, out.original.height]).toEqual([400, 100]);
  });

  it('keys by content: the same picture gives the same key and sha256, another picture another', async () => {
    const png = await solidPng(640, 480);
    const a = await processImage(png, NOW);
    const b = await processImage(Buffer.from(png), NOW);
    expect(b.sha256).toBe(a.sha256);
    expect(b.original.key).toBe(a.original.key);
    expect(a.original.key.slice(8, 24)).toBe(a.sha256.slice(0, 16));
    expect((await processImage(await solidPng(640, 481), NOW)).sha256).not.toBe(a.sha256);
  });

  it('refuses a text file named .png, SVG, a PDF and an empty file, by content', async () => {
    const text = await refusal(processImage(Buffer.from('this is not a picture, whatever its name says'), NOW));
    expect(text.status).toBe(415);
    expect(text.message).toMatch(/이미지 파일이 아닙니다.*\/ Not an image/);
    const svg = await refusal(processImage(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), NOW));
    expect(svg.status).toBe(415);
    expect(svg.message).toMatch(/SVG/);
    expect((await refusal(processImage(Buffer.from('<svg onload="alert(1)"/>'), NOW))).message).toMatch(/SVG is refused/);
    const pdf = await refusal(processImage(Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF'), NOW));
    expect(pdf.status).toBe(415);
    expect(pdf.message).toMatch(/application\/pdf/);
    expect((await refusal(processImage(Buffer.alloc(0), NOW))).status).toBe(400);
  });

  it('refuses an image over 50 megapixels from its header, before decoding it', async () => {
    const bomb = pngClaiming(10_000, 10_000);
    expect(bomb.length).toBeLessThan(20_000);
    expect((await detectImageType(bomb)).mime).toBe('image/png');
    const err = await refusal(processImage(bomb, NOW));
    expect(err.status).toBe(413);
    expect(err.message).toMatch(/10000×10000.*50 megapixels/);
  });

  it('refuses a damaged image (a JPEG cut short) with 422', async () => {
    const jpeg = await jpegWithGps(400, 300);
    const err = await refusal(processImage(jpeg.subarray(0, 200), NOW));
    expect([415, 422]).toContain(err.status);
  });
});
