// The reused page buffers (lib/server/page-buffers.mjs): a buffer is handed out again only after it was given back,
// once, and only while the pool has room; a page too large for the pool, or a buffer from elsewhere, is never taken
// for one of its own.
import { describe, expect, it } from 'vitest';
import { freePageBuffers, isPageBuffer, ownedBody, takePageBuffer } from '../page-buffers.mjs';

describe('page buffers', () => {
  it('hands a buffer out again only once it is given back, and gives back once however often release is called', () => {
    const a = takePageBuffer(70_000);
    const b = takePageBuffer(70_000);
    expect(a.buf.buffer).not.toBe(b.buf.buffer);
    expect(a.buf.length).toBeGreaterThanOrEqual(70_000);
    const free = freePageBuffers();
    a.release();
    a.release();
    expect(freePageBuffers()).toBe(free + 1);
    const c = takePageBuffer(10_000);
    expect(c.buf.buffer).toBe(a.buf.buffer);
    // Still out: b is not handed to anyone else.
    const d = takePageBuffer(10_000);
    expect(d.buf.buffer).not.toBe(b.buf.buffer);
    for (const lease of [b, c, d]) lease.release();
  });

  it('takes a free buffer large enough, makes a new one when none is, and never pools a very large page', () => {
    const small = takePageBuffer(1);
    const big = takePageBuffer(1_500_000);
    expect(big.buf.length).toBe(1_500_000);
    small.release();
    big.release();
    const again = takePageBuffer(1_400_000);
    expect(again.buf.buffer).toBe(big.buf.buffer);
    again.release();
    const huge = takePageBuffer(3_000_000);
    expect(isPageBuffer(huge.buf)).toBe(false);
    const free = freePageBuffers();
    huge.release();
    expect(freePageBuffers()).toBe(free);
  });

  it('keeps at most 32 free buffers', () => {
    const leases = Array.from({ length: 40 }, () => takePageBuffer(1000));
    for (const lease of leases) lease.release();
    expect(freePageBuffers()).toBe(32);
  });

  it('copies a body in a pooled buffer for keeping, and leaves any other as it is', () => {
    const lease = takePageBuffer(100);
    const view = lease.buf.subarray(0, 5);
    view.write('hello');
    expect(isPageBuffer(view)).toBe(true);
    const kept = ownedBody(view);
    expect(isPageBuffer(kept)).toBe(false);
    expect(kept.toString()).toBe('hello');
    lease.release();
    lease.buf.write('later');
    expect(kept.toString()).toBe('hello');
    const plain = Buffer.from('x');
    expect(ownedBody(plain)).toBe(plain);
  });
});
