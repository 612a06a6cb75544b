// The figure for the closing note: upload-to-variants time for a 4000×3000 JPEG (check, EXIF strip and re-encode,
// four WebP variants), the median of 5 runs, printed. No timing is asserted; the result's shape is.
import { expect, it } from 'vitest';
import { processImage } from '../process';
import { jpegWithGps } from './images';

it('prints the median upload-to-variants time of a 4000×3000 JPEG (5 runs)', async () => {
  const jpeg = await jpegWithGps(4000, 3000);
  const times: number[] = [];
  let variants = 0;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    const out = await processImage(jpeg);
    times.push(performance.now() - start);
    variants = out.variants.length;
    expect(out.variants.map((v) => v.width)).toEqual([480, 960, 1600, 2400]);
  }
  times.sort((a, b) => a - b);
  console.log(`[figure] upload-to-variants, 4000×3000 JPEG (${(jpeg.length / 1e6).toFixed(1)} MB, ${variants} WebP variants): median ${times[2].toFixed(0)} ms of 5 (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);
}, 120_000);
