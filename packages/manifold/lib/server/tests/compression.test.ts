// The compression server.mjs does itself (lib/server/encoding.mjs, lib/server/compress-worker.mjs): the bytes come
// back as zlib makes them, for every size and any number at once, the caller's body untouched; and the work stays out
// of this thread's heap, where brotli made here asks V8 for a full collection every few pages (on a server's heap,
// tens of milliseconds each: what halved the throughput of page-cache misses for browsers, which all ask for br).
import zlib from 'node:zlib';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { compress, compressStatic } from '../encoding.mjs';

/** A page-like body: Korean text, markup and numbers, `paragraphs` long. */
const page = (paragraphs: number, salt = '') =>
  Buffer.from(Array.from({ length: paragraphs }, (_, i) => `<p class="para" id="p${i}">분류 전체보기 ${salt}${i}: ${Math.sin(i).toFixed(6)} 경사하강법 λ</p>`).join('\n'));

const inflate = (out: Buffer, coding: 'br' | 'gzip') => (coding === 'br' ? zlib.brotliDecompressSync(out) : zlib.gunzipSync(out));

describe('compress', () => {
  it.each(['br', 'gzip'] as const)('gives back what %s inflates to the same bytes, at every size, leaving the body as it was', async (coding) => {
    // 1 KB bodies come from Buffer's shared pool (an offset into a bigger slab); large ones own their memory.
    for (const body of [Buffer.from(page(12).subarray(0, 1500)), page(40), page(1600), page(9000)]) {
      const before = Buffer.from(body);
      const out = await compress(body, coding);
      expect(Buffer.isBuffer(out)).toBe(true);
      expect(out.length).toBeLessThan(body.length);
      expect(inflate(out, coding).equals(body)).toBe(true);
      expect(body.equals(before)).toBe(true);
    }
  });

  it('answers many at once, each with its own body', async () => {
    const bodies = Array.from({ length: 200 }, (_, i) => page(30 + (i % 50), `n${i}-`));
    const outs = await Promise.all(bodies.map((b, i) => compress(b, i % 2 ? 'gzip' : 'br')));
    outs.forEach((out, i) => expect(inflate(out, i % 2 ? 'gzip' : 'br').equals(bodies[i])).toBe(true));
  });

  it('compresses a static asset once, denser, and hands every later asker the same bytes', async () => {
    const body = page(3000, 'asset');
    const key = `/_islands/test-${Date.now()}.js\0"etag"`;
    const first = compressStatic(key, body, 'br');
    expect(compressStatic(key, body, 'br')).toBe(first);
    const dense = await first;
    expect(zlib.brotliDecompressSync(dense).equals(body)).toBe(true);
    expect(dense.length).toBeLessThanOrEqual((await compress(body, 'br')).length);
    expect(zlib.gunzipSync(await compressStatic(key, body, 'gzip')).equals(body)).toBe(true);
  });

  it("runs outside this thread's heap: brotli here means full collections, through compress() none", async () => {
    // A retained heap like a server's (Next, React, the database client), so a full collection is not free.
    const retained = Array.from({ length: 200_000 }, (_, i) => ({ i, label: `item ${i}`, pair: [i, i + 1] }));
    const body = page(1600);
    let majors = 0;
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
    });
    observer.observe({ entryTypes: ['gc'] });
    const settle = () => new Promise((r) => setTimeout(r, 150));
    const here = (b: Buffer) =>
      new Promise<Buffer>((resolve, reject) =>
        zlib.brotliCompress(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }, (err, out) => (err ? reject(err) : resolve(out))),
      );
    /** Full collections of this thread while 320 pages are compressed, 16 at a time. */
    const majorsDuring = async (run: (b: Buffer) => Promise<Buffer>) => {
      await run(body);
      await settle();
      majors = 0;
      for (let i = 0; i < 20; i++) await Promise.all(Array.from({ length: 16 }, () => run(body)));
      await settle();
      return majors;
    };
    try {
      const inThisThread = await majorsDuring(here);
      const throughCompress = await majorsDuring((b) => compress(b, 'br'));
      // The control shows the measure can see the difference: made in this thread, brotli's compressors ask for them.
      expect(inThisThread).toBeGreaterThanOrEqual(5);
      expect(throughCompress).toBeLessThanOrEqual(1);
    } finally {
      observer.disconnect();
    }
    expect(retained.length).toBe(200_000);
  }, 60_000);
});
