// Builds the MDX compile pool's worker (lib/mdx/worker.mjs with the compiler, the renderer and the installed apps'
// embeds) into one plain-ESM bundle under .manifold/mdx-worker/, so a worker thread can load the same compiler as the
// server without a TypeScript loader: under `next start` (whose own server code Next has bundled), under Vitest and in
// plain Node alike. Packages from node_modules stay outside the bundle (Node loads them, resolved from the project),
// the framework's and the project's own modules are bundled. `manifold build` builds it ahead; otherwise the pool
// builds it on first use, and again whenever one of its input files changed since (a development edit, a new app).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKER_DIR = path.join('.manifold', 'mdx-worker');
const CURRENT = 'current.json';

interface Current {
  /** The folder (relative to WORKER_DIR) that holds this build. */
  dir: string;
  /** Every bundled input file (absolute) with its mtime at build time. */
  inputs: Record<string, number>;
  builtAt: string;
}

/**
 * lib/mdx/worker.mjs of the framework the project uses. Found through the project's node_modules/manifold first:
 * under `next start` this module is itself inside Next's bundle, where import.meta.url is not the framework's folder.
 */
function workerSource(root: string): string {
  for (const dir of [path.join(root, 'node_modules', 'manifold'), path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')]) {
    try {
      const file = path.join(fs.realpathSync(dir), 'lib', 'mdx', 'worker.mjs');
      if (fs.existsSync(file)) return file;
    } catch {}
  }
  throw new Error(`Cannot find manifold's lib/mdx/worker.mjs from ${root}`);
}

function readCurrent(root: string): Current | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, WORKER_DIR, CURRENT), 'utf8')) as Current;
  } catch {
    return null;
  }
}

/** The built worker file when it exists and none of its inputs changed since it was built. */
export function freshWorker(root: string): string | null {
  const current = readCurrent(root);
  if (!current) return null;
  const file = path.join(root, WORKER_DIR, current.dir, 'worker.mjs');
  if (!fs.existsSync(file)) return null;
  for (const [input, mtime] of Object.entries(current.inputs)) {
    try {
      if (fs.statSync(input).mtimeMs !== mtime) return null;
    } catch {
      return null;
    }
  }
  return file;
}

/** The built worker (absolute path), building it first when it is missing or out of date. */
export async function ensureMdxWorker(root: string, opts: { force?: boolean } = {}): Promise<string> {
  if (!opts.force) {
    const fresh = freshWorker(root);
    if (fresh) return fresh;
  }
  return buildMdxWorker(root);
}

/** Bundles lib/mdx/worker.mjs into a new folder under .manifold/mdx-worker/ and points current.json at it. */
export async function buildMdxWorker(root: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outBase = path.join(root, WORKER_DIR);
  // A folder per build, switched to by renaming current.json: several processes (Vitest's forks, two servers) may
  // build at once, and one must never load another's half-written chunks.
  const id = `${Date.now().toString(36)}-${crypto.randomBytes(4).toString('hex')}`;
  const outdir = path.join(outBase, id);
  const siteModule = (spec: string) => {
    const base = path.join(root, spec.slice('@site/'.length));
    return ['', '.ts', '.tsx', '.mjs', '.js'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  };
  const plugin: import('esbuild').Plugin = {
    name: 'manifold-mdx-worker',
    setup(build) {
      build.onResolve({ filter: /^@site\// }, (args) => {
        const file = siteModule(args.path);
        return file ? { path: file } : { errors: [{ text: `Cannot find ${args.path} in the project at ${root} (has \`manifold sync\` run?)` }] };
      });
      // Next's guards have no meaning in a worker thread.
      build.onResolve({ filter: /^(server-only|client-only)$/ }, () => ({ path: 'empty', namespace: 'manifold-empty' }));
      build.onResolve({ filter: /\.(css|scss|sass)$/ }, () => ({ path: 'empty', namespace: 'manifold-empty' }));
      build.onLoad({ filter: /.*/, namespace: 'manifold-empty' }, () => ({ contents: 'export default {};', loader: 'js' }));
      // The framework (TypeScript, reached as `manifold/…` from apps) is bundled; every other package stays a package.
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path === 'manifold' || args.path.startsWith('manifold/')) return undefined;
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        return { path: args.path, external: true };
      });
    },
  };
  const result = await esbuild.build({
    entryPoints: { worker: workerSource(root) },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: ['node20'],
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.json': 'json', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'silent',
    metafile: true,
    legalComments: 'none',
    plugins: [plugin],
  });
  const inputs: Record<string, number> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.includes(':')) continue; // a virtual module (manifold-empty:…)
    const abs = path.resolve(root, input);
    try {
      inputs[abs] = fs.statSync(abs).mtimeMs;
    } catch {}
  }
  const current: Current = { dir: id, inputs, builtAt: new Date().toISOString() };
  const tmp = path.join(outBase, `${CURRENT}.${id}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(current));
  fs.renameSync(tmp, path.join(outBase, CURRENT));
  removeOldBuilds(outBase, id);
  return path.join(outdir, 'worker.mjs');
}

/** Earlier builds, once nothing can still be loading them (a worker started a minute ago has loaded its chunks). */
function removeOldBuilds(outBase: string, keep: string) {
  const cutoff = Date.now() - 10 * 60_000;
  for (const entry of fs.readdirSync(outBase, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const dir = path.join(outBase, entry.name);
    try {
      if (fs.statSync(dir).mtimeMs < cutoff) fs.rmSync(dir, { recursive: true, force: true });
    } catch {}
  }
}
