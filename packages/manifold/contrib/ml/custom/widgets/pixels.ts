// Pixel arithmetic of <ModelDemo />'s image input, pure (tested without a browser): a drawing or an upload at screen
// size is box-averaged down to the model's width × height, as 0–255 values (row-major, channels last), the layout
// POST /api/ml/custom/<slug> takes ({ pixels }). The server scales and inverts them as the signature says.

/**
 * Averages an RGBA image (`src`, `sw`×`sh`) into `w`×`h` cells with `channels` values each (1: luminance, 3: RGB).
 * Transparent pixels count as white paper (a drawing's untouched background).
 */
export function resample(src: ArrayLike<number>, sw: number, sh: number, w: number, h: number, channels: 1 | 3): number[] {
  const out = new Array<number>(w * h * channels).fill(0);
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor((y * sh) / h);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sh) / h));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor((x * sw) / w);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * sw) / w));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let yy = y0; yy < y1 && yy < sh; yy++) {
        for (let xx = x0; xx < x1 && xx < sw; xx++) {
          const i = (yy * sw + xx) * 4;
          const a = src[i + 3] / 255;
          // Composite over white: an untouched (transparent) canvas is paper.
          r += src[i] * a + 255 * (1 - a);
          g += src[i + 1] * a + 255 * (1 - a);
          b += src[i + 2] * a + 255 * (1 - a);
          n++;
        }
      }
      const o = (y * w + x) * channels;
      if (channels === 1) out[o] = Math.round((0.299 * r + 0.587 * g + 0.114 * b) / Math.max(1, n));
      else {
        out[o] = Math.round(r / Math.max(1, n));
        out[o + 1] = Math.round(g / Math.max(1, n));
        out[o + 2] = Math.round(b / Math.max(1, n));
      }
    }
  }
  return out;
}

/** The CSS colour of one cell of a 0–255 image (channels 1 or 3; other channel counts show their first). */
export function cellColour(pixels: ArrayLike<number>, i: number, channels: number): string {
  const v = (k: number) => Math.max(0, Math.min(255, Math.round(Number(pixels[i * channels + k]) || 0)));
  if (channels === 3) return `rgb(${v(0)},${v(1)},${v(2)})`;
  const g = v(0);
  return `rgb(${g},${g},${g})`;
}

/** Parses the series textarea: one row per line, values split by commas, tabs or spaces; a message when it does not fit. */
export function parseSeries(text: string, length: number, columns: number): { rows: number[][] } | { error: string } {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const rows: number[][] = [];
  for (const [i, line] of lines.entries()) {
    const cells = line.split(/[\s,;]+/).filter(Boolean);
    const nums = cells.map(Number);
    if (cells.length !== columns || nums.some((n) => !Number.isFinite(n))) {
      return { error: `${i + 1}번째 줄: 숫자 ${columns}개가 필요합니다. / Line ${i + 1}: needs ${columns} number${columns > 1 ? 's' : ''}.` };
    }
    rows.push(nums);
  }
  if (rows.length !== length) return { error: `${length}줄이 필요합니다 (지금 ${rows.length}줄). / Needs ${length} rows (has ${rows.length}).` };
  return { rows };
}

/** The textarea text of a series' rows. */
export const seriesText = (rows: number[][]) => rows.map((r) => r.join(', ')).join('\n');
