// The files that code loaded by path at run time needs (the ml app's inference worker and its model code, started by
// piscina from a file path): Next's file tracing follows only what its bundles import, so a route's
// outputFileTracingIncludes name such entry files (`<dir>/**/*.mjs`), and here, at `manifold build` before `next build`,
// @vercel/nft (the tracer Next itself uses; the copy Next ships) follows their imports: tfjs's Node entry points and
// their own dependencies, the framework's plain-ESM modules they import. withManifold() adds the list to the same
// routes, so a Vercel function or .next/standalone has what the worker imports, not only the worker.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** Where the list is written (not a build input: scripts/lib/serve.mjs' digest skips this folder). */
export const RUNTIME_TRACE_FILE = path.join('.manifold', 'runtime-trace', 'includes.json');

/**
 * The entry files a route's include globs name: `<dir>/**\/*.mjs` (or .js) walked here, tests and node_modules
 * left out; other globs (data files, wasm binaries) are included by Next as they are and need no tracing.
 * @param {string} root @param {string[]} globs
 */
export function entryFiles(root, globs) {
  /** @type {string[]} */
  const out = [];
  for (const glob of globs) {
    const m = /^(?:\.\/)?(.+?)\/\*\*\/\*\.(mjs|js)$/.exec(glob);
    if (!m) continue;
    const walk = (/** @type {string} */ dir) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && e.name !== 'tests' && e.name !== 'testing') walk(p);
        } else if (e.name.endsWith(`.${m[2]}`)) out.push(p);
      }
    };
    walk(path.join(root, m[1]));
  }
  return [...new Set(out)].sort();
}

/**
 * Traces each route's entry files and writes { route: [project-relative files] } to RUNTIME_TRACE_FILE.
 * @param {string} root @param {Record<string, string[]>} includes the routes' outputFileTracingIncludes
 * @returns {Promise<Record<string, string[]>>}
 */
export async function writeRuntimeTrace(root, includes) {
  // Not named `require`: TypeScript would resolve the string as an import, and Next ships this copy without types.
  const load = createRequire(path.join(root, 'package.json'));
  /** @type {{ nodeFileTrace: (files: string[], opts: object) => Promise<{ fileList: Set<string> }> }} */
  const { nodeFileTrace } = load('next/dist/compiled/@vercel/nft');
  /** @type {Record<string, string[]>} */
  const out = {};
  /** @type {Map<string, string[]>} the same entry list (e.g. the ml app's, under two routes) is traced once */
  const done = new Map();
  for (const [route, globs] of Object.entries(includes)) {
    const entries = entryFiles(root, globs);
    if (!entries.length) continue;
    const key = entries.join('\n');
    let files = done.get(key);
    if (!files) {
      const { fileList } = await nodeFileTrace(entries, { base: root, processCwd: root });
      // Files, and the symlinks through which they are imported (a workspace's node_modules/manifold → packages/manifold:
      // without the link in the output, `manifold/ml/…` would not resolve there).
      const kept = (/** @type {string} */ f) => {
        const st = fs.lstatSync(path.join(root, f), { throwIfNoEntry: false });
        return !!st && (st.isFile() || st.isSymbolicLink());
      };
      files = [...fileList].filter((f) => !f.startsWith('..') && kept(f)).map((f) => `./${f.split(path.sep).join('/')}`).sort();
      done.set(key, files);
    }
    out[route] = files;
  }
  const file = path.join(root, RUNTIME_TRACE_FILE);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(out, null, 1));
  return out;
}

/** The list written by the last `manifold build`, or {} (a dev server, a build without it). @param {string} root */
export function readRuntimeTrace(root) {
  const file = path.join(root, RUNTIME_TRACE_FILE);
  if (!fs.existsSync(file)) return {};
  try {
    return /** @type {Record<string, string[]>} */ (JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}
