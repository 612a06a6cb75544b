// The request check the ML endpoints run before zod (manifold/ml/input's compileAccepts) accepts exactly what zod
// accepts, for every demo model's schema: on valid bodies, on each of them mutated a few thousand ways (values at and
// past every bound, wrong types, missing, extra and __proto__ keys, lengths at and past every limit), and on generic
// schemas of the kinds it knows; it declines (null) the kinds it does not know. A body it declines is zod's to answer.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileAccepts } from 'manifold/ml/input';
import { MODEL_NAMES, MODELS } from 'manifold/ml/contract';
import { rng } from 'manifold/ml/models/common';

const r = rng(1414);
const pick = <T,>(a: readonly T[]): T => a[r.int(a.length)];

const roll = Array.from({ length: 64 }, (_, i) => [i / 3, (i * 7) % 21, -i / 5]);
/** Valid bodies per model (besides its API example), the mutations' starting points. */
const SEEDS: Record<string, unknown[]> = {
  autoencoder: [{ points: roll }, { latent: [[0.5, -1], [2, 3]] }, { points: [[1e4, -1e4, 0]] }, { latent: [[1e3, -1e3]] }],
  convolution: [
    { signal: [1, 4, 6, 7, 4], kernel: [1, 1, 1], normalize: true },
    { signal: [2, 0, 5, 1, 3], kernel: [1, 3, 2], stride: 2, padding: 'same' },
    { image: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], kernel: [[3, 1], [1, 0]], normalize: true },
    { image: Array.from({ length: 12 }, (_, i) => Array.from({ length: 12 }, (_, j) => (i * j) % 2)), kernel: [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], normalize: false, stride: 8 },
  ],
  attention: [{ text: 'manifold' }, { text: 'a' }, { text: '0123abcd' }],
};

const NUMBERS = [0, -0, 1, -1, 0.5, 2, 3, 7, 8, 9, 1.5, 1e3, -1e3, 1e3 + 1e-9, 1e4, -1e4, 1e4 + 0.001, -1e4 - 0.001, 1e6, -1e6, 1e6 + 1, 2 ** 53, -(2 ** 53), NaN, Infinity, -Infinity, 1e-300, 31, 32, 64, 65, 1024, 2048];
const STRINGS = ['', 'a', 'abcdefgh', 'abcdefghi', 'ABC', 'é', '😀', 'a b', 'valid', 'same', 'full', '__proto__', '0'];
const LENGTHS = [0, 1, 2, 3, 4, 8, 9, 10, 31, 32, 63, 64, 65, 1024, 1025, 2048, 2049];

function randomValue(depth = 0): unknown {
  switch (r.int(depth > 2 ? 4 : 7)) {
    case 0:
    case 1:
      return pick(NUMBERS);
    case 2:
      return pick(STRINGS);
    case 3:
      return pick([true, false, null, undefined]);
    case 4:
      return Array.from({ length: r.int(4) }, () => randomValue(depth + 1));
    case 5:
      return Array.from({ length: 1 + r.int(3) }, () => pick(NUMBERS));
    default:
      return Object.fromEntries(Array.from({ length: r.int(3) }, () => [pick(['a', 'points', 'text', 'kernel', 'signal']), randomValue(depth + 1)]));
  }
}

/** Every place in a value: [container, key] pairs, the root's parent included. */
function places(root: { v: unknown }) {
  const out: [Record<string | number, unknown>, string | number][] = [[root as never, 'v']];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach((item, i) => (out.push([x as never, i]), walk(item)));
    else if (x && typeof x === 'object') for (const k of Object.keys(x)) (out.push([x as never, k]), walk((x as Record<string, unknown>)[k]));
  };
  walk(root.v);
  return out;
}

/** A copy of the body changed in one to three places. */
function mutate(body: unknown): unknown {
  const root = { v: structuredClone(body) };
  for (let n = 1 + r.int(3); n > 0; n--) {
    const all = places(root);
    const [parent, key] = pick(all);
    const here = parent[key];
    switch (r.int(8)) {
      case 0:
        parent[key] = pick(NUMBERS);
        break;
      case 1:
        parent[key] = randomValue();
        break;
      case 2:
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 3:
        if (here && typeof here === 'object' && !Array.isArray(here)) (here as Record<string, unknown>)[pick(['extra', 'points', 'latent', 'image', 'signal', 'stride', 'text'])] = randomValue();
        else parent[key] = pick(STRINGS);
        break;
      case 4:
        if (Array.isArray(here) && here.length) {
          // Resized to a length at or past a limit, the new items copies of the old.
          const len = pick(LENGTHS);
          parent[key] = Array.from({ length: len }, (_, i) => structuredClone(here[i % here.length]));
        } else parent[key] = [here];
        break;
      case 5:
        // A key JSON.parse makes an own property, and zod's strict object refuses.
        if (here && typeof here === 'object' && !Array.isArray(here)) parent[key] = { ...JSON.parse('{"__proto__": 1}'), ...here };
        else parent[key] = null;
        break;
      case 6:
        if (typeof here === 'number') parent[key] = here + pick([1e-9, -1e-9, 0.5, 1, -1]);
        else parent[key] = pick([true, false]);
        break;
      default:
        parent[key] = typeof here === 'string' ? here + pick(STRINGS) : String(here);
    }
  }
  return root.v;
}

