// Bundles every installed app's embeds into public/_islands/: one small loader (islands.js) that hydrates
// each [data-embed] element when it scrolls into view, the embeds in lazily loaded chunks, and their CSS.
// Post pages include it only when the post uses an embed. Run by `npm run build` and `npm start`.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { installedAppLabels } from '../lib/schema';
import { ISLAND_DIR } from '../lib/islands/paths';

const root = process.cwd();
const outdir = path.join(root, 'public', ISLAND_DIR);
const apps = installedAppLabels(root).filter((label) => fs.existsSync(path.join(root, 'apps', label, 'embeds.ts')));
const css = installedAppLabels(root).filter((label) => fs.existsSync(path.join(root, 'apps', label, 'embeds.css')));

const entry = `
${css.map((label) => `import './apps/${label}/embeds.css';`).join('\n')}
import { startIslands } from './lib/islands/client';
startIslands([${apps.map((label) => `() => import('./apps/${label}/embeds')`).join(', ')}]);
`;

fs.rmSync(outdir, { recursive: true, force: true });
const result = await esbuild.build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'islands-entry.ts', loader: 'ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  outdir,
  entryNames: 'islands',
  chunkNames: 'chunks/[name]-[hash]',
  assetNames: 'assets/[name]-[hash]',
  minify: true,
  // es2022: top-level await (apps/ml/embeds.ts awaits its demos' embed chunks); every browser since 2021 has it.
  target: ['es2022'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.json': 'json', '.svg': 'file', '.png': 'file' },
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
});
const outputs = Object.entries(result.metafile.outputs).map(([file, o]) => `${path.relative(root, file)} ${(o.bytes / 1024).toFixed(1)} KB`);
console.log(`Built ${apps.length ? `embeds of ${apps.join(', ')}` : 'no embeds'} into public/${ISLAND_DIR}:\n  ${outputs.join('\n  ')}`);
if (!fs.existsSync(path.join(outdir, 'islands.css'))) fs.writeFileSync(path.join(outdir, 'islands.css'), '');
