// The building blocks of the demos' request schemas (demos/<name>/contract.mjs): finite numbers, arrays whose length
// is checked before their items, rectangular matrices, and a bounded preview of a bad value for messages. Plain ESM
// with JSDoc, because the fast path in server.mjs loads the contracts in plain Node.
import { z } from 'zod';

/**
 * A short preview of a value from a request, for messages: JSON-like, at most 40 characters. Written piece by piece
 * and stopped once 41 characters are out, so a 60,000-deep array or a 10 MB string costs as little as `1`: never
 * JSON.stringify a value from outside into a message (it throws on deep nesting, which made bad input a 500).
 * @param {unknown} v
 */
export const describe = (v) => {
  if (v === undefined) return 'nothing';
  if (typeof v === 'number') return String(v);
  const budget = 41;
  let out = '';
  const put = (/** @type {string} */ s) => (out += s).length < budget;
  /** @param {unknown} x @returns {boolean} false once the budget is spent */
  const walk = (x) => {
    if (Array.isArray(x)) {
      if (!put('[')) return false;
      for (let i = 0; i < x.length; i++) if ((i && !put(',')) || !walk(x[i])) return false;
      return put(']');
    }
    if (x && typeof x === 'object') {
      if (!put('{')) return false;
      let first = true;
      for (const k in x) {
        if (!Object.hasOwn(x, k)) continue;
        if ((!first && !put(',')) || !put(`${JSON.stringify(k.slice(0, budget))}:`) || !walk(/** @type {Record<string, unknown>} */ (x)[k])) return false;
        first = false;
      }
      return put('}');
    }
    if (typeof x === 'string') return put(JSON.stringify(x.slice(0, budget)));
    if (typeof x === 'number') return put(Number.isFinite(x) ? String(x) : 'null');
    if (typeof x === 'boolean') return put(String(x));
    return put('null');
  };
  if (typeof v === 'object' || typeof v === 'string' || typeof v === 'boolean') walk(v);
  else return typeof v;
  return out.length > 40 ? `${out.slice(0, 40)}…` : out;
};

/** A finite number in [-limit, limit]. */
export const num = (limit = 1e6) =>
  z
    .number({ error: (iss) => `expected a finite number, got ${describe(iss.input)}` })
    .min(-limit, `must be at least ${-limit}`)
    .max(limit, `must be at most ${limit}`);

/** An array whose length is checked before its items are (10⁶ items fail fast), then items with `item`. */
/**
 * @template {z.ZodType} T
 * @param {T} item @param {number} min @param {number} max @param {string} what
 */
export const list = (item, min, max, what) =>
  z
    .array(z.unknown(), { error: (iss) => `expected an array of ${what}, got ${describe(iss.input)}` })
    .min(min, `needs at least ${min} ${what}`)
    .max(max, `allows at most ${max} ${what}`)
    .pipe(z.array(item).max(max));

/** @param {number} n @param {string} what */
export const vector = (n, what, limit = 1e6) =>
  z.array(num(limit), { error: (iss) => `expected ${what}, got ${describe(iss.input)}` }).length(n, `must be ${what}`);

/** A rectangular matrix of numbers, at most rows × cols. */
/** @param {number} rows @param {number} cols @param {string} what */
export const matrix = (rows, cols, what) =>
  list(list(num(), 1, cols, 'numbers per row'), 1, rows, `rows of ${what}`).superRefine((m, ctx) => {
    const width = m[0]?.length ?? 0;
    m.forEach((row, i) => {
      if (row.length !== width) ctx.addIssue({ code: 'custom', path: [i], message: `every row must have ${width} numbers like the first (this one has ${row.length})` });
    });
  });

// Schema kinds whose parse returns the input itself (or refuses it): no coercion, default or transform among them.
const SAME_VALUE_LEAVES = new Set(['string', 'number', 'boolean', 'null', 'literal', 'enum', 'unknown', 'any', 'never', 'nan']);

/**
 * Whether a value this schema accepts comes out of it unchanged (equal as JSON), so the request's own JSON text can
 * stand for the validated value: no coercion, default, catch, transform or overwriting check (trim, toLowerCase), and
 * no object that strips unknown keys. Refinements only check, so they may be anywhere. Anything it does not know
 * (lazy, custom types) counts as changing the value.
 * @param {unknown} schema
 * @returns {boolean}
 */
