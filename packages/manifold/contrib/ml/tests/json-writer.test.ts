// The worker's JSON writer (models/json.mjs) gives JSON.stringify's text exactly: for rounded numbers of every size
// and sign, for float32 data as models read it from tensors, and for whatever is not a plain rounded number.
import { describe, expect, it } from 'vitest';
import { JsonWriter } from '../models/json.mjs';
import { round, rows } from '../models/common.mjs';

/** A deterministic stream of doubles in [0, 1) (no Math.random: a failure must be repeatable). */
function uniform(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values of every magnitude from 1e-12 to 1e22, both signs, some float32, some already rounded, some integers. */
function values(n: number, seed: number) {
  const next = uniform(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const magnitude = 10 ** (Math.floor(next() * 34) - 12);
    let v = (next() - 0.5) * 2 * magnitude;
    if (i % 3 === 0) v = Math.fround(v);
    if (i % 5 === 0) v = Math.round(v * 10 ** (i % 7)) / 10 ** (i % 7);
    if (i % 11 === 0) v = Math.round(v);
    out[i] = v;
  }
  return out;
}

const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1e-6, -1e-6, 1e-7, 5e-7, 0.1 + 0.2, 1 / 3, 999999999.9999, 1e9, -1e9, 1e9 - 0.5, 2 ** 53, 2 ** 53 + 2, 1e21, 1e-300, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity, 0.00005, -0.00005, 0.99995, 9.99995, 123456.78915];

describe('JsonWriter', () => {
  it('writes every number as JSON.stringify does', () => {
    const w = new JsonWriter(64);
    for (const v of [...SPECIAL, ...values(300_000, 1)]) {
      w.number(v);
      const got = w.take();
      if (got !== JSON.stringify(v)) expect(got, String(v)).toBe(JSON.stringify(v));
    }
  });

  it('writes round(v, k) as JSON.stringify writes the rounded number, for k = 0…8', () => {
    const w = new JsonWriter(64);
    const all = [...SPECIAL, ...values(100_000, 2)];
    for (let k = 0; k <= 8; k++)
      for (const v of all) {
        w.rounded(v, k);
        const got = w.take();
        if (got !== JSON.stringify(round(v, k))) expect(got, `${v} to ${k}`).toBe(JSON.stringify(round(v, k)));
      }
  });

  it('writes rows and lists of float32 data as JSON.stringify(rows(…)) and of Array.from(…, round)', () => {
    const w = new JsonWriter(16); // grows as it goes
    const data = Float32Array.from(values(30_000, 3));
    for (const [cols, k] of [
      [3, 4],
      [2, 2],
      [1, 6],
      [5, 0],
    ]) {
      w.rows(data, cols, k);
      expect(w.take()).toBe(JSON.stringify(rows(data, cols, k)));
      w.rows(data, cols, k, 3 * cols, 9 * cols);
      expect(w.take()).toBe(JSON.stringify(rows(data.subarray(3 * cols, 9 * cols), cols, k)));
    }
    w.list(data, 4, 10, 20);
    expect(w.take()).toBe(JSON.stringify(Array.from(data.subarray(10, 20), (v) => round(v, 4))));
    w.list(data, 4, 5, 5);
    expect(w.take()).toBe('[]');
  });

  it('writes strings and other values through JSON.stringify, non-ASCII text included', () => {
    const w = new JsonWriter(8);
    w.raw('{"a":');
    w.string('한국어 "quoted" \\ \n \u2028 😀');
    w.raw(',"b":');
    w.value({ x: [1, null, 'y'], z: true });
    w.raw(',"c":');
    w.value(undefined);
    w.raw(',"d":');
    w.value(-0);
    w.raw('}');
    const text = w.take();
    expect(text).toBe(JSON.stringify({ a: '한국어 "quoted" \\ \n \u2028 😀', b: { x: [1, null, 'y'], z: true }, c: null, d: 0 }));
    w.raw('[1]');
    expect(w.take()).toBe('[1]'); // a fresh start, back to ASCII
  });
});
