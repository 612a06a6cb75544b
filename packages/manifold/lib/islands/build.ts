// The islands bundle's esbuild build (scripts/build-islands.ts runs it into public/_islands; the bundle report and its
// test run it into a temporary folder, so measuring never touches what a running server serves).
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import * as esbuild from 'esbuild';
import { ISLAND_ASSETS_MODULE, ISLAND_DIR, islandAssetsModule, type IslandAssets } from './paths';
import { islandsEntryOutput } from './report';
import { absoluteUrls, inlineCss } from '../css-urls';
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

/** Writes .manifold/islands-assets.ts when its text changed (its mtime kept otherwise). */
export function writeIslandAssets(root: string, assets: IslandAssets): void {
  const file = path.join(root, REGISTRY_DIR, ISLAND_ASSETS_MODULE);
  const text = islandAssetsModule(assets);
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Bundles the installed apps' embeds into `outdir` (emptied first): islands-<hash>.js, chunks/, islands-<hash>.css,
 * every name a hash of its content, so the server lets browsers keep them a year (lib/server/handler.mjs); post pages
 * name the two entries through the module this build writes (.manifold/islands-assets.ts, lib/islands/paths.ts).
 * islands.js and islands.css stay as one-line forwarders to them for pages that cannot know the hashes (the editor's
 * preview frame) and for sites built before.
 * @returns the apps that have embeds, esbuild's metafile (paths relative to `root`) and the entries' addresses
 */
export async function buildIslands(root: string, outdir: string): Promise<{ withEmbeds: string[]; metafile: esbuild.Metafile; assets: IslandAssets }> {
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
    entryNames: '[name]-[hash]',
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
  const metafile = result.metafile;
  const main = islandsEntryOutput(metafile);
  if (!main) throw new Error('The islands build wrote no islands-<hash>.js');
  const script = path.basename(main);
  let css = metafile.outputs[main].cssBundle ? path.basename(metafile.outputs[main].cssBundle!) : null;
  if (!css) {
    // No app has embed styles: an empty stylesheet, hashed like the rest, so pages link the same way.
    css = `islands-${createHash('sha256').update('').digest('hex').slice(0, 8).toUpperCase()}.css`;
    fs.writeFileSync(path.join(outdir, css), '');
  }
  fs.writeFileSync(path.join(outdir, 'islands.js'), `import './${script}';\n`);
  fs.writeFileSync(path.join(outdir, 'islands.css'), `@import url(${css});\n`);
  const cssUrl = `/${ISLAND_DIR}/${css}`;
  const cssText = inlineCss(absoluteUrls(fs.readFileSync(path.join(outdir, css), 'utf8'), cssUrl));
  return { withEmbeds, metafile, assets: { script: `/${ISLAND_DIR}/${script}`, css: cssUrl, cssText } };
}
