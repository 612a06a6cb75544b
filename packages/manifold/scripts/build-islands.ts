// Bundles every installed app's embeds into public/_islands/: one small loader (islands.js) that hydrates
// each [data-embed] element when it scrolls into view, the embeds in lazily loaded chunks, and their CSS.
// Post pages include it only when the post uses an embed. Run by `manifold build` (and so `npm start`).
// The entry is generated with the registry (.manifold/islands-entry.ts): the embeds each installed app's manifest
// declares, whatever module they live in, and the stylesheets the manifests name. The build is lib/islands/build.ts.
import path from 'node:path';
import { buildIslands, writeIslandAssets } from '../lib/islands/build';
import { ISLAND_DIR } from '../lib/islands/paths';
import { projectRootSetting } from '../lib/settings';

const root = projectRootSetting();
const { withEmbeds, metafile, assets } = await buildIslands(root, path.join(root, 'public', ISLAND_DIR));
writeIslandAssets(root, assets);
const outputs = Object.entries(metafile.outputs).map(([file, o]) => `${file} ${(o.bytes / 1024).toFixed(1)} KB`);
console.log(`Built ${withEmbeds.length ? `embeds of ${withEmbeds.join(', ')}` : 'no embeds'} into public/${ISLAND_DIR}:\n  ${outputs.join('\n  ')}`);
