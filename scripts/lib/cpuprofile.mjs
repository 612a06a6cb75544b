// Reads a V8 .cpuprofile (node --cpu-prof) and sums its samples: self time and total time per function and per
// module, and the request path's parts (PARTS). scripts/profile-render.mjs prints them per request.
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number, columnNumber: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[] }} Node
 * @typedef {{ nodes: Node[], startTime: number, endTime: number, samples: number[], timeDeltas: number[] }} CpuProfile
 * @typedef {{ stacks: CallFrame[][], micros: number[] }} Profile  each sample's stack (leaf first) and its duration
 */

/**
 * The samples of `file` taken between `from` and `to` (microseconds of the monotonic clock, as
 * process.hrtime.bigint() / 1000n gives in any process on the machine), each with its stack, leaf first.
 * @param {string} file @param {{ from?: number, to?: number }} [window]
 * @returns {Profile}
 */
export function readProfile(file, { from = -Infinity, to = Infinity } = {}) {
  /** @type {CpuProfile} */
  const p = JSON.parse(fs.readFileSync(file, 'utf8'));
  /** @type {Map<number, Node>} */
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** @type {Map<number, CallFrame[]>} */
  const stackOf = new Map();
  const frameOf = mapper();
  const stack = (/** @type {number} */ id) => {
    let s = stackOf.get(id);
    if (!s) {
      s = [];
      for (let at = /** @type {number | undefined} */ (id); at !== undefined; at = parent.get(at)) {
        const frame = frameOf(/** @type {Node} */ (byId.get(at)).callFrame);
        if (frame.functionName !== '(root)') s.push(frame);
      }
      stackOf.set(id, s);
    }
    return s;
  };
  const stacks = [];
  const micros = [];
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    // A sample's time is the gap to the next one.
    const d = i + 1 < p.timeDeltas.length ? p.timeDeltas[i + 1] : 0;
    if (t < from || t > to) continue;
    stacks.push(stack(p.samples[i]));
    micros.push(Math.max(d, 0));
  }
  return { stacks, micros };
}

/**
 * Maps frames of bundled code (the build's .next/server chunks, which have source maps) to the source they were
 * bundled from, so a frame says react-dom or lib/mdx/render.tsx rather than a chunk's hashed name.
 * @returns {(f: CallFrame) => CallFrame}
 */
function mapper() {
  /** @type {Map<string, SourceMap | null>} */
  const maps = new Map();
  /** @type {Map<CallFrame, CallFrame>} */
  const mapped = new Map();
  return (f) => {
    if (!f.url.includes('/.next/')) return f;
    let out = mapped.get(f);
    if (out) return out;
    let map = maps.get(f.url);
    if (map === undefined) {
      map = null;
      try {
        const file = f.url.startsWith('file:') ? fileURLToPath(f.url) : f.url;
        if (fs.existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')));
      } catch {}
      maps.set(f.url, map);
    }
    const entry = map?.findEntry(f.lineNumber, f.columnNumber);
    out = entry && 'originalSource' in entry ? { ...f, url: decodeURIComponent(entry.originalSource).replace(/^(\.\.\/)+/, '/'), lineNumber: entry.originalLine } : f;
    mapped.set(f, out);
    return out;
  };
}

/** Where a frame's code comes from: a package, the framework, Node's internals, or V8's own entries. @param {CallFrame} f */
export function moduleOf(f) {
  const u = f.url;
  if (!u) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  if (u.startsWith('node:')) return u;
  const nm = u.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 14).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === 'next') return `next/${rest.slice(1, 4).join('/')}`;
    return pkg;
  }
  const m = /\/(packages\/manifold\/.*|\.next\/.*|\.manifold\/.*|scripts\/.*)$/.exec(u);
  return m ? m[1] : u;
}

/**
 * The request path's parts. A sample counts for the innermost frame of its stack (leaf to root) that belongs to a
 * part, Node's internals and V8's builtins passed over (they count for whoever called them: React's TextEncoder
 * calls are React's, the database driver's native calls the database's); a stack of Node's frames alone is Node's.
 * So the database's time inside getServerSideProps is the database's, and the rest of getServerSideProps' own.
 * @type {[string, (f: CallFrame) => boolean][]}
 */
