// A seeded PRNG: every draw in training comes from this generator, so a seed fixes the data, the initial weights and
// the batches (tfjs' own initializers and shuffles use Math.random).

/** mulberry32: small, fast, good enough for data and initialization. @param {number} seed */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** @type {number | null} */
  let spare = null;
  return {
    /** uniform in [0, 1) */
    next,
    /** uniform in [lo, hi) @param {number} lo @param {number} hi */
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    /** integer in [0, n) @param {number} n */
    int: (n) => Math.floor(next() * n),
    /** standard normal (Box-Muller) */
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    /** a child generator, so adding draws in one place does not shift another @param {number} salt */
    fork: (salt) => rng((Math.floor(next() * 4294967296) ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0),
  };
}
/** @typedef {ReturnType<typeof rng>} Rng */