describe('compileAccepts on the demo models’ schemas', () => {
  it('has a fast check for every model (the endpoints use it)', () => {
    for (const name of MODEL_NAMES) expect(compileAccepts(MODELS[name].input), name).not.toBeNull();
  });

  it('accepts exactly what zod accepts, on valid bodies and thousands of mutations of them', () => {
    for (const name of MODEL_NAMES) {
      const schema = MODELS[name].input;
      const accepts = compileAccepts(schema)!;
      const seeds = [MODELS[name].example, ...(SEEDS[name] ?? [])];
      let accepted = 0;
      let refused = 0;
      for (const seed of seeds) expect(accepts(seed), `${name} ${JSON.stringify(seed).slice(0, 80)}`).toBe(true);
      for (let i = 0; i < 4000; i++) {
        const body = mutate(pick(seeds));
        const zodSays = schema.safeParse(body).success;
        if (accepts(body) !== zodSays) expect(accepts(body), `${name}: ${JSON.stringify(body)?.slice(0, 300)}`).toBe(zodSays);
        if (zodSays) accepted++;
        else refused++;
      }
      // Both answers are well represented, so the comparison means something.
      expect(accepted, name).toBeGreaterThan(100);
      expect(refused, name).toBeGreaterThan(1000);
    }
  });
});

describe('compileAccepts on schemas of every kind it knows', () => {
  const cases: [z.ZodType, unknown[]][] = [
    [z.object({ a: z.number().min(0).max(1), b: z.string().regex(/^x+$/).optional() }).strict(), [{ a: 0 }, { a: 1, b: 'xx' }, { a: 1.5 }, { a: 0, b: '' }, { a: 0, c: 1 }, {}, [], null]],
    [z.object({ a: z.number().gt(0).lt(1) }).loose(), [{ a: 0.5, z: 'anything' }, { a: 0 }, { a: 1 }, { a: '0.5' }]],
    [z.object({ a: z.array(z.number()) }).strict().refine((v) => v.a.length > 0), [{ a: [] }, { a: [1] }, { a: [NaN] }]],
    [z.array(z.unknown()).max(3).pipe(z.array(z.number().int())), [[], [1, 2, 3], [1, 2, 3, 4], [1.5], [2 ** 53]]],
    [z.int().min(-3), [-3, -4, 0.5, 2 ** 60]],
    [z.string().min(2).max(3), ['ab', 'abc', 'abcd', '😀', '😀😀', 'a']],
    [z.enum(['a', 'b']).nullable(), ['a', 'c', null, undefined]],
    [z.literal(7).optional(), [7, 8, undefined]],
    [z.boolean(), [true, 0]],
    [z.union([z.int().min(0), z.array(z.number()).length(2)]), [0, -1, 1.5, [1, 2], [1], 'x']],
    [z.array(z.tuple([z.number()])), []],
  ];
  it('agrees with zod on each value', () => {
    for (const [schema, values] of cases) {
      const accepts = compileAccepts(schema);
      if (!accepts) {
        expect(schema.def.type).toBe('array'); // the tuple: not a kind it knows
        continue;
      }
      for (const v of values) expect(accepts(v), `${JSON.stringify(v)}`).toBe(schema.safeParse(v).success);
    }
  });

  it('declines what it does not know, and schemas that change values', () => {
    const declined = [
      z.xor([z.number(), z.int()]),
      z.discriminatedUnion('k', [z.object({ k: z.literal('a') }).strict(), z.object({ k: z.literal('b') }).strict()]),
      z.record(z.string(), z.number()),
      z.object({ a: z.number() }), // strips unknown keys
      z.object({ a: z.number().default(1) }).strict(),
      z.string().trim(),
      z.array(z.number()).transform((a) => a.length),
      z.object({ a: z.number() }).catchall(z.string()),
      z.lazy(() => z.number()),
    ];
    for (const schema of declined) expect(compileAccepts(schema)).toBeNull();
  });

  it('leaves an async refinement to zod', () => {
    const schema = z.object({ a: z.number() }).strict().refine(async () => true);
    expect(compileAccepts(schema)!({ a: 1 })).toBe(false);
  });
});