export const PARTS = [
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['idle', (f) => f.functionName === '(idle)'],
  ['V8 (program: compile, IC, runtime)', (f) => f.functionName === '(program)'],
  ['compression (zlib)', (f) => /^node:zlib$|lib\/server\/encoding\.mjs$/.test(f.url)],
  ['database (Prisma, SQLite driver)', (f) => /@prisma\/|\/prisma\/generated\/|better-sqlite3|@libsql|\/lib\/db\.|query_compiler|query-compiler/.test(f.url)],
  ['KaTeX', (f) => /\/katex\//.test(f.url)],
  ['MDX body (stored tree to elements)', (f) => /lib\/mdx\/|hast-util-to-jsx-runtime|mdx-bundler/.test(f.url)],
  ['JSON (props, __NEXT_DATA__)', (f) => /^(stringify|parse)$/.test(f.functionName) && !f.url],
  ['React render (react-dom/server)', (f) => /react-dom\/|\/react\/cjs\//.test(f.url)],
  ['blog app (getServerSideProps, views)', (f) => f.functionName === 'getServerSideProps' || /contrib\/blog\//.test(f.url)],
  ['CSP hashes, security headers', (f) => /lib\/server\/security\.mjs|lib\/http-guard/.test(f.url)],
  ['page cache, response buffering', (f) => /lib\/server\/(page-cache|buffered-response|handler)\.mjs/.test(f.url)],
  ['Next router and render pipeline', (f) => /\/next\//.test(f.url)],
  ['site and app code (.next chunks)', (f) => /\/\.next\//.test(f.url)],
];
const NODE = 'Node (http, net, streams, microtasks)';
const passedOver = (/** @type {CallFrame} */ f) => f.url.startsWith('node:') || (!f.url && !f.functionName.startsWith('('));

/** The part a sample's stack (leaf first) counts for. @param {CallFrame[]} stack */
export function partOf(stack) {
  for (const f of stack) {
    if (passedOver(f) && !/^node:zlib$/.test(f.url)) continue;
    const hit = PARTS.find(([, test]) => test(f));
    if (hit) return hit[0];
  }
  return stack.some((f) => f.url.startsWith('node:')) ? NODE : 'other';
}

/**
 * Milliseconds per request of each part, and its share of the time sampled.
 * @param {Profile} profile @param {number} requests
 */
export function parts(profile, requests) {
  /** @type {Map<string, number>} */
  const sums = new Map();
  let all = 0;
  profile.stacks.forEach((stack, i) => {
    const d = profile.micros[i];
    all += d;
    const part = partOf(stack);
    sums.set(part, (sums.get(part) ?? 0) + d);
  });
  return [...sums]
    .sort((a, b) => b[1] - a[1])
    .map(([part, us]) => ({ part, 'ms/request': +(us / 1000 / requests).toFixed(3), '%': +((100 * us) / all).toFixed(1) }));
}

const frameKey = (/** @type {CallFrame} */ f) => `${f.functionName || '(anonymous)'} ${moduleOf(f)}:${f.lineNumber + 1}`;

/**
 * The `n` functions with the most self time and the `n` with the most total time (a function counted once per sample
 * however often it recurs), per request.
 * @param {Profile} profile @param {number} requests @param {number} n
 */
export function topFunctions(profile, requests, n) {
  /** @type {Map<string, number>} */
  const self = new Map();
  /** @type {Map<string, number>} */
  const total = new Map();
  profile.stacks.forEach((stack, i) => {
    const d = profile.micros[i];
    if (!stack.length) return;
    self.set(frameKey(stack[0]), (self.get(frameKey(stack[0])) ?? 0) + d);
    for (const k of new Set(stack.map(frameKey))) total.set(k, (total.get(k) ?? 0) + d);
  });
  const ms = (/** @type {number} */ us) => +(us / 1000 / requests).toFixed(3);
  const top = (/** @type {Map<string, number>} */ m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { self: top(self).map(([fn, us]) => ({ fn, 'self ms': ms(us) })), total: top(total).map(([fn, us]) => ({ fn, 'total ms': ms(us) })) };
}

/** Self time per module (package, framework file, Node internal), per request. @param {Profile} profile @param {number} requests @param {number} n */
export function modules(profile, requests, n) {
  /** @type {Map<string, number>} */
  const self = new Map();
  profile.stacks.forEach((stack, i) => {
    const k = stack.length ? moduleOf(stack[0]) : '(none)';
    self.set(k, (self.get(k) ?? 0) + profile.micros[i]);
  });
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, n).map(([module, us]) => ({ module, 'self ms': +(us / 1000 / requests).toFixed(3) }));
}
