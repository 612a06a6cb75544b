// A model's answer written as JSON text straight from its tensors' data, for the inference worker: the same text
// JSON.stringify gives for the answer as an object, at a fraction of the cost. JSON.stringify spends most of its time
// finding the shortest decimal of each double (~100 ns a number); a number the model rounds to k decimals is an
// integer r over 10^k, and its shortest decimal is r's digits with the point put back, written here digit by digit
// into one buffer that becomes the string in one copy. The autoencoder's 4.4 KB answer for 64 points (~600 numbers)
// costs ~8 µs this way against ~60–90 µs as objects then JSON.stringify (figures in contrib/ml/README.md).
//
// Why the digits are the same: round(v, k) is the double nearest r / 10^k (one correctly rounded division of exact
// integers). Below 10^9 two decimals with at most six places lie further apart than a double's spacing there, so no
// other decimal as short names the same double, and r / 10^k's own digits (trailing zeros dropped) are what
// JSON.stringify prints. Outside that range, past six places, and for anything that is not a finite number, the
// writer asks JSON.stringify itself. models/tests/json.test.ts compares the two on millions of values.

/** Powers of ten a rounded number may use (k = 0…6 decimals). */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];
/** 10^0 … 10^9, for counting an integer's digits. */
const POW10_32 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
/** Below this magnitude the digits of r / 10^k are the shortest decimal of its double (see above). */
const EXACT_BELOW = 1e9;

export class JsonWriter {
  constructor(size = 16384) {
    this.buf = Buffer.allocUnsafe(size);
    this.pos = 0;
    // Numbers and punctuation are ASCII, so the text is copied out as Latin-1 unless a string brought other characters.
    this.ascii = true;
  }