export function keepsValue(schema) {
  /** @type {any} */
  const def = /** @type {any} */ (schema)?._zod?.def;
  if (!def || def.coerce) return false;
  if (def.checks?.some((/** @type {any} */ c) => c._zod?.def?.check === 'overwrite')) return false;
  if (SAME_VALUE_LEAVES.has(def.type)) return true;
  switch (def.type) {
    case 'object':
      return def.catchall !== undefined && keepsValue(def.catchall) && Object.values(def.shape).every(keepsValue);
    case 'array':
      return keepsValue(def.element);
    case 'tuple':
      return def.items.every(keepsValue) && (!def.rest || keepsValue(def.rest));
    case 'optional':
    case 'nullable':
    case 'nonoptional':
    case 'readonly':
      return keepsValue(def.innerType);
    case 'union':
      return def.options.every(keepsValue);
    case 'intersection':
      return keepsValue(def.left) && keepsValue(def.right);
    case 'record':
      return keepsValue(def.keyType) && keepsValue(def.valueType);
    case 'pipe':
      return keepsValue(def.in) && keepsValue(def.out);
    default:
      return false;
  }
}

/** @typedef {(value: unknown) => boolean} Accepts */

/**
 * A plain-JavaScript check that a value passes a schema, for the hot request paths: the zod parse of the
 * autoencoder's 64 points (192 numbers) costs ~35–55 µs of the main thread, this ~2 µs. It answers true only for a
 * value the schema accepts as it is (so only for schemas that keep values: keepsValue), and false for everything
 * else, which then goes to zod for its answer and message: a refusal is zod's, word for word.
 *
 * The rules are zod's own, read from the schema: the kinds of value (number, string, boolean, null, literal, enum,
 * unknown, array, object, optional, nullable, pipe, union) are checked as zod's parsers check them, and every check attached
 * to a schema (bounds, lengths, regexes, refinements) runs zod's own check function on the value, after its `when`,
 * as zod runs them, except for a number's bounds and an array's length, compared here directly (the comparisons zod
 * makes). A schema with anything else (exclusive or discriminated unions, record, tuple, transforms, defaults, async refinements, a catchall
 * other than never or unknown) gets no fast check: null.
 * @param {unknown} schema
 * @returns {Accepts | null}
 */
export function compileAccepts(schema) {
  return keepsValue(schema) ? compile(schema) : null;
}

/** @param {unknown} schema @returns {Accepts | null} */
function compile(schema) {
  /** @type {any} */
  const zod = /** @type {any} */ (schema)?._zod;
  const def = zod?.def;
  if (!def || def.coerce) return null;
  // A schema that is itself a check (z.int(), z.email(), z.custom()) runs itself first, as zod's $ZodType does.
  /** @type {any[]} */
  const attached = [...(zod.traits?.has('$ZodCheck') ? [schema] : []), ...(def.checks ?? [])];
  /** @type {Accepts | null} */
  let kind;
  switch (def.type) {
    case 'number':
      kind = (v) => typeof v === 'number' && !Number.isNaN(v) && Number.isFinite(v);
      break;
    case 'string':
      kind = (v) => typeof v === 'string';
      break;
    case 'boolean':
      kind = (v) => typeof v === 'boolean';
      break;
    case 'null':
      kind = (v) => v === null;
      break;
    case 'unknown':
    case 'any':
      kind = () => true;
      break;
    case 'literal':
    case 'enum': {
      /** @type {Set<unknown>} */
      const values = zod.values;
      if (!(values instanceof Set)) return null;
      kind = (v) => values.has(v);
      break;
    }
    case 'optional':
    case 'nullable': {
      const inner = compile(def.innerType);
      if (!inner || def.innerType._zod.optin === 'defaulted') return null;
      kind = def.type === 'optional' ? (v) => v === undefined || inner(v) : (v) => v === null || inner(v);
      break;
    }
    case 'union': {
      // A plain union succeeds when one of its options does (exclusive and discriminated unions decide otherwise).
      if (zod.traits?.has('$ZodXor') || zod.traits?.has('$ZodDiscriminatedUnion')) return null;
      /** @type {Accepts[]} */
      const options = [];
      for (const option of def.options) {
        const accepts = compile(option);
        if (!accepts) return null;
        options.push(accepts);
      }
      kind = (v) => options.some((accepts) => accepts(v));
      break;
    }
    case 'pipe': {
      const a = compile(def.in);
      const b = compile(def.out);
      if (!a || !b) return null;
      kind = (v) => a(v) && b(v);
      break;
    }
    case 'array': {
      const item = compile(def.element);
      if (!item) return null;
      kind = (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
        return true;
      };
      break;
    }
    case 'object': {
      const extra = def.catchall?._zod?.def?.type;
      if (extra !== 'never' && extra !== 'unknown' && extra !== 'any') return null;
      /** @type {[string, Accepts][]} */
      const fields = [];
      for (const [key, field] of Object.entries(def.shape)) {
        const accepts = compile(field);
        if (!accepts) return null;
        fields.push([key, accepts]);
      }
      if (Object.getOwnPropertySymbols(def.shape).length) return null;
      const known = new Set(fields.map(([key]) => key));
      const strict = extra === 'never';
      kind = (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        const o = /** @type {Record<string, unknown>} */ (v);
        // Every key zod's strict object would list as unrecognized (it walks them with for…in, __proto__ included).
        if (strict) for (const key in o) if (!known.has(key)) return false;
        for (const [key, accepts] of fields) if (!accepts(o[key])) return false;
        return true;
      };
      break;
    }
    default:
      return null;
  }
  if (!attached.length) return kind;
  const fused = fuse(def.type, attached, kind);
  if (fused) return fused;
  /** @type {Accepts[]} */
  const checks = [];
  for (const check of attached) {
    const c = check?._zod?.def;
    if (!c || c.check === 'overwrite' || typeof check._zod.check !== 'function') return null;
    if ((c.check === 'greater_than' || c.check === 'less_than') && typeof c.value === 'number' && !c.when) {
      const { value, inclusive } = c;
      checks.push(c.check === 'greater_than' ? (inclusive ? (v) => /** @type {number} */ (v) >= value : (v) => /** @type {number} */ (v) > value) : inclusive ? (v) => /** @type {number} */ (v) <= value : (v) => /** @type {number} */ (v) < value);
    } else if (def.type === 'array' && (c.check === 'min_length' || c.check === 'max_length' || c.check === 'length_equals')) {
      // An array always has a length (the checks' `when`); its length is counted in items, not code points.
      const n = c.check === 'length_equals' ? c.length : c.check === 'min_length' ? c.minimum : c.maximum;
      const cmp = c.check;
      checks.push((v) => {
        const len = /** @type {unknown[]} */ (v).length;
        return cmp === 'min_length' ? len >= n : cmp === 'max_length' ? len <= n : len === n;
      });
    } else {
      // zod's own check on the value, as its runChecks calls it: skipped when its `when` says so; passed when it
      // adds no issue; an async one (a promise) is left to zod.
      checks.push((v) => {
        /** @type {{ value: unknown, issues: unknown[] }} */
        const payload = { value: v, issues: [] };
        if (c.when && !c.when(payload)) return true;
        const r = check._zod.check(payload);
        return !(r instanceof Promise) && payload.issues.length === 0;
      });
    }
  }
  return (v) => {
    if (!kind(v)) return false;
    for (let i = 0; i < checks.length; i++) if (!checks[i](v)) return false;
    return true;
  };
}

