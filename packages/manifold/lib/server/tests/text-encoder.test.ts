// The server's TextEncoder fast path (lib/server/text-encoder.mjs) against Node's own encode: the same bytes for every
// kind of string React writes (ASCII, Korean, emoji, lone surrogates, empty, long), the same kind of result (a plain
// Uint8Array owning its whole buffer), installed on encoders made before, and once only.
import { describe, expect, it } from 'vitest';
import { fastEncode, installFastTextEncoder } from '../text-encoder.mjs';

const original = TextEncoder.prototype.encode;
const fast = fastEncode(original);
const encoder = new TextEncoder();

/** A deterministic generator (mulberry32), so a failure names a reproducible string. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABETS = [
  () => 'abcxyz<>&"\'= /-_.:;0123456789\n\t',
  () => '가나다라마바사한국어분류전체보기',
  () => 'é ü ñ ß ∑ ∫ √ ≤ → λ',
  () => '😀🧮𝔼𝕏',
  () => '\ud800\udbff\udc00\udfff', // surrogate halves, paired or not
  () => '\u0000\u007f\u0080\u07ff\u0800\uffff',
];

function randomString(next: () => number, maxLength: number) {
  const length = Math.floor(next() * maxLength);
  let s = '';
  while (s.length < length) {
    const alphabet = [...ALPHABETS[Math.floor(next() * ALPHABETS.length)]()];
    s += alphabet[Math.floor(next() * alphabet.length)];
  }
  return s;
}

describe('fastEncode', () => {
  it('writes the same bytes as TextEncoder for 20,000 random strings, short and long', () => {
    const next = rng(16);
    for (let i = 0; i < 20_000; i++) {
      const s = randomString(next, i % 10 === 0 ? 1_200 : 40);
      const want = original.call(encoder, s);
      const got = fast.call(encoder, s);
      if (Buffer.compare(Buffer.from(got), Buffer.from(want)) !== 0) throw new Error(`differs for ${JSON.stringify(s)}`);
    }
  });

  it('turns lone surrogates into U+FFFD and treats missing and non-string input as the original does', () => {
    expect([...fast.call(encoder, '\ud800')]).toEqual([0xef, 0xbf, 0xbd]);
    expect([...fast.call(encoder, 'a\udc00b')]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62]);
    expect(fast.call(encoder)).toEqual(new Uint8Array(0));
    expect(fast.call(encoder, undefined)).toEqual(original.call(encoder, undefined));
    expect(fast.call(encoder, null as unknown as string)).toEqual(original.call(encoder, null as unknown as string));
    expect(fast.call(encoder, 12 as unknown as string)).toEqual(original.call(encoder, 12 as unknown as string));
    expect(Buffer.from(fast.call(encoder, `${'\udfff'.repeat(200)}x${'😀'.repeat(100)}`)).toString()).toBe(`${'\ufffd'.repeat(200)}x${'😀'.repeat(100)}`);
    // Called on something that is not an encoder, it fails as Node's does.
    expect(() => fast.call({} as TextEncoder, 'x')).toThrow(TypeError);
  });

  it('returns a plain Uint8Array that owns its whole buffer (never a pooled Buffer), for ASCII and non-ASCII alike', () => {
    for (const s of ['href', '분류 전체보기', '', 'x'.repeat(300), '한\ud800'.repeat(400)]) {
      const got = fast.call(encoder, s);
      expect(Object.getPrototypeOf(got)).toBe(Uint8Array.prototype);
      expect(got.byteOffset).toBe(0);
      expect(got.buffer.byteLength).toBe(got.byteLength);
      // Detaching it (as a transfer does) leaves every other array alone.
      const other = fast.call(encoder, 'other');
      structuredClone(got.buffer, { transfer: [got.buffer] });
      expect(Buffer.from(other).toString()).toBe('other');
    }
  });
});

describe('installFastTextEncoder', () => {
  it('puts the fast encode on encoders made before it, once', () => {
    const before = new TextEncoder();
    try {
      expect(installFastTextEncoder()).toBe(true);
      const installed = TextEncoder.prototype.encode;
      expect(installed).not.toBe(original);
      expect(installFastTextEncoder()).toBe(true);
      expect(TextEncoder.prototype.encode).toBe(installed);
      expect(Buffer.from(before.encode('분류 전체보기 (12)')).toString('utf8')).toBe('분류 전체보기 (12)');
      expect(Object.getOwnPropertyDescriptor(TextEncoder.prototype, 'encode')?.enumerable).toBe(true);
    } finally {
      // The rest of this test process keeps Node's own.
      Object.defineProperty(TextEncoder.prototype, 'encode', { value: original, writable: true, configurable: true, enumerable: true });
      delete (TextEncoder.prototype as unknown as Record<symbol, unknown>)[Symbol.for('manifold.fastTextEncoder')];
    }
  });
});