  /** Room for n more bytes. @param {number} n */
  room(n) {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** The text written since the last call, and a fresh start. @returns {string} */
  take() {
    const text = this.buf.toString(this.ascii ? 'latin1' : 'utf8', 0, this.pos);
    this.pos = 0;
    this.ascii = true;
    return text;
  }

  /** JSON punctuation and keys the caller spells out, e.g. `{"latent":`. ASCII only. @param {string} text */
  raw(text) {
    this.room(text.length);
    // Byte by byte: the pieces are short, and Buffer#write's argument handling costs more than copying them.
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** @param {string} s */
  string(s) {
    this.text(JSON.stringify(s));
  }

  /** Any JSON value, as JSON.stringify writes it. @param {unknown} v */
  value(v) {
    if (typeof v === 'number') this.number(v);
    else this.text(JSON.stringify(v) ?? 'null');
  }

  /** @param {string} text */
  text(text) {
    this.room(3 * text.length);
    const before = this.pos;
    this.pos += this.buf.write(text, this.pos, 'utf8');
    if (this.pos - before !== text.length) this.ascii = false;
  }

  /** A number, as JSON.stringify writes it. @param {number} v */
  number(v) {
    if (Number.isInteger(v) && v > -EXACT_BELOW && v < EXACT_BELOW) {
      this.room(11);
      if (v < 0) {
        this.buf[this.pos++] = 45;
        v = -v;
      }
      this.digits(v);
      return;
    }
    if (v > -EXACT_BELOW && v < EXACT_BELOW) {
      // A decimal of at most six places in disguise (the usual case: a model rounds its outputs).
      for (let k = 1; k <= 6; k++) {
        const f = POW10[k];
        const r = Math.round(v * f);
        if (r / f === v) {
          this.decimal(r, k);
          return;
        }
      }
    }
    this.raw(Number.isFinite(v) ? String(v) : 'null');
  }

  /**
   * round(v, k) of models/common.mjs (Math.round(v · 10^k) / 10^k, no -0), as JSON.stringify writes it.
   * @param {number} v @param {number} k decimals
   */
  rounded(v, k) {
    const f = POW10[k];
    if (f === undefined) {
      const r = Math.round(v * 10 ** k) / 10 ** k;
      this.number(r === 0 ? 0 : r);
      return;
    }
    const r = Math.round(v * f);
    if (r > -EXACT_BELOW * f && r < EXACT_BELOW * f) this.decimal(r, k);
    else {
      const x = r / f;
      this.number(x === 0 ? 0 : x);
    }
  }

  /**
   * rows(data, cols, k) of models/common.mjs as JSON: [[…cols numbers], …], each rounded to k decimals; data from
   * `from` to `to` (a whole number of rows).
   * @param {ArrayLike<number>} data @param {number} cols @param {number} k @param {number} [from] @param {number} [to]
   */
  rows(data, cols, k, from = 0, to = data.length) {
    this.room(1);
    this.buf[this.pos++] = 91;
    for (let i = from; i < to; i += cols) {
      if (i > from) {
        this.room(1);
        this.buf[this.pos++] = 44;
      }
      this.list(data, k, i, i + cols);
    }
    this.room(1);
    this.buf[this.pos++] = 93;
  }

  /**
   * [round(data[from], k), …, round(data[to - 1], k)] as JSON. The loop of the whole writer: everything in locals,
   * 32-bit integer arithmetic for the usual magnitudes (|v| · 10^k < 2^31), decimal() for the rest.
   * @param {ArrayLike<number>} data @param {number} k @param {number} [from] @param {number} [to]
   */
  list(data, k, from = 0, to = data.length) {
    const f = POW10[k];
    // Room for the longest a number can take (24 characters, such as -2.2250738585072014e-308) and its comma, so the
    // general path below never has to move the buffer.
    this.room(2 + 25 * (to - from));
    if (f === undefined) {
      this.raw('[');
      for (let i = from; i < to; i++) {
        if (i > from) this.raw(',');
        this.rounded(data[i], k);
      }
      this.raw(']');
      return;
    }
    let buf = this.buf;
    let pos = this.pos;
    buf[pos++] = 91;
    for (let i = from; i < to; i++) {
      if (i > from) buf[pos++] = 44;
      let r = Math.round(data[i] * f);
      if (!(r > -0x7fffffff && r < 0x7fffffff)) {
        // Large, or not a finite number: the general path.
        this.pos = pos;
        this.rounded(data[i], k);
        pos = this.pos;
        buf = this.buf;
        continue;
      }
      if (r < 0) {
        buf[pos++] = 45;
        r = -r;
      }
      let whole = (r / f) | 0;
      let frac = r - whole * f;
      if (whole < 10) buf[pos++] = 48 + whole;
      else {
        let len = 2;
        while (len < 10 && whole >= POW10_32[len]) len++;
        let at = pos + len - 1;
        pos += len;
        while (whole >= 10) {
          const q = (whole / 10) | 0;
          buf[at--] = 48 + whole - q * 10;
          whole = q;
        }
        buf[at] = 48 + whole;
      }
      if (frac !== 0) {
        let digits = k;
        while (frac % 10 === 0) {
          frac = (frac / 10) | 0;
          digits--;
        }
        buf[pos++] = 46;
        let at = pos + digits - 1;
        pos += digits;
        for (let j = 0; j < digits; j++) {
          const q = (frac / 10) | 0;
          buf[at--] = 48 + frac - q * 10;
          frac = q;
        }
      }
    }
    buf[pos++] = 93;
    this.pos = pos;
  }

  /**
   * r / 10^k written from r's digits, trailing zeros of the fraction dropped; |r| < 10^9 · 10^k.
   * @param {number} r an integer @param {number} k
   */
  decimal(r, k) {
    this.room(20);
    const buf = this.buf;
    if (r < 0) {
      buf[this.pos++] = 45;
      r = -r;
    }
    const f = POW10[k];
    /** @type {number} */
    let whole;
    /** @type {number} */
    let frac;
    if (r <= 0x7fffffff) {
      // The common case, in 32-bit integer arithmetic.
      whole = (r / f) | 0;
      frac = r - whole * f;
    } else {
      whole = Math.floor(r / f);
      frac = r - whole * f;
    }
    this.digits(whole);
    if (frac === 0) return;
    while (frac % 10 === 0) {
      frac = (frac / 10) | 0;
      k--;
    }
    buf[this.pos++] = 46;
    // k digits, leading zeros included, written from the right (frac < 10^6).
    let at = this.pos + k - 1;
    this.pos += k;
    for (let i = 0; i < k; i++) {
      const q = (frac / 10) | 0;
      buf[at--] = 48 + frac - q * 10;
      frac = q;
    }
  }

  /** A non-negative integer below 2^53. @param {number} n */
  digits(n) {
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    if (n > 0x7fffffff) {
      // Above 32 bits: the high digits first, then the low nine.
      const high = Math.floor(n / 1e9);
      this.digits(high);
      let low = n - high * 1e9;
      let at = this.pos + 8;
      this.pos += 9;
      for (let i = 0; i < 9; i++) {
        const q = /** @type {number} */ ((low / 10) | 0);
        buf[at--] = 48 + low - q * 10;
        low = q;
      }
      return;
    }
    let len = 2;
    while (len < 10 && n >= POW10_32[len]) len++;
    let at = this.pos + len - 1;
    this.pos += len;
    while (n >= 10) {
      const q = (n / 10) | 0;
      buf[at--] = 48 + n - q * 10;
      n = q;
    }
    buf[at] = 48 + n;
  }
}
