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
