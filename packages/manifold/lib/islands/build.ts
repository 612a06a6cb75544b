// The islands bundle's esbuild build (scripts/build-islands.ts runs it into public/_islands; the bundle report and its
// test run it into a temporary folder, so measuring never touches what a running server serves).
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { REGISTRY_DIR, syncRegistry } from '../registry/generate';

/** Framework modules reach the project as `@site/…` (lib/node/hooks.mjs); the same alias for esbuild. */
function siteAlias(root: string): esbuild.Plugin {
  return {
    name: 'manifold-site',
    setup(build) {
      build.onResolve({ filter: /^@site\// }, async (args) => {
        const base = path.join(root, args.path.slice('@site/'.length));
        const file = ['', '.ts', '.tsx', '.mjs', '.js'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
        return file ? { path: file } : { errors: [{ text: `Cannot find ${args.path} in the project at ${root}` }] };
      });
    },
  };
}

/**
 * Bundles the installed apps' embeds into `outdir` (emptied first): islands.js, chunks/, islands.css.
 * @returns the apps that have embeds and esbuild's metafile (paths relative to `root`)
 */
export async function buildIslands(root: string, outdir: string): Promise<{ withEmbeds: string[]; metafile: esbuild.Metafile }> {
  const { model } = await syncRegistry(root);
  const withEmbeds = model.installed.filter((a) => a.embeds.length).map((a) => a.label);
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: { islands: path.join(root, REGISTRY_DIR, 'islands-entry.ts') },
    absWorkingDir: root,
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    minify: true,
    // es2022: top-level await (a demos app's embeds.ts awaits its demos' embed chunks); every browser since 2021 has it.
    target: ['es2022'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.json': 'json', '.svg': 'file', '.png': 'file' },
    logLevel: 'warning',
    metafile: true,
    legalComments: 'none',
    plugins: [siteAlias(root)],
  });
  if (!fs.existsSync(path.join(outdir, 'islands.css'))) fs.writeFileSync(path.join(outdir, 'islands.css'), '');
  return { withEmbeds, metafile: result.metafile };
}
