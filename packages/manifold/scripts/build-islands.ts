// Bundles every installed app's embeds into public/_islands/: one small loader (islands.js) that hydrates
// each [data-embed] element when it scrolls into view, the embeds in lazily loaded chunks, and their CSS.
// Post pages include it only when the post uses an embed. Run by `manifold build` (and so `npm start`).
// The entry is generated with the registry (.manifold/islands-entry.ts): the embeds each installed app's manifest
// declares, whatever module they live in, and the stylesheets the manifests name.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { ISLAND_DIR } from '../lib/islands/paths';
import { REGISTRY_DIR, syncRegistry } from '../lib/registry/generate';
import { projectRootSetting } from '../lib/settings';

const root = projectRootSetting();

// Framework modules reach the project as `@site/…` (lib/node/hooks.mjs); the same alias for esbuild.
const siteAlias: esbuild.Plugin = {
  name: 'manifold-site',
  setup(build) {
    build.onResolve({ filter: /^@site\// }, async (args) => {
      const base = path.join(root, args.path.slice('@site/'.length));
      const file = ['', '.ts', '.tsx', '.mjs', '.js'].map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
      return file ? { path: file } : { errors: [{ text: `Cannot find ${args.path} in the project at ${root}` }] };
    });
  },
};
const outdir = path.join(root, 'public', ISLAND_DIR);
const { model } = await syncRegistry(root);
const withEmbeds = model.installed.filter((a) => a.embeds.length).map((a) => a.label);

fs.rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { islands: path.join(root, REGISTRY_DIR, 'islands-entry.ts') },
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
  plugins: [siteAlias],
});
const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${path.relative(root, file)} ${(o.bytes / 1024).toFixed(1)} KB`);
console.log(`Built ${withEmbeds.length ? `embeds of ${withEmbeds.join(', ')}` : 'no embeds'} into public/${ISLAND_DIR}:\n  ${outputs.join('\n  ')}`);
if (!fs.existsSync(path.join(outdir, 'islands.css'))) fs.writeFileSync(path.join(outdir, 'islands.css'), '');