/**
 * The two shapes the demos' schemas are made of, as one function each (a call per check per number adds up over a
 * few hundred numbers): a number between bounds, and an array whose length is bounded. Null for anything else.
 * @param {string} type @param {any[]} attached the checks @param {Accepts} kind @returns {Accepts | null}
 */
function fuse(type, attached, kind) {
  const defs = attached.map((check) => check?._zod?.def);
  if (defs.some((c) => !c || c.when)) {
    // An array's length checks carry zod's default `when` (a value with a length), which an array always passes.
    if (type !== 'array' || defs.some((c) => !c || !['min_length', 'max_length', 'length_equals'].includes(c.check))) return null;
  }
  if (type === 'number' && defs.every((c) => (c.check === 'greater_than' || c.check === 'less_than') && typeof c.value === 'number')) {
    let lo = -Infinity;
    let hi = Infinity;
    let loIn = true;
    let hiIn = true;
    for (const c of defs) {
      if (c.check === 'greater_than' && (c.value > lo || (c.value === lo && !c.inclusive))) [lo, loIn] = [c.value, c.inclusive];
      if (c.check === 'less_than' && (c.value < hi || (c.value === hi && !c.inclusive))) [hi, hiIn] = [c.value, c.inclusive];
    }
    // NaN fails every comparison; ±Infinity fails a finite bound, and Number.isFinite catches it when there is none.
    return (v) => typeof v === 'number' && (loIn ? v >= lo : v > lo) && (hiIn ? v <= hi : v < hi) && Number.isFinite(v);
  }
  if (type === 'array' && defs.every((c) => ['min_length', 'max_length', 'length_equals'].includes(c.check))) {
    let min = 0;
    let max = Infinity;
    for (const c of defs) {
      if (c.check === 'min_length' || c.check === 'length_equals') min = Math.max(min, c.check === 'min_length' ? c.minimum : c.length);
      if (c.check === 'max_length' || c.check === 'length_equals') max = Math.min(max, c.check === 'max_length' ? c.maximum : c.length);
    }
    return (v) => Array.isArray(v) && v.length >= min && v.length <= max && kind(v);
  }
  return null;
}
